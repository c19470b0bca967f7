"""Report block of the ``outcomes`` section (text in the user's units, figure requests)."""

from __future__ import annotations

import math

from drgsim import units as u
from drgsim.neuron.population import CellKind
from drgsim.therapy.outcome_section import OutcomeSection
from drgsim.therapy.report import FigureSpec, ReportBlock, Table

_LABEL = {
    CellKind.A_BETA: "Aβ",
    CellKind.A_DELTA: "Aδ",
    CellKind.C: "C",
    CellKind.MOTOR: "motor (ventral root)",
    CellKind.PASSAGE: "axons of passage",
}


_FIELD_TEXT = {
    "fem": "finite elements of the one-level model (see the Field section)",
    "analytic": "homogeneous anisotropic DRG medium, point-source contacts; conductivities "
    "[UNVERIFIED] in the reference",
}


def _mA(x: float) -> str:
    return "none up to the scan ceiling" if not math.isfinite(x) else f"{x / u.mA:.3g}"


def outcome_block(section: OutcomeSection) -> ReportBlock:
    """Tables and figures of the neural outcomes."""
    summary = []
    recruit = []
    init_rows = []
    for p in section.programs:
        margin = p.side_effect_threshold / p.perception_threshold
        summary.append(
            (
                p.program.name,
                f"{100 * p.coverage:.0f}",
                f"{100 * p.off_target:.0f}",
                _mA(p.perception_threshold),
                _mA(p.side_effect_threshold),
                f"{margin:.2g}" if math.isfinite(margin) else "no side effect found",
                str(p.n_motor_recruited),
            )
        )
        for d in p.drgs:
            for k in CellKind:
                sel = d.model.cells.kind == int(k)
                n = int(sel.sum())
                if n:
                    recruit.append(
                        (
                            p.program.name,
                            d.model.name,
                            _LABEL[k],
                            str(n),
                            str(int((d.fired & sel).sum())),
                            f"{100 * (d.fired & sel).sum() / n:.0f}",
                        )
                    )
            sites = ", ".join(
                f"{k.replace('_', ' ')}: {v}" for k, v in sorted(d.initiation.items())
            )
            init_rows.append(
                (p.program.name, d.model.name, sites or "none", str(d.initiation.get("soma", 0)))
            )
    return ReportBlock(
        key=section.key,
        title=section.title,
        paragraphs=(
            f"Field: {_FIELD_TEXT.get(str(section.options.field), section.options.field)}. "
            "Each neuron's threshold was found once per contact configuration, waveform and "
            "pulse width; recruitment at any amplitude follows from the thresholds.",
            "Paresthesia share of a region: the atlas-weighted fraction of the Aβ neurons "
            "serving it that the program recruits (an assumption; docs/assumptions.md P5). "
            "Coverage: mean share over the painful regions. Comfort margin: first side-effect "
            "(motor axon) threshold over the perception (first Aβ) threshold.",
            "Populations are small samples (see the population section), so shares move in "
            "steps of one neuron.",
        ),
        tables=(
            Table(
                caption="Per program",
                headers=(
                    "program",
                    "pain coverage [%]",
                    "paresthesia outside pain [%]",
                    "perception threshold [mA]",
                    "first side effect [mA]",
                    "comfort margin [x]",
                    "motor axons recruited",
                ),
                rows=tuple(summary),
            ),
            Table(
                caption="Recruitment at the program's amplitude",
                headers=("program", "DRG", "class", "n", "recruited", "recruited [%]"),
                rows=tuple(recruit),
            ),
            Table(
                caption="Where action potentials started (cells with a threshold)",
                headers=("program", "DRG", "initiation sites", "soma"),
                rows=tuple(init_rows),
            ),
        ),
        figures=(
            FigureSpec(
                kind="body_map",
                caption="Body map (front and back): painful regions outlined, predicted "
                "paresthesia shaded by share, first program",
            ),
            FigureSpec(
                kind="drg_activation",
                caption="DRG cross-sections: somata of the neurons the first program activates "
                "(filled) and those it does not (open)",
            ),
            FigureSpec(
                kind="recruitment_curves",
                caption="Recruited fraction of each class against amplitude, first program",
            ),
            FigureSpec(
                kind="strength_duration",
                caption="Strength-duration curve of the most excitable Aβ neurons",
            ),
            FigureSpec(
                kind="battery_life_curves",
                caption="Battery life against amplitude at several rates, first program",
            ),
        ),
    )


__all__ = ["outcome_block"]
