"""Run a :class:`~drgsim.neuron.cable.CableModel` in NEURON, for cross-checks.

The NEURON model is built from the same description as drgsim's own solver, so both simulate the
identical circuit (see :mod:`drgsim.neuron.cable`):

- one section per positive-length compartment (``nseg = 1``; ``L``, ``diam``, ``cm``, ``Ra``
  converted from SI), each child's 0-end connected to its parent's 1-end. A zero-length junction
  compartment is NEURON's zero-area node at its parent's 1-end: the children of a junction hang
  off the 1-end of the junction's own parent section;
- the leak as ``pas``; every channel family as the NEURON mechanism of the same name (the
  ``.mod`` files in ``backends/mod/``, transcribed independently from the published models and
  citing them), density as ``gbar`` (for the pump its maximal current, :data:`DENSITY_UNITS`),
  parameters by the family's parameter names;
- the periaxonal layer of double cables (MRG) as layer 0 of ``extracellular`` (``xraxial``,
  ``xg``, ``xc``; two layers, NEURON's default, as ``MRGaxon.hoc`` runs); single cables get a
  layer shorted to the applied potential (``xg = 1e10 S/cm^2``), so the extracellular drive is
  exactly the applied potential;
- the extracellular drive ``phi * amplitude * waveform`` played into ``e_extracellular``, sample
  ``k`` held over the step from ``t_k`` to ``t_k + dt``; intracellular stimuli as ``IClamp``;
- temperature as ``h.celsius``; fixed-step backward Euler (``secondorder = 0``);
- ion accumulation (:class:`~drgsim.neuron.ions.IonAccumulation`) as the pool mechanisms of
  :mod:`.nrn_ions`, whose docstring says how NEURON then integrates drgsim's equations.

NEURON is an optional extra (``pip install 'drgsim[neuron]'``); it is imported lazily. The
mechanisms are compiled with ``nrnivmodl`` into a directory the caller hands in
(:func:`compile_mechanisms`), since this layer writes no files of its own choosing.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from importlib import resources
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from drgsim import units as u
from drgsim._typing import FloatArray
from drgsim.errors import ConfigurationError, MissingExtraError, SolverError
from drgsim.neuron.backends import nrn_ions
from drgsim.neuron.cable import CableModel

logger = logging.getLogger(__name__)

#: Extracellular-layer conductance that shorts a single cable's membrane to the applied
#: potential [S/m^2] (NEURON's conventional 1e10 S/cm^2, also MRG's nodal ``xg``).
SHORT_XG = 1e10 / u.cm2
#: Periaxonal axial resistance of a shorted single-cable layer [ohm/m] (NEURON's 1e9 Mohm/cm).
OPEN_XRAXIAL = 1e9 * u.Mohm / u.cm

# SI -> NEURON unit factors.
_UM = 1.0 / u.um  # m -> um
_OHM_CM = 1.0 / u.ohm_cm  # ohm m -> ohm cm
_UF_PER_CM2 = 1.0 / u.uF_per_cm2  # F/m^2 -> uF/cm^2
_S_PER_CM2 = 1.0 / u.S_per_cm2  # S/m^2 -> S/cm^2
_MOHM_PER_CM = 1.0 / (u.Mohm / u.cm)  # ohm/m -> Mohm/cm
_MV = 1.0 / u.mV  # V -> mV
_MS = 1.0 / u.ms  # s -> ms
_NA = 1.0 / u.nA  # A -> nA

#: Unit factor SI -> NEURON for every family parameter the ``.mod`` files expose. A family
#: parameter missing here is an error, so a renamed parameter cannot be silently dropped.
PARAMETER_UNITS: dict[str, dict[str, float]] = {
    "mrg_naf": {"e_na": _MV},
    "mrg_nap": {"e_na": _MV},
    "mrg_ks": {"e_k": _MV},
    "gaines_naf": {"e_na": _MV},
    "gaines_nap": {"e_na": _MV},
    "gaines_ks": {"e_k": _MV},
    "gaines_kf": {"e_k": _MV},
    "sundt_na": {"e_na": _MV, "m_shift": _MV, "h_shift": _MV, "i_shift": _MV},
    "sundt_kdr": {"e_k": _MV},
    "sundt_km": {"e_k": _MV, "v_shift": _MV},
    "rattay_na": {"e_na": _MV},
    "rattay_k": {"e_k": _MV},
    "sundt_cal": {"e_ca": _MV},
    "sundt_pump": {"km1": 1.0 / u.mM, "hill": 1.0},
    "sundt_sk": {
        "e_k": _MV,
        "ca_rest": 1.0 / u.mM,
        "tau_ca": _MS,
        "ca_per_charge": 1.0 / (u.mM * u.cm2 / (u.mA * u.ms)),
    },
    "jaffe_gaba": {"e_gaba": _MV},
    "jaffe_ttxs": {"e_na": _MV},
    "jaffe_kdr": {"e_k": _MV, "celsius_t": 1.0},
}

#: Unit factor SI -> NEURON of ``gbar`` where it is not a conductance density (S/m^2).
DENSITY_UNITS: dict[str, float] = {"sundt_pump": 1.0 / (u.mA / u.cm2)}  # A/m^2 -> mA/cm^2


def _neuron() -> ModuleType:
    try:
        import neuron
    except ImportError as exc:  # pragma: no cover - the extra is installed in CI
        raise MissingExtraError("neuron", "neuron") from exc
    module: ModuleType = neuron
    return module


def mod_files() -> list[Path]:
    """Return the shipped ``.mod`` files (one per channel family, and the ion pools of
    :data:`.nrn_ions.POOL_MECHANISMS`), sorted by name."""
    root = resources.files("drgsim.neuron.backends") / "mod"
    return sorted(Path(str(p)) for p in root.iterdir() if p.name.endswith(".mod"))


def mechanisms_hash() -> str:
    """Return a short content hash of the shipped ``.mod`` files (a cache key)."""
    digest = hashlib.sha256()
    for path in mod_files():
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _library(build_dir: Path) -> Path | None:
    found = sorted(build_dir.glob("*/libnrnmech.so")) + sorted(build_dir.glob("*/.libs/*.so"))
    return found[0] if found else None


def compile_mechanisms(build_dir: Path) -> Path:
    """Compile the shipped mechanisms with ``nrnivmodl`` into ``build_dir``, once.

    Parameters
    ----------
    build_dir
        Directory to hold the compiled mechanisms. A directory that already holds them is
        reused; use one directory per :func:`mechanisms_hash` (e.g. ``cache/<hash>``).

    Returns
    -------
    Path
        ``build_dir``, ready for :func:`load_mechanisms`.
    """
    _neuron()
    build_dir = Path(build_dir)
    if _library(build_dir) is not None:
        return build_dir
    nrnivmodl = shutil.which("nrnivmodl") or str(Path(sys.executable).parent / "nrnivmodl")
    if not Path(nrnivmodl).exists():
        raise MissingExtraError("neuron", "nrnivmodl (NEURON's mechanism compiler)")
    build_dir.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=build_dir.parent, prefix=".nrnivmodl-") as tmp:
        for path in mod_files():
            shutil.copy(path, tmp)
        env = dict(os.environ)
        env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
        done = subprocess.run(
            [nrnivmodl, "."], cwd=tmp, env=env, capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise SolverError(f"nrnivmodl failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
        try:
            os.replace(tmp, build_dir)  # atomic: concurrent compilers keep the first result
        except OSError:
            if _library(build_dir) is None:
                raise
        Path(tmp).mkdir(exist_ok=True)  # let the context manager clean up
    logger.info("compiled NEURON mechanisms into %s", build_dir)
    return build_dir


def load_mechanisms(build_dir: Path) -> Any:
    """Load compiled mechanisms into this process's NEURON (once) and return ``neuron.h``."""
    neuron = _neuron()
    h = neuron.h
    if not _has_mechanism(h, "mrg_naf") and not neuron.load_mechanisms(
        str(build_dir), warn_if_already_loaded=False
    ):
        raise SolverError(f"could not load NEURON mechanisms from {build_dir}")
    h.load_file("stdrun.hoc")
    return h


def _has_mechanism(h: Any, name: str) -> bool:
    mt = h.MechanismType(0)
    names = h.ref("")
    for k in range(int(mt.count())):
        mt.select(k)
        mt.selected(names)
        if names[0] == name:
            return True
    return False


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class NrnCell:
    """A :class:`CableModel` instantiated in NEURON.

    ``segment[i]`` is the NEURON segment (or, for a junction, the zero-area node) that stands
    for compartment ``i``. Sections live as long as this object.
    """

    model: CableModel
    sections: tuple[Any, ...]
    segment: tuple[Any, ...]


def build_cell(h: Any, model: CableModel) -> NrnCell:
    """Build ``model`` in NEURON (see the module docstring for the mapping).

    Parameters
    ----------
    h
        ``neuron.h`` with the drgsim mechanisms loaded (:func:`load_mechanisms`).
    model
        The cable model, in SI.
    """
    # NEURON's default two layers, as MRGaxon.hoc runs: layer 0 is the periaxonal space, layer 1
    # (xg 1e9 S/cm2, xc 0, xraxial 1e9 MOhm/cm, NEURON's defaults) ties it to e_extracellular,
    # so xc[0] carries xc d(e - phi)/dt. With one layer NEURON would send xc d(e)/dt to ground
    # instead, which moves MRG thresholds by up to 18 % at 50 us.
    h.nlayer_extracellular(2)
    nrn_ions.set_ion_defaults(h)
    n = model.n_comp
    parent = model.parent
    # anchor[i]: (section, x) of the node that stands for compartment i.
    anchor: list[tuple[Any, float] | None] = [None] * n
    sections: list[Any] = []
    double = model.is_double_cable
    for i in range(n):
        if model.length[i] == 0.0:
            if parent[i] < 0:
                raise ConfigurationError(
                    "length", f"root compartment {i} has length 0", "> 0 for a root compartment"
                )
            p_anchor = anchor[parent[i]]
            assert p_anchor is not None  # Hines order
            if p_anchor[1] != 0.5:  # a junction hanging off a junction
                anchor[i] = p_anchor
            else:
                anchor[i] = (p_anchor[0], 1.0)
            continue
        sec = h.Section(name=f"{model.name}_{i}")
        sec.nseg = 1
        sec.L = model.length[i] * _UM
        sec.diam = model.diameter[i] * _UM
        sec.cm = model.cm[i] * _UF_PER_CM2
        sec.Ra = model.ra[i] * _OHM_CM
        sec.insert("pas")
        seg = sec(0.5)
        seg.pas.g = model.g_leak[i] * _S_PER_CM2
        seg.pas.e = model.e_leak[i] * _MV
        sec.insert("extracellular")
        if double:
            assert model.periaxonal_xraxial is not None
            assert model.periaxonal_xg is not None and model.periaxonal_xc is not None
            seg.xraxial[0] = model.periaxonal_xraxial[i] * _MOHM_PER_CM
            seg.xg[0] = model.periaxonal_xg[i] * _S_PER_CM2
            seg.xc[0] = model.periaxonal_xc[i] * _UF_PER_CM2
            seg.xraxial[1], seg.xg[1], seg.xc[1] = 1e9, 1e9, 0.0  # NEURON's defaults
        else:
            seg.xraxial[0] = OPEN_XRAXIAL * _MOHM_PER_CM
            seg.xg[0] = SHORT_XG * _S_PER_CM2
            seg.xc[0] = 0.0
        if parent[i] >= 0:
            p_anchor = anchor[parent[i]]
            assert p_anchor is not None
            sec.connect(p_anchor[0](1.0), 0.0)
        anchor[i] = (sec, 0.5)
        sections.append(sec)
    _insert_mechanisms(model, anchor)
    segment = tuple(sec(x) for sec, x in anchor)  # type: ignore[misc]
    return NrnCell(model=model, sections=tuple(sections), segment=segment)


def _insert_mechanisms(model: CableModel, anchor: list[tuple[Any, float] | None]) -> None:
    import importlib

    import drgsim.neuron.channels as channels

    registry: Any = getattr(channels, "CHANNELS", None)  # the families' cited defaults
    families: dict[str, Any] = {}
    for mech in model.mechanisms:
        if mech.family not in PARAMETER_UNITS:
            raise ConfigurationError(
                "mechanism.family",
                mech.family,
                f"one of the families with a NEURON mechanism: {sorted(PARAMETER_UNITS)}",
                "write its .mod file in drgsim/neuron/backends/mod and list its parameters",
            )
        if registry is not None:
            families[mech.family] = registry[mech.family]
        else:
            module = importlib.import_module(f"drgsim.neuron.channels.{mech.family}")
            families[mech.family] = module.FAMILY
    nrn_ions.check_supported(model, {name: f.carries for name, f in families.items()})
    nrn_ions.insert_pools(model, anchor)
    for mech in model.mechanisms:
        units = PARAMETER_UNITS[mech.family]
        family = families[mech.family]
        density_unit = DENSITY_UNITS.get(mech.family, _S_PER_CM2)
        params = dict(zip(family.param_names, family.default_params, strict=True))
        params.update(mech.params)
        unknown = sorted(set(params) - set(units))
        if unknown:
            raise ConfigurationError(
                f"mechanism[{mech.family}].params",
                unknown,
                f"parameters of the NEURON mechanism: {sorted(units)}",
            )
        for i, a in enumerate(anchor):
            assert a is not None
            sec, x = a
            if x != 0.5 or mech.density[i] == 0.0:
                continue
            if not sec.has_membrane(mech.family):
                sec.insert(mech.family)
            target = getattr(sec(0.5), mech.family)
            target.gbar = mech.density[i] * density_unit
            for name, value in params.items():
                setattr(target, name, value * units[name])
            if nrn_ions.pooled(model, mech.family, i):
                target.pooled = 1.0


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class NrnResponse:
    """What one NEURON run produced.

    Attributes
    ----------
    crossing_time
        First time each compartment's membrane potential rose through the detection voltage
        [s], linearly interpolated within the step, shape ``(n_comp,)``; NaN where it never
        did. Junctions take their parent's value.
    traces
        Membrane potential [V] of the recorded compartments, shape ``(n_record, n_t + 1)``
        (column 0 is the initial state).
    concentrations
        ``[Na]i, [K]i, [Na]o, [K]o`` [mol/m^3] of the recorded compartments, shape
        ``(n_record, 4, n_t + 1)``; NaN where a compartment has no ion pools. ``None`` for a
        model without pools.
    reversals
        E_Na and E_K [V] at those concentrations, shape ``(n_record, 2, n_t + 1)``.
    """

    crossing_time: FloatArray
    traces: FloatArray
    concentrations: FloatArray | None = None
    reversals: FloatArray | None = None


class NrnRunner:
    """Runs one NEURON cell repeatedly at different stimulus amplitudes.

    Parameters
    ----------
    h
        ``neuron.h`` with the mechanisms loaded.
    model
        The cable model [SI].
    dt
        Time step [s].
    waveform
        Stimulus waveform [1], shape ``(n_t,)``; sample ``k`` is held from ``k * dt`` to
        ``(k + 1) * dt``. The run lasts ``n_t`` steps.
    phi
        Extracellular potential per compartment at unit current [V/A], shape ``(n_comp,)``;
        ``None`` for no extracellular drive.
    clamp_site
        Compartment receiving an intracellular current ``amplitude * waveform`` [A] (positive
        depolarises), or ``None``.
    injection
        Alternatively, the injected current per compartment at unit amplitude [A/A], shape
        ``(n_comp,)`` (drgsim's ``Stimulus.intracellular``); one ``IClamp`` per nonzero entry.
    record
        Compartments whose membrane potential is recorded.
    detect_voltage
        Membrane potential whose upward crossing marks an action potential [V].
    detect
        Compartments whose crossings are watched; default every positive-length one (a
        threshold search needs only its detection points, and watching fewer is faster).
    """

    def __init__(
        self,
        h: Any,
        model: CableModel,
        *,
        dt: float,
        waveform: FloatArray,
        phi: FloatArray | None = None,
        clamp_site: int | None = None,
        injection: FloatArray | None = None,
        record: tuple[int, ...] = (),
        detect_voltage: float = -20 * u.mV,
        detect: Sequence[int] | None = None,
    ) -> None:
        wave = np.ascontiguousarray(waveform, dtype=np.float64)
        if wave.ndim != 1 or wave.size == 0:
            raise ConfigurationError("waveform", f"shape {wave.shape}", "a non-empty 1-D array")
        if not dt > 0:
            raise ConfigurationError("dt", dt, "> 0 s")
        weights = np.zeros(model.n_comp)
        if injection is not None:
            weights = np.ascontiguousarray(injection, dtype=np.float64)
            if weights.shape != (model.n_comp,):
                raise ConfigurationError(
                    "injection", f"shape {weights.shape}", f"({model.n_comp},)"
                )
        if clamp_site is not None:
            if not 0 <= clamp_site < model.n_comp or model.length[clamp_site] == 0.0:
                raise ConfigurationError(
                    "clamp_site", clamp_site, "a positive-length compartment index"
                )
            weights = weights.copy()
            weights[clamp_site] += 1.0
        if phi is None and not np.any(weights):
            raise ConfigurationError("stimulus", "none", "phi, clamp_site, injection or several")
        self.h = h
        self.model = model
        self.dt = float(dt)
        self.n_t = int(wave.size)
        self.cell = build_cell(h, model)
        # the waveform is held between samples: play only the samples where it changes
        change = np.flatnonzero(np.diff(wave, prepend=np.nan) != 0.0)
        times = h.Vector(change.astype(np.float64) * self.dt * _MS)
        wave = wave[change]
        self._keep: list[Any] = [times]
        self._played: list[tuple[Any, FloatArray]] = []  # (vector, unit-amplitude samples)
        if phi is not None:
            phi_arr = np.ascontiguousarray(phi, dtype=np.float64)
            if phi_arr.shape != (model.n_comp,):
                raise ConfigurationError("phi", f"shape {phi_arr.shape}", f"({model.n_comp},)")
            for i, seg in enumerate(self.cell.segment):
                if model.length[i] == 0.0 or phi_arr[i] == 0.0:
                    continue
                base = phi_arr[i] * wave * _MV  # mV per A of amplitude
                vec = h.Vector(base)
                vec.play(seg._ref_e_extracellular, times, 0)
                self._played.append((vec, base))
        for site in np.flatnonzero(weights):
            clamp = h.IClamp(self.cell.segment[site])  # a junction's: its parent's 1-end
            clamp.dur = 1e9
            clamp.delay = 0.0
            base = weights[site] * wave * _NA
            vec = h.Vector(base)
            vec.play(clamp._ref_amp, times, 0)
            self._keep.append(clamp)
            self._played.append((vec, base))
        self._detect_mV = detect_voltage * _MV
        self._counters: list[tuple[int, Any, Any]] = []  # (compartment, spike times, v)
        watched = range(model.n_comp) if detect is None else sorted({int(i) for i in detect})
        for i in watched:
            if not 0 <= i < model.n_comp:
                raise ConfigurationError("detect", i, f"compartment indices 0-{model.n_comp - 1}")
            seg = self.cell.segment[i]
            if model.length[i] == 0.0:
                if detect is not None:
                    raise ConfigurationError("detect", i, "positive-length compartments")
                continue
            spikes = h.Vector()
            netcon = h.NetCon(seg._ref_v, None, sec=seg.sec)
            netcon.threshold = self._detect_mV
            netcon.record(spikes)
            v_rec = h.Vector()
            v_rec.record(seg._ref_v)  # to interpolate the crossing within its step
            self._keep.append(netcon)
            self._counters.append((i, spikes, v_rec))
        self._traces = []
        self._pools: list[Any | None] = []
        for i in record:
            vec = h.Vector()
            vec.record(self.cell.segment[i]._ref_v)
            self._traces.append(vec)
            self._pools.append(
                nrn_ions.record_concentrations(h, model, self.cell.segment[i], int(i))
            )
        self._pc = h.ParallelContext()
        self._snapshot: tuple[Any, Any, FloatArray] | None = None

    def run(self, amplitude: float, stop: RunStop | None = None) -> NrnResponse:
        """Run once with stimulus ``amplitude`` [A] (negative is cathodic for ``phi``).

        ``stop`` may end the run before its last step (:class:`RunStop`); the traces then hold
        the steps run, and the crossing times those found so far."""
        h = self.h
        amp = float(amplitude)
        for vec, base in self._played:
            vec.from_python(base * amp)
        h.celsius = u.to_celsius(self.model.temperature)
        h.secondorder = 0
        h.dt = self.dt * _MS
        h.steps_per_ms = 1.0 / h.dt
        v_init = self.model.v_init * _MV
        for i, seg in enumerate(self.cell.segment):
            seg.v = v_init[i]
        h.finitialize()
        self._pc.set_maxstep(10)
        if stop is None:
            self._pc.psolve(self.n_t * self.dt * _MS)
            n_expected = self.n_t
        else:
            n_expected = self._run_stopping(stop)
        n_steps = round(h.t / h.dt)
        if n_steps != n_expected:
            raise SolverError(f"NEURON ran {n_steps} steps instead of {n_expected}")
        crossing = np.full(self.model.n_comp, np.nan)
        for i, spikes, v_rec in self._counters:
            if spikes.size():
                # NEURON reports the step's end; interpolate linearly within the step, as drgsim
                after = round(spikes[0] / h.dt)
                v0, v1 = v_rec[after - 1], v_rec[after]
                frac = (self._detect_mV - v0) / (v1 - v0) if v1 != v0 else 1.0
                crossing[i] = (after - 1 + min(max(frac, 0.0), 1.0)) * self.dt
        for j in np.flatnonzero(self.model.length == 0.0):
            crossing[j] = crossing[self.model.parent[j]]  # the junction is its parent's 1-end
        traces = np.full((len(self._traces), self.n_t + 1), np.nan)
        for row, vec in enumerate(self._traces):
            got = np.asarray(vec)[: self.n_t + 1] * u.mV
            traces[row, : got.size] = got
        conc = reversals = None
        if self.model.accumulation is not None:
            conc = np.full((len(self._traces), 4, self.n_t + 1), np.nan)
            for row, vectors in enumerate(self._pools):
                for k, vec in enumerate(vectors or ()):
                    got = np.asarray(vec)[: self.n_t + 1] * u.mM
                    conc[row, k, : got.size] = got
            reversals = nrn_ions.reversals(h, conc)
        return NrnResponse(
            crossing_time=crossing, traces=traces, concentrations=conc, reversals=reversals
        )

    def _run_stopping(self, stop: RunStop) -> int:
        """Advance in chunks of ``stop.check_every`` steps until a stop rule holds; return the
        steps run."""
        h = self.h
        if self._snapshot is None:
            refs = [seg._ref_v for i, seg in enumerate(self.cell.segment) if self.model.length[i]]
            if self.model.is_double_cable:
                refs += [
                    seg._ref_vext[0]
                    for i, seg in enumerate(self.cell.segment)
                    if self.model.length[i]
                ]
            pointers = h.PtrVector(len(refs))
            for k, ref in enumerate(refs):
                pointers.pset(k, ref)
            rest = self.model.v_init[self.model.length > 0] * _MV
            self._snapshot = (pointers, h.Vector(len(refs)), rest)
        pointers, values, rest = self._snapshot
        n_v = rest.size
        tolerance = stop.quiet_tolerance * _MV
        previous: FloatArray | None = None
        k = 0
        while k < self.n_t:
            k_next = min(self.n_t, k + stop.check_every)
            self._pc.psolve(k_next * self.dt * _MS)
            k = k_next
            counters = self._counters
            if stop.when_detected and counters and all(c[1].size() for c in counters):
                break
            if stop.quiet_from is None or k < stop.quiet_from:
                continue
            pointers.gather(values)
            now = values.as_numpy().copy()
            step_limit = stop.quiet_rate * self.dt * _MV * stop.check_every
            quiet = bool(np.all(np.abs(now[:n_v] - rest) <= tolerance))
            quiet &= previous is not None and bool(np.all(np.abs(now - previous) <= step_limit))
            if quiet:
                break
            previous = now
        return k


@dataclass(frozen=True, slots=True, kw_only=True)
class RunStop:
    """When :meth:`NrnRunner.run` may end early: drgsim's ``stop_when_recorded`` and
    ``stop_when_quiet`` (:class:`~drgsim.neuron.simulate.SolverOptions`), tested every
    ``check_every`` steps instead of every step.

    Attributes
    ----------
    when_detected
        End once every watched compartment (``NrnRunner``'s ``detect``) has crossed.
    quiet_from
        From this step on, end once every membrane potential is within ``quiet_tolerance`` of
        its initial value and no potential (periaxonal ones too) changed by more than
        ``quiet_rate`` [V/s] on average since the previous check; ``None``: never.
    quiet_tolerance
        [V].
    quiet_rate
        [V/s].
    check_every
        Steps between checks.
    """

    when_detected: bool = True
    quiet_from: int | None = None
    quiet_tolerance: float = 1.0 * u.mV
    quiet_rate: float = 1.0 * u.mV / u.ms
    check_every: int = 10

    def __post_init__(self) -> None:
        if self.check_every < 1:
            raise ConfigurationError("check_every", self.check_every, ">= 1")


class SearchStatus(IntEnum):
    """Outcome of a threshold search (int8 codes)."""

    OK = 0
    NO_RESPONSE = 1  #: no action potential up to the largest amplitude allowed
    NON_MONOTONIC = 2  #: a larger amplitude failed where a smaller one fired (block)


@dataclass(frozen=True, slots=True, kw_only=True)
class ThresholdSearch:
    """Result of one bisection.

    Attributes
    ----------
    threshold
        Smallest amplitude found to fire [A], signed like the start amplitude; the
        suprathreshold side of the final bracket. NaN unless ``status`` is OK.
    lower, upper
        Final bracket [A] (signed): ``lower`` did not fire, ``upper`` did.
    n_simulations
        Simulations run.
    status
        :class:`SearchStatus`.
    """

    threshold: float
    lower: float
    upper: float
    n_simulations: int
    status: SearchStatus


def bisect_threshold(
    fires: Callable[[float], bool],
    *,
    start: float,
    tolerance: float = 0.01,
    max_amplitude: float,
) -> ThresholdSearch:
    """Find the smallest amplitude that fires, by doubling then bisection.

    The magnitude doubles from ``|start|`` until a run fires (``lower`` is the last that did
    not, 0 at first), then the bracket halves until ``upper - lower <= tolerance * upper``.
    Every response is kept: a bracket whose lower side fired at a larger amplitude than one that
    failed is reported as :attr:`SearchStatus.NON_MONOTONIC`, never as a threshold.

    Parameters
    ----------
    fires
        Runs the model at a signed amplitude [A] and says whether the detection site fired.
    start
        First amplitude tried [A]; its sign is the polarity searched.
    tolerance
        Relative width of the final bracket [1].
    max_amplitude
        Largest magnitude tried [A].
    """
    if start == 0 or not 0 < tolerance < 1 or not max_amplitude >= abs(start):
        raise ConfigurationError(
            "start/tolerance/max_amplitude",
            (start, tolerance, max_amplitude),
            "start != 0, 0 < tolerance < 1, max_amplitude >= |start|",
        )
    sign = 1.0 if start > 0 else -1.0
    tried: dict[float, bool] = {}

    def run(magnitude: float) -> bool:
        tried[magnitude] = bool(fires(sign * magnitude))
        return tried[magnitude]

    lower, upper = 0.0, abs(start)
    while not run(upper):
        lower = upper
        if upper >= max_amplitude:
            return ThresholdSearch(
                threshold=float("nan"),
                lower=sign * lower,
                upper=float("nan"),
                n_simulations=len(tried),
                status=SearchStatus.NO_RESPONSE,
            )
        upper = min(2.0 * upper, max_amplitude)
    while upper - lower > tolerance * upper:
        middle = 0.5 * (lower + upper)
        if run(middle):
            upper = middle
        else:
            lower = middle
    fired = [a for a, f in tried.items() if f]
    failed = [a for a, f in tried.items() if not f]
    monotonic = not failed or not fired or max(failed) < min(fired)
    return ThresholdSearch(
        threshold=sign * upper if monotonic else float("nan"),
        lower=sign * lower,
        upper=sign * upper,
        n_simulations=len(tried),
        status=SearchStatus.OK if monotonic else SearchStatus.NON_MONOTONIC,
    )


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class NrnThresholdTask:
    """One threshold search in NEURON (the arguments of :class:`NrnRunner` plus the search)."""

    model: CableModel
    dt: float  #: [s]
    waveform: FloatArray  #: (n_t,) [1]
    detect: int  #: compartment whose crossing counts as a propagated action potential
    phi: FloatArray | None = None  #: (n_comp,) [V/A]
    clamp_site: int | None = None
    start: float = -0.1 * u.mA  #: [A], signed
    tolerance: float = 0.01  #: [1]
    max_amplitude: float = 10 * u.mA  #: [A]
    detect_voltage: float = -20 * u.mV  #: [V]


def run_threshold_task(h: Any, task: NrnThresholdTask) -> ThresholdSearch:
    """Run one threshold search in this process's NEURON (mechanisms loaded)."""
    runner = NrnRunner(
        h,
        task.model,
        dt=task.dt,
        waveform=task.waveform,
        phi=task.phi,
        clamp_site=task.clamp_site,
        detect_voltage=task.detect_voltage,
    )

    def fires(amplitude: float) -> bool:
        return bool(np.isfinite(runner.run(amplitude).crossing_time[task.detect]))

    return bisect_threshold(
        fires, start=task.start, tolerance=task.tolerance, max_amplitude=task.max_amplitude
    )


_WORKER: dict[str, Any] = {}  # per worker process: its neuron.h and a few built runners
_PENDING: list[NrnThresholdTask] = []  # tasks handed to forked workers by index


def _worker_init(build_dir: str) -> None:
    _WORKER["h"] = load_mechanisms(Path(build_dir))
    _WORKER["runners"] = {}


def _worker_run(index: int) -> ThresholdSearch:
    return run_threshold_task(_WORKER["h"], _PENDING[index])


def _pool(build_dir: Path, processes: int | None) -> Any:
    import multiprocessing

    context = multiprocessing.get_context("fork")  # workers inherit the pending work
    return context.Pool(processes, initializer=_worker_init, initargs=(str(build_dir),))


def run_threshold_tasks(
    tasks: Sequence[NrnThresholdTask], *, build_dir: Path, processes: int | None = None
) -> list[ThresholdSearch]:
    """Run :func:`bisect_threshold` searches in NEURON on a pool of worker processes.

    Parameters
    ----------
    tasks
        The searches.
    build_dir
        Compiled mechanisms (:func:`compile_mechanisms`).
    processes
        Worker processes; default all cores. 1 runs in this process.
    """
    if processes == 1 or len(tasks) <= 1:
        h = load_mechanisms(build_dir)
        return [run_threshold_task(h, t) for t in tasks]
    _PENDING[:] = list(tasks)  # forked workers inherit the tasks (models do not pickle)
    try:
        with _pool(build_dir, processes) as pool:
            return list(pool.map(_worker_run, range(len(tasks)), chunksize=1))
    finally:
        _PENDING.clear()


def find_thresholds_nrn(*args: Any, **kwargs: Any) -> Any:
    """drgsim's threshold search run by NEURON; see
    :func:`drgsim.neuron.backends.nrn_search.find_thresholds_nrn` (same arguments as
    :func:`drgsim.neuron.threshold.find_thresholds`, plus ``build_dir`` and ``processes``)."""
    from drgsim.neuron.backends.nrn_search import find_thresholds_nrn as search

    return search(*args, **kwargs)
