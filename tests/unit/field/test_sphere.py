"""A coarse spherical electrode: FEM close to the closed form, reciprocity, conservation."""

from __future__ import annotations

import numpy as np

from drgsim import units as u
from drgsim.field.fem import solve_unit_currents
from drgsim.field.mesh import MeshResolution, mesh_sphere_electrode


def test_coarse_sphere_near_closed_form() -> None:
    a, big, sigma = 0.5 * u.mm, 20 * u.mm, 0.2
    res = MeshResolution(
        contact_size=0.25 * u.mm, tissue_size=1 * u.mm, far_size=5 * u.mm, growth_distance=15 * u.mm
    )
    solution = solve_unit_currents(mesh_sphere_electrode(a, big, res), {"bulk": np.eye(3) * sigma})
    r = np.array([1.0, 2.0, 4.0, 8.0]) * u.mm
    pts = np.column_stack([r, np.zeros(4), np.zeros(4)])
    exact = (1 / r - 1 / big) / (4 * np.pi * sigma)
    np.testing.assert_allclose(solution.probe(pts)[:, 0], exact, rtol=0.1)
    np.testing.assert_allclose(solution.ground_current, 1.0, rtol=1e-9)
    # the electrode's own resistance (potential of its surface per ampere)
    own = (1 / a - 1 / big) / (4 * np.pi * sigma)
    assert abs(solution.mutual_resistance[0, 0] - own) / own < 0.1
