"""Settings of the automatic programmer."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from drgsim import units as u
from drgsim.device import DEFAULT_WAVEFORM, WAVEFORMS
from drgsim.errors import ConfigurationError
from drgsim.therapy.autoprogram.evidence import Scalarisation


def _check_range(name: str, value: float, low: float, high: float, scale: float, unit: str) -> None:
    if not (isinstance(value, (int, float)) and math.isfinite(value) and low <= value <= high):
        shown = value / scale if isinstance(value, (int, float)) else value
        raise ConfigurationError(
            name, shown, f"{low / scale:g}-{high / scale:g} {unit}".rstrip(), hint="adjust it"
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class AutoprogramOptions:
    """What the automatic programmer searches and how (``docs/assumptions.md`` AP1-AP5).

    Attributes
    ----------
    pulse_widths
        Pulse widths searched [s], floored onto the generator's grid; a numerical choice
        spanning the generator's 40-720 us range (reference/device.md §4.1 [READ]).
    rates
        Rates searched [Hz]. Default 20 Hz only: the best of 20/40/60/80 Hz in Piedade et al.,
        Acta Neurochir 2022 (reference/clinical.md §3 [READ]). The filtering proxy ignores rate,
        so added lower rates always win on energy (AP1).
    waveform
        Waveform of every proposed program (registered name).
    n_amplitude_grid
        Evenly spaced amplitudes per configuration besides the recruitment steps [1].
    n_reference
        Configurations simulated with the full model at each pulse width to calibrate the
        screening model [1].
    n_verify
        Best screened (configuration, pulse width) pairs re-run with the full model [1].
    max_active
        Most contacts switched on in a configuration [1].
    allow_soft
        Whether programs may cross the soft 30 uC/cm^2 band (reference/safety.md §3-4).
    tolerance
        Relative bracket of the full threshold search [1] (numerical choice).
    n_combine
        Best settings per lead combined into multi-lead programs [1].
    n_transmission
        Best-ranked programs whose pain-signal transmission is simulated as further evidence
        (the scenario's ``[transmission]`` settings; a minute or more per program and DRG) [1].
    weights
        Ranking weights (:class:`~drgsim.therapy.autoprogram.evidence.Scalarisation`).
    """

    pulse_widths: tuple[float, ...] = (100 * u.us, 300 * u.us, 500 * u.us)
    rates: tuple[float, ...] = (20 * u.Hz,)
    waveform: str = DEFAULT_WAVEFORM
    n_amplitude_grid: int = 6
    n_reference: int = 2
    n_verify: int = 4
    max_active: int = 4
    allow_soft: bool = False
    tolerance: float = 0.03
    n_combine: int = 3
    n_transmission: int = 0
    weights: Scalarisation = field(default_factory=Scalarisation)

    def __post_init__(self) -> None:
        pws = tuple(self.pulse_widths)
        if not pws:
            raise ConfigurationError("pulse_widths_us", "[]", "at least one pulse width")
        for pw in pws:
            _check_range("pulse_widths_us", pw, 1 * u.us, 10 * u.ms, u.us, "us")
        object.__setattr__(self, "pulse_widths", pws)
        rates = tuple(self.rates)
        if not rates:
            raise ConfigurationError("rates_Hz", "[]", "at least one rate")
        for r in rates:
            _check_range("rates_Hz", r, 0.1 * u.Hz, 10 * u.kHz, u.Hz, "Hz")
        object.__setattr__(self, "rates", rates)
        WAVEFORMS[self.waveform]  # UnknownNameError names the choices
        for name, low, high in (
            ("n_amplitude_grid", 1, 200),
            ("n_reference", 1, 8),
            ("n_verify", 0, 200),
            ("max_active", 2, 16),
            ("n_combine", 1, 10),
            ("n_transmission", 0, 20),
        ):
            v = getattr(self, name)
            if not (isinstance(v, int) and low <= v <= high):
                raise ConfigurationError(name, v, f"{low}-{high}", hint="an integer")
        _check_range("tolerance", self.tolerance, 1e-4, 0.2, 1.0, "")


__all__ = ["AutoprogramOptions"]
