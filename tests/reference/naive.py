"""Slow numpy twin of the cable kernel: dense matrices, plain-Python channel functions.

Independent formulation: unknowns are the intracellular potential ``vi`` and the periaxonal
potential ``e`` (``v = vi - e``), assembled as a dense matrix from the CableModel itself (not from
CableArrays) and solved with ``numpy.linalg.solve``. Same time discretisation as the kernel
(NEURON fixed step: currents linearised at v, backward Euler, then gating with the new v).
"""

from __future__ import annotations

import numpy as np

from drgsim.neuron.cable import CableModel
from drgsim.neuron.channels import CHANNELS

DV = 1e-6


def _conductances(model: CableModel, resistivity_per_length: np.ndarray) -> np.ndarray:
    """Dense symmetric conductance matrix (off-diagonal couplings only) [S]."""
    n = model.n_comp
    g = np.zeros((n, n))
    for i in range(n):
        p = model.parent[i]
        if p < 0:
            continue
        r = resistivity_per_length[i] * model.length[i] / 2 + (
            resistivity_per_length[p] * model.length[p] / 2
        )
        if r > 0:
            g[i, p] = g[p, i] = 1.0 / r
    return g


def simulate_naive(model, waveform, dt, amplitude, phi=None, inj=None, threshold=-0.02):
    """Return (v trace (n_t + 1, n), first crossing compartment, crossing step)."""
    n = model.n_comp
    area = model.area
    cross = np.pi * model.diameter**2 / 4
    G = _conductances(model, model.ra / cross)
    double = model.is_double_cable
    GX = _conductances(model, model.periaxonal_xraxial) if double else np.zeros((n, n))
    xg = model.periaxonal_xg * area if double else np.zeros(n)
    xc = model.periaxonal_xc * area if double else np.zeros(n)
    phi = np.zeros(n) if phi is None else np.asarray(phi)
    inj = np.zeros(n) if inj is None else np.asarray(inj)
    cap = model.cm * area
    mechs = []
    for m in model.mechanisms:
        fam = CHANNELS[m.family]
        p = np.array(
            [m.params.get(k, d) for k, d in zip(fam.param_names, fam.default_params, strict=True)]
        )
        comps = np.flatnonzero(m.density > 0)
        states = np.zeros((comps.size, fam.n_states))
        for j, c in enumerate(comps):
            fam.steady_state(model.v_init[c], model.temperature, p, states[j])
        mechs.append((fam, p, comps, m.density[comps], states))
    v = model.v_init.copy()
    e = np.zeros(n)
    out = [v.copy()]
    first = (-1, -1)
    drive_prev = 0.0
    T = model.temperature
    for k, w in enumerate(waveform):
        drive = amplitude * w
        iion = model.g_leak * area * (v - model.e_leak)
        gd = model.g_leak * area
        for fam, p, comps, dens, states in mechs:
            for j, c in enumerate(comps):
                i0 = fam.current(v[c], T, states[j], dens[j], p)
                i1 = fam.current(v[c] + DV, T, states[j], dens[j], p)
                iion[c] += area[c] * i0
                gd[c] += area[c] * (i1 - i0) / DV
        cg = cap / dt + gd
        ph = drive * phi
        ph_prev = drive_prev * phi
        A = np.zeros((2 * n, 2 * n))
        b = np.zeros(2 * n)
        # rows 0..n-1: intracellular KCL, unknown vi (cols 0..n-1), e (cols n..2n-1)
        lap = G - np.diag(G.sum(axis=1))
        A[:n, :n] = np.diag(cg) - lap
        A[:n, n:] = -np.diag(cg)
        b[:n] = cg * v - iion + drive * inj
        if double:
            lapx = GX - np.diag(GX.sum(axis=1))
            # periaxonal KCL: lapx e + membrane current
            #   = xg (e - ph) + xc/dt (e - ph - e_old + ph_prev)
            A[n:, :n] = np.diag(cg)
            A[n:, n:] = -np.diag(cg) + lapx - np.diag(xg + xc / dt)
            b[n:] = cg * v - iion - xg * ph - xc / dt * (ph + e - ph_prev)
        else:
            A[n:, n:] = np.eye(n)
            b[n:] = ph
        x = np.linalg.solve(A, b)
        vnew = x[:n] - x[n:]
        if first[0] < 0:
            crossed = np.flatnonzero((v < threshold) & (vnew >= threshold))
            if crossed.size:
                first = (int(crossed[np.argmax(vnew[crossed])]), k)
        e = x[n:].copy()
        v = vnew
        for fam, p, comps, _dens, states in mechs:
            for j, c in enumerate(comps):
                fam.advance(v[c], T, dt, p, states[j])
        out.append(v.copy())
        drive_prev = drive
    return np.array(out), first
