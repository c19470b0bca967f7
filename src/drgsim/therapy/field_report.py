"""Report block of the ``field`` section (text in the user's units, figure requests)."""

from __future__ import annotations

from drgsim import units as u
from drgsim.therapy.field_section import CLASS_LABELS, FieldSection
from drgsim.therapy.report import FigureSpec, ReportBlock, Table

_METHOD_TEXT = {
    "fem": (
        "Finite elements (drgsim.field): one-level model of the DRG, roots, spinal nerve, CSF, "
        "dural sleeve, epidural fat and bone, the lead body insulating, contacts injecting a "
        "uniform current density, ground on the box faces (docs/field.md; dimensions are the "
        "assumptions F1-F7, conductivities from the reference, the DRG's [UNVERIFIED]). Meshes "
        "and solutions are cached by content hash, so a second run neither meshes nor solves."
    ),
    "analytic": (
        "Analytic: each contact a point current source in an infinite homogeneous medium with "
        "the DRG's anisotropic conductivity ([UNVERIFIED] in the reference); no lead body, other "
        "tissues or ground (docs/assumptions.md P4, F7)."
    ),
}


def field_block(section: FieldSection) -> ReportBlock:
    """Text, a table of peak values and the two field figures."""
    rows = []
    solve_rows = []
    for d in section.drgs:
        f = d.model.field
        if f is not None:
            nodes = f.info.get("n_nodes", "-")
            tets = f.info.get("n_tets", "-")
            solve_rows.append((d.model.name, str(f.method), nodes, tets, f"{f.seconds:.1f}"))
        for t in d.traces:
            rows.append(
                (
                    d.model.name,
                    CLASS_LABELS[t.kind],
                    str(t.cell),
                    f"{float(abs(t.potential).max()) / u.mV:.3g}",
                    f"{float(t.activating.max()) / u.mV:.3g}",
                )
            )
    program = section.drgs[0].program if section.drgs else "-"
    return ReportBlock(
        key=section.key,
        title=section.title,
        paragraphs=(
            _METHOD_TEXT.get(section.method, section.method),
            f"Shown for the first program ({program}) at its amplitude. Activating function: "
            "second difference of the potential along the axon path (nodes of Ranvier for "
            "myelinated cells), positive values depolarise (Rattay 1989). The cell shown per "
            "class is its most strongly driven one.",
        ),
        tables=(
            Table(
                caption="Field computation per DRG (wall time includes cache loads)",
                headers=("DRG", "method", "mesh nodes", "tetrahedra", "time [s]"),
                rows=tuple(solve_rows),
            ),
            Table(
                caption="Peak potential and activating function along the cell shown per class",
                headers=(
                    "DRG",
                    "class",
                    "cell",
                    "peak |potential| [mV]",
                    "max activating function [mV]",
                ),
                rows=tuple(rows),
            ),
        ),
        figures=(
            FigureSpec(
                kind="field_along_cells",
                caption="Potential (blue) and activating function (red) along the most strongly "
                "driven cell of each class, first program",
            ),
            FigureSpec(
                kind="field_slice",
                caption="Potential on a plane through the DRG (outline) and the lead (contacts "
                "dark), first program",
            ),
        ),
    )


__all__ = ["field_block"]
