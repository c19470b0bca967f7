"""Stimulus waveforms, found by name.

A waveform is a sequence of rectangular phases. :meth:`Waveform.sample` returns the
unit-amplitude current at each time step, shape (n_t,) [1]. Sign convention: ``+1`` means each
contact carries ``weight * amplitude``, the program's contact weights as given
(:meth:`drgsim.device.program.LeadProgram.contact_weights`, cathodes negative); so the first,
positive phase is the cathodic phase at the cathodes, and a negative value reverses every
contact's current (the recharge phase).

Shapes (``WAVEFORMS``):

``"biphasic-passive"`` (the drgsim default)
    Cathodic-first, then a passive recharge. No Axium or Proclaim DRG document states the
    waveform; this default is an assumption (reference/device.md §4.3 [UNVERIFIED]). The passive
    recharge (the coupling capacitor discharging) is modelled as a low rectangular phase lasting
    ``recharge_ratio`` pulse widths (``recharge_ratio`` itself an unsourced assumption).
``"biphasic-symmetric"``
    Cathodic phase, optional interphase gap, equal and opposite anodic phase.
``"monophasic"``
    Cathodic phase only; **not charge-balanced**, for threshold experiments only.

Phase durations are rounded to whole time steps; for the balanced shapes the last phase's
height is set from the sampled counts, so the sampled net charge is zero to rounding error.

Examples
--------
>>> from drgsim import units as u
>>> w = WAVEFORMS["biphasic-symmetric"]
>>> w.sample(100 * u.us, 300 * u.us).tolist()
[1.0, 1.0, 1.0, -1.0, -1.0, -1.0]
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from dataclasses import dataclass

import numpy as np

from drgsim import units as u
from drgsim._registry import Registry
from drgsim._typing import FloatArray
from drgsim.device._checks import require_finite, require_positive, require_range, show
from drgsim.errors import ConfigurationError

#: Name of the waveform used when a program names none ([UNVERIFIED], reference/device.md §4.3).
DEFAULT_WAVEFORM = "biphasic-passive"


class Waveform(ABC):
    """A pulse made of rectangular phases, unit amplitude (see the module docstring)."""

    __slots__ = ()

    @property
    @abstractmethod
    def is_charge_balanced(self) -> bool:
        """Whether the net charge of one pulse is zero."""

    @abstractmethod
    def phases(self, pulse_width: float) -> tuple[tuple[float, float], ...]:
        """The phases of one pulse as ``(height [1], duration [s])`` pairs, cathodic first."""

    @property
    @abstractmethod
    def active_energy_factor(self) -> float:
        """Energy the generator delivers per pulse, in units of ``I**2 * R * pulse_width`` [1].

        Actively driven phases count (``height**2 * duration / pulse_width``); a passive
        recharge is paid back by the coupling capacitor, not the battery, so it counts zero.
        """

    def span(self, pulse_width: float) -> float:
        """Duration of one pulse, all phases and gaps included [s]."""
        return sum(d for _, d in self.phases(pulse_width))

    def _pulse_samples(self, dt: float, pulse_width: float) -> FloatArray:
        counts = []
        heights = []
        for height, duration in self.phases(pulse_width):
            n = round(duration / dt)
            if height != 0.0 and n < 1:
                raise ConfigurationError(
                    "dt",
                    dt / u.us,
                    f"<= {duration / u.us:g} us",
                    hint="the time step is longer than a phase; use a smaller dt",
                )
            counts.append(n)
            heights.append(height)
        if self.is_charge_balanced:
            net = sum(h * n for h, n in zip(heights[:-1], counts[:-1], strict=True))
            heights[-1] = -net / counts[-1]
        return np.repeat(np.asarray(heights, dtype=np.float64), counts)

    def sample(
        self,
        dt: float,
        pulse_width: float,
        *,
        rate: float | None = None,
        duration: float | None = None,
        delay: float = 0.0,
    ) -> FloatArray:
        """Sample the unit-amplitude current on a regular time grid.

        Parameters
        ----------
        dt
            Time step [s].
        pulse_width
            Duration of the first (cathodic) phase [s].
        rate
            Pulse rate [Hz]; ``None`` gives one pulse.
        duration
            Length of the returned trace [s]; defaults to ``delay`` plus one pulse, or one period
            when ``rate`` is given. Only whole pulses are placed.
        delay
            Time before the first pulse starts [s].

        Returns
        -------
        numpy.ndarray
            Shape (n_t,) float64 [1], ``n_t = round(duration / dt)``.
        """
        dt = require_positive("dt", dt, u.us, "us")
        pulse_width = require_positive("pulse_width", pulse_width, u.us, "us")
        delay = require_range("delay", delay, 0.0, math.inf, scale=u.us, unit="us")
        pulse = self._pulse_samples(dt, pulse_width)
        start = round(delay / dt)
        if rate is None:
            period_steps = None
            default = start + pulse.size
        else:
            rate = require_positive("rate", rate, u.Hz, "Hz")
            period_steps = round(1.0 / (rate * dt))
            if pulse.size > period_steps:
                raise ConfigurationError(
                    "rate",
                    rate,
                    f"<= {1.0 / self.span(pulse_width):g} Hz",
                    hint=f"a {show(self.span(pulse_width), u.us, 'us')} pulse does not fit in "
                    "one period",
                )
            default = start + period_steps
        n_t = default if duration is None else round(require_finite("duration", duration) / dt)
        if n_t < start + pulse.size:
            raise ConfigurationError(
                "duration",
                n_t * dt / u.us,
                f">= {(start + pulse.size) * dt / u.us:g} us",
                hint="the trace must hold at least one whole pulse",
            )
        out = np.zeros(n_t, dtype=np.float64)
        onsets = [start] if period_steps is None else range(start, n_t, period_steps)
        for onset in onsets:
            if onset + pulse.size > n_t:
                break
            out[onset : onset + pulse.size] = pulse
        return out


@dataclass(frozen=True, slots=True, kw_only=True)
class PassiveRechargeBiphasic(Waveform):
    """Cathodic phase, then a passive recharge (drgsim's default, [UNVERIFIED]).

    Parameters
    ----------
    interphase_gap
        Pause between the phases [s].
    recharge_ratio
        Recharge duration over pulse width [1]; the recharge height is ``-1 / recharge_ratio``.
        Unsourced assumption (docs/assumptions.md).
    """

    interphase_gap: float = 0.0
    recharge_ratio: float = 8.0  # [1] unsourced assumption, docs/assumptions.md

    def __post_init__(self) -> None:
        require_range("interphase_gap", self.interphase_gap, 0, 1.0, scale=u.us, unit="us")
        require_range("recharge_ratio", self.recharge_ratio, 1.0, 100.0)

    @property
    def is_charge_balanced(self) -> bool:
        return True

    @property
    def active_energy_factor(self) -> float:
        return 1.0

    def phases(self, pulse_width: float) -> tuple[tuple[float, float], ...]:
        return (
            (1.0, pulse_width),
            (0.0, self.interphase_gap),
            (-1.0 / self.recharge_ratio, self.recharge_ratio * pulse_width),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class SymmetricBiphasic(Waveform):
    """Cathodic phase, optional gap, then an equal and opposite active phase.

    Parameters
    ----------
    interphase_gap
        Pause between the phases [s].
    """

    interphase_gap: float = 0.0

    def __post_init__(self) -> None:
        require_range("interphase_gap", self.interphase_gap, 0, 1.0, scale=u.us, unit="us")

    @property
    def is_charge_balanced(self) -> bool:
        return True

    @property
    def active_energy_factor(self) -> float:
        return 2.0

    def phases(self, pulse_width: float) -> tuple[tuple[float, float], ...]:
        return ((1.0, pulse_width), (0.0, self.interphase_gap), (-1.0, pulse_width))


@dataclass(frozen=True, slots=True, kw_only=True)
class Monophasic(Waveform):
    """Cathodic phase only. Not charge-balanced: for threshold experiments only."""

    @property
    def is_charge_balanced(self) -> bool:
        return False

    @property
    def active_energy_factor(self) -> float:
        return 1.0

    def phases(self, pulse_width: float) -> tuple[tuple[float, float], ...]:
        return ((1.0, pulse_width),)


#: Waveforms by name; extended by the ``drgsim.waveforms`` entry-point group.
WAVEFORMS: Registry[Waveform] = Registry(
    "waveform",
    {
        "biphasic-passive": PassiveRechargeBiphasic(),
        "biphasic-symmetric": SymmetricBiphasic(),
        "monophasic": Monophasic(),
    },
)


def waveform(name: str) -> Waveform:
    """Return the registered waveform called ``name`` (raises ``UnknownNameError``)."""
    return WAVEFORMS[name]


__all__ = [
    "DEFAULT_WAVEFORM",
    "WAVEFORMS",
    "Monophasic",
    "PassiveRechargeBiphasic",
    "SymmetricBiphasic",
    "Waveform",
    "waveform",
]
