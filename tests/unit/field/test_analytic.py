"""Closed-form checks of the analytic sources."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from drgsim import units as u
from drgsim.errors import ConfigurationError
from drgsim.field.analytic import (
    InsulatingPlane,
    Medium,
    band_source_potential,
    line_source_potential,
    point_source_potential,
    ring_source_potential,
)

# White matter / DRG: 0.6 longitudinal, 0.083 transverse S/m (reference/anatomy.md §5 [READ]).
SIGMA_L = 0.6
SIGMA_T = 0.083

RNG = np.random.default_rng(7)


def test_point_source_matches_inverse_distance() -> None:
    sigma = 0.3
    src = np.array([1.0, -2.0, 0.5]) * u.mm
    pts = src + RNG.normal(size=(50, 3)) * u.mm
    r = np.linalg.norm(pts - src, axis=1)
    phi = point_source_potential(pts, src, Medium.isotropic(sigma), current=2 * u.mA)
    np.testing.assert_allclose(phi, 2 * u.mA / (4 * np.pi * sigma * r), rtol=1e-12)


def test_anisotropic_point_equals_scaled_isotropic() -> None:
    # A uniaxial medium along x is an isotropic medium of conductivity sigma_t in coordinates
    # x' = x sqrt(sigma_t / sigma_l), with the current unchanged and the potential scaled by
    # sqrt(sigma_t / sigma_l) (volume Jacobian).
    medium = Medium.anisotropic(longitudinal=SIGMA_L, transverse=SIGMA_T, axis=(1, 0, 0))
    pts = RNG.normal(size=(40, 3)) * u.mm
    phi = point_source_potential(pts, np.zeros(3), medium)
    k = np.sqrt(SIGMA_T / SIGMA_L)
    scaled = pts * np.array([k, 1.0, 1.0])
    r = np.linalg.norm(scaled, axis=1)
    expected = k / (4 * np.pi * SIGMA_T * r)
    np.testing.assert_allclose(phi, expected, rtol=1e-12)


def test_anisotropic_rotation_invariance() -> None:
    axis = np.array([1.0, 2.0, -0.5])
    axis /= np.linalg.norm(axis)
    medium = Medium.anisotropic(longitudinal=SIGMA_L, transverse=SIGMA_T, axis=axis)
    along = point_source_potential(np.array([axis]) * u.mm, np.zeros(3), medium)
    across = point_source_potential(
        np.array([np.cross(axis, [0, 0, 1.0]) / np.linalg.norm(np.cross(axis, [0, 0, 1.0]))])
        * u.mm,
        np.zeros(3),
        medium,
    )
    det = SIGMA_L * SIGMA_T**2
    np.testing.assert_allclose(along, np.sqrt(SIGMA_L) / (4 * np.pi * np.sqrt(det) * u.mm))
    np.testing.assert_allclose(across, np.sqrt(SIGMA_T) / (4 * np.pi * np.sqrt(det) * u.mm))


@pytest.mark.parametrize("anisotropic", [False, True])
def test_line_source_equals_summed_points(anisotropic: bool) -> None:
    medium = (
        Medium.anisotropic(longitudinal=SIGMA_L, transverse=SIGMA_T, axis=(0.3, 1, 0))
        if anisotropic
        else Medium.isotropic(0.25)
    )
    a = np.array([0.0, 0.0, -1.0]) * u.mm
    b = np.array([0.5, 0.2, 2.0]) * u.mm
    pts = np.array([[1.0, 1.0, 0.0], [3.0, -1.0, 4.0], [0.0, 0.0, 5.0], [-2, 0.3, -3.0]]) * u.mm
    n = 4000
    t = (np.arange(n) + 0.5) / n  # midpoint rule
    summed = sum(point_source_potential(pts, a + ti * (b - a), medium) for ti in t) / n
    np.testing.assert_allclose(line_source_potential(pts, a, b, medium), summed, rtol=1e-5)


def test_line_source_on_axis_extension_is_accurate() -> None:
    # On the extension of the segment: phi = ln(r1 / r2) / (4 pi sigma L) exactly.
    sigma, length, dist = 0.2, 1 * u.mm, 1.0  # a point 1 m away: heavy cancellation risk
    pts = np.array([[0.0, 0.0, length + dist]])
    phi = line_source_potential(pts, np.zeros(3), [0, 0, length], Medium.isotropic(sigma))
    expected = np.log((dist + length) / dist) / (4 * np.pi * sigma * length)
    np.testing.assert_allclose(phi, expected, rtol=1e-9)


def test_ring_matches_points_on_the_ring() -> None:
    medium = Medium.isotropic(0.5)
    radius = 0.6 * u.mm
    axis = np.array([0.0, 1.0, 1.0]) / np.sqrt(2)
    e1 = np.array([1.0, 0.0, 0.0])
    e2 = np.cross(axis, e1)
    angles = 2 * np.pi * (np.arange(2000) + 0.5) / 2000
    pts = np.array([[1.0, 0.0, 0.0], [0.2, 2.0, -1.0], [0.0, 0.1, 0.1]]) * u.mm
    summed = sum(
        point_source_potential(pts, radius * (np.cos(t) * e1 + np.sin(t) * e2), medium)
        for t in angles
    ) / len(angles)
    np.testing.assert_allclose(
        ring_source_potential(pts, np.zeros(3), axis, radius, medium), summed, rtol=1e-6
    )


def test_band_isotropic_and_quadrature_paths_agree() -> None:
    # A barely anisotropic medium takes the point-quadrature path; it must match the ring path.
    pts = np.array([[2.0, 0.0, 0.0], [1.0, 1.0, 1.5], [0.0, 3.0, -2.0]]) * u.mm
    iso = band_source_potential(
        pts, np.zeros(3), (0, 0, 1), 0.5 * u.mm, 1.0 * u.mm, Medium.isotropic(0.3)
    )
    nearly = Medium(conductivity=np.diag([0.3, 0.3, 0.3 * (1 + 1e-9)]))
    quad = band_source_potential(pts, np.zeros(3), (0, 0, 1), 0.5 * u.mm, 1.0 * u.mm, nearly)
    np.testing.assert_allclose(quad, iso, rtol=1e-5)


def test_band_tends_to_point_far_away() -> None:
    medium = Medium.isotropic(0.2)
    far = np.array([[0.0, 0.3, 0.4]])  # 0.5 m away
    phi = band_source_potential(far, np.zeros(3), (0, 0, 1), 0.5 * u.mm, 1 * u.mm, medium)
    np.testing.assert_allclose(phi, 1 / (4 * np.pi * 0.2 * 0.5), rtol=1e-5)


@given(x=st.floats(-5, 5), y=st.floats(-5, 5), h=st.floats(0.1, 5), anis=st.booleans())
def test_image_method_doubles_potential_on_plane(x: float, y: float, h: float, anis: bool) -> None:
    medium = (
        Medium.anisotropic(longitudinal=SIGMA_L, transverse=SIGMA_T, axis=(1, 0, 0))
        if anis
        else Medium.isotropic(0.1)
    )
    plane = InsulatingPlane(point=np.zeros(3), normal=np.array([0.0, 0.0, 1.0]))
    src = np.array([0.3, -0.2, h]) * u.mm
    on_plane = np.array([[x, y, 0.0]]) * u.mm
    free = point_source_potential(on_plane, src, medium)
    bounded = point_source_potential(on_plane, src, medium, plane=plane)
    np.testing.assert_allclose(bounded, 2 * free, rtol=1e-12)
    seg_free = line_source_potential(on_plane, src, src + np.array([0.001, 0, 0.0005]), medium)
    seg = line_source_potential(
        on_plane, src, src + np.array([0.001, 0, 0.0005]), medium, plane=plane
    )
    np.testing.assert_allclose(seg, 2 * seg_free, rtol=1e-12)


def test_image_plane_has_no_normal_current() -> None:
    medium = Medium.isotropic(0.4)
    plane = InsulatingPlane(point=np.array([0, 0, -1.0]) * u.mm, normal=np.array([0, 0, 1.0]))
    dz = 1e-4 * u.mm
    pts = np.array([[0.5, 0.2, -1.0]]) * u.mm
    up = point_source_potential(pts + np.array([0, 0, dz]), np.zeros(3), medium, plane=plane)
    down = point_source_potential(pts - np.array([0, 0, dz]), np.zeros(3), medium, plane=plane)
    assert abs(up[0] - down[0]) < 1e-9 * abs(up[0])


def test_image_method_refuses_tilted_anisotropy() -> None:
    medium = Medium.anisotropic(longitudinal=SIGMA_L, transverse=SIGMA_T, axis=(1, 0, 1))
    plane = InsulatingPlane(point=np.zeros(3), normal=np.array([0.0, 0.0, 1.0]))
    with pytest.raises(ConfigurationError) as err:
        point_source_potential(np.ones((1, 3)), np.zeros(3), medium, plane=plane)
    assert err.value.field == "plane.normal"


@pytest.mark.parametrize("sigma", [0.0, -0.2, float("nan"), 1e3])
def test_bad_conductivity_is_named(sigma: float) -> None:
    with pytest.raises(ConfigurationError) as err:
        Medium.isotropic(sigma)
    assert err.value.field == "conductivity"


def test_non_symmetric_tensor_refused() -> None:
    with pytest.raises(ConfigurationError):
        Medium(conductivity=np.array([[1.0, 0.1, 0], [0, 1, 0], [0, 0, 1]]))


def test_ring_refuses_anisotropic_medium() -> None:
    medium = Medium.anisotropic(longitudinal=SIGMA_L, transverse=SIGMA_T, axis=(1, 0, 0))
    with pytest.raises(ConfigurationError):
        ring_source_potential(np.ones((1, 3)), np.zeros(3), (0, 0, 1), 1e-3, medium)
