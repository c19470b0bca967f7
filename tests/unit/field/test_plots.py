"""Field figures draw from transfer matrices (analytic here, for speed)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np

from drgsim import units as u
from drgsim.field import SolverOptions, solve_transfer
from drgsim.field.level import example_geometry
from drgsim.field.transfer import second_difference
from drgsim.plot import plot_field_along_cell, plot_field_slice

ANALYTIC = SolverOptions(method="analytic")


def test_second_difference_of_parabola_is_constant() -> None:
    x = np.linspace(-1, 1, 11)
    f = second_difference(3 * x**2)
    np.testing.assert_allclose(f[1:-1], 6 * (x[1] - x[0]) ** 2)
    assert f[0] == f[-1] == 0.0


def test_cathode_depolarises_under_it() -> None:
    g = example_geometry()
    x = np.linspace(-8, 8, 161) * u.mm
    path = np.column_stack([x, np.zeros_like(x), np.full_like(x, 2.0 * u.mm)])
    T = solve_transfer(g, path, options=ANALYTIC)
    phi = T.potential(np.array([-1.0, 1.0, 0.0, 0.0]), amplitude=1 * u.mA)
    af = second_difference(phi)
    under = np.argmin(np.abs(x - g.leads[0].contact_centres[0, 0]))
    assert af[under] > 0  # cathode: positive activating function beneath it
    fig, ax = plt.subplots()
    assert plot_field_along_cell(ax, path, phi) is ax
    plt.close(fig)


def test_slice_figure_masks_the_lead() -> None:
    g = example_geometry()
    pts = g.slice_points("xz", n=(30, 60))
    mask = g.is_conducting(pts)
    assert 0 < np.count_nonzero(~mask) < pts.shape[0]
    phi = np.full(pts.shape[0], np.nan)
    T = solve_transfer(g, pts[mask], options=ANALYTIC)
    phi[mask] = T.potential(np.array([-1.0, 1.0, 0.0, 0.0]), 1 * u.mA)
    fig, ax = plt.subplots()
    assert plot_field_slice(ax, g, pts, phi, (30, 60)) is ax
    plt.close(fig)
