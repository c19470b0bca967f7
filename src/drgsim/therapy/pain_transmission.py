"""Pain-signal transmission over time: nociceptor spike trains through the T-junction.

For each program and each DRG it stimulates, the first sampled C and Aδ neurons of the seeded
population (:class:`~drgsim.therapy.transmission_options.TransmissionOptions`) receive a train
of action potentials from the periphery at a mean rate (an assumption, ``docs/assumptions.md``
T1), by default at seeded random (Poisson) times with a dead time (T4), sent as Sundt's
intracellular pulses at ``peripheral(0.2)`` (0.2 nA x 1 ms,
``reference/validation.md`` V2b; :mod:`drgsim.neuron.transmission`). Each neuron runs in three
conditions, batched in one solver call:

- **without** DRG stimulation: the peripheral train alone;
- **with** DRG stimulation: the train plus the program's pulses (rate, pulse width, waveform,
  amplitude) through the DRG's transfer matrix, ``phi = T @ weights`` on the neuron's
  compartments;
- **stimulation alone**: the program's pulses without the train.

Spikes are counted where they reach the dorsal root (central axon at 60 %, V2b). A spike the
stimulation evokes itself is not a transmitted pain signal, so the pain signal passing under
stimulation is the *excess* over stimulation alone: in each time bin,

    fraction_with = clip((arrived_with - arrived_stimulation_alone) / peripheral_spikes, 0, 1)

and ``fraction_without = arrived_without / peripheral_spikes``. A peripheral spike that collides
with an antidromic spike the stimulation started, or fails at the T-junction, adds nothing.
Arrivals are binned by their time minus the neuron's median conduction delay without
stimulation, peripheral spikes by their onset; bins start at the start of the run. Bins pool the
neurons of a class. Random times matter: a regular train at a rate commensurate with the
stimulation's (10 and 20 Hz) meets every stimulation pulse at the same phase, so collisions
become all-or-none.

What the model can and cannot show. The C neurons are Sundt's Fig 5d cell with its M current
(``sundt_km``, 0.4 mS/cm2 at the T-junction, stem and soma; V2b, V3), which follows trains to
about 40 Hz; the slow Ca2+-dependent K+ current, the Na/K pump and ion accumulation behind the
seconds-scale fading of C-unit transmission under 20 Hz stimulation (Chao et al. 2020,
``reference/validation.md`` D4) are not in this cell, so transmission here changes within the
M current's time scale (hundreds of ms), by collisions and by T-junction failure when the
stimulation drives the neuron itself; it does not fade over tens of seconds.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from drgsim import units as u
from drgsim._typing import FloatArray
from drgsim.device import WAVEFORMS
from drgsim.errors import ConfigurationError
from drgsim.neuron.cable import CableModel, Region
from drgsim.neuron.population import CellKind
from drgsim.neuron.simulate import SolverOptions as CableSolverOptions
from drgsim.neuron.simulate import simulate
from drgsim.neuron.stimulus import Stimulus, sample_segments
from drgsim.neuron.transmission import (
    ARRIVAL_FRACTION,
    STIMULATION_FRACTION,
    SUNDT_PULSE_AMPLITUDE,
    SUNDT_PULSE_WIDTH,
    site,
)
from drgsim.therapy.transmission_options import TrainKind, TransmissionOptions

#: Longest time step of the transmission runs [s]: Sundt 2015's 25 us (Figure5d.hoc:118).
MAX_DT = 25.0 * u.us
#: Simulated time after the last peripheral spike [s], for C spikes to reach the dorsal root
#: (10 mm at 0.275 m/s takes about 36 ms; V1).
TAIL = 60.0 * u.ms
#: Nociceptor classes simulated, in report order.
NOCICEPTOR_KINDS = (CellKind.C, CellKind.A_DELTA)


@dataclass(frozen=True, slots=True, kw_only=True)
class DrgPulses:
    """The program's pulses at one DRG.

    Attributes
    ----------
    waveform
        Waveform name in :data:`drgsim.device.WAVEFORMS`.
    pulse_width, rate
        First-phase width [s] and pulse rate [Hz].
    """

    waveform: str
    pulse_width: float
    rate: float

    def __post_init__(self) -> None:
        if self.waveform not in WAVEFORMS:
            raise ConfigurationError("waveform", self.waveform, ", ".join(WAVEFORMS))
        if not 0 < self.pulse_width <= 10 * u.ms:
            raise ConfigurationError("pulse_width_us", self.pulse_width / u.us, "0-10000 us")
        if not 0 < self.rate <= 10_000 * u.Hz:
            raise ConfigurationError("rate_Hz", self.rate / u.Hz, "0-10000 Hz")

    @property
    def dt(self) -> float:
        """Time step [s]: the pulse width in whole steps of at most :data:`MAX_DT`."""
        return self.pulse_width / math.ceil(self.pulse_width / MAX_DT - 1e-9)

    def sample(self, dt: float, n_t: int) -> FloatArray:
        """Unit train on the solver grid, shape ``(n_t,)`` [1]."""
        return WAVEFORMS[self.waveform].sample(
            dt, self.pulse_width, rate=self.rate, duration=n_t * dt
        )


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class CellArrivals:
    """Spikes one neuron delivered to the dorsal root in the three conditions.

    Attributes
    ----------
    pulse_onsets
        Onsets of the peripheral pulses [s], ``(n_pulses,)``.
    without, with_stimulation, stimulation_alone
        Arrival times at the central detection site [s].
    latency
        Median delay from a peripheral onset to its arrival without stimulation [s] (NaN when
        nothing arrived).
    """

    pulse_onsets: FloatArray
    without: FloatArray
    with_stimulation: FloatArray
    stimulation_alone: FloatArray
    latency: float

    def __post_init__(self) -> None:
        _freeze(self, ("pulse_onsets", "without", "with_stimulation", "stimulation_alone"))


def _freeze(obj: object, names: tuple[str, ...]) -> None:
    """Store each named array as a read-only C-contiguous float64 copy."""
    for name in names:
        arr = np.array(getattr(obj, name), dtype=np.float64, order="C")
        if arr.ndim != 1:
            raise ValueError(f"{name} must be one-dimensional, not shape {arr.shape}")
        arr.setflags(write=False)
        object.__setattr__(obj, name, arr)


def peripheral_onsets(options: TransmissionOptions, rng: np.random.Generator) -> FloatArray:
    """Onsets of the peripheral spikes over ``options.duration`` [s].

    Regular: ``(k + 1/2) / rate``. Poisson: intervals of ``min_interval`` plus an exponential
    draw with mean ``1 / rate - min_interval``, so the mean rate is ``rate`` (T1, T4).
    """
    rate, duration = options.peripheral_rate, options.duration
    if options.train is TrainKind.REGULAR:
        out: FloatArray = (np.arange(options.n_pulses, dtype=np.float64) + 0.5) / rate
        out.setflags(write=False)
        return out
    gap = options.min_interval
    n_max = int(duration * rate * 3 + 20)
    intervals = gap + rng.exponential(1.0 / rate - gap, size=n_max)
    times = np.cumsum(intervals)
    while times[-1] < duration:  # rare: draw more
        more = gap + rng.exponential(1.0 / rate - gap, size=n_max)
        times = np.r_[times, times[-1] + np.cumsum(more)]
    end = duration - SUNDT_PULSE_WIDTH
    out = np.ascontiguousarray(times[times < end], dtype=np.float64)
    out.setflags(write=False)
    return out


def _latency(onsets: FloatArray, arrivals: FloatArray) -> float:
    if onsets.size == 0:
        return float("nan")
    k = np.searchsorted(onsets, arrivals, side="right") - 1
    ok = k >= 0
    if not ok.any():
        return float("nan")
    return float(np.median(arrivals[ok] - onsets[k[ok]]))


def simulate_arrivals(
    models: Sequence[CableModel],
    drives: Sequence[FloatArray],
    onsets: FloatArray,
    pulses: DrgPulses,
    *,
    amplitude: float = SUNDT_PULSE_AMPLITUDE,
    pulse_width: float = SUNDT_PULSE_WIDTH,
) -> tuple[CellArrivals, ...]:
    """Run every neuron without, with and only with DRG stimulation (one batched call).

    Parameters
    ----------
    models
        Pseudounipolar neurons (peripheral and central axons).
    drives
        Extracellular potential of each neuron's compartments at the program's amplitude [V],
        ``(n_comp,)`` each (``phi * amplitude``).
    onsets
        Onsets of the peripheral pulses every neuron receives [s], increasing.
    pulses
        The program's pulses.
    amplitude, pulse_width
        Intracellular current [A] and duration [s] of each peripheral pulse (Sundt's
        0.2 nA x 1 ms, ``Figure5d.hoc:127``).

    Returns
    -------
    tuple of CellArrivals
        One per neuron, in order.
    """
    if len(models) != len(drives):
        raise ValueError(f"{len(models)} models but {len(drives)} drives")
    if not models:
        return ()
    onsets = np.ascontiguousarray(onsets, dtype=np.float64)
    if onsets.ndim != 1 or np.any(np.diff(onsets) <= pulse_width) or np.any(onsets < 0):
        raise ValueError("onsets must be non-negative and further apart than the pulse width")
    dt = pulses.dt
    t_stop = float((onsets[-1] if onsets.size else 0.0) + pulse_width + TAIL)
    n_drg = math.ceil(t_stop * pulses.rate) + 1
    options = CableSolverOptions(dt=dt, t_stop=t_stop, max_spikes=2 * (onsets.size + n_drg) + 8)
    n_t = options.n_t
    batch: list[CableModel] = []
    phi: list[FloatArray] = []
    inj: list[FloatArray] = []
    record: list[list[int]] = []
    for model, drive in zip(models, drives, strict=True):
        stim = site(model, Region.PERIPHERAL_AXON, STIMULATION_FRACTION, from_distal=True)
        arrive = site(model, Region.CENTRAL_AXON, ARRIVAL_FRACTION, from_distal=False)
        drive = np.asarray(drive, dtype=np.float64)
        if drive.shape != (model.n_comp,):
            raise ValueError(f"drive of shape {drive.shape} for {model.n_comp} compartments")
        pulse = np.zeros(model.n_comp)
        pulse[stim] = amplitude
        zero = np.zeros(model.n_comp)
        for p, i in ((zero, pulse), (drive, pulse), (drive, zero)):
            batch.append(model)
            phi.append(p)
            inj.append(i)
            record.append([arrive])
    train_wave = sample_segments([(t0, t0 + pulse_width, 1.0) for t0 in onsets], dt, n_t)
    stimulus = Stimulus(
        waveform=pulses.sample(dt, n_t),
        extracellular=np.concatenate(phi),
        intracellular=np.concatenate(inj),
        intracellular_waveform=train_wave,
    )
    res = simulate(batch, stimulus, [1.0], options, record=record)
    times = [res.spike_times[r, 0, 0, : res.spike_count[r, 0, 0]].copy() for r in range(len(batch))]
    out = []
    for c in range(len(models)):
        without, with_stim, alone = times[3 * c : 3 * c + 3]
        out.append(
            CellArrivals(
                pulse_onsets=onsets,
                without=without,
                with_stimulation=with_stim,
                stimulation_alone=alone,
                latency=_latency(onsets, without),
            )
        )
    return tuple(out)


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class BinnedTransmission:
    """Transmission of one class over time, pooled over its neurons.

    Attributes
    ----------
    bin_start
        Start of each bin [s] from the start of the run, ``(n_bins,)``.
    sent
        Peripheral spikes per bin, pooled, ``(n_bins,)``.
    fraction_without, fraction_with
        Fraction of peripheral spikes reaching the dorsal root without and with stimulation
        [1], ``(n_bins,)`` (NaN where nothing was sent).
    evoked_rate
        Spikes the stimulation alone delivered to the dorsal root per neuron [Hz], ``(n_bins,)``.
    """

    bin_start: FloatArray
    sent: FloatArray
    fraction_without: FloatArray
    fraction_with: FloatArray
    evoked_rate: FloatArray

    def __post_init__(self) -> None:
        names = ("bin_start", "sent", "fraction_without", "fraction_with", "evoked_rate")
        _freeze(self, names)
        if len({getattr(self, n).size for n in names}) != 1:
            raise ValueError("all binned arrays need one length")

    @property
    def overall_without(self) -> float:
        """Fraction over the whole run without stimulation [1]."""
        return _weighted(self.fraction_without, self.sent)

    @property
    def overall_with(self) -> float:
        """Fraction over the whole run with stimulation [1]."""
        return _weighted(self.fraction_with, self.sent)


def _weighted(frac: FloatArray, sent: FloatArray) -> float:
    ok = sent > 0
    return float(np.sum(frac[ok] * sent[ok]) / np.sum(sent[ok])) if ok.any() else float("nan")


def bin_arrivals(
    cells: Sequence[CellArrivals], duration: float, bin_width: float
) -> BinnedTransmission:
    """Pool ``cells`` into bins of ``bin_width`` [s] over ``duration`` [s] (module docstring)."""
    if not cells:
        raise ValueError("no cells to bin")
    n_bins = max(1, math.ceil(duration / bin_width - 1e-9))
    starts: FloatArray = bin_width * np.arange(n_bins, dtype=np.float64)
    edges = np.r_[starts, n_bins * bin_width]
    sent = np.zeros(n_bins)
    without = np.zeros(n_bins)
    net = np.zeros(n_bins)
    alone = np.zeros(n_bins)

    def count(times: FloatArray, shift: float) -> FloatArray:
        h, _ = np.histogram(times - shift, bins=edges)
        out: FloatArray = h.astype(np.float64)
        return out

    for c in cells:
        lat = c.latency if math.isfinite(c.latency) else 0.0
        sent += count(c.pulse_onsets, 0.0)
        without += count(c.without, lat)
        a = count(c.stimulation_alone, lat)
        net += count(c.with_stimulation, lat) - a
        alone += a
    with np.errstate(invalid="ignore", divide="ignore"):
        f_without = np.where(sent > 0, np.minimum(without / sent, 1.0), np.nan)
        f_with = np.where(sent > 0, np.clip(net / sent, 0.0, 1.0), np.nan)
    width = np.minimum(edges[1:], duration) - edges[:-1]
    return BinnedTransmission(
        bin_start=starts,
        sent=sent,
        fraction_without=f_without,
        fraction_with=f_with,
        evoked_rate=alone / (len(cells) * width),
    )


__all__ = [
    "MAX_DT",
    "NOCICEPTOR_KINDS",
    "TAIL",
    "BinnedTransmission",
    "CellArrivals",
    "DrgPulses",
    "bin_arrivals",
    "peripheral_onsets",
    "simulate_arrivals",
]
