"""Alembic environment: runs the migrations on the engine handed in by drgsim.app.db.engine."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

from drgsim.app.db.models import Base

target_metadata = Base.metadata


def run_migrations_online() -> None:
    """Run the migrations on the engine given in the Alembic config attributes."""
    engine: Engine | None = context.config.attributes.get("engine")
    if engine is None:
        raise RuntimeError("drgsim migrations run through drgsim.app.db.engine.upgrade()")
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
