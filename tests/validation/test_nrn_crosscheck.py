"""Cross-checks against the NEURON simulator (``backends/nrn.py``).

First the NEURON backend itself is checked against a closed-form reference: a dense
backward-Euler solve of the passive (double) cable written straight from the conventions in
``drgsim.neuron.cable``, so junction handling, the periaxonal layer and every unit conversion are
tested independently of any fibre model. The drgsim-vs-NEURON comparisons follow.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from drgsim import units as u
from drgsim.neuron.cable import CableModel

pytestmark = pytest.mark.neuron_xcheck

pytest.importorskip("neuron")

from drgsim.neuron.backends import nrn  # noqa: E402


@pytest.fixture(scope="session")
def nrn_h(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """``neuron.h`` with the drgsim mechanisms compiled (once per test session) and loaded."""
    build = tmp_path_factory.mktemp("nrnmech") / nrn.mechanisms_hash()
    return nrn.load_mechanisms(nrn.compile_mechanisms(build))


def _passive_model(*, double: bool, junction: bool) -> CableModel:
    """A small branched cable: chain 0-1-2, then a junction (or a short compartment) 3 with two
    two-compartment branches; every property varies along the cable."""
    if junction:
        parent = [-1, 0, 1, 2, 3, 4, 3, 6]
        length = np.array([50, 40, 30, 0, 60, 20, 25, 35]) * u.um
    else:
        parent = [-1, 0, 1, 2, 3, 4, 5, 6]
        length = np.array([50, 40, 30, 10, 60, 20, 25, 35]) * u.um
    n = len(parent)
    layer: dict[str, Any] = {}
    if double:
        layer = {
            "periaxonal_xraxial": np.linspace(2e9, 6e9, n),  # [ohm/m]
            "periaxonal_xg": np.linspace(5.0, 20.0, n),  # [S/m^2]
            "periaxonal_xc": np.linspace(1e-3, 3e-3, n),  # [F/m^2]
        }
    return CableModel(
        name="passive",
        parent=np.array(parent),
        length=length,
        diameter=np.array([2, 2, 1.5, 1.5, 1, 1, 0.8, 0.8]) * u.um,
        position=np.zeros((n, 3)),
        region=np.zeros(n),
        kind=np.zeros(n),
        cm=np.linspace(1, 2, n) * u.uF_per_cm2,
        ra=np.linspace(70, 150, n) * u.ohm_cm,
        g_leak=np.linspace(1e-4, 3e-4, n) * u.S_per_cm2,
        e_leak=np.linspace(-70, -60, n) * u.mV,
        v_init=np.linspace(-70, -60, n) * u.mV,
        temperature=u.celsius(37),
        **layer,
    )


def _laplacian(parent: np.ndarray, half: np.ndarray) -> np.ndarray:
    """Conductance Laplacian of the tree with half-compartment resistances ``half`` [ohm]."""
    n = parent.size
    lap = np.zeros((n, n))
    for i in range(n):
        p = parent[i]
        if p >= 0:
            g = 1.0 / (half[i] + half[p])
            lap[i, i] += g
            lap[p, p] += g
            lap[i, p] -= g
            lap[p, i] -= g
    return lap


def _passive_reference(
    model: CableModel, phi: np.ndarray, wave: np.ndarray, amp: float, dt: float, clamp: int
) -> np.ndarray:
    """Backward Euler for the passive cable, dense, membrane potential ``(n_comp, n_t + 1)``.

    Unknowns: interior potential per compartment and, for a double cable, the periaxonal
    potential, tied to the applied potential ``e = phi * amp * wave`` through ``xg`` and ``xc``
    in parallel. A single cable sits directly in ``e``.
    """
    n = model.n_comp
    area = model.area
    half_r = model.ra * model.length / 2 / (np.pi * model.diameter**2 / 4)
    g_ax = _laplacian(model.parent, half_r)
    c_m, g_m = model.cm * area, model.g_leak * area
    if not model.is_double_cable:
        a = np.diag(c_m / dt + g_m) + g_ax
        vm = model.v_init.copy()
        out = [vm]
        for k in range(wave.size):
            rhs = c_m / dt * vm + g_m * model.e_leak - g_ax @ (phi * amp * wave[k])
            rhs[clamp] += amp * wave[k]
            vm = np.linalg.solve(a, rhs)
            out.append(vm)
        return np.array(out).T
    assert model.periaxonal_xraxial is not None and model.periaxonal_xg is not None
    assert model.periaxonal_xc is not None
    g_peri = _laplacian(model.parent, model.periaxonal_xraxial * model.length / 2)
    xg, xc = model.periaxonal_xg * area, model.periaxonal_xc * area
    ii, pp = np.s_[:n], np.s_[n:]
    cap = np.zeros((2 * n, 2 * n))
    cond = np.zeros((2 * n, 2 * n))
    cap[ii, ii] = np.diag(c_m)
    cap[ii, pp] = cap[pp, ii] = -np.diag(c_m)
    cap[pp, pp] = np.diag(c_m + xc)
    cond[ii, ii] = np.diag(g_m) + g_ax
    cond[ii, pp] = cond[pp, ii] = -np.diag(g_m)
    cond[pp, pp] = np.diag(g_m + xg) + g_peri
    x = np.concatenate([model.v_init, np.zeros(n)])
    out = [model.v_init.copy()]
    e_old = np.zeros(n)
    for k in range(wave.size):
        e = phi * amp * wave[k]
        rhs = cap @ x / dt
        rhs[ii] += g_m * model.e_leak
        rhs[pp] += -g_m * model.e_leak + xg * e + xc * (e - e_old) / dt
        rhs[clamp] += amp * wave[k]
        x = np.linalg.solve(cap / dt + cond, rhs)
        out.append(x[ii] - x[pp])
        e_old = e
    return np.array(out).T


@pytest.mark.parametrize("double", [False, True], ids=["single", "double"])
@pytest.mark.parametrize("junction", [True, False], ids=["junction", "chain"])
def test_nrn_passive_matches_closed_form(nrn_h: Any, double: bool, junction: bool) -> None:
    """NEURON's circuit equals the CableModel's: same traces to round-off, with a zero-length
    junction mapped to the parent's 1-end node, the periaxonal layer and both stimuli."""
    model = _passive_model(double=double, junction=junction)
    phi = np.linspace(1.0, 5.0, model.n_comp) * u.V / u.mA
    wave = np.zeros(300)
    wave[20:60], wave[60:100] = 1.0, -0.5
    dt, amp = 10 * u.us, 1 * u.nA
    runner = nrn.NrnRunner(
        nrn_h, model, dt=dt, waveform=wave, phi=phi, clamp_site=1, record=tuple(range(8))
    )
    got = runner.run(amp).traces
    want = _passive_reference(model, phi, wave, amp, dt, clamp=1)
    swing = np.abs(want - want[:, :1]).max()
    assert swing > 10 * u.mV  # the stimulus does something
    shown = model.length > 0  # a junction's membrane potential is not defined
    np.testing.assert_allclose(got[shown], want[shown], rtol=0, atol=1e-7 * swing)


def test_nrn_mechanisms_hash_tracks_mod_files() -> None:
    """The cache key covers every shipped mechanism, one per channel family."""
    names = {p.stem for p in nrn.mod_files()}
    assert names == set(nrn.PARAMETER_UNITS)
    assert len(nrn.mechanisms_hash()) == 16
