"""Append-only, hash-chained audit log.

Every change the programmer makes writes exactly one :class:`~drgsim.app.db.models.AuditEntry`
in the same transaction as the change, so a change and its record commit or vanish together.
Each entry stores the SHA-256 of the previous entry and its own hash over a canonical JSON form
of its fields; the single ``audit_head`` row holds the newest sequence number and hash, and is
updated (row-locked) by every append, so concurrent writers queue and the chain never forks.
:func:`verify` recomputes the chain and finds any edited, deleted, inserted or reordered entry.
Database triggers (see the migrations) refuse UPDATE and DELETE on the log.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from drgsim.app.db.models import AuditEntry, AuditHead

GENESIS_HASH = "0" * 64


def canonical_json(value: Any) -> str:
    """Serialise to the canonical JSON form used for hashing (sorted keys, no spaces)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def entry_hash(fields: dict[str, Any]) -> str:
    """Return the SHA-256 (hex) of an entry's fields, which include the previous hash."""
    return hashlib.sha256(canonical_json(fields).encode("ascii")).hexdigest()


def _fields(entry: AuditEntry) -> dict[str, Any]:
    return {
        "seq": entry.seq,
        "at": entry.at,
        "actor_id": entry.actor_id,
        "actor_role": entry.actor_role,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "patient_id": entry.patient_id,
        "details": json.loads(entry.details_json),
        "prev_hash": entry.prev_hash,
    }


def append(
    session: Session,
    *,
    actor_id: int | None,
    actor_role: str,
    action: str,
    object_type: str,
    object_id: int | None,
    patient_id: int | None,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry in the session's transaction; the caller commits.

    Parameters
    ----------
    session
        Session inside the transaction that makes the change being recorded.
    actor_id, actor_role
        Who made the change (``None`` and ``"system"`` for the server itself).
    action
        Verb naming the change (``"program.update"``).
    object_type, object_id, patient_id
        What was changed and whose record it is.
    details
        JSON-ready facts of the change (values in their unit-suffixed names, warnings).
    """
    head = session.execute(
        select(AuditHead).where(AuditHead.id == 1).with_for_update()
    ).scalar_one()
    entry = AuditEntry(
        seq=head.last_seq + 1,
        at=dt.datetime.now(dt.UTC).isoformat(timespec="microseconds"),
        actor_id=actor_id,
        actor_role=actor_role,
        action=action,
        object_type=object_type,
        object_id=object_id,
        patient_id=patient_id,
        details_json=canonical_json(details or {}),
        prev_hash=head.last_hash,
        hash="",
    )
    entry.hash = entry_hash(_fields(entry))
    session.add(entry)
    head.last_seq = entry.seq
    head.last_hash = entry.hash
    session.flush()
    return entry


@dataclass(frozen=True, slots=True, kw_only=True)
class ChainReport:
    """Result of :func:`verify`.

    Attributes
    ----------
    is_valid
        True when every entry hashes to its stored hash and links to its predecessor.
    n_entries
        Number of entries read.
    first_bad_seq
        Sequence number of the first entry that breaks the chain, or None.
    problem
        What is wrong at ``first_bad_seq`` (empty when valid).
    """

    is_valid: bool
    n_entries: int
    first_bad_seq: int | None = None
    problem: str = ""


def verify(session: Session) -> ChainReport:
    """Recompute the whole chain and report the first break, if any."""
    entries = session.execute(select(AuditEntry).order_by(AuditEntry.seq)).scalars().all()
    previous = GENESIS_HASH
    expected_seq = 1
    for entry in entries:
        if entry.seq != expected_seq:
            return ChainReport(
                is_valid=False,
                n_entries=len(entries),
                first_bad_seq=entry.seq,
                problem=f"sequence gap: expected {expected_seq}",
            )
        if entry.prev_hash != previous:
            return ChainReport(
                is_valid=False,
                n_entries=len(entries),
                first_bad_seq=entry.seq,
                problem="link to the previous entry is broken",
            )
        if entry_hash(_fields(entry)) != entry.hash:
            return ChainReport(
                is_valid=False,
                n_entries=len(entries),
                first_bad_seq=entry.seq,
                problem="entry content does not match its hash",
            )
        previous = entry.hash
        expected_seq += 1
    head = session.get(AuditHead, 1)
    if head is None or head.last_hash != previous or head.last_seq != expected_seq - 1:
        return ChainReport(
            is_valid=False,
            n_entries=len(entries),
            first_bad_seq=expected_seq,
            problem="entries are missing after the last one read",
        )
    return ChainReport(is_valid=True, n_entries=len(entries))


__all__ = ["GENESIS_HASH", "ChainReport", "append", "canonical_json", "entry_hash", "verify"]
