"""Run the batched cable solver: validate, compile, run the kernel, wrap the result.

>>> from drgsim import units as u
>>> from drgsim.neuron.mrg import build_mrg_axon
>>> from drgsim.neuron.stimulus import Stimulus, monophasic, n_steps
>>> axon = build_mrg_axon(fiber_diameter=10 * u.um, n_nodes=11)
>>> opts = SolverOptions(dt=5 * u.us, t_stop=1 * u.ms)
>>> inj = np.zeros(axon.n_comp); inj[5 * 11] = 1.0
>>> stim = Stimulus(waveform=monophasic(0.1 * u.ms, opts.dt, opts.n_t), intracellular=inj)
>>> res = simulate(axon, stim, [2 * u.nA], opts, record=[[0, 10 * 11]])
>>> res.spike_count[0, 0].tolist()
[1, 1]
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from drgsim import units as u
from drgsim._typing import FloatArray, Int8Array, IntArray
from drgsim.errors import ConfigurationError, SolverError
from drgsim.neuron import _kernels
from drgsim.neuron.cable import CableArrays, CableModel, compile_cables
from drgsim.neuron.channels import FAMILIES
from drgsim.neuron.stimulus import Stimulus, n_steps


@dataclass(frozen=True, slots=True, kw_only=True)
class SolverOptions:
    """Knobs of the cable solver (SI).

    Parameters
    ----------
    dt
        Time step [s]; default 5 us, the step of the published MRG model (``MRGaxon.hoc``).
    t_stop
        Simulated time [s].
    spike_threshold
        Rising crossing that counts as a spike [V] (-20 mV).
    max_spikes
        Spike times kept per recorded compartment (counts are exact beyond it).
    trace_stride
        Keep voltage traces every this many steps.
    stop_when_recorded
        End a batch row as soon as every recorded compartment has spiked once.
    stop_when_quiet
        End a batch row once the stimulus is over and the cell is back at rest: every
        compartment within ``quiet_tolerance`` of its initial potential and changing by less
        than ``quiet_rate * dt`` per step (periaxonal potentials too). Nothing can happen after
        that, so spike counts are unchanged; traces are NaN after the stop.
    quiet_tolerance
        Distance from the initial potential that counts as rest [V] (numerical setting, 1 mV).
    quiet_rate
        Rate of change that counts as still [V/s] (numerical setting, 1 mV/ms).
    rate_tables
        Advance the gates of tabulated families (``ChannelFamily.tabulated``) from rate tables
        sampled once per run on a 0.05 mV grid with linear interpolation, as NEURON's ``TABLE``
        does (default); ``False``: evaluate the rate functions every step.
    """

    dt: float = 5.0 * u.us
    t_stop: float = 5.0 * u.ms
    spike_threshold: float = -20.0 * u.mV
    max_spikes: int = 4
    trace_stride: int = 1
    stop_when_recorded: bool = False
    stop_when_quiet: bool = False
    quiet_tolerance: float = 1.0 * u.mV
    quiet_rate: float = 1.0 * u.mV / u.ms
    rate_tables: bool = True

    def __post_init__(self) -> None:
        if not 0 < self.dt <= 1 * u.ms:
            raise ConfigurationError("dt_us", self.dt / u.us, "0-1000 us")
        if not self.dt <= self.t_stop <= 100.0:
            raise ConfigurationError("t_stop_ms", self.t_stop / u.ms, f"{self.dt / u.ms}-1e5 ms")
        if not -0.2 < self.spike_threshold < 0.2:
            raise ConfigurationError(
                "spike_threshold_mV", self.spike_threshold / u.mV, "-200 to 200 mV"
            )
        if self.max_spikes < 1 or self.trace_stride < 1:
            raise ConfigurationError(
                "max_spikes/trace_stride", (self.max_spikes, self.trace_stride), ">= 1"
            )
        if not (0 < self.quiet_tolerance <= 0.01 and 0 < self.quiet_rate <= 10.0):
            raise ConfigurationError(
                "quiet_tolerance_mV/quiet_rate_mV_per_ms",
                (self.quiet_tolerance / u.mV, self.quiet_rate / (u.mV / u.ms)),
                "0-10 mV and 0-10 mV/ms",
            )

    @property
    def n_t(self) -> int:
        """Number of time steps."""
        return n_steps(self.t_stop, self.dt)


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class SimulationResult:
    """What a batch of simulations produced (SI; shapes use ``n_amp`` amplitudes per cell).

    Attributes
    ----------
    amplitudes
        ``(n_cells, n_amp)`` [A].
    record_index
        ``(n_cells, n_rec)`` recorded compartments (local index, -1 = padding).
    spike_times
        ``(n_cells, n_amp, n_rec, max_spikes)`` rising threshold crossings [s], NaN padded.
    spike_count
        ``(n_cells, n_amp, n_rec)`` number of crossings.
    initiation_index
        ``(n_cells, n_amp)`` compartment that crossed the threshold first (-1: none).
    initiation_time
        ``(n_cells, n_amp)`` its crossing time [s] (NaN: none).
    trace_index, traces, trace_time
        ``(n_cells, n_trace)``, ``(n_cells, n_amp, n_trace, n_samples)`` [V], ``(n_samples,)``
        [s]. Samples after an early stop are NaN.
    status
        ``(n_cells, n_amp)`` 0 ok.
    reversal_traces
        ``(n_cells, n_amp, n_trace, 2, n_samples)`` E_Na and E_K [V] at the traced
        compartments, for cells with ion accumulation (NaN elsewhere); ``None`` when no cell
        has ions.
    steps
        ``(n_cells, n_amp)`` time steps run (fewer after an early stop).
    dt
        Time step [s].
    """

    amplitudes: FloatArray
    record_index: IntArray
    spike_times: FloatArray
    spike_count: IntArray
    initiation_index: IntArray
    initiation_time: FloatArray
    trace_index: IntArray
    traces: FloatArray
    trace_time: FloatArray
    status: Int8Array
    steps: IntArray
    dt: float
    cells: tuple[str, ...] = field(default=())
    reversal_traces: FloatArray | None = None

    @property
    def fired(self) -> npt.NDArray[np.bool_]:
        """``(n_cells, n_amp, n_rec)`` whether each recorded compartment spiked."""
        out: npt.NDArray[np.bool_] = self.spike_count > 0
        return out


def per_cell_indices(
    value: Sequence[Sequence[int]] | Sequence[int] | IntArray | None,
    n_comp: IntArray,
    name: str,
) -> IntArray:
    n_cells = n_comp.size
    if value is None:
        return np.full((n_cells, 0), -1, dtype=np.int64)
    arr = np.asarray(value, dtype=object) if not isinstance(value, np.ndarray) else value
    if arr.ndim == 1 and (arr.size == 0 or np.isscalar(arr[0])):
        rows = [np.asarray(value, dtype=np.int64)] * n_cells
    else:
        rows = [np.asarray(r, dtype=np.int64).ravel() for r in value]  # type: ignore[union-attr]
    if len(rows) != n_cells:
        raise ConfigurationError(name, f"{len(rows)} lists", f"{n_cells} (one per cell)")
    width = max((r.size for r in rows), default=0)
    out = np.full((n_cells, width), -1, dtype=np.int64)
    for c, r in enumerate(rows):
        if r.size and (r.min() < 0 or r.max() >= n_comp[c]):
            raise ConfigurationError(
                f"{name}[{c}]", r.tolist(), f"compartment indices 0-{int(n_comp[c]) - 1}"
            )
        out[c, : r.size] = r
    return out


def _activating(arrays: CableArrays, phi: FloatArray) -> FloatArray:
    """``sum_j g_ij (phi_j - phi_i)`` per compartment [A/A] (single cables)."""
    act = np.zeros_like(phi)
    for c in range(arrays.n_cells):
        o = int(arrays.comp_start[c])
        n = int(arrays.n_comp[c])
        par = arrays.parent[o : o + n]
        child = np.flatnonzero(par >= 0)
        flow = arrays.g_axial[o + child] * (phi[o + par[child]] - phi[o + child])
        np.add.at(act, o + child, flow)
        np.add.at(act, o + par[child], -flow)
    return act


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class PreparedDrive:
    """Compiled cells and their drive, ready for any number of kernel runs."""

    arrays: CableArrays
    waveform: FloatArray  #: (n_t,) [1]
    phi: FloatArray  #: (n_comp_total,) [V/A]
    act: FloatArray  #: (n_comp_total,) activating term [A/A]
    inj: FloatArray  #: (n_comp_total,) [A/A]
    inj_waveform: FloatArray | None = None  #: (n_t,) [1] of the injection; None: ``waveform``
    #: rate tables by dt (:func:`gate_tables`), built at the first run that needs them
    tables: dict[float, tuple[FloatArray, IntArray]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class RowOutput:
    """Per-row kernel output (``n_rows`` = batch rows)."""

    spike_times: FloatArray  #: (n_rows, n_rec, max_spikes) [s]
    spike_count: IntArray  #: (n_rows, n_rec)
    initiation_index: IntArray  #: (n_rows,)
    initiation_time: FloatArray  #: (n_rows,) [s]
    traces: FloatArray  #: (n_rows, n_trace, n_samples) [V]
    status: IntArray  #: (n_rows,)
    steps: IntArray  #: (n_rows,)
    reversal_traces: FloatArray | None = None  #: (n_rows, n_trace, 2, n_samples) [V]


def gate_tables(arrays: CableArrays, dt: float) -> tuple[FloatArray, IntArray]:
    """Rate tables of the tabulated mechanisms for a time step ``dt`` [s].

    Returns the flat table and, per mechanism, the offset of its block (-1: none). One block per
    distinct (family, temperature, parameters); see ``ChannelFamily.tabulated``.
    """
    n_mech = arrays.mech_code.size
    mech_table = np.full(n_mech, -1, dtype=np.int64)
    blocks: dict[tuple[int, float, tuple[float, ...]], int] = {}
    pieces: list[FloatArray] = []
    size = 0
    for c in range(arrays.n_cells):
        temperature = float(arrays.temperature[c])
        for m in range(int(arrays.mech_start[c]), int(arrays.mech_stop[c])):
            code = int(arrays.mech_code[m])
            family = FAMILIES[code]
            if not family.tabulated or family.n_states == 0:
                continue
            start = int(arrays.mech_param_start[m])
            p = arrays.params[start : start + int(arrays.mech_n_params[m])]
            key = (code, temperature, tuple(p.tolist()))
            if key not in blocks:
                block = np.empty(_kernels.GATE_TABLE_N * 2 * family.n_states)
                _kernels.fill_gate_table(
                    code, temperature, dt, np.ascontiguousarray(p), family.n_states, block
                )
                blocks[key] = size
                pieces.append(block)
                size += block.size
            mech_table[m] = blocks[key]
    table = np.concatenate(pieces) if pieces else np.zeros(1)
    return table, mech_table


def prepare_drive(arrays: CableArrays, stimulus: Stimulus, options: SolverOptions) -> PreparedDrive:
    """Check a stimulus against compiled cells and precompute its drive arrays."""
    n_total = int(arrays.comp_start[-1] + arrays.n_comp[-1])
    n_t = options.n_t
    wave = np.zeros(n_t)
    if stimulus.waveform.size > n_t:
        raise ConfigurationError(
            "waveform", f"{stimulus.waveform.size} steps", f"at most t_stop/dt = {n_t} steps"
        )
    wave[: stimulus.waveform.size] = stimulus.waveform
    zeros = np.zeros(n_total)
    phi = zeros if stimulus.extracellular is None else stimulus.extracellular
    inj = zeros if stimulus.intracellular is None else stimulus.intracellular
    for name, arr in (("extracellular", phi), ("intracellular", inj)):
        if arr.shape != (n_total,):
            raise ConfigurationError(name, f"shape {arr.shape}", f"({n_total},) for these cells")
    phi = np.ascontiguousarray(phi)
    inj_wave = None
    if stimulus.intracellular_waveform is not None:
        inj_wave = np.zeros(n_t)
        inj_wave[: min(n_t, stimulus.intracellular_waveform.size)] = (
            stimulus.intracellular_waveform[:n_t]
        )
    return PreparedDrive(
        arrays=arrays,
        waveform=wave,
        phi=phi,
        act=_activating(arrays, phi),
        inj=np.ascontiguousarray(inj),
        inj_waveform=inj_wave,
    )


def _read_only(x: np.ndarray, dtype: type | None = None) -> np.ndarray:
    """A C-contiguous, read-only view (a copy only if dtype or layout differ)."""
    view: np.ndarray = np.ascontiguousarray(x, dtype=dtype).view()
    view.flags.writeable = False
    return view


def _read_only_arrays(arrays: CableArrays) -> CableArrays:
    """``arrays`` with every array field a read-only view (unpickled copies, e.g. in worker
    processes, come back writable)."""
    out = copy.copy(arrays)
    for f in dataclasses.fields(arrays):
        value = getattr(arrays, f.name)
        if isinstance(value, np.ndarray):
            object.__setattr__(out, f.name, _read_only(value))
    return out


def run_rows(
    drive: PreparedDrive,
    row_cell: IntArray,
    row_amplitude: FloatArray,
    options: SolverOptions,
    *,
    record: IntArray,
    trace: IntArray,
) -> RowOutput:
    """Run one kernel batch: row ``b`` simulates cell ``row_cell[b]`` at ``row_amplitude[b]``
    [A]. ``record``/``trace`` are padded ``(n_cells, k)`` local indices. Never raises on solver
    failure (see ``status``)."""
    a = drive.arrays
    row_cell = np.ascontiguousarray(row_cell, dtype=np.int64)
    amps = np.ascontiguousarray(row_amplitude, dtype=np.float64)
    if amps.shape != row_cell.shape or not np.all(np.isfinite(amps)):
        raise ConfigurationError("amplitudes", f"shape {amps.shape}", "finite, one per row")
    n_rows = row_cell.size
    n_t = options.n_t
    n_rec = record.shape[1]
    n_trace = trace.shape[1]
    n_samples = n_t // options.trace_stride + 1 if n_trace else 1
    spike_times = np.full((n_rows, n_rec, options.max_spikes), np.nan)
    spike_count = np.zeros((n_rows, n_rec), dtype=np.int64)
    first_index = np.full(n_rows, -1, dtype=np.int64)
    first_time = np.full(n_rows, np.nan)
    traces = np.full((n_rows, n_trace, n_samples), np.nan)
    status = np.zeros(n_rows, dtype=np.int64)
    steps = np.zeros(n_rows, dtype=np.int64)
    stop_mask = (record >= 0).astype(np.int64)
    inj_wave = drive.waveform if drive.inj_waveform is None else drive.inj_waveform
    any_ions = bool(np.any(a.has_ions))
    reversal_traces = np.full(
        (n_rows, n_trace if any_ions else 0, 2, n_samples if any_ions else 1), np.nan
    )
    quiet_from = n_t
    if options.stop_when_quiet:
        # the step after the last driven one still sees the drive's fall (periaxonal layer)
        driven = np.flatnonzero((drive.waveform != 0) | (inj_wave != 0))
        quiet_from = int(driven[-1]) + 2 if driven.size else 0
    if options.rate_tables:
        if options.dt not in drive.tables:
            drive.tables[options.dt] = gate_tables(a, options.dt)
        table, mech_table = drive.tables[options.dt]
    else:
        table, mech_table = np.zeros(1), np.full(a.mech_code.size, -1, dtype=np.int64)
    # inputs go in as read-only views: numba compiles one specialisation per argument type,
    # read-only included, so callers passing writable or read-only arrays would each compile
    # the whole kernel again
    wave, inj_wave, row_cell, amps = (
        _read_only(drive.waveform, np.float64),
        _read_only(inj_wave, np.float64),
        _read_only(row_cell, np.int64),
        _read_only(amps, np.float64),
    )
    phi, act, inj = (_read_only(x, np.float64) for x in (drive.phi, drive.act, drive.inj))
    record, trace = _read_only(record, np.int64), _read_only(trace, np.int64)
    a = _read_only_arrays(a)
    table, mech_table = _read_only(table, np.float64), _read_only(mech_table, np.int64)
    _kernels.run_batch(
        options.dt, n_t, wave, inj_wave, row_cell, amps,
        a.elim_order, a.elim_parent, a.elim_g_axial, a.g_sum, a.capacitance, a.g_leak,
        a.e_leak, a.v_init, a.elim_gx_axial, a.gx_sum, a.xg, a.xc, a.is_candidate,
        a.comp_start, a.n_comp, a.is_double, a.mech_start, a.mech_stop, a.n_state,
        a.temperature, a.mech_code, a.mech_param_start, a.mech_inst_start, a.mech_inst_stop,
        a.mech_state_start, a.mech_n_states, a.params, a.inst_comp, a.inst_g, a.inst_area,
        phi, act, inj,
        options.spike_threshold, record, stop_mask,
        int(options.stop_when_recorded), trace, options.trace_stride,
        spike_times, spike_count, first_index, first_time, traces, status, steps,
        quiet_from, options.quiet_tolerance, options.quiet_rate * options.dt,
        a.has_ions if any_ions else None,  # None: the kernel prunes its ion path
        a.outer_tau, a.mech_n_params, a.mech_reads_ions, a.mech_reversal,
        a.mech_reversal_ion, a.mech_carries, a.acc_active, a.ion_init, a.acc_na_rate,
        a.acc_k_rate, a.acc_out_rate, a.acc_diff_parent, a.acc_diff_self, a.acc_diff_other,
        reversal_traces, max(int(a.mech_n_params.max(initial=0)), 1), table, mech_table,
    )  # fmt: skip
    return RowOutput(
        spike_times=spike_times,
        spike_count=spike_count,
        initiation_index=first_index,
        initiation_time=first_time,
        traces=traces,
        status=status,
        steps=steps,
        reversal_traces=reversal_traces if any_ions else None,
    )


def run_arrays(
    arrays: CableArrays,
    stimulus: Stimulus,
    amplitudes: FloatArray,
    options: SolverOptions,
    *,
    record: IntArray,
    trace: IntArray,
) -> SimulationResult:
    """Run compiled arrays (no raising on solver failure: see ``status``).

    ``amplitudes`` is ``(n_cells, n_amp)`` [A]; ``record`` and ``trace`` are padded
    ``(n_cells, k)`` local indices. Prefer :func:`simulate`.
    """
    n_cells = arrays.n_cells
    amps = np.ascontiguousarray(amplitudes, dtype=np.float64)
    if amps.ndim != 2 or amps.shape[0] != n_cells or not np.all(np.isfinite(amps)):
        raise ConfigurationError("amplitudes", f"shape {amps.shape}", f"({n_cells}, n_amp) finite")
    n_amp = amps.shape[1]
    drive = prepare_drive(arrays, stimulus, options)
    row_cell = np.repeat(np.arange(n_cells, dtype=np.int64), n_amp)
    out = run_rows(drive, row_cell, amps.ravel(), options, record=record, trace=trace)
    n_rec = record.shape[1]
    n_samples = out.traces.shape[2]
    return SimulationResult(
        amplitudes=amps,
        record_index=record,
        spike_times=out.spike_times.reshape(n_cells, n_amp, n_rec, options.max_spikes),
        spike_count=out.spike_count.reshape(n_cells, n_amp, n_rec),
        initiation_index=out.initiation_index.reshape(n_cells, n_amp),
        initiation_time=out.initiation_time.reshape(n_cells, n_amp),
        trace_index=trace,
        traces=out.traces.reshape(n_cells, n_amp, trace.shape[1], n_samples),
        trace_time=np.linspace(0.0, (n_samples - 1) * options.dt * options.trace_stride, n_samples),
        status=out.status.reshape(n_cells, n_amp).astype(np.int8),
        steps=out.steps.reshape(n_cells, n_amp),
        dt=options.dt,
        reversal_traces=None
        if out.reversal_traces is None
        else out.reversal_traces.reshape(n_cells, n_amp, trace.shape[1], 2, n_samples),
    )


def simulate(
    models: CableModel | Sequence[CableModel],
    stimulus: Stimulus,
    amplitudes: npt.ArrayLike,
    options: SolverOptions | None = None,
    *,
    record: Sequence[Sequence[int]] | Sequence[int] | None = None,
    trace: Sequence[Sequence[int]] | Sequence[int] | None = None,
) -> SimulationResult:
    """Simulate cells at a batch of stimulus amplitudes.

    Parameters
    ----------
    models
        One cell or several; their compartments are concatenated in this order for the drive
        arrays of ``stimulus``.
    stimulus
        Waveform and drive (:class:`~drgsim.neuron.stimulus.Stimulus`).
    amplitudes
        Stimulus amplitudes [A]: ``(n_amp,)`` for every cell or ``(n_cells, n_amp)``.
    options
        Solver options; defaults to ``SolverOptions()``.
    record
        Compartments whose spikes are recorded: one list for every cell, or one per cell
        (local indices).
    trace
        Compartments whose voltage is kept, as ``record``.

    Returns
    -------
    SimulationResult

    Raises
    ------
    ConfigurationError
        On inconsistent input.
    SolverError
        If a potential became non-finite.
    """
    options = SolverOptions() if options is None else options
    model_list = [models] if isinstance(models, CableModel) else list(models)
    arrays = compile_cables(model_list)
    amps = np.asarray(amplitudes, dtype=np.float64)
    if amps.ndim == 1:
        amps = np.broadcast_to(amps, (arrays.n_cells, amps.size))
    rec = per_cell_indices(record, arrays.n_comp, "record")
    tr = per_cell_indices(trace, arrays.n_comp, "trace")
    result = run_arrays(arrays, stimulus, amps, options, record=rec, trace=tr)
    if np.any(result.status != 0):
        bad = np.argwhere(result.status != 0)[0]
        raise SolverError(
            f"non-finite membrane potential in cell {int(bad[0])} at amplitude "
            f"{result.amplitudes[bad[0], bad[1]] / u.mA:g} mA; reduce dt or the amplitude"
        )
    object.__setattr__(result, "cells", tuple(m.name for m in model_list))
    return result


__all__ = ["SimulationResult", "SolverOptions", "simulate"]
