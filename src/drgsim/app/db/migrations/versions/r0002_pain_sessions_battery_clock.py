"""Pain regions of patients, programming sessions and their events, the battery clock.

Adds tables only, and one nullable column to ``implants``, so every existing row is kept.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 20:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "patient_pain_regions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("region", sa.String(length=32), nullable=False),
        sa.Column("side", sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(["patient_id"], ["patients.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("patient_id", "region", "side"),
    )
    op.create_table(
        "programming_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("implant_id", sa.Integer(), nullable=False),
        sa.Column("clinician_id", sa.Integer(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["implant_id"], ["implants.id"]),
        sa.ForeignKeyConstraint(["clinician_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "session_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("object_type", sa.String(length=32), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=True),
        sa.Column("summary", sa.String(length=256), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["programming_sessions.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    # a plain ADD COLUMN: SQLite's batch mode would copy the table, which rows of other tables
    # reference
    op.add_column("implants", sa.Column("battery_synced_at", sa.DateTime(timezone=True)))


def downgrade() -> None:
    op.execute("ALTER TABLE implants DROP COLUMN battery_synced_at")  # SQLite >= 3.35
    op.drop_table("session_events")
    op.drop_table("programming_sessions")
    op.drop_table("patient_pain_regions")
