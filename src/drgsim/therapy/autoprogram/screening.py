"""Screening model: per-cell thresholds of any contact configuration from a few full searches.

A threshold search per cell costs seconds; a lead of four contacts allows fifty anode/cathode
configurations, each at several pulse widths. The screening model predicts each cell's
threshold for every configuration as ``K_c / drive_c``, where ``drive_c`` is the largest
magnitude of the extracellular potential per unit amplitude over the cell's compartments with
active membrane (nodes of Ranvier, unmyelinated membrane, soma) [V/A], and the constant ``K_c``
[V] of each cell and pulse width is calibrated with the full model (a threshold search) on
reference configurations. A cell that did not fire in the calibration takes the median ``K``
of its class (``docs/assumptions.md`` AP2). For a cell the threshold is inversely proportional
to the potential it sees when the field only scales; across configurations this peak-potential
rule is an approximation, chosen because it followed the full model more closely than the peak
activating function in a comparison on the default scenario's L5 DRG (median error about 30 %
against about 50 %).

The activating function (Rattay, IEEE Trans Biomed Eng 1986;33:974-977,
doi:10.1109/TBME.1986.325670), the second spatial difference of the potential along the cell,

    f_i = (1 / C_i) sum_j g_ij (phi_j - phi_i)            [V/s per A]

over the intracellular neighbours ``j`` of compartment ``i`` (axial conductance ``g_ij`` and
membrane capacitance ``C_i`` as compiled by :func:`drgsim.neuron.cable.compile_cables`), is used
for the nociceptor T-junction drive, the pain-filtering proxy of the automatic programmer.

The model is a ranking device: the programmer re-runs the full threshold search on the
configurations it proposes, and a test checks the screening ranks against the full model.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from drgsim._typing import FloatArray
from drgsim.neuron.cable import Kind, Region
from drgsim.neuron.population import CellKind, CellSet

_ACTIVE_KINDS = (Kind.UNMYELINATED, Kind.NODE, Kind.SOMA)


def activating_operator(cells: CellSet) -> sp.csr_matrix:
    """Sparse operator ``D`` with ``f = D @ phi``: the activating function [V/s per V].

    Rows and columns are the concatenated compartments of ``cells``, (n_comp, n_comp).
    """
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    vals: list[FloatArray] = []
    for c, model in enumerate(cells.models):
        off = int(cells.comp_start[c])
        parent = model.parent
        cross = np.pi * model.diameter**2 / 4.0
        r_half = model.ra * model.length / 2.0 / cross
        child = np.flatnonzero(parent >= 0)
        par = parent[child]
        g = 1.0 / (r_half[child] + r_half[par])
        cap = model.cm * model.area
        cap = np.where(cap > 0, cap, np.inf)  # zero-area junction points carry no membrane
        # f_child += g/C_child (phi_par - phi_child); f_par += g/C_par (phi_child - phi_par)
        for i, j in ((child, par), (par, child)):
            w = g / cap[i]
            rows += [i + off, i + off]
            cols += [j + off, i + off]
            vals += [w, -w]
    n = cells.n_comp
    if not vals:
        return sp.csr_matrix((n, n))
    return sp.csr_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(n, n)
    )


def active_mask(cells: CellSet) -> np.ndarray:
    """Compartments whose membrane can initiate an AP (nodes, unmyelinated, soma), (n_comp,)."""
    return np.concatenate([np.isin(m.kind, _ACTIVE_KINDS) for m in cells.models])


def cell_drive(cells: CellSet, values: FloatArray, mask: np.ndarray) -> FloatArray:
    """Largest magnitude of ``values`` over each cell's compartments where ``mask`` holds.

    Parameters
    ----------
    cells
        The cells.
    values
        Potential [V/A] (or activating function [V/s per A]) per unit amplitude,
        (n_comp, n_configs).
    mask
        Compartments to consider, (n_comp,) bool.

    Returns
    -------
    numpy.ndarray
        (n_cells, n_configs); 0 for a cell without a considered compartment.
    """
    a = np.abs(np.where(mask[:, None], values, 0.0))
    starts = cells.comp_start[:-1]
    out: FloatArray = np.maximum.reduceat(a, starts, axis=0)
    return out


def tjunction_mask(cells: CellSet) -> np.ndarray:
    """Compartments at the T-junction and stem of the nociceptors (C and Aδ), (n_comp,)."""
    parts = []
    for m, kind in zip(cells.models, cells.kind, strict=True):
        nociceptor = int(kind) in (int(CellKind.A_DELTA), int(CellKind.C))
        parts.append(np.isin(m.region, (Region.T_JUNCTION, Region.STEM)) & nociceptor)
    return np.concatenate(parts)


def calibrate(drive: FloatArray, threshold: FloatArray, kinds: np.ndarray) -> FloatArray:
    """Per-cell constants ``K = threshold * drive`` [V], (n_cells,).

    Parameters
    ----------
    drive
        Drive of each cell in each calibration configuration, (n_cells, n_ref) [V/A].
    threshold
        Full-model thresholds, (n_cells, n_ref) [A]; NaN where the cell did not fire.
    kinds
        :class:`~drgsim.neuron.population.CellKind` code per cell.

    Returns
    -------
    numpy.ndarray
        Geometric mean over the configurations where the cell fired; else the median of its
        class; ``inf`` when no cell of the class fired.
    """
    k = threshold * drive
    k = np.where(np.isfinite(k) & (k > 0), k, np.nan)
    with np.errstate(all="ignore"):
        logk = np.log(k)
        n = np.sum(np.isfinite(logk), axis=1)
        mean = np.where(n > 0, np.nansum(logk, axis=1) / np.maximum(n, 1), np.nan)
    out = np.exp(mean)
    for kind in np.unique(kinds):
        sel = kinds == kind
        known = out[sel & np.isfinite(out)]
        fill = float(np.median(known)) if known.size else np.inf
        out[sel & ~np.isfinite(out)] = fill
    result: FloatArray = out
    return result


def predict(constants: FloatArray, drive: FloatArray) -> FloatArray:
    """Predicted thresholds ``K / drive`` [A], (n_cells, n_configs); NaN where drive is 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        t = constants[:, None] / drive
    out: FloatArray = np.where(np.isfinite(t) & (drive > 0), t, np.nan)
    return out


__all__ = [
    "activating_operator",
    "active_mask",
    "calibrate",
    "cell_drive",
    "predict",
    "tjunction_mask",
]
