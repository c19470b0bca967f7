"""The generator twins the server drives, one per implant, rebuilt from the database.

A twin holds what the implanted generator holds; the database is its durable copy. On first
use (and after a restart) a twin is rebuilt from the implant's rows with
:meth:`drgsim.device.twin.GeneratorTwin.restored`, which checks every stored program again.
All twin changes happen under :attr:`TwinRegistry.lock`, held across the database transaction
and the apply that follows its commit, so twins and rows change in the same order.

Clock. Each twin's battery drains with wall-clock time, scaled by the setting
``simulated_time_rate`` (simulated seconds per wall-clock second; ``docs/assumptions.md`` G2):
every use of a twin first lets the time since its last use pass (:meth:`GeneratorTwin.advance`
at the power it drew meanwhile, which only a write can change). Every write stores the energy
used and the moment it was reckoned up to (``battery_used_J``, ``battery_synced_at``) in its own
transaction, so a restarted server restores the battery and lets the time since pass.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import select
from sqlalchemy.orm import Session

from drgsim import units as u
from drgsim.app.db.models import ImpedanceRecord, Implant, Program
from drgsim.app.server.settings import Settings
from drgsim.device.catalog import lead_geometry, pulse_generator
from drgsim.device.program import LeadProgram
from drgsim.device.program import Program as CoreProgram
from drgsim.device.twin import GeneratorTwin, TwinConfig


def parse_impedances(text: str) -> tuple[float, ...]:
    """Parse the comma-separated impedances stored for a lead [ohm]."""
    return tuple(float(z) for z in text.split(",") if z.strip())


def format_impedances(values: list[float] | tuple[float, ...]) -> str:
    """Store impedances [ohm] as comma-separated text."""
    return ",".join(f"{z:g}" for z in values)


def program_to_core(row: Program) -> tuple[CoreProgram, dict[int, float]]:
    """Return the SI program and patient minimums [A] of a program row."""
    leads = tuple(
        LeadProgram(
            lead=lead.channel,
            polarities=tuple(lead.polarity),  # type: ignore[arg-type]
            amplitude=lead.amplitude_uA * u.uA,
            pulse_width=lead.pulse_width_us * u.us,
            rate=lead.rate_Hz * u.Hz,
            enabled=lead.enabled,
            patient_max_amplitude=lead.patient_max_uA * u.uA,
        )
        for lead in row.leads
    )
    minimums = {lead.channel: lead.patient_min_uA * u.uA for lead in row.leads}
    return CoreProgram(name=row.name, leads=leads), minimums


def twin_config(settings: Settings, implant: Implant) -> TwinConfig:
    """The twin's configuration for an implant, with the server's assumed windows."""
    geometries = tuple(lead_geometry(lead.lead_model) for lead in implant.leads)
    return TwinConfig(
        generator=pulse_generator(implant.generator_model),
        lead_geometries=geometries,
        impedance_min=settings.impedance_min_ohm * u.ohm,
        impedance_max=settings.impedance_max_ohm * u.ohm,
        low_fraction=settings.battery_low_fraction,
        end_of_service_fraction=settings.battery_end_of_service_fraction,
    )


def latest_impedances(session: Session, implant_id: int) -> dict[int, tuple[float, ...]]:
    """The most recent transferred impedance of each channel's contacts [ohm]."""
    rows = session.execute(
        select(ImpedanceRecord)
        .where(ImpedanceRecord.implant_id == implant_id)
        .order_by(ImpedanceRecord.id)
    ).scalars()
    latest: dict[int, dict[int, float]] = {}
    last_check: dict[int, str] = {}
    for row in rows:
        if last_check.get(row.channel) != row.check_id:
            latest[row.channel] = {}
            last_check[row.channel] = row.check_id
        latest[row.channel][row.contact] = row.impedance_ohm
    return {ch: tuple(v[c] for c in sorted(v)) for ch, v in latest.items()}


def build_twin(session: Session, settings: Settings, implant: Implant) -> GeneratorTwin:
    """Rebuild the twin of ``implant`` from its rows."""
    programs = {str(p.id): program_to_core(p) for p in implant.programs}
    active = str(implant.active_program_id) if implant.active_program_id is not None else None
    return GeneratorTwin.restored(
        twin_config(settings, implant),
        hardware_impedances=[
            parse_impedances(lead.simulated_impedance_ohm) for lead in implant.leads
        ],
        battery_used=implant.battery_used_J,
        transferred=latest_impedances(session, implant.id),
        programs=programs,
        active=active if active in programs else None,
        stimulation_on=implant.stimulation_on,
        mri=implant.mri_mode,
    )


class UrgentFirstLock:
    """A re-entrant lock whose urgent acquirers go before every waiting ordinary one.

    "Stimulation off" takes the twins' lock as urgent, so under load it waits for the one
    request holding the lock, not for every request queued behind it.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition(threading.Lock())
        self._owner: int | None = None
        self._depth = 0
        #: Threads waiting, urgent and ordinary (for tests and diagnostics).
        self.urgent_waiting = 0
        self.ordinary_waiting = 0

    def acquire(self, urgent: bool = False) -> None:
        """Take the lock (again, if this thread holds it); urgent callers are served first."""
        me = threading.get_ident()
        with self._cond:
            if self._owner == me:
                self._depth += 1
                return
            if urgent:
                self.urgent_waiting += 1
            else:
                self.ordinary_waiting += 1
            try:
                while self._owner is not None or (not urgent and self.urgent_waiting):
                    self._cond.wait()
            finally:
                if urgent:
                    self.urgent_waiting -= 1
                else:
                    self.ordinary_waiting -= 1
            self._owner, self._depth = me, 1

    def release(self) -> None:
        """Give the lock back (once per acquire)."""
        with self._cond:
            if self._owner != threading.get_ident():
                raise RuntimeError("release of a lock this thread does not hold")
            self._depth -= 1
            if self._depth == 0:
                self._owner = None
                self._cond.notify_all()

    def __enter__(self) -> UrgentFirstLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


class TwinRegistry:
    """Twins by implant id, built on first use."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.lock = UrgentFirstLock()
        self._twins: dict[int, GeneratorTwin] = {}
        self._clock: dict[int, dt.datetime] = {}

    def get(self, session: Session, implant: Implant) -> GeneratorTwin:
        """Return the twin of ``implant`` (rebuilt from the rows if needed), its clock advanced."""
        with self.lock:
            now = dt.datetime.now(dt.UTC)
            twin = self._twins.get(implant.id)
            if twin is None:
                twin = build_twin(session, self.settings, implant)
                self._twins[implant.id] = twin
                synced = implant.battery_synced_at
                if synced is not None and synced.tzinfo is None:
                    synced = synced.replace(tzinfo=dt.UTC)  # SQLite drops the offset
                self._clock[implant.id] = synced or now
            elapsed = (now - self._clock[implant.id]).total_seconds()
            if elapsed > 0 and self.settings.simulated_time_rate > 0:
                twin.advance(elapsed * self.settings.simulated_time_rate)
            self._clock[implant.id] = max(now, self._clock[implant.id])
            return twin

    def synced_at(self, implant_id: int) -> dt.datetime:
        """The moment up to which the twin's battery accounts for the drain."""
        with self.lock:
            return self._clock[implant_id]

    def forget(self, implant_id: int) -> None:
        """Drop a twin so it is rebuilt from the rows on next use."""
        with self.lock:
            self._twins.pop(implant_id, None)
            self._clock.pop(implant_id, None)

    @contextmanager
    def locked(self, *, urgent: bool = False) -> Iterator[None]:
        """Hold the lock across a transaction and the twin change after its commit.

        ``urgent`` (stimulation off) goes before every waiting ordinary request.
        """
        self.lock.acquire(urgent=urgent)
        try:
            yield
        finally:
            self.lock.release()


__all__ = [
    "TwinRegistry",
    "UrgentFirstLock",
    "build_twin",
    "format_impedances",
    "latest_impedances",
    "parse_impedances",
    "program_to_core",
    "twin_config",
]
