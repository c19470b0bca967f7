"""What the generator allows: contact configurations, amplitude caps and grids, valid programs.

Everything the automatic programmer proposes is built here, on the device's grids and inside
its limits, so that :func:`drgsim.device.check_program` accepts it by construction:

- contact configurations: every assignment of anode (``+``), cathode (``-``) or off (``0``) to
  the lead's contacts with at least one anode and one cathode (reference/device.md §2, §5
  [READ]), at most ``max_active`` contacts on;
- pulse width and rate floored onto the generator's grids; a rate whose pulse does not fit in
  one period is lowered to the fastest that fits;
- amplitude: the *cap* of a configuration is the largest grid amplitude keeping every contact
  inside the hard charge limits (Shannon k, charge density), optionally inside the soft
  30 uC/cm^2 band (reference/safety.md §3-5), inside the generator's range and, where the lead
  impedance is measured and the generator's compliance voltage known, inside the compliance.
  Candidate amplitudes are the grid points just at or above each cell's threshold (where
  recruitment changes), plus an even grid up to the cap.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import numpy as np

from drgsim._typing import FloatArray
from drgsim.device import (
    Lead,
    LeadProgram,
    Polarity,
    PulseGenerator,
    SafetyLimits,
    max_charge_per_phase,
)
from drgsim.device import waveform as get_waveform

Configuration = tuple[Polarity, ...]


def contact_configurations(n_contacts: int, max_active: int = 4) -> tuple[Configuration, ...]:
    """Every anode/cathode assignment with at least one of each and at most ``max_active`` on.

    >>> len(contact_configurations(4))
    50
    >>> "".join(contact_configurations(2)[0])
    '+-'
    """
    out = []
    symbols = (Polarity.ANODE, Polarity.CATHODE, Polarity.OFF)
    for combo in itertools.product(symbols, repeat=n_contacts):
        n_on = sum(p is not Polarity.OFF for p in combo)
        if Polarity.ANODE in combo and Polarity.CATHODE in combo and n_on <= max_active:
            out.append(tuple(combo))
    return tuple(out)


def configuration_weights(config: Configuration) -> FloatArray:
    """Contact weights of ``config`` [1] (cathodes share -1, anodes +1), (n_contacts,)."""
    probe = LeadProgram(lead=0, polarities=config, amplitude=0.0, pulse_width=1.0, rate=1.0)
    return probe.contact_weights()


def ceil_amplitude(generator: PulseGenerator, amplitude: float) -> float:
    """Smallest grid amplitude at or above ``amplitude`` [A] (``inf`` above the range)."""
    if amplitude > generator.amplitude_max:
        return math.inf
    q = generator.quantise_amplitude(amplitude)
    while q < amplitude * (1 - 1e-12):
        nxt = generator.quantise_amplitude(q + generator.amplitude_step(q) * (1 + 1e-6))
        if nxt <= q:
            return math.inf
        q = nxt
    return q


def amplitude_cap(
    config: Configuration,
    pulse_width: float,
    lead: Lead,
    generator: PulseGenerator,
    limits: SafetyLimits,
    *,
    allow_soft: bool = False,
    impedance: float | None = None,
) -> float:
    """Largest grid amplitude [A] for ``config`` at ``pulse_width`` [s] (module docstring).

    Parameters
    ----------
    impedance
        Measured lead impedance [ohm] (compliance check), or ``None``.
    """
    w_max = float(np.max(np.abs(configuration_weights(config))))
    area = lead.geometry.contact_area
    q_max = max_charge_per_phase(area, limits)
    if not allow_soft:
        q_max = min(q_max, limits.soft_charge_density * area)
    cap = min(generator.amplitude_max, q_max / (w_max * pulse_width))
    if impedance is not None and generator.compliance_voltage is not None:
        cap = min(cap, generator.compliance_voltage / impedance)
    # one step of float margin below the exact limit, then onto the grid
    return generator.quantise_amplitude(cap * (1 - 1e-9))


def candidate_amplitudes(
    thresholds: FloatArray, cap: float, generator: PulseGenerator, n_grid: int
) -> FloatArray:
    """Grid amplitudes worth evaluating [A], ascending, all in ``(0, cap]``.

    The grid point at or above every finite threshold not above ``cap`` (recruitment changes
    only there), plus ``n_grid`` evenly spaced points floored onto the grid.
    """
    vals: set[float] = set()
    for t in np.asarray(thresholds, dtype=np.float64).ravel():
        if np.isfinite(t) and 0 < t <= cap:
            a = ceil_amplitude(generator, float(t))
            if a <= cap:
                vals.add(a)
    for x in np.linspace(0.0, cap, n_grid + 1)[1:]:
        vals.add(generator.quantise_amplitude(float(x)))
    return np.array(sorted(v for v in vals if 0 < v <= cap), dtype=np.float64)


def grid_pulse_widths(
    generator: PulseGenerator, pulse_widths: Sequence[float]
) -> tuple[float, ...]:
    """``pulse_widths`` [s] floored onto the generator's grid, unique, ascending."""
    return tuple(sorted({generator.quantise_pulse_width(pw) for pw in pulse_widths}))


def fitting_rate(
    generator: PulseGenerator, rate: float, pulse_width: float, waveform: str
) -> float | None:
    """``rate`` [Hz] on the grid, lowered until one ``waveform`` pulse fits in a period.

    ``None`` when even the generator's lowest rate is too fast for the pulse.
    """
    span = get_waveform(waveform).span(pulse_width)
    r = generator.quantise_rate(rate)
    if r * span > 1.0:
        r = generator.quantise_rate(1.0 / span)
    return r if r * span <= 1.0 else None


def lead_program(
    lead_index: int,
    config: Configuration,
    amplitude: float,
    pulse_width: float,
    rate: float,
    waveform: str,
) -> LeadProgram:
    """An enabled :class:`~drgsim.device.LeadProgram` (no patient headroom)."""
    return LeadProgram(
        lead=lead_index,
        polarities=config,
        amplitude=amplitude,
        pulse_width=pulse_width,
        rate=rate,
        waveform=waveform,
    )


def candidate_lead_programs(
    lead_index: int,
    config: Configuration,
    pulse_width: float,
    thresholds: FloatArray,
    lead: Lead,
    generator: PulseGenerator,
    limits: SafetyLimits,
    *,
    rates: Sequence[float],
    waveform: str,
    n_grid: int,
    allow_soft: bool = False,
    impedance: float | None = None,
) -> list[LeadProgram]:
    """Every lead program worth evaluating for ``config`` at ``pulse_width`` [s].

    Pulse width and rates go onto the generator's grids, amplitudes are
    :func:`candidate_amplitudes` under :func:`amplitude_cap`; each result passes
    :func:`drgsim.device.check_program` on its own (the property tests search for a
    counterexample).

    Parameters
    ----------
    thresholds
        Thresholds of the cells that matter [A] (NaN: none in range).
    impedance
        Measured lead impedance [ohm], or ``None``.
    """
    pw = generator.quantise_pulse_width(pulse_width)
    cap = amplitude_cap(
        config, pw, lead, generator, limits, allow_soft=allow_soft, impedance=impedance
    )
    if cap <= 0:
        return []
    out = []
    grid_rates = [r for r in (fitting_rate(generator, x, pw, waveform) for x in rates) if r]
    for a in candidate_amplitudes(thresholds, cap, generator, n_grid):
        for r in dict.fromkeys(grid_rates):
            out.append(lead_program(lead_index, config, float(a), pw, r, waveform))
    return out


__all__ = [
    "Configuration",
    "amplitude_cap",
    "candidate_amplitudes",
    "candidate_lead_programs",
    "ceil_amplitude",
    "configuration_weights",
    "contact_configurations",
    "fitting_rate",
    "grid_pulse_widths",
    "lead_program",
]
