"""numba kernels of the cable solver (the only module of drgsim that imports numba).

Scheme (NEURON's fixed step, Hines 1984, doi:10.1016/0020-7101(84)90008-4): each step of ``dt``

1. membrane currents and their slopes ``di/dv`` are evaluated at the present ``v`` (the slope by
   a 1 uV difference, as NEURON does: ``(i(v + 1e-6) - i(v)) / 1e-6``);
2. the linearised backward-Euler cable equation is solved for the new potentials by Gaussian
   elimination over the tree in Hines order (leaves to roots, then back);
3. gating states are advanced over ``dt`` with the new ``v`` (each family's ``advance``, the
   exact exponential update of NEURON's ``cnexp``; for ``tabulated`` families interpolated
   from a rate table sampled from ``advance`` once per run, see ``GATE_TABLE_*``).

Single cables solve for the membrane potential ``v`` with the extracellular potential entering
as the activating term ``sum_j g_ij (phi_j - phi_i)``. Double cables (MRG) add the periaxonal
potential ``e`` per compartment (NEURON's ``extracellular`` layer: ``xraxial``, ``xg``, ``xc``,
here with ``e_extracellular = phi``), and the elimination works on 2x2 blocks: row 1 is the
membrane balance, row 2 the periaxonal balance (periaxonal axial current + membrane current =
current through the myelin to ``phi``).

Stimulus: during step ``k`` the drive is ``amplitude[b] * waveform[k]`` [A]; the extracellular
potential is that times ``phi`` [V/A]. The injected current is ``amplitude[b] * inj_waveform[k]``
times ``inj`` [1] (``inj_waveform`` is ``waveform`` unless the two drives are timed apart).

Batch: row ``b`` simulates cell ``row_cell[b]`` at ``amplitude[b]``; rows run in parallel on
threads that take chunks of rows as they finish (:func:`run_batch`; the kernel releases the
GIL); each row allocates its work arrays once, nothing is allocated per step, nothing raises:
``status[b]`` is 0 (ok) or 1 (non-finite potential; the row stops).

Adding a channel family
-----------------------
1. Write ``channels/<model>.py`` with a :class:`ChannelFamily` and append it to
   ``channels.FAMILIES`` (its code is its position there).
2. Here, add one line ``_S<k>, _A<k>, _C<k> = _jit_family(FAMILIES[<k>])`` and one branch
   ``if code == <k>:`` in each of ``_steady_state``, ``_advance``, ``_current`` and
   ``_family_currents`` (the plain path's loop over a mechanism's instances), or, for a
   family with ``reads_ions``, in ``_steady_state_ion``, ``_advance_ion``, ``_current_ion``;
   the ``_current*`` branches return the current at ``v`` and at ``v + _DV`` together.

Ions
----
Cells with ion accumulation or ion-reading families (``has_ions``) keep an ion row per
compartment (``drgsim.neuron.ions.ION_FIELDS``) and take the ``_*_ion*`` paths: currents use the
compartment's Nernst potential where ions accumulate, the step's Na+/K+/Ca2+ current densities
are summed into the rows, and after the gates ``_update_ions`` advances the pools. Other cells
run the plain path, unchanged.

Length: over 800 lines because numba may be imported by this module only, and the kernel's
functions (dispatch, membrane, elimination, ion pools) must be compiled together; each function
stays short.

Cache: numba's on-disk cache stamps a function with its own source file only, so a kernel that
inlines a channel family would survive an edit of that family. Every function compiled here is
instead stamped with one fingerprint of all kernel sources (this file, the channel package,
``ions.py``, ``units.py``; see ``_KernelSourceStamp``): any edit there recompiles all of them
on the next call, and numba's own index key adds its version, the CPU and the signature.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import threading
import types
from pathlib import Path

import numpy as np
from numba import config as _numba_config
from numba import get_num_threads, njit
from numba.core import caching as _caching

from drgsim.neuron.channels import FAMILIES
from drgsim.neuron.ions import FARADAY as _FARADAY
from drgsim.neuron.ions import GAS_CONSTANT as _GAS_CONSTANT
from drgsim.neuron.ions import ION_FIELDS

_DV = 1e-6  # [V] NEURON's 0.001 mV for di/dv
_CHANNEL_PACKAGE = "drgsim.neuron.channels"
_N_ION = len(ION_FIELDS)
_ENA, _EK, _NAI, _KI, _NAO, _KO, _INA, _IK, _ICA = range(_N_ION)


def _kernel_sources() -> list[Path]:
    here = Path(__file__).resolve().parent
    return sorted(
        [
            here / "_kernels.py",
            here / "ions.py",
            here.parent / "units.py",
            *(here / "channels").glob("*.py"),
        ]
    )


def _fingerprint(paths: list[Path]) -> str:
    # numba settings from the environment that change the generated code
    flags = [
        f"{name}={getattr(_numba_config, name, '')}"
        for name in ("OPT", "BOUNDSCHECK", "DEBUGINFO_DEFAULT", "CPU_NAME", "CPU_FEATURES")
    ]
    digest = hashlib.sha256(";".join(flags).encode())
    for path in paths:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


_SOURCES = _kernel_sources()
_FINGERPRINT = _fingerprint(_SOURCES)
_SOURCE_FILES = {str(path) for path in _SOURCES}


class _KernelSourceStamp:
    """Cache-locator mixin: functions defined in a kernel source file get the fingerprint of all
    kernel sources as their stamp (numba drops a cached entry whose stamp differs)."""

    @classmethod
    def from_function(cls, py_func, py_file):
        if str(Path(py_file).resolve()) not in _SOURCE_FILES:
            return None
        return super().from_function(py_func, py_file)  # type: ignore[misc]

    def get_source_stamp(self):
        return _FINGERPRINT


class _UserDirKernelLocator(_KernelSourceStamp, _caching.UserProvidedCacheLocator):
    """``NUMBA_CACHE_DIR`` set: cache there."""


class _InTreeKernelLocator(_KernelSourceStamp, _caching.InTreeCacheLocator):
    """Otherwise: the ``__pycache__`` next to the source."""


class _UserWideKernelLocator(_KernelSourceStamp, _caching.UserWideCacheLocator):
    """No writable ``__pycache__`` (e.g. a read-only install): the user's cache directory."""


# numba's order: NUMBA_CACHE_DIR, then __pycache__, then the user-wide directory
for _locator in (_UserWideKernelLocator, _InTreeKernelLocator, _UserDirKernelLocator):
    if _locator not in _caching.CacheImpl._locator_classes:
        _caching.CacheImpl._locator_classes.insert(0, _locator)


def _jit_function(fn, memo):
    """jit-compile a family function and the channel-package helpers it calls, in a private
    copy of its globals (the channel modules themselves are left untouched)."""
    key = id(fn)
    if key in memo:
        return memo[key]
    module_globals = fn.__globals__
    new_globals = dict(module_globals)
    for name in fn.__code__.co_names:
        obj = module_globals.get(name)
        if isinstance(obj, types.FunctionType) and obj.__module__.startswith(_CHANNEL_PACKAGE):
            new_globals[name] = _jit_function(obj, memo)
    copy = types.FunctionType(fn.__code__, new_globals, fn.__name__, fn.__defaults__)
    jitted = njit(cache=True, error_model="numpy")(copy)
    memo[key] = jitted
    return jitted


def _jit_family(family):
    memo: dict[int, object] = {}
    return (
        _jit_function(family.steady_state, memo),
        _jit_function(family.advance, memo),
        _jit_function(family.current, memo),
    )


_S0, _A0, _C0 = _jit_family(FAMILIES[0])  # mrg_naf
_S1, _A1, _C1 = _jit_family(FAMILIES[1])  # mrg_nap
_S2, _A2, _C2 = _jit_family(FAMILIES[2])  # mrg_ks
_S3, _A3, _C3 = _jit_family(FAMILIES[3])  # sundt_na
_S4, _A4, _C4 = _jit_family(FAMILIES[4])  # sundt_kdr
_S5, _A5, _C5 = _jit_family(FAMILIES[5])  # sundt_km
_S6, _A6, _C6 = _jit_family(FAMILIES[6])  # gaines_naf
_S7, _A7, _C7 = _jit_family(FAMILIES[7])  # gaines_nap
_S8, _A8, _C8 = _jit_family(FAMILIES[8])  # gaines_ks
_S9, _A9, _C9 = _jit_family(FAMILIES[9])  # gaines_kf
_S10, _A10, _C10 = _jit_family(FAMILIES[10])  # rattay_na
_S11, _A11, _C11 = _jit_family(FAMILIES[11])  # rattay_k
_S12, _A12, _C12 = _jit_family(FAMILIES[12])  # sundt_pump (reads ions)
_S13, _A13, _C13 = _jit_family(FAMILIES[13])  # sundt_sk (reads ions)
_S14, _A14, _C14 = _jit_family(FAMILIES[14])  # sundt_cal
_S15, _A15, _C15 = _jit_family(FAMILIES[15])  # jaffe_gaba
_S16, _A16, _C16 = _jit_family(FAMILIES[16])  # jaffe_ttxs
_S17, _A17, _C17 = _jit_family(FAMILIES[17])  # jaffe_kdr


@njit(cache=True, error_model="numpy")
def _steady_state(code, v, T, p, s):
    if code == 0:
        _S0(v, T, p, s)
    elif code == 1:
        _S1(v, T, p, s)
    elif code == 2:
        _S2(v, T, p, s)
    elif code == 3:
        _S3(v, T, p, s)
    elif code == 4:
        _S4(v, T, p, s)
    elif code == 5:
        _S5(v, T, p, s)
    elif code == 6:
        _S6(v, T, p, s)
    elif code == 7:
        _S7(v, T, p, s)
    elif code == 8:
        _S8(v, T, p, s)
    elif code == 9:
        _S9(v, T, p, s)
    elif code == 10:
        _S10(v, T, p, s)
    elif code == 11:
        _S11(v, T, p, s)
    elif code == 14:
        _S14(v, T, p, s)
    elif code == 15:
        _S15(v, T, p, s)
    elif code == 16:
        _S16(v, T, p, s)
    elif code == 17:
        _S17(v, T, p, s)


@njit(cache=True, error_model="numpy")
def _advance(code, v, T, dt, p, s):
    if code == 0:
        _A0(v, T, dt, p, s)
    elif code == 1:
        _A1(v, T, dt, p, s)
    elif code == 2:
        _A2(v, T, dt, p, s)
    elif code == 3:
        _A3(v, T, dt, p, s)
    elif code == 4:
        _A4(v, T, dt, p, s)
    elif code == 5:
        _A5(v, T, dt, p, s)
    elif code == 6:
        _A6(v, T, dt, p, s)
    elif code == 7:
        _A7(v, T, dt, p, s)
    elif code == 8:
        _A8(v, T, dt, p, s)
    elif code == 9:
        _A9(v, T, dt, p, s)
    elif code == 10:
        _A10(v, T, dt, p, s)
    elif code == 11:
        _A11(v, T, dt, p, s)
    elif code == 14:
        _A14(v, T, dt, p, s)
    elif code == 15:
        _A15(v, T, dt, p, s)
    elif code == 16:
        _A16(v, T, dt, p, s)
    elif code == 17:
        _A17(v, T, dt, p, s)


@njit(cache=True, error_model="numpy")
def _current(code, v, T, s, g, p):
    """Current density at ``v`` and at ``v + _DV`` (for the slope), in one dispatch."""
    if code == 0:
        return _C0(v, T, s, g, p), _C0(v + _DV, T, s, g, p)
    if code == 1:
        return _C1(v, T, s, g, p), _C1(v + _DV, T, s, g, p)
    if code == 2:
        return _C2(v, T, s, g, p), _C2(v + _DV, T, s, g, p)
    if code == 3:
        return _C3(v, T, s, g, p), _C3(v + _DV, T, s, g, p)
    if code == 4:
        return _C4(v, T, s, g, p), _C4(v + _DV, T, s, g, p)
    if code == 5:
        return _C5(v, T, s, g, p), _C5(v + _DV, T, s, g, p)
    if code == 6:
        return _C6(v, T, s, g, p), _C6(v + _DV, T, s, g, p)
    if code == 7:
        return _C7(v, T, s, g, p), _C7(v + _DV, T, s, g, p)
    if code == 8:
        return _C8(v, T, s, g, p), _C8(v + _DV, T, s, g, p)
    if code == 9:
        return _C9(v, T, s, g, p), _C9(v + _DV, T, s, g, p)
    if code == 10:
        return _C10(v, T, s, g, p), _C10(v + _DV, T, s, g, p)
    if code == 11:
        return _C11(v, T, s, g, p), _C11(v + _DV, T, s, g, p)
    if code == 14:
        return _C14(v, T, s, g, p), _C14(v + _DV, T, s, g, p)
    if code == 15:
        return _C15(v, T, s, g, p), _C15(v + _DV, T, s, g, p)
    if code == 16:
        return _C16(v, T, s, g, p), _C16(v + _DV, T, s, g, p)
    if code == 17:
        return _C17(v, T, s, g, p), _C17(v + _DV, T, s, g, p)
    return 0.0, 0.0


# families whose functions take the compartment's ion row (ChannelFamily.reads_ions)
@njit(cache=True, error_model="numpy")
def _steady_state_ion(code, v, T, p, s, ion):
    if code == 12:
        _S12(v, T, p, s, ion)
    elif code == 13:
        _S13(v, T, p, s, ion)


@njit(cache=True, error_model="numpy")
def _advance_ion(code, v, T, dt, p, s, ion):
    if code == 12:
        _A12(v, T, dt, p, s, ion)
    elif code == 13:
        _A13(v, T, dt, p, s, ion)


@njit(cache=True, error_model="numpy")
def _current_ion(code, v, T, s, g, p, ion):
    if code == 12:
        return _C12(v, T, s, g, p, ion), _C12(v + _DV, T, s, g, p, ion)
    if code == 13:
        return _C13(v, T, s, g, p, ion), _C13(v + _DV, T, s, g, p, ion)
    return 0.0, 0.0


@njit(cache=True, error_model="numpy")
def _init_states(
    c,
    v,
    state,
    mech_start,
    mech_stop,
    mech_code,
    mech_param_start,
    mech_inst_start,
    mech_inst_stop,
    mech_state_start,
    mech_n_states,
    params,
    inst_comp,
    temperature,
):
    T = temperature[c]
    for m in range(mech_start[c], mech_stop[c]):
        code = mech_code[m]
        p = params[mech_param_start[m] :]
        ns = mech_n_states[m]
        off = mech_state_start[m]
        q0 = mech_inst_start[m]
        for q in range(q0, mech_inst_stop[m]):
            o = off + (q - q0) * ns
            _steady_state(code, v[inst_comp[q]], T, p, state[o : o + ns])


@njit(cache=True, error_model="numpy")
def _add_current(q, i0, i1, inst_comp, inst_area, iion, gdi):
    """Add one instance's current at v and at v + _DV to its compartment's sums."""
    i = inst_comp[q]
    iion[i] += inst_area[q] * i0
    gdi[i] += inst_area[q] * (i1 - i0) / _DV


@njit(cache=True, error_model="numpy")
def _family_currents(code, q0, q1, off, ns, v, T, st, comp, g, area, p, iion, gdi):
    """Add the currents of one mechanism's instances ``q0 .. q1 - 1`` (plain path): one loop
    per family, so the family's current is inlined in its loop and the dispatch is paid once
    per mechanism, not once per instance."""
    if code == 0:
        for q in range(q0, q1):
            s, x = st[off + (q - q0) * ns : off + (q - q0 + 1) * ns], v[comp[q]]
            _add_current(
                q, _C0(x, T, s, g[q], p), _C0(x + _DV, T, s, g[q], p), comp, area, iion, gdi
            )
    elif code == 1:
        for q in range(q0, q1):
            s, x = st[off + (q - q0) * ns : off + (q - q0 + 1) * ns], v[comp[q]]
            _add_current(
                q, _C1(x, T, s, g[q], p), _C1(x + _DV, T, s, g[q], p), comp, area, iion, gdi
            )
    elif code == 2:
        for q in range(q0, q1):
            s, x = st[off + (q - q0) * ns : off + (q - q0 + 1) * ns], v[comp[q]]
            _add_current(
                q, _C2(x, T, s, g[q], p), _C2(x + _DV, T, s, g[q], p), comp, area, iion, gdi
            )
    elif code == 3:
        for q in range(q0, q1):
            s, x = st[off + (q - q0) * ns : off + (q - q0 + 1) * ns], v[comp[q]]
            _add_current(
                q, _C3(x, T, s, g[q], p), _C3(x + _DV, T, s, g[q], p), comp, area, iion, gdi
            )
    elif code == 4:
        for q in range(q0, q1):
            s, x = st[off + (q - q0) * ns : off + (q - q0 + 1) * ns], v[comp[q]]
            _add_current(
                q, _C4(x, T, s, g[q], p), _C4(x + _DV, T, s, g[q], p), comp, area, iion, gdi
            )
    elif code == 5:
        for q in range(q0, q1):
            s, x = st[off + (q - q0) * ns : off + (q - q0 + 1) * ns], v[comp[q]]
            _add_current(
                q, _C5(x, T, s, g[q], p), _C5(x + _DV, T, s, g[q], p), comp, area, iion, gdi
            )
    elif code == 6:
        for q in range(q0, q1):
            s, x = st[off + (q - q0) * ns : off + (q - q0 + 1) * ns], v[comp[q]]
            _add_current(
                q, _C6(x, T, s, g[q], p), _C6(x + _DV, T, s, g[q], p), comp, area, iion, gdi
            )
    elif code == 7:
        for q in range(q0, q1):
            s, x = st[off + (q - q0) * ns : off + (q - q0 + 1) * ns], v[comp[q]]
            _add_current(
                q, _C7(x, T, s, g[q], p), _C7(x + _DV, T, s, g[q], p), comp, area, iion, gdi
            )
    elif code == 8:
        for q in range(q0, q1):
            s, x = st[off + (q - q0) * ns : off + (q - q0 + 1) * ns], v[comp[q]]
            _add_current(
                q, _C8(x, T, s, g[q], p), _C8(x + _DV, T, s, g[q], p), comp, area, iion, gdi
            )
    elif code == 9:
        for q in range(q0, q1):
            s, x = st[off + (q - q0) * ns : off + (q - q0 + 1) * ns], v[comp[q]]
            _add_current(
                q, _C9(x, T, s, g[q], p), _C9(x + _DV, T, s, g[q], p), comp, area, iion, gdi
            )
    elif code == 10:
        for q in range(q0, q1):
            s, x = st[off + (q - q0) * ns : off + (q - q0 + 1) * ns], v[comp[q]]
            _add_current(
                q, _C10(x, T, s, g[q], p), _C10(x + _DV, T, s, g[q], p), comp, area, iion, gdi
            )
    elif code == 11:
        for q in range(q0, q1):
            s, x = st[off + (q - q0) * ns : off + (q - q0 + 1) * ns], v[comp[q]]
            _add_current(
                q, _C11(x, T, s, g[q], p), _C11(x + _DV, T, s, g[q], p), comp, area, iion, gdi
            )
    elif code == 14:
        for q in range(q0, q1):
            s, x = st[off + (q - q0) * ns : off + (q - q0 + 1) * ns], v[comp[q]]
            _add_current(
                q, _C14(x, T, s, g[q], p), _C14(x + _DV, T, s, g[q], p), comp, area, iion, gdi
            )
    elif code == 15:
        for q in range(q0, q1):
            s, x = st[off + (q - q0) * ns : off + (q - q0 + 1) * ns], v[comp[q]]
            _add_current(
                q, _C15(x, T, s, g[q], p), _C15(x + _DV, T, s, g[q], p), comp, area, iion, gdi
            )
    elif code == 16:
        for q in range(q0, q1):
            s, x = st[off + (q - q0) * ns : off + (q - q0 + 1) * ns], v[comp[q]]
            _add_current(
                q, _C16(x, T, s, g[q], p), _C16(x + _DV, T, s, g[q], p), comp, area, iion, gdi
            )
    elif code == 17:
        for q in range(q0, q1):
            s, x = st[off + (q - q0) * ns : off + (q - q0 + 1) * ns], v[comp[q]]
            _add_current(
                q, _C17(x, T, s, g[q], p), _C17(x + _DV, T, s, g[q], p), comp, area, iion, gdi
            )


@njit(cache=True, error_model="numpy")
def _membrane(
    c,
    o,
    n,
    v,
    state,
    iion,
    gdi,
    g_leak,
    e_leak,
    mech_start,
    mech_stop,
    mech_code,
    mech_param_start,
    mech_inst_start,
    mech_inst_stop,
    mech_state_start,
    mech_n_states,
    params,
    inst_comp,
    inst_g,
    inst_area,
    temperature,
    pbuf,
    mech_n_params,
):
    """Ionic current [A] and its slope [S] per compartment, at the present v.

    Each mechanism's parameters are copied into the row's writable ``pbuf`` so that every
    current function sees one argument type (and compiles once) on the plain and ion paths."""
    for i in range(n):
        iion[i] = g_leak[o + i] * (v[i] - e_leak[o + i])
        gdi[i] = g_leak[o + i]
    T = temperature[c]
    for m in range(mech_start[c], mech_stop[c]):
        code = mech_code[m]
        start = mech_param_start[m]
        for k in range(mech_n_params[m]):
            pbuf[k] = params[start + k]
        ns = mech_n_states[m]
        off = mech_state_start[m]
        q0 = mech_inst_start[m]
        _family_currents(
            code, q0, mech_inst_stop[m], off, ns, v, T, state, inst_comp, inst_g, inst_area,
            pbuf, iion, gdi,
        )  # fmt: skip


#: Rate tables (``ChannelFamily.tabulated``): grid of membrane potentials [V] on which each
#: tabulated family's update ``s' = A(v) + B(v) s`` is sampled once per run (per family,
#: temperature, parameters and dt); linear interpolation in between, the exact ``advance``
#: outside. 0.05 mV steps keep the interpolation error of the steepest rate (e-fold per 4 mV)
#: near 2e-5 relative.
GATE_TABLE_V_MIN = -0.2
GATE_TABLE_V_MAX = 0.15
GATE_TABLE_STEP = 5e-5
GATE_TABLE_N = round((GATE_TABLE_V_MAX - GATE_TABLE_V_MIN) / GATE_TABLE_STEP) + 1
_TAB_INV_STEP = 1.0 / GATE_TABLE_STEP


@njit(cache=True, error_model="numpy")
def fill_gate_table(code, T, dt, p, ns, out):
    """Sample a tabulated family's update on the grid: ``out[j * 2 ns + 2 k]`` is ``A`` and
    ``out[j * 2 ns + 2 k + 1]`` is ``B`` of state ``k`` at ``GATE_TABLE_V_MIN + j * step``."""
    s = np.empty(max(ns, 1))
    w = 2 * ns
    for j in range(GATE_TABLE_N):
        vj = GATE_TABLE_V_MIN + j * GATE_TABLE_STEP
        for k in range(ns):
            s[k] = 0.0
        _advance(code, vj, T, dt, p, s)
        for k in range(ns):
            out[j * w + 2 * k] = s[k]
            s[k] = 1.0
        _advance(code, vj, T, dt, p, s)
        for k in range(ns):
            out[j * w + 2 * k + 1] = s[k] - out[j * w + 2 * k]


@njit(cache=True, error_model="numpy")
def _advance_exact(code, v, T, dt, p, state, ns, o):
    _advance(code, v, T, dt, p, state[o : o + ns])


@njit(cache=True, error_model="numpy")
def _table_gate(gate_table, lo, hi, f, state, o):
    """One gate from the table rows ``lo`` and ``hi`` at fraction ``f`` between them."""
    a0 = gate_table[lo]
    b0 = gate_table[lo + 1]
    a = a0 + f * (gate_table[hi] - a0)
    b = b0 + f * (gate_table[hi + 1] - b0)
    state[o] = a + b * state[o]


@njit(cache=True, error_model="numpy")
def _advance_mech(m, code, v, T, dt, p, state, ns, off, q0, q1, inst_comp, gate_table, mech_table):
    """Advance one mechanism's instances: from its rate table where it has one and ``v`` is on
    the grid, else by the family's ``advance``."""
    t0 = mech_table[m]
    if t0 < 0:
        for q in range(q0, q1):
            _advance_exact(code, v[inst_comp[q]], T, dt, p, state, ns, off + (q - q0) * ns)
        return
    w = 2 * ns
    top = GATE_TABLE_N - 1.0
    for q in range(q0, q1):
        o = off + (q - q0) * ns
        vq = v[inst_comp[q]]
        x = (vq - GATE_TABLE_V_MIN) * _TAB_INV_STEP
        if x >= 0.0 and x < top:
            j = int(x)
            f = x - j
            lo = t0 + j * w
            hi = lo + w
            if ns == 1:  # the common gate counts, unrolled
                _table_gate(gate_table, lo, hi, f, state, o)
            elif ns == 2:
                _table_gate(gate_table, lo, hi, f, state, o)
                _table_gate(gate_table, lo + 2, hi + 2, f, state, o + 1)
            else:
                for k in range(ns):
                    _table_gate(gate_table, lo + 2 * k, hi + 2 * k, f, state, o + k)
        else:
            _advance_exact(code, vq, T, dt, p, state, ns, o)


@njit(cache=True, error_model="numpy")
def _advance_states(
    c,
    v,
    dt,
    state,
    mech_start,
    mech_stop,
    mech_code,
    mech_param_start,
    mech_inst_start,
    mech_inst_stop,
    mech_state_start,
    mech_n_states,
    params,
    inst_comp,
    temperature,
    gate_table,
    mech_table,
):
    T = temperature[c]
    for m in range(mech_start[c], mech_stop[c]):
        _advance_mech(
            m,
            mech_code[m],
            v,
            T,
            dt,
            params[mech_param_start[m] :],
            state,
            mech_n_states[m],
            mech_state_start[m],
            mech_inst_start[m],
            mech_inst_stop[m],
            inst_comp,
            gate_table,
            mech_table,
        )


@njit(cache=True, error_model="numpy")
def _init_ion_states(
    c,
    o,
    n,
    v,
    state,
    ions,
    ion_init,
    mech_start,
    mech_stop,
    mech_code,
    mech_param_start,
    mech_inst_start,
    mech_inst_stop,
    mech_state_start,
    mech_n_states,
    mech_reads_ions,
    params,
    inst_comp,
    temperature,
):
    """Initial ion rows, then gates at steady state (ion-reading families see the rows)."""
    for i in range(n):
        for f in range(_N_ION):
            ions[i, f] = ion_init[o + i, f]
    T = temperature[c]
    for m in range(mech_start[c], mech_stop[c]):
        code = mech_code[m]
        p = params[mech_param_start[m] :]
        ns = mech_n_states[m]
        off = mech_state_start[m]
        q0 = mech_inst_start[m]
        for q in range(q0, mech_inst_stop[m]):
            i = inst_comp[q]
            o2 = off + (q - q0) * ns
            if mech_reads_ions[m] == 1:
                _steady_state_ion(code, v[i], T, p, state[o2 : o2 + ns], ions[i])
            else:
                _steady_state(code, v[i], T, p, state[o2 : o2 + ns])


@njit(cache=True, error_model="numpy")
def _membrane_ions(
    c,
    o,
    n,
    v,
    state,
    iion,
    gdi,
    g_leak,
    e_leak,
    mech_start,
    mech_stop,
    mech_code,
    mech_param_start,
    mech_inst_start,
    mech_inst_stop,
    mech_state_start,
    mech_n_states,
    params,
    inst_comp,
    inst_g,
    inst_area,
    temperature,
    ions,
    pbuf,
    acc_active,
    mech_n_params,
    mech_reads_ions,
    mech_reversal,
    mech_reversal_ion,
    mech_carries,
):
    """As ``_membrane``, for cells with ion rows: Nernst reversals where ions accumulate,
    ion-reading families, and the step's Na+, K+, Ca2+ current densities into the rows."""
    for i in range(n):
        iion[i] = g_leak[o + i] * (v[i] - e_leak[o + i])
        gdi[i] = g_leak[o + i]
        ions[i, _INA] = 0.0
        ions[i, _IK] = 0.0
        ions[i, _ICA] = 0.0
    T = temperature[c]
    for m in range(mech_start[c], mech_stop[c]):
        code = mech_code[m]
        start = mech_param_start[m]
        n_par = mech_n_params[m]
        for k in range(n_par):
            pbuf[k] = params[start + k]
        rev = mech_reversal[m]
        rion = mech_reversal_ion[m]
        reads = mech_reads_ions[m] == 1
        f_na = mech_carries[m, 0]
        f_k = mech_carries[m, 1]
        f_ca = mech_carries[m, 2]
        ns = mech_n_states[m]
        off = mech_state_start[m]
        q0 = mech_inst_start[m]
        for q in range(q0, mech_inst_stop[m]):
            i = inst_comp[q]
            s = state[off + (q - q0) * ns : off + (q - q0 + 1) * ns]
            g = inst_g[q]
            if rev >= 0:
                # Nernst potential where ions accumulate, the parameter elsewhere
                pbuf[rev] = ions[i, rion] if acc_active[o + i] == 1 else params[start + rev]
            if reads:
                i0, i1 = _current_ion(code, v[i], T, s, g, pbuf, ions[i])
            else:
                i0, i1 = _current(code, v[i], T, s, g, pbuf)
            iion[i] += inst_area[q] * i0
            gdi[i] += inst_area[q] * (i1 - i0) / _DV
            ions[i, _INA] += f_na * i0
            ions[i, _IK] += f_k * i0
            ions[i, _ICA] += f_ca * i0


@njit(cache=True, error_model="numpy")
def _advance_ion_states(
    c,
    v,
    dt,
    state,
    ions,
    mech_start,
    mech_stop,
    mech_code,
    mech_param_start,
    mech_inst_start,
    mech_inst_stop,
    mech_state_start,
    mech_n_states,
    mech_reads_ions,
    params,
    inst_comp,
    temperature,
    gate_table,
    mech_table,
):
    T = temperature[c]
    for m in range(mech_start[c], mech_stop[c]):
        code = mech_code[m]
        p = params[mech_param_start[m] :]
        ns = mech_n_states[m]
        off = mech_state_start[m]
        q0 = mech_inst_start[m]
        if mech_reads_ions[m] == 0:
            _advance_mech(
                m, code, v, T, dt, p, state, ns, off, q0, mech_inst_stop[m], inst_comp,
                gate_table, mech_table,
            )  # fmt: skip
            continue
        for q in range(q0, mech_inst_stop[m]):
            o2 = off + (q - q0) * ns
            _advance_ion(code, v[inst_comp[q]], T, dt, p, state[o2 : o2 + ns], ions[inst_comp[q]])


@njit(cache=True, error_model="numpy")
def _update_ions(
    o,
    n,
    dt,
    T,
    tau_out,
    ions,
    acc_active,
    ion_init,
    acc_na_rate,
    acc_k_rate,
    acc_out_rate,
    acc_diff_parent,
    acc_diff_self,
    acc_diff_other,
    dd,
    rr,
):
    """Advance the pools over ``dt`` with the step's currents (``drgsim.neuron.ions``): inner
    Na+/K+ (explicit flux, as NEURON's KINETIC block with current-only fluxes), Na+ diffusion
    (backward Euler over the tree), outer shells (exact exponential), then Nernst."""
    decay = math.exp(-dt / tau_out)
    any_diffusion = False
    for i in range(n):
        dd[i] = 1.0
        if acc_active[o + i] == 0:
            rr[i] = 0.0
            continue
        i_na = ions[i, _INA]
        i_k = ions[i, _IK]
        ions[i, _NAI] -= dt * acc_na_rate[o + i] * i_na
        ions[i, _KI] -= dt * acc_k_rate[o + i] * i_k
        target = ion_init[o + i, _NAO] + tau_out * acc_out_rate[o + i] * i_na
        ions[i, _NAO] = target + (ions[i, _NAO] - target) * decay
        target = ion_init[o + i, _KO] + tau_out * acc_out_rate[o + i] * i_k
        ions[i, _KO] = target + (ions[i, _KO] - target) * decay
        rr[i] = ions[i, _NAI]
    for i in range(n):
        pd = acc_diff_parent[o + i]
        if pd >= 0:
            any_diffusion = True
            dd[i] += dt * acc_diff_self[o + i]
            dd[pd] += dt * acc_diff_other[o + i]
    if any_diffusion:
        for i in range(n - 1, -1, -1):
            pd = acc_diff_parent[o + i]
            if pd >= 0:
                f = dt * acc_diff_other[o + i] / dd[i]
                dd[pd] -= f * dt * acc_diff_self[o + i]
                rr[pd] += f * rr[i]
        for i in range(n):
            pd = acc_diff_parent[o + i]
            if pd >= 0:
                rr[i] += dt * acc_diff_self[o + i] * rr[pd]
            rr[i] /= dd[i]
    rtf = _GAS_CONSTANT * T / _FARADAY
    for i in range(n):
        if acc_active[o + i] == 1:
            ions[i, _NAI] = rr[i]
            ions[i, _ENA] = rtf * math.log(ions[i, _NAO] / ions[i, _NAI])
            ions[i, _EK] = rtf * math.log(ions[i, _KO] / ions[i, _KI])


@njit(cache=True, error_model="numpy")
def _solve_single(
    o,
    n,
    cdt,
    drive,
    drive_inj,
    v,
    vnew,
    iion,
    gdi,
    d,
    r,
    order,
    parent,
    g_axial,
    g_sum,
    act,
    inj,
):
    """Backward-Euler step of a single cable by Hines elimination; writes vnew.

    ``cdt`` is the row's ``capacitance / dt`` [S]. Compartments are eliminated from the last
    position of ``order`` to the first, along the elimination tree ``parent``/``g_axial``
    (``cable.elimination_tree``). The elimination keeps ``r / d`` in ``r`` and ``g / d`` in
    ``d``, so each compartment costs one division and back-substitution one multiply-add."""
    for i in range(n):
        cg = cdt[i] + gdi[i]
        d[i] = cg + g_sum[o + i]
        r[i] = cg * v[i] - iion[i] + drive * act[o + i] + drive_inj * inj[o + i]
    for k in range(n - 1, -1, -1):
        i = order[o + k]
        inv = 1.0 / d[i]
        ri = r[i] * inv
        r[i] = ri
        pa = parent[o + i]
        if pa >= 0:
            g = g_axial[o + i]
            d[pa] -= g * g * inv
            r[pa] += g * ri
            d[i] = g * inv
    for k in range(n):
        i = order[o + k]
        pa = parent[o + i]
        if pa >= 0:
            vnew[i] = r[i] + d[i] * vnew[pa]
        else:
            vnew[i] = r[i]


@njit(cache=True, error_model="numpy")
def _solve_double(
    o,
    n,
    cdt,
    xcdt_row,
    drive,
    drive_prev,
    drive_inj,
    v,
    e,
    vnew,
    enew,
    iion,
    gdi,
    d11,
    d12,
    d21,
    d22,
    r1,
    r2,
    order,
    parent,
    g_axial,
    g_sum,
    gx_axial,
    gx_sum,
    xg,
    phi,
    inj,
):
    """Backward-Euler step of a double cable by 2x2-block Hines elimination (in ``order``
    along the elimination tree, as :func:`_solve_single`).

    ``cdt`` and ``xcdt_row`` are the row's ``capacitance / dt`` and ``xc / dt`` [S].

    Unknowns per compartment: membrane potential v and periaxonal potential e. The coupling
    block to the parent (both directions) is [[-g, -g], [0, -gx]].
    """
    for i in range(n):
        cg = cdt[i] + gdi[i]
        xcdt = xcdt_row[i]
        ph = drive * phi[o + i]
        ph_prev = drive_prev * phi[o + i]
        d11[i] = cg + g_sum[o + i]
        d12[i] = g_sum[o + i]
        d21[i] = -cg
        d22[i] = gx_sum[o + i] + xg[o + i] + xcdt
        r1[i] = cg * v[i] - iion[i] + drive_inj * inj[o + i]
        r2[i] = -cg * v[i] + iion[i] + xg[o + i] * ph + xcdt * (e[i] + ph - ph_prev)
    # D_i is replaced by its inverse once its children are eliminated (one division each)
    for k in range(n - 1, -1, -1):
        i = order[o + k]
        inv = 1.0 / (d11[i] * d22[i] - d12[i] * d21[i])
        i11 = d22[i] * inv
        i12 = -d12[i] * inv
        i21 = -d21[i] * inv
        i22 = d11[i] * inv
        d11[i] = i11
        d12[i] = i12
        d21[i] = i21
        d22[i] = i22
        pa = parent[o + i]
        if pa < 0:
            continue
        g = g_axial[o + i]
        gx = gx_axial[o + i]
        # X = M D^-1 with M = [[-g, -g], [0, -gx]]
        x11 = -g * (i11 + i21)
        x12 = -g * (i12 + i22)
        x21 = -gx * i21
        x22 = -gx * i22
        # D_p -= X M ; r_p -= X r_i
        d11[pa] -= x11 * (-g)
        d12[pa] -= x11 * (-g) + x12 * (-gx)
        d21[pa] -= x21 * (-g)
        d22[pa] -= x21 * (-g) + x22 * (-gx)
        r1[pa] -= x11 * r1[i] + x12 * r2[i]
        r2[pa] -= x21 * r1[i] + x22 * r2[i]
    for k in range(n):
        i = order[o + k]
        pa = parent[o + i]
        b1 = r1[i]
        b2 = r2[i]
        if pa >= 0:
            g = g_axial[o + i]
            gx = gx_axial[o + i]
            b1 += g * (vnew[pa] + enew[pa])
            b2 += gx * enew[pa]
        vnew[i] = d11[i] * b1 + d12[i] * b2
        enew[i] = d21[i] * b1 + d22[i] * b2


@njit(cache=True, nogil=True, error_model="numpy")
def _run_rows(
    lo,
    hi,
    dt,
    n_t,
    waveform,
    inj_waveform,
    row_cell,
    amplitude,
    order,
    parent,
    g_axial,
    g_sum,
    capacitance,
    g_leak,
    e_leak,
    v_init,
    gx_axial,
    gx_sum,
    xg,
    xc,
    is_candidate,
    comp_start,
    n_comp,
    is_double,
    mech_start,
    mech_stop,
    n_state,
    temperature,
    mech_code,
    mech_param_start,
    mech_inst_start,
    mech_inst_stop,
    mech_state_start,
    mech_n_states,
    params,
    inst_comp,
    inst_g,
    inst_area,
    phi,
    act,
    inj,
    threshold,
    rec_index,
    stop_mask,
    use_stop,
    trace_index,
    trace_stride,
    spike_times,
    spike_count,
    first_index,
    first_time,
    traces,
    status,
    steps_done,
    quiet_from,
    quiet_v,
    quiet_dv,
    has_ions,
    outer_tau,
    mech_n_params,
    mech_reads_ions,
    mech_reversal,
    mech_reversal_ion,
    mech_carries,
    acc_active,
    ion_init,
    acc_na_rate,
    acc_k_rate,
    acc_out_rate,
    acc_diff_parent,
    acc_diff_self,
    acc_diff_other,
    reversal_traces,
    max_params,
    gate_table,
    mech_table,
):
    """Simulate batch rows ``lo`` to ``hi - 1`` (backward Euler, Hines elimination; module
    docstring). Arguments after ``hi`` are :func:`run_batch`'s.

    Outputs (pre-filled by the caller) are written in place: ``spike_times`` (n_rows, n_rec,
    max_spikes) [s], ``spike_count`` (n_rows, n_rec), ``first_index``/``first_time`` (n_rows,)
    first threshold crossing among candidate compartments, ``traces`` (n_rows, n_trace,
    n_samples) [V] every ``trace_stride`` steps from t = 0, ``status`` and ``steps_done``.

    Quiet stop: from step ``quiet_from`` on (the stimulus is over), a row ends once every
    compartment's membrane potential is within ``quiet_v`` [V] of ``v_init`` and neither it nor
    the periaxonal potential moved more than ``quiet_dv`` [V] in the step: nothing more can
    happen there. ``quiet_from >= n_t`` disables it.

    Cells with ``has_ions[c] == 1`` keep an ion row per compartment (``drgsim.neuron.ions``)
    and take the ``_*_ion*`` paths; ``reversal_traces`` (n_rows, n_trace or 0, 2, n_samples)
    receives their E_Na and E_K [V] at the traced compartments. ``has_ions`` is None when no
    cell of the batch has ion rows: numba prunes the ``has_ions is not None`` branches before
    typing, so such batches compile (and cache) a specialisation without the ion path.

    Rate tables: ``gate_table`` (flat, :func:`fill_gate_table` blocks) and ``mech_table``
    (n_mech,) the offset of each mechanism's block there, -1 for none (exact ``advance``).
    """
    n_rec = rec_index.shape[1]
    n_trace = trace_index.shape[1]
    max_spikes = spike_times.shape[2]
    for b in range(lo, hi):
        c = row_cell[b]
        o = comp_start[c]
        n = n_comp[c]
        amp = amplitude[b]
        v = np.empty(n)
        e = np.zeros(n)
        vnew = np.empty(n)
        enew = np.zeros(n)
        iion = np.empty(n)
        gdi = np.empty(n)
        d11 = np.empty(n)
        d12 = np.empty(n)
        d21 = np.empty(n)
        d22 = np.empty(n)
        r1 = np.empty(n)
        r2 = np.empty(n)
        state = np.empty(max(n_state[c], 1))
        # has_ions is None for batches without ion rows: numba then prunes the ion branches
        # below before typing, so those batches never compile the ion path
        ion_cell = False
        if has_ions is not None:
            ion_cell = has_ions[c] == 1
        n_ion_rows = n if ion_cell else 1
        ions = np.zeros((n_ion_rows, _N_ION))
        pbuf = np.empty(max_params)
        dd = np.empty(n_ion_rows)
        rr = np.empty(n_ion_rows)
        n_rev_trace = reversal_traces.shape[1] if ion_cell else 0
        cdt = np.empty(n)
        xcdt = np.empty(n)
        for i in range(n):
            v[i] = v_init[o + i]
            cdt[i] = capacitance[o + i] / dt
            xcdt[i] = xc[o + i] / dt
        if has_ions is not None and ion_cell:
            _init_ion_states(
                c,
                o,
                n,
                v,
                state,
                ions,
                ion_init,
                mech_start,
                mech_stop,
                mech_code,
                mech_param_start,
                mech_inst_start,
                mech_inst_stop,
                mech_state_start,
                mech_n_states,
                mech_reads_ions,
                params,
                inst_comp,
                temperature,
            )
        else:
            _init_states(
                c,
                v,
                state,
                mech_start,
                mech_stop,
                mech_code,
                mech_param_start,
                mech_inst_start,
                mech_inst_stop,
                mech_state_start,
                mech_n_states,
                params,
                inst_comp,
                temperature,
            )
        for j in range(n_trace):
            if trace_index[c, j] >= 0:
                traces[b, j, 0] = v[trace_index[c, j]]
        for j in range(n_rev_trace):
            if trace_index[c, j] >= 0:
                reversal_traces[b, j, 0, 0] = ions[trace_index[c, j], _ENA]
                reversal_traces[b, j, 1, 0] = ions[trace_index[c, j], _EK]
        drive_prev = 0.0
        k_done = n_t
        for k in range(n_t):
            drive = amp * waveform[k]
            drive_inj = amp * inj_waveform[k]
            if has_ions is not None and ion_cell:
                _membrane_ions(
                    c,
                    o,
                    n,
                    v,
                    state,
                    iion,
                    gdi,
                    g_leak,
                    e_leak,
                    mech_start,
                    mech_stop,
                    mech_code,
                    mech_param_start,
                    mech_inst_start,
                    mech_inst_stop,
                    mech_state_start,
                    mech_n_states,
                    params,
                    inst_comp,
                    inst_g,
                    inst_area,
                    temperature,
                    ions,
                    pbuf,
                    acc_active,
                    mech_n_params,
                    mech_reads_ions,
                    mech_reversal,
                    mech_reversal_ion,
                    mech_carries,
                )
            else:
                _membrane(
                    c,
                    o,
                    n,
                    v,
                    state,
                    iion,
                    gdi,
                    g_leak,
                    e_leak,
                    mech_start,
                    mech_stop,
                    mech_code,
                    mech_param_start,
                    mech_inst_start,
                    mech_inst_stop,
                    mech_state_start,
                    mech_n_states,
                    params,
                    inst_comp,
                    inst_g,
                    inst_area,
                    temperature,
                    pbuf,
                    mech_n_params,
                )
            if is_double[c] == 1:
                _solve_double(
                    o,
                    n,
                    cdt,
                    xcdt,
                    drive,
                    drive_prev,
                    drive_inj,
                    v,
                    e,
                    vnew,
                    enew,
                    iion,
                    gdi,
                    d11,
                    d12,
                    d21,
                    d22,
                    r1,
                    r2,
                    order,
                    parent,
                    g_axial,
                    g_sum,
                    gx_axial,
                    gx_sum,
                    xg,
                    phi,
                    inj,
                )
            else:
                _solve_single(
                    o,
                    n,
                    cdt,
                    drive,
                    drive_inj,
                    v,
                    vnew,
                    iion,
                    gdi,
                    d11,
                    r1,
                    order,
                    parent,
                    g_axial,
                    g_sum,
                    act,
                    inj,
                )
            drive_prev = drive
            t0 = k * dt
            # threshold crossings (rising), before v is overwritten
            finite = True
            best = -1
            best_v = -np.inf
            looking = first_index[b] < 0
            for i in range(n):
                vn = vnew[i]
                if not math.isfinite(vn):
                    finite = False
                if looking and v[i] < threshold <= vn and is_candidate[o + i] == 1 and vn > best_v:
                    best = i
                    best_v = vn
            quiet = k >= quiet_from
            if quiet:
                for i in range(n):
                    if (
                        abs(vnew[i] - v_init[o + i]) > quiet_v
                        or abs(vnew[i] - v[i]) > quiet_dv
                        or abs(enew[i] - e[i]) > quiet_dv
                    ):
                        quiet = False
                        break
            if not finite:
                status[b] = 1
                k_done = k
                break
            if best >= 0:
                first_index[b] = best
                first_time[b] = t0 + dt * (threshold - v[best]) / (vnew[best] - v[best])
            all_stop = use_stop == 1
            any_stop = False
            for j in range(n_rec):
                i = rec_index[c, j]
                if i < 0:
                    continue
                if v[i] < threshold <= vnew[i]:
                    cnt = spike_count[b, j]
                    if cnt < max_spikes:
                        spike_times[b, j, cnt] = t0 + dt * (threshold - v[i]) / (vnew[i] - v[i])
                    spike_count[b, j] = cnt + 1
                if stop_mask[c, j] == 1:
                    any_stop = True
                    if spike_count[b, j] == 0:
                        all_stop = False
            # the new potentials become the present ones (the old arrays are overwritten next step)
            v, vnew = vnew, v
            e, enew = enew, e
            if has_ions is not None and ion_cell:
                _advance_ion_states(
                    c,
                    v,
                    dt,
                    state,
                    ions,
                    mech_start,
                    mech_stop,
                    mech_code,
                    mech_param_start,
                    mech_inst_start,
                    mech_inst_stop,
                    mech_state_start,
                    mech_n_states,
                    mech_reads_ions,
                    params,
                    inst_comp,
                    temperature,
                    gate_table,
                    mech_table,
                )
                _update_ions(
                    o,
                    n,
                    dt,
                    temperature[c],
                    outer_tau[c],
                    ions,
                    acc_active,
                    ion_init,
                    acc_na_rate,
                    acc_k_rate,
                    acc_out_rate,
                    acc_diff_parent,
                    acc_diff_self,
                    acc_diff_other,
                    dd,
                    rr,
                )
            else:
                _advance_states(
                    c,
                    v,
                    dt,
                    state,
                    mech_start,
                    mech_stop,
                    mech_code,
                    mech_param_start,
                    mech_inst_start,
                    mech_inst_stop,
                    mech_state_start,
                    mech_n_states,
                    params,
                    inst_comp,
                    temperature,
                    gate_table,
                    mech_table,
                )
            if (k + 1) % trace_stride == 0:
                s_idx = (k + 1) // trace_stride
                for j in range(n_trace):
                    if trace_index[c, j] >= 0:
                        traces[b, j, s_idx] = v[trace_index[c, j]]
                for j in range(n_rev_trace):
                    if trace_index[c, j] >= 0:
                        reversal_traces[b, j, 0, s_idx] = ions[trace_index[c, j], _ENA]
                        reversal_traces[b, j, 1, s_idx] = ions[trace_index[c, j], _EK]
            if (all_stop and any_stop) or quiet:
                k_done = k + 1
                break
        steps_done[b] = k_done


#: Tasks per worker thread in :func:`run_batch`: rows are handed out in chunks of about
#: ``n_rows / (n_workers * TASKS_PER_WORKER)`` (at least one row), small enough to even out
#: rows that stop early against rows that run to the end, large enough that the per-call
#: argument unboxing (tens of microseconds) stays negligible.
TASKS_PER_WORKER = 16


def run_batch(*args: object) -> None:
    """Simulate every batch row: :func:`_run_rows` on ``numba.get_num_threads()`` threads.

    ``args`` are :func:`_run_rows`'s after ``lo, hi``, so ``args[4]`` is ``row_cell``. The
    kernel releases the GIL (``nogil``); each thread takes the next chunk of rows from a shared
    counter until none is left (dynamic scheduling: a row's length depends on when it fires or
    falls quiet). This replaces ``prange``: a ``parallel=True`` kernel compiled its whole call
    tree a second time for the parallel region (about 8 s more on the first call), and split the
    rows into fixed equal shares."""
    n_rows = int(np.asarray(args[4]).size)
    n_workers = max(1, min(get_num_threads(), n_rows))
    if n_workers == 1:
        _run_rows(0, n_rows, *args)
        return
    chunk = max(1, n_rows // (n_workers * TASKS_PER_WORKER))
    counter = itertools.count()
    errors: list[BaseException] = []

    def work() -> None:
        try:
            while (lo := next(counter) * chunk) < n_rows:
                _run_rows(lo, min(lo + chunk, n_rows), *args)
        except BaseException as exc:  # re-raised by the caller's thread
            errors.append(exc)

    threads = [threading.Thread(target=work, daemon=True) for _ in range(n_workers - 1)]
    for thread in threads:
        thread.start()
    work()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
