"""Spike trains through the T-junction of a pseudounipolar neuron.

Action potentials are sent from the periphery as intracellular current pulses at a fixed rate
near the peripheral end (Sundt et al. 2015 stimulate ``peri(0.2)`` with 0.2 nA x 1 ms,
``Figure5d.hoc:106-127``); optionally the ganglion is stimulated extracellularly at a program's
rate at the same time. Spikes are counted where they leave the stimulated stretch of the
peripheral axon ("sent") and near the central end ("arrived": what the spinal cord receives), so
the fraction passing the T-junction, overall and over time, follows.

The default detection sites follow Sundt's recordings: the peripheral axon halfway between the
stimulation site and the T-junction, and the central axon at 60 % of its length
(``reference/validation.md`` V2b counts spikes at ``central(0.6)``). On myelinated neurons the
nearest node is used.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from drgsim import units as u
from drgsim._typing import FloatArray
from drgsim.errors import ConfigurationError
from drgsim.neuron.cable import CableModel, Kind, Region
from drgsim.neuron.simulate import SolverOptions, simulate
from drgsim.neuron.stimulus import Stimulus, sample_segments

SUNDT_PULSE_AMPLITUDE = 0.2 * u.nA  #: Figure5d.hoc:127
SUNDT_PULSE_WIDTH = 1.0 * u.ms  #: Figure5d.hoc:127
STIMULATION_FRACTION = 0.2  #: peri(0.2), Figure5d.hoc:108 (from the distal end)
ARRIVAL_FRACTION = 0.6  #: central(0.6), reference/validation.md V2b


@dataclass(frozen=True, slots=True, kw_only=True)
class PeripheralTrain:
    """Action potentials sent from the periphery: equal current pulses at a fixed rate.

    Parameters
    ----------
    rate
        Pulse rate [Hz]; consecutive onsets are ``1 / rate`` apart.
    n_pulses
        Number of pulses.
    amplitude, pulse_width
        Intracellular current [A] and duration [s] of each pulse (Sundt: 0.2 nA, 1 ms).
    delay
        Onset of the first pulse [s].
    """

    rate: float
    n_pulses: int
    amplitude: float = SUNDT_PULSE_AMPLITUDE
    pulse_width: float = SUNDT_PULSE_WIDTH
    delay: float = 5.0 * u.ms

    def __post_init__(self) -> None:
        if not 0.01 <= self.rate <= 2000.0:
            raise ConfigurationError("rate_Hz", self.rate, "0.01-2000 Hz")
        if not 1 <= self.n_pulses <= 100_000:
            raise ConfigurationError("n_pulses", self.n_pulses, "1-100000")
        if not 0 < self.pulse_width < 1.0 / self.rate:
            raise ConfigurationError(
                "pulse_width_ms", self.pulse_width / u.ms, f"0-{1e3 / self.rate:g} ms (period)"
            )
        if not 0 < abs(self.amplitude) <= 1 * u.uA:
            raise ConfigurationError("amplitude_nA", self.amplitude / u.nA, "0-1000 nA")
        if not self.delay >= 0:
            raise ConfigurationError("delay_ms", self.delay / u.ms, ">= 0 ms")

    @property
    def onsets(self) -> FloatArray:
        """Pulse onsets [s], shape ``(n_pulses,)``."""
        out: FloatArray = self.delay + np.arange(self.n_pulses) / self.rate
        return out


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class DrgStimulation:
    """Extracellular stimulation of the ganglion: symmetric biphasic pulses at a fixed rate.

    Parameters
    ----------
    extracellular
        Potential per compartment at 1 A [V/A], shape ``(n_comp,)`` (a transfer-matrix column
        combination for the program's contacts).
    amplitude
        Current of the first phase [A]; negative is cathodic first.
    rate, pulse_width, interphase, delay
        Pulse rate [Hz], phase width [s], gap between phases [s], first onset [s].
    """

    extracellular: FloatArray
    amplitude: float
    rate: float
    pulse_width: float
    interphase: float = 0.0
    delay: float = 0.0

    def __post_init__(self) -> None:
        phi = np.ascontiguousarray(self.extracellular, dtype=np.float64).copy()
        if phi.ndim != 1 or not np.all(np.isfinite(phi)):
            raise ConfigurationError("extracellular", f"shape {phi.shape}", "finite (n_comp,)")
        phi.setflags(write=False)
        object.__setattr__(self, "extracellular", phi)
        if not 0.1 <= self.rate <= 10_000:
            raise ConfigurationError("rate_Hz", self.rate, "0.1-10000 Hz")
        if not 0 < 2 * self.pulse_width + self.interphase < 1.0 / self.rate:
            raise ConfigurationError(
                "pulse_width_us", self.pulse_width / u.us, "two phases shorter than the period"
            )
        if not abs(self.amplitude) <= 0.1:
            raise ConfigurationError("amplitude_mA", self.amplitude / u.mA, "within +-100 mA")

    def waveform(self, dt: float, n_t: int) -> FloatArray:
        """The unit waveform [1] on the solver grid, shape ``(n_t,)``."""
        segments = []
        t = self.delay
        t_end = n_t * dt
        while t < t_end:
            second = t + self.pulse_width + self.interphase
            segments += [(t, t + self.pulse_width, 1.0), (second, second + self.pulse_width, -1.0)]
            t += 1.0 / self.rate
        return sample_segments(segments, dt, n_t)


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class TransmissionResult:
    """Spikes sent toward and passed through the T-junction.

    Attributes
    ----------
    pulse_onsets
        Onsets of the peripheral pulses [s].
    sent_times
        Spikes at the peripheral detection site [s] (reflected spikes included).
    arrived_times
        Spikes at the central detection site [s]; under DRG stimulation these include spikes
        the stimulation itself evokes, so ``fraction`` can exceed 1.
    sites
        Compartments: (stimulation, peripheral detection, central detection).
    """

    pulse_onsets: FloatArray
    sent_times: FloatArray
    arrived_times: FloatArray
    sites: tuple[int, int, int]

    @property
    def n_sent(self) -> int:
        """Spikes that passed the peripheral detection site."""
        return int(self.sent_times.size)

    @property
    def n_arrived(self) -> int:
        """Spikes that reached the central detection site."""
        return int(self.arrived_times.size)

    @property
    def fraction(self) -> float:
        """Arrived / sent [1] (NaN if nothing was sent)."""
        return self.n_arrived / self.n_sent if self.n_sent else float("nan")

    def fraction_over_time(self, window: float) -> tuple[FloatArray, FloatArray]:
        """Fraction passing per time window.

        Spikes are binned by the onset of the pulse that sent them: a sent spike (arrival)
        belongs to the last onset before it. Returns the window starts [s] and the fraction
        per window (NaN where nothing was sent).
        """
        if not window > 0:
            raise ConfigurationError("window_s", window, "> 0 s")
        onsets = self.pulse_onsets
        n_windows = int(np.floor((onsets[-1] - onsets[0]) / window + 1e-9)) + 1
        edges = onsets[0] + window * np.arange(n_windows)

        def binned(times: FloatArray) -> FloatArray:
            k = np.searchsorted(onsets, times, side="right") - 1
            pulse_time = onsets[np.clip(k, 0, onsets.size - 1)]
            counts, _ = np.histogram(pulse_time[k >= 0], bins=np.r_[edges, edges[-1] + window])
            out: FloatArray = counts.astype(np.float64)
            return out

        sent, arrived = binned(self.sent_times), binned(self.arrived_times)
        with np.errstate(invalid="ignore", divide="ignore"):
            frac: FloatArray = np.where(sent > 0, arrived / np.maximum(sent, 1), np.nan)
        return edges, frac


def _distance_from_junction(model: CableModel) -> FloatArray:
    """Path length along the cable from the T-junction (or the root) to each centre [m]."""
    n = model.n_comp
    junction = np.flatnonzero(model.kind == Kind.JUNCTION)
    start = int(junction[0]) if junction.size else 0
    neighbours: list[list[int]] = [[] for _ in range(n)]
    for i, p in enumerate(model.parent):
        if p >= 0:
            neighbours[i].append(int(p))
            neighbours[int(p)].append(i)
    dist = np.full(n, np.nan)
    dist[start] = 0.0
    stack = [start]
    while stack:
        i = stack.pop()
        for j in neighbours[i]:
            if np.isnan(dist[j]):
                dist[j] = dist[i] + (model.length[i] + model.length[j]) / 2
                stack.append(j)
    return dist


def site(model: CableModel, region: Region, fraction: float, *, from_distal: bool) -> int:
    """Compartment at ``fraction`` of a region's length (NEURON's ``sec(x)`` convention).

    Parameters
    ----------
    model
        A pseudounipolar neuron.
    region
        ``Region.PERIPHERAL_AXON`` or ``Region.CENTRAL_AXON`` (any region works).
    fraction
        Position along the region [1], measured from its distal end if ``from_distal`` else
        from its end nearest the T-junction.
    from_distal
        Which end ``fraction`` counts from.

    Returns
    -------
    int
        The compartment whose span holds that point; on myelinated axons the nearest node.
    """
    if not 0.0 <= fraction <= 1.0:
        raise ConfigurationError("fraction", fraction, "0-1")
    idx = np.flatnonzero((model.region == region) & (model.length > 0))
    if idx.size == 0:
        raise ConfigurationError("model", model.name, f"a neuron with a {region.name} region")
    order = idx[np.argsort(_distance_from_junction(model)[idx])]
    end = np.cumsum(model.length[order])
    start = end - model.length[order]
    total = float(end[-1])
    if from_distal:
        start, end = total - end, total - start
    point = fraction * total * (1 + 1e-9)  # sec(x): x * nseg rounds into the far segment
    centre = (start + end) / 2
    is_node = model.kind[order] == Kind.NODE
    if is_node.any():
        k = int(np.argmin(np.where(is_node, np.abs(centre - point), np.inf)))
    else:
        inside = np.flatnonzero((start <= point) & (point < end))
        k = int(inside[0]) if inside.size else int(np.argmin(np.abs(centre - point)))
    return int(order[k])


def transmit(
    model: CableModel,
    train: PeripheralTrain,
    *,
    drg: DrgStimulation | None = None,
    dt: float = 25.0 * u.us,
    tail: float = 50.0 * u.ms,
    stimulation_site: int | None = None,
    sent_site: int | None = None,
    arrival_site: int | None = None,
    spike_threshold: float = -20.0 * u.mV,
) -> TransmissionResult:
    """Send a peripheral spike train (optionally under DRG stimulation) and count what passes.

    Parameters
    ----------
    model
        A pseudounipolar neuron (peripheral and central axon regions).
    train
        The peripheral pulses.
    drg
        Extracellular stimulation of the ganglion running during the train, or ``None``.
    dt
        Time step [s]; 25 us as in Sundt 2015 (``Figure5d.hoc:118``).
    tail
        Simulated time after the last pulse [s], for the last spike to arrive.
    stimulation_site, sent_site, arrival_site
        Compartments; defaults: peripheral axon at 20 % from its distal end, the peripheral
        compartment halfway from there to the T-junction, central axon at 60 %.
    spike_threshold
        Upward crossing that counts as a spike [V].

    Returns
    -------
    TransmissionResult
    """
    stim = (
        site(model, Region.PERIPHERAL_AXON, STIMULATION_FRACTION, from_distal=True)
        if stimulation_site is None
        else stimulation_site
    )
    sent = (
        site(model, Region.PERIPHERAL_AXON, (1.0 - STIMULATION_FRACTION) / 2, from_distal=False)
        if sent_site is None
        else sent_site
    )
    arrive = (
        site(model, Region.CENTRAL_AXON, ARRIVAL_FRACTION, from_distal=False)
        if arrival_site is None
        else arrival_site
    )
    for name, k in (("stimulation_site", stim), ("sent_site", sent), ("arrival_site", arrive)):
        if not 0 <= k < model.n_comp or model.length[k] == 0:
            raise ConfigurationError(name, k, f"a compartment 0-{model.n_comp - 1} with length")
    t_stop = float(train.onsets[-1] + train.pulse_width + tail)
    options = SolverOptions(
        dt=dt,
        t_stop=t_stop,
        spike_threshold=spike_threshold,
        max_spikes=2 * train.n_pulses + 8,
    )
    n_t = options.n_t
    pulses = sample_segments(
        [(t0, t0 + train.pulse_width, 1.0) for t0 in train.onsets], options.dt, n_t
    )
    inj = np.zeros(model.n_comp)
    inj[stim] = train.amplitude
    if drg is None:
        stimulus = Stimulus(waveform=pulses, intracellular=inj)
    else:
        if drg.extracellular.shape != (model.n_comp,):
            raise ConfigurationError(
                "drg.extracellular", f"shape {drg.extracellular.shape}", f"({model.n_comp},)"
            )
        stimulus = Stimulus(
            waveform=drg.waveform(options.dt, n_t),
            extracellular=drg.extracellular * drg.amplitude,
            intracellular=inj,
            intracellular_waveform=pulses,
        )
    result = simulate(model, stimulus, [1.0], options, record=[sent, arrive])
    times = result.spike_times[0, 0]
    counts = result.spike_count[0, 0]
    return TransmissionResult(
        pulse_onsets=train.onsets,
        sent_times=times[0, : counts[0]].copy(),
        arrived_times=times[1, : counts[1]].copy(),
        sites=(stim, sent, arrive),
    )


__all__ = [
    "DrgStimulation",
    "PeripheralTrain",
    "TransmissionResult",
    "site",
    "transmit",
]
