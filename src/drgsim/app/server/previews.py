"""Coverage previews of programs, computed in the background and cached per implant geometry.

The therapy layer does the work (:class:`drgsim.therapy.preview.ImplantPreview`): per implant
geometry (lead levels, sides, models and placement) it builds the DRG models once and keeps the
Aβ thresholds of every contact configuration and pulse width asked about. A preview whose
thresholds are cached answers at once, at any amplitude; otherwise the missing threshold search
is queued on one background worker thread and the preview says ``computing`` (the web page polls
until it is ``ready``). Implants with the same geometry share a cache entry.

Lead placement (``docs/assumptions.md`` G1): the database records each lead's level and side
only, so the preview places it as the shipped scenarios do: against the DRG (no gap), centred
on it, on its dorsal side.
"""

from __future__ import annotations

import logging
import math
import threading
from concurrent.futures import Future, ThreadPoolExecutor

from drgsim import units as u
from drgsim.anatomy.dermatomes import BodyRegion
from drgsim.anatomy.ganglion import Side
from drgsim.app.db.models import Implant, Patient
from drgsim.app.server import schemas as s
from drgsim.app.server.settings import Settings
from drgsim.device.program import Program
from drgsim.errors import DrgsimError
from drgsim.therapy.preview import ImplantGeometry, ImplantPreview, PreviewOutcome
from drgsim.therapy.scenario import LeadPlacement

logger = logging.getLogger(__name__)

Pain = tuple[tuple[BodyRegion, Side], ...]
_Job = tuple[ImplantGeometry, tuple[object, ...]]


def implant_geometry(implant: Implant, settings: Settings) -> ImplantGeometry:
    """The preview geometry of an implant (placement as in the module docstring)."""
    return ImplantGeometry(
        leads=tuple(
            LeadPlacement(level=lead.level, side=lead.side, model=lead.lead_model)  # type: ignore[arg-type]
            for lead in implant.leads
        ),
        n_cells_per_drg=settings.preview_cells_per_drg,
    )


def pain_of(patient: Patient) -> Pain:
    """The patient's stored pain regions as (region, side) pairs."""
    return tuple((BodyRegion(r.region), Side(r.side)) for r in patient.pain_regions)


def _signature(program: Program) -> tuple[object, ...]:
    """What decides which threshold searches a program needs (not its absolute amplitude)."""
    active = [lp for lp in program.leads if lp.enabled and lp.amplitude > 0]
    top = max((lp.amplitude for lp in active), default=1.0)
    return tuple(
        (
            lp.lead,
            lp.polarities,
            round(lp.pulse_width, 12),
            lp.waveform,
            round(lp.amplitude / top, 9),
        )
        for lp in active
    )


def _percent(x: float) -> float | None:
    return round(100 * x, 3) if math.isfinite(x) else None


def outcome_out(outcome: PreviewOutcome) -> s.OutcomePreviewOut:
    """The API form of a computed outcome."""
    threshold = outcome.perception_threshold
    return s.OutcomePreviewOut(
        status="ready",
        message=f"{outcome.n_recruited} of {outcome.n_abeta} modelled Aβ neurons recruited",
        coverage_percent=_percent(outcome.coverage),
        regions=[
            s.RegionCoverageOut(
                region=r.region.value, side=r.side.value, paresthesia_percent=100 * r.share
            )
            for r in outcome.regions
        ],
        off_target_percent=_percent(outcome.off_target),
        perception_threshold_mA=threshold / u.mA if math.isfinite(threshold) else None,
        n_abeta_modelled=outcome.n_abeta,
        n_abeta_recruited=outcome.n_recruited,
    )


def _status(status: str, message: str) -> s.OutcomePreviewOut:
    return s.OutcomePreviewOut(status=status, message=message)  # type: ignore[arg-type]


class PreviewCache:
    """Implant previews by geometry, and the one worker thread that computes them."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._previews: dict[ImplantGeometry, ImplantPreview] = {}
        self._pending: dict[_Job, Future[None]] = {}
        self._failed: dict[_Job, str] = {}
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="drgsim-preview")

    def _preview(self, geometry: ImplantGeometry) -> ImplantPreview:
        with self._lock:
            preview = self._previews.get(geometry)
            if preview is None:
                preview = self._previews[geometry] = ImplantPreview(geometry)
            return preview

    def outcome(
        self, geometry: ImplantGeometry, program: Program, pain: Pain
    ) -> s.OutcomePreviewOut:
        """The coverage of ``pain`` by ``program``: ready, or computing (queued), or failed."""
        if not pain:
            return _status(
                "unavailable", "no pain regions recorded for this patient; add them to see coverage"
            )
        preview = self._preview(geometry)
        job = (geometry, _signature(program))
        if not job[1] or (preview.is_built and preview.is_ready(program)):
            result = preview.outcome(program, pain)
            if result is not None:
                return outcome_out(result)
        with self._lock:
            if job in self._failed:
                return _status("failed", self._failed[job])
            if job not in self._pending:
                self._pending[job] = self._executor.submit(self._compute, job, preview, program)
        return _status(
            "computing",
            "computing neuron thresholds for this contact configuration and pulse width; "
            "later amplitude changes answer at once",
        )

    def _compute(self, job: _Job, preview: ImplantPreview, program: Program) -> None:
        try:
            n = preview.compute(program)
            logger.info("preview: %d threshold searches", n)
        except DrgsimError as exc:
            with self._lock:
                self._failed[job] = str(exc)
        except Exception:  # a worker must not die silently; the page shows "failed"
            logger.exception("preview computation failed")
            with self._lock:
                self._failed[job] = "the computation failed"
        finally:
            with self._lock:
                self._pending.pop(job, None)

    def wait(self, timeout: float | None = None) -> None:
        """Block until every queued computation has finished (tests and scripts)."""
        with self._lock:
            futures = list(self._pending.values())
        for f in futures:
            f.result(timeout=timeout)

    def close(self) -> None:
        """Drop queued computations; a running one finishes in the background."""
        self._executor.shutdown(wait=False, cancel_futures=True)


__all__ = ["Pain", "PreviewCache", "implant_geometry", "outcome_out", "pain_of"]
