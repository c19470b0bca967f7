"""Figures: matplotlib is imported inside each function; each takes and returns an ``ax``.

- :func:`plot_leads_over_drg`: one DRG (side view) with its roots and the leads over it,
  contacts coloured by polarity.
- :func:`plot_pain_regions`: a schematic body, front and back, with the painful regions filled.
- :func:`plot_charge_density`: charge density per phase of each active contact against the
  hard and soft limits.
- :func:`plot_population`: sampled somata on the DRG cross-section, coloured by class.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from drgsim import units as u
from drgsim.anatomy.dermatomes import BodyRegion
from drgsim.anatomy.ganglion import Ganglion, Side
from drgsim.anatomy.populations import FiberClass, Population
from drgsim.device import Lead, Polarity, SafetyLimits, SafetyReport

POLARITY_COLOURS = {
    Polarity.CATHODE: "#1f5fbf",  # blue
    Polarity.ANODE: "#d62728",  # red
    Polarity.OFF: "#b0b0b0",  # grey
}


def plot_leads_over_drg(
    ax: Any,
    ganglion: Ganglion,
    leads: Sequence[Lead],
    polarities: Sequence[Sequence[Polarity] | None] | None = None,
) -> Any:
    """Draw ``ganglion`` (x-z side view, lateral right, dorsal up) with ``leads`` over it.

    Parameters
    ----------
    ax
        A matplotlib Axes.
    ganglion
        The DRG; its ellipse has the x and z semi-axes.
    leads
        Leads in the DRG's frame [m].
    polarities
        Per lead, one polarity per contact (or None: all contacts drawn as off).

    Returns
    -------
    Axes
        ``ax``.
    """
    from matplotlib.patches import Ellipse, Rectangle

    a, _, c = (float(s) / u.mm for s in ganglion.semi_axes)
    root_w = c * 0.9  # schematic width: no root diameter is modelled
    ax.add_patch(Rectangle((-a - 6.0, -root_w / 2), 6.0 + 0.3 * a, root_w, color="#e8c99a"))
    ax.add_patch(Rectangle((0.7 * a, -root_w / 2), 6.0 + 0.3 * a, root_w, color="#e8c99a"))
    ax.add_patch(
        Ellipse((0.0, 0.0), 2 * a, 2 * c, facecolor="#f3d9b1", edgecolor="#8a6d3b", lw=1.5)
    )
    ax.plot([-a - 6, a + 6], [-c, -c], color="#a08060", lw=2, ls="--")
    ax.text(-a - 5.8, root_w / 2 + 0.2, "dorsal root", fontsize=7, color="#6b5530")
    ax.text(a + 0.5, root_w / 2 + 0.2, "spinal nerve", fontsize=7, color="#6b5530")
    ax.text(-a - 5.8, -c - 0.9, "ventral root (schematic)", fontsize=7, color="#6b5530")
    pols = list(polarities) if polarities is not None else [None] * len(leads)
    for lead, pol in zip(leads, pols, strict=True):
        g = lead.geometry
        tip = lead.tip / u.mm
        end = (lead.tip + lead.direction * (g.span + 2 * u.mm)) / u.mm
        r = g.lead_diameter / u.mm / 2
        ax.plot([tip[0], end[0]], [tip[2], end[2]], color="#404040", lw=max(2.0, 4 * r), zorder=3)
        for i, centre in enumerate(lead.contact_centres / u.mm):
            p = Polarity.OFF if pol is None or i >= len(pol) else Polarity(pol[i])
            half = g.contact_length / u.mm / 2
            ax.add_patch(
                Rectangle(
                    (centre[0] - half, centre[2] - r),
                    2 * half,
                    2 * r,
                    facecolor=POLARITY_COLOURS[p],
                    edgecolor="black",
                    lw=0.5,
                    zorder=4,
                )
            )
            ax.text(centre[0], centre[2] + r + 0.3, str(i), ha="center", fontsize=7, zorder=5)
    for p, name in ((Polarity.CATHODE, "cathode (-)"), (Polarity.ANODE, "anode (+)")):
        ax.plot([], [], "s", color=POLARITY_COLOURS[p], label=name)
    ax.plot([], [], "s", color=POLARITY_COLOURS[Polarity.OFF], label="off")
    ax.set_aspect("equal")
    ax.set_xlim(-a - 6.5, a + 6.5)
    ax.set_ylim(-c - 2.0, c + 4.5)
    ax.set_xlabel("x, lateral [mm]")
    ax.set_ylabel("z, dorsal [mm]")
    flag = "" if ganglion.dimensions.is_measured else " (size borrowed, assumption)"
    ax.set_title(f"{ganglion.level} {ganglion.side} DRG{flag}", fontsize=9)
    ax.legend(loc="upper right", fontsize=6, frameon=False)
    return ax


# Schematic boxes per region: (view, x_min, x_max, y_min, y_max) with x measured from the
# midline towards the region's side. Drawing aid only; no anatomical data.
_REGION_BOXES: dict[BodyRegion, tuple[str, float, float, float, float]] = {
    BodyRegion.ABDOMEN: ("front", 0.0, 1.1, 3.6, 4.1),
    BodyRegion.LOWER_ABDOMEN: ("front", 0.0, 1.1, 3.0, 3.6),
    BodyRegion.GROIN: ("front", 0.15, 0.95, 2.3, 2.9),
    BodyRegion.HIP: ("front", 0.85, 1.2, 1.9, 2.9),
    BodyRegion.PELVIS: ("back", 0.0, 0.6, 2.6, 3.2),
    BodyRegion.BUTTOCK: ("back", 0.1, 1.05, 1.6, 2.6),
    BodyRegion.LOW_BACK: ("back", 0.0, 1.05, 3.2, 4.3),
    BodyRegion.PERINEUM: ("back", 0.0, 0.12, 2.1, 2.6),
    BodyRegion.ANTERIOR_THIGH: ("front", 0.4, 1.05, 0.0, 2.25),
    BodyRegion.MEDIAL_THIGH: ("front", 0.05, 0.4, 0.0, 2.25),
    BodyRegion.POSTERIOR_THIGH: ("back", 0.05, 1.05, 0.0, 1.6),
    BodyRegion.KNEE: ("front", 0.05, 1.05, -1.0, 0.0),
    BodyRegion.POPLITEAL_FOSSA: ("back", 0.25, 0.85, -1.0, 0.0),
    BodyRegion.MEDIAL_LEG: ("front", 0.05, 0.45, -4.0, -1.0),
    BodyRegion.LATERAL_LEG: ("front", 0.65, 1.05, -4.0, -1.0),
    BodyRegion.CALF: ("back", 0.05, 1.05, -3.3, -1.0),
    BodyRegion.ANKLE: ("front", 0.05, 1.05, -4.3, -4.0),
    BodyRegion.FOOT: ("front", 0.0, 1.1, -4.8, -4.3),
    BodyRegion.DORSUM_OF_FOOT: ("front", 0.3, 0.8, -4.75, -4.3),
    BodyRegion.GREAT_TOE: ("front", 0.0, 0.3, -4.8, -4.45),
    BodyRegion.LATERAL_FOOT: ("front", 0.8, 1.1, -4.75, -4.3),
    BodyRegion.SOLE: ("back", 0.05, 1.05, -4.8, -4.35),
    BodyRegion.HEEL: ("back", 0.3, 0.8, -4.55, -4.2),
}

_VIEW_CENTRE = {"front": 0.0, "back": 4.2}


def _x_sign(view: str, side: Side) -> float:
    # Front view: the patient's left is on the viewer's right; back view: on the viewer's left.
    left = 1.0 if view == "front" else -1.0
    return left if side == Side.LEFT else -left


def _body_outline(ax: Any, cx: float) -> None:
    from matplotlib.patches import Circle, Ellipse, FancyBboxPatch, Rectangle

    style: dict[str, Any] = {"facecolor": "#f4f4f4", "edgecolor": "#707070", "lw": 1.0, "zorder": 1}
    ax.add_patch(Circle((cx, 6.85), 0.55, **style))
    ax.add_patch(FancyBboxPatch((cx - 1.1, 2.3), 2.2, 3.9, boxstyle="round,pad=0.05", **style))
    for s in (-1.0, 1.0):
        ax.add_patch(Rectangle((cx + s * 1.2 - (0.45 if s < 0 else 0), 2.5), 0.45, 3.6, **style))
        ax.add_patch(Rectangle((cx + (0.05 if s > 0 else -1.05), -4.3), 1.0, 6.8, **style))
        ax.add_patch(Ellipse((cx + s * 0.55, -4.55), 1.1, 0.5, **style))


def _region_patch(region: BodyRegion, side: Side, **style: Any) -> Any:
    """The schematic box of ``region`` on ``side`` as a matplotlib Rectangle."""
    from matplotlib.patches import Rectangle

    view, x0, x1, y0, y1 = _REGION_BOXES[BodyRegion(region)]
    cx = _VIEW_CENTRE[view]
    sign = _x_sign(view, Side(side))
    left = cx + min(sign * x0, sign * x1)
    return Rectangle((left, y0), abs(x1 - x0), y1 - y0, **style)


def plot_pain_regions(
    ax: Any, regions: Sequence[tuple[BodyRegion, Side]], colour: str = "#d62728"
) -> Any:
    """Draw a schematic body (front and back) and fill the painful ``regions``.

    Parameters
    ----------
    ax
        A matplotlib Axes.
    regions
        (region, side) pairs to fill.
    colour
        Fill colour.

    Returns
    -------
    Axes
        ``ax``.
    """
    for view, cx in _VIEW_CENTRE.items():
        _body_outline(ax, cx)
        ax.text(cx, 7.8, view, ha="center", fontsize=9)
        for side in Side:
            sign = _x_sign(view, side)
            ax.text(cx + sign * 1.9, 6.6, "L" if side == Side.LEFT else "R", ha="center")
    for region, side in regions:
        ax.add_patch(
            _region_patch(
                region, side, facecolor=colour, alpha=0.75, edgecolor="black", lw=0.6, zorder=2
            )
        )
    names = ", ".join(f"{str(r).replace('_', ' ')} ({s})" for r, s in regions)
    ax.set_title(f"Painful regions: {names}", fontsize=9)
    ax.set_aspect("equal")
    ax.set_xlim(-2.3, 6.5)
    ax.set_ylim(-5.2, 8.2)
    ax.axis("off")
    return ax


def plot_charge_density(
    ax: Any, reports: Sequence[SafetyReport], limits: SafetyLimits | None = None
) -> Any:
    """Bar chart of charge density per phase of every active contact, with the limits.

    Parameters
    ----------
    ax
        A matplotlib Axes.
    reports
        Safety reports, one per program.
    limits
        Limits to draw; defaults to those of the first report.

    Returns
    -------
    Axes
        ``ax``.
    """
    lim = limits if limits is not None else (reports[0].limits if reports else SafetyLimits())
    labels: list[str] = []
    values: list[float] = []
    colours: list[str] = []
    for r in reports:
        for d in r.doses:
            labels.append(f"{r.program}\nlead {d.lead} contact {d.contact} ({d.level})")
            values.append(d.density / u.uC_per_cm2)
            colours.append("#d62728" if d.severity else "#1f5fbf")
    y = list(range(len(values)))
    ax.barh(y, values, color=colours, height=0.6)
    hard = lim.max_charge_density / u.uC_per_cm2
    soft = lim.soft_charge_density / u.uC_per_cm2
    ax.axvline(hard, color="#d62728", lw=1.5, label=f"hard limit {hard:g} uC/cm2")
    ax.axvline(soft, color="#ff7f0e", lw=1.2, ls="--", label=f"recommended {soft:g} uC/cm2")
    for yi, v in zip(y, values, strict=True):
        ax.text(v, yi, f" {v:.3g}", va="center", fontsize=7)
    ax.set_yticks(y)
    ax.set_yticklabels(labels, fontsize=7)
    ax.invert_yaxis()
    ax.set_xlim(0, max([hard, *values]) * 1.15)
    ax.set_xlabel("charge density per phase [uC/cm2]")
    ax.legend(loc="lower right", fontsize=7)
    return ax


CLASS_COLOURS = {
    FiberClass.A_BETA: "#2ca02c",
    FiberClass.A_DELTA: "#9467bd",
    FiberClass.C: "#ff7f0e",
}
_CLASS_LABELS = {FiberClass.A_BETA: "Aβ", FiberClass.A_DELTA: "Aδ", FiberClass.C: "C"}


def _cross_section(ax: Any, ganglion: Ganglion) -> tuple[float, float]:
    """Draw the DRG's y-z cross-section ellipse; return its semi-axes b, c [mm]."""
    from matplotlib.patches import Ellipse

    _, b, c = (float(x) / u.mm for x in ganglion.semi_axes)
    ax.add_patch(
        Ellipse((0.0, 0.0), 2 * b, 2 * c, facecolor="#f8ecd9", edgecolor="#8a6d3b", lw=1.2)
    )
    return b, c


def _finish_cross_section(ax: Any, b: float, c: float, top: float, title: str) -> None:
    """Frame a cross-section panel: equal axes, head room ``top * c`` for the legend."""
    ax.set_aspect("equal")
    ax.set_xlim(-1.25 * b, 1.25 * b)
    ax.set_ylim(-1.25 * c, top * c)
    ax.set_xlabel("y [mm]")
    ax.set_ylabel("z, dorsal [mm]")
    ax.set_title(title, fontsize=9)
    ax.legend(loc="upper right", fontsize=6, frameon=False, ncols=3)


def plot_population(ax: Any, ganglion: Ganglion, population: Population) -> Any:
    """Somata of ``population`` projected on the DRG cross-section (y-z), coloured by class.

    Parameters
    ----------
    ax
        A matplotlib Axes.
    ganglion
        The DRG; its cross-section ellipse has the y and z semi-axes.
    population
        Sampled neurons in the DRG's frame [m].

    Returns
    -------
    Axes
        ``ax``.
    """
    b, c = _cross_section(ax, ganglion)
    pos = population.soma_position / u.mm
    for fc in FiberClass:
        mask = population.fiber_class == fc
        ax.scatter(
            pos[mask, 1],
            pos[mask, 2],
            s=(population.soma_diameter[mask] / u.um) / 4.0,
            color=CLASS_COLOURS[fc],
            alpha=0.7,
            label=f"{_CLASS_LABELS[fc]} (n={int(mask.sum())})",
        )
    title = f"{ganglion.level} {ganglion.side}: somata, all along the DRG"
    _finish_cross_section(ax, b, c, 1.45, title)
    return ax


# -- neural outcomes ------------------------------------------------------------------------


def plot_body_map(
    ax: Any,
    pain: Sequence[tuple[BodyRegion, Side]],
    shares: dict[tuple[BodyRegion, Side], float],
    title: str = "",
) -> Any:
    """Body (front and back): paresthesia shares shaded, painful regions outlined in red.

    Parameters
    ----------
    ax
        A matplotlib Axes.
    pain
        Painful (region, side) pairs.
    shares
        Paresthesia share per (region, side) [1], 0-1.
    title
        Axes title.

    Returns
    -------
    Axes
        ``ax``.
    """
    plot_pain_regions(ax, [], colour="#ffffff")
    for (region, side), share in shares.items():
        if share <= 0:
            continue
        alpha = 0.15 + 0.75 * min(share, 1.0)
        ax.add_patch(_region_patch(region, side, facecolor="#1f77b4", alpha=alpha, lw=0, zorder=2))
    for region, side in pain:
        ax.add_patch(_region_patch(region, side, fill=False, edgecolor="#d62728", lw=1.6, zorder=3))
    ax.set_title(
        title or "Paresthesia (blue, darker = larger share); pain (red outline)", fontsize=9
    )
    return ax


def plot_drg_activation(
    ax: Any, ganglion: Ganglion, soma_position: Any, fiber_class: Any, fired: Any
) -> Any:
    """DRG cross-section (y-z) with somata: filled if the program activates the neuron.

    Parameters
    ----------
    ax
        A matplotlib Axes.
    ganglion
        The DRG.
    soma_position
        (n, 3) soma centres [m].
    fiber_class
        (n,) :class:`~drgsim.anatomy.populations.FiberClass` codes.
    fired
        (n,) bool, activated at the program's amplitude.

    Returns
    -------
    Axes
        ``ax``.
    """
    import numpy as np

    b, c = _cross_section(ax, ganglion)
    pos = np.asarray(soma_position) / u.mm
    cls = np.asarray(fiber_class)
    on = np.asarray(fired, dtype=bool)
    for fc in FiberClass:
        sel = cls == fc
        colour = CLASS_COLOURS[fc]
        n_on = int((sel & on).sum())
        ax.scatter(pos[sel & on, 1], pos[sel & on, 2], s=22, color=colour,
                   label=f"{_CLASS_LABELS[fc]} active {n_on}/{int(sel.sum())}")  # fmt: skip
        ax.scatter(pos[sel & ~on, 1], pos[sel & ~on, 2], s=14, facecolors="none",
                   edgecolors=colour, lw=0.8)  # fmt: skip
    _finish_cross_section(ax, b, c, 1.55, f"{ganglion.level} {ganglion.side}: activated neurons")
    return ax


def _label_axes(
    ax: Any,
    xlabel: str,
    ylabel: str,
    ylim: tuple[float, float] | None = None,
    title: str | None = None,
) -> None:
    """Axis labels, optional y range and title, and a small legend of a line chart."""
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if ylim is not None:
        ax.set_ylim(*ylim)
    if title is not None:
        ax.set_title(title, fontsize=9)
    ax.legend(fontsize=7)


def plot_recruitment_curves(
    ax: Any, amplitudes: Any, curves: dict[str, Any], marker: float | None = None, title: str = ""
) -> Any:
    """Recruited fraction [%] against amplitude [A], one line per class.

    Parameters
    ----------
    ax
        A matplotlib Axes.
    amplitudes
        (n,) amplitudes [A].
    curves
        Label -> (n,) recruited fraction [1].
    marker
        Program amplitude [A] drawn as a vertical line.
    title
        Axes title.

    Returns
    -------
    Axes
        ``ax``.
    """
    import numpy as np

    a = np.asarray(amplitudes) / u.mA
    for label, frac in curves.items():
        f = np.asarray(frac, dtype=float)
        if np.all(np.isnan(f)):
            continue
        ax.plot(a, 100 * f, label=label, lw=1.5)
    if marker is not None:
        ax.axvline(marker / u.mA, color="#404040", ls="--", lw=1, label="program amplitude")
    _label_axes(ax, "amplitude [mA]", "recruited [%]", (-2, 102), title)
    return ax


def plot_strength_duration(ax: Any, curves: Mapping[str, Sequence[tuple[float, float]]]) -> Any:
    """Threshold [mA] against pulse width [us], one line per label.

    ``curves`` maps a label to (pulse width [s], threshold [A]) pairs.
    """
    for label, points in curves.items():
        pw = [p / u.us for p, t in points if t == t]
        th = [t / u.mA for p, t in points if t == t]
        if pw:
            ax.plot(pw, th, marker="o", label=label)
    title = "Strength-duration, most excitable Aβ neuron"
    _label_axes(ax, "pulse width [us]", "threshold [mA]", title=title)
    return ax


def plot_pain_transmission(
    ax: Any,
    bin_start: Any,
    bin_width: float,
    curves: Mapping[str, tuple[Any, Any]],
    title: str = "",
) -> Any:
    """Fraction [%] of peripheral spikes reaching the dorsal root against time [s].

    Parameters
    ----------
    ax
        A matplotlib Axes.
    bin_start, bin_width
        Start of each time bin [s], (n_bins,), and the bin width [s]; points sit mid-bin.
    curves
        Class label -> (fraction without, fraction with stimulation), (n_bins,) each [1];
        with is solid and coloured, without dashed, dark and smaller; one marker per class.
    title
        Axes title.

    Returns
    -------
    Axes
        ``ax``.
    """
    import numpy as np

    t = np.asarray(bin_start, dtype=float) + bin_width / 2
    markers = "o^sDv"
    for k, (label, (without, with_stim)) in enumerate(curves.items()):
        colour, marker = f"C{k}", markers[k % len(markers)]
        # without is drawn smaller on top, so equal curves stay visible
        ax.plot(t, 100 * np.asarray(with_stim, float), color=colour, marker=marker, ms=8,
                lw=1.5, label=f"{label}, with DRGS")  # fmt: skip
        ax.plot(t, 100 * np.asarray(without, float), color="#303030", marker=marker, ms=4,
                mfc="white", ls="--", lw=1, label=f"{label}, without")  # fmt: skip
    _label_axes(ax, "time [s]", "reaching dorsal root [%]", (-3, 105), title)
    return ax


def plot_battery_life(
    ax: Any, amplitudes: Sequence[float], rates: Sequence[float], years: Sequence[Sequence[float]]
) -> Any:
    """Battery life [years] against amplitude [A], one line per rate [Hz]."""
    a = [x / u.mA for x in amplitudes]
    for rate, row in zip(rates, years, strict=True):
        ax.plot(a, row, marker=".", label=f"{rate / u.Hz:g} Hz")
    ax.axhspan(2.0, 5.0, color="#dddddd", alpha=0.5, label="published 2-5 years")
    _label_axes(ax, "amplitude [mA]", "battery life [years]")
    return ax


__all__ = [
    "CLASS_COLOURS",
    "POLARITY_COLOURS",
    "plot_battery_life",
    "plot_body_map",
    "plot_charge_density",
    "plot_drg_activation",
    "plot_leads_over_drg",
    "plot_pain_regions",
    "plot_pain_transmission",
    "plot_population",
    "plot_recruitment_curves",
    "plot_strength_duration",
]


# -- field figures ------------------------------------------------------------------------------


def plot_field_along_cell(
    ax: Any,
    positions: Any,
    potential: Any,
    label: str = "",
) -> Any:
    """Potential and activating function along one unbranched chain of compartments.

    Parameters
    ----------
    ax
        A matplotlib Axes; the activating function goes on a twin y axis.
    positions
        Compartment positions in order, shape (n, 3) [m].
    potential
        Extracellular potential at those compartments, shape (n,) [V] (``T.potential(w, I)``).
    label
        Legend label of the potential curve.

    Returns
    -------
    Axes
        ``ax``.
    """
    import numpy as np

    from drgsim.field.transfer import second_difference

    pts = np.asarray(positions, dtype=np.float64)
    phi = np.asarray(potential, dtype=np.float64)
    steps = np.linalg.norm(np.diff(pts, axis=0), axis=1)
    arc = np.concatenate([[0.0], np.cumsum(steps)])
    ax.plot(arc / u.mm, phi / u.mV, color="#1f5fbf", label=label or "potential")
    ax.set_xlabel("distance along the cell [mm]")
    ax.set_ylabel("extracellular potential [mV]", color="#1f5fbf")
    twin = ax.twinx()
    twin.plot(arc / u.mm, second_difference(phi) / u.mV, color="#d62728", lw=1.0)
    twin.axhline(0.0, color="#d62728", lw=0.5, ls=":")
    twin.set_ylabel("activating function, second difference [mV]", color="#d62728")
    return ax


def plot_field_slice(
    ax: Any,
    geometry: Any,
    points: Any,
    potential: Any,
    shape: tuple[int, int],
    plane: str = "xz",
) -> Any:
    """Potential on a plane through the DRG, with the DRG, roots and lead outlines.

    Parameters
    ----------
    ax
        A matplotlib Axes.
    geometry
        The :class:`~drgsim.field.geometry.FieldGeometry` solved.
    points
        Grid points of the slice, shape (shape[0] * shape[1], 3) [m], row-major over
        (second axis, first axis) of ``plane``.
    potential
        Potential at ``points`` [V]; NaN where no tissue (inside a lead).
    shape
        Grid shape (n_rows, n_columns).
    plane
        ``"xz"`` (side view, y = const) or ``"xy"`` (top view, z = const).

    Returns
    -------
    Axes
        ``ax``.
    """
    import numpy as np
    from matplotlib.patches import Ellipse, Rectangle

    axes = {"xz": (0, 2), "xy": (0, 1)}[plane]
    pts = np.asarray(points, dtype=np.float64).reshape(*shape, 3)
    phi = np.asarray(potential, dtype=np.float64).reshape(shape) / u.mV
    h, v = pts[..., axes[0]] / u.mm, pts[..., axes[1]] / u.mm
    finite = phi[np.isfinite(phi)]
    top = float(np.percentile(np.abs(finite), 99)) if finite.size else 1.0
    mesh = ax.pcolormesh(h, v, phi, shading="auto", cmap="RdBu_r", vmin=-top, vmax=top)
    ax.figure.colorbar(mesh, ax=ax, label="potential [mV]")
    semi = np.asarray(geometry.drg_semi_axes) / u.mm
    ax.add_patch(Ellipse((0, 0), 2 * semi[axes[0]], 2 * semi[axes[1]], fill=False, ec="k", lw=1.2))
    for lead in geometry.leads:
        tip = lead.tip / u.mm
        end = lead.end / u.mm
        r = lead.radius / u.mm
        ax.plot([tip[axes[0]], end[axes[0]]], [tip[axes[1]], end[axes[1]]], color="#555", lw=1)
        for centre in lead.contact_centres / u.mm:
            half = 0.5 * lead.contact_length / u.mm
            ax.add_patch(
                Rectangle(
                    (centre[axes[0]] - half, centre[axes[1]] - r),
                    2 * half,
                    2 * r,
                    color="#333",
                )
            )
    ax.set_xlabel(f"{plane[0]} [mm]")
    ax.set_ylabel(f"{plane[1]} [mm]")
    ax.set_aspect("equal")
    return ax
