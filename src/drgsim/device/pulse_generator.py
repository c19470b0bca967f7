"""The implanted pulse generator: how many leads, which outputs, on which grids.

A :class:`PulseGenerator` holds the output ranges and step grids of a generator model and checks
single settings against them. Amplitude uses a piecewise grid (Axium: 25 uA steps below 2 mA,
50 uA from 2 to 6 mA, reference/device.md §4.1 [READ]); :meth:`PulseGenerator.quantise_amplitude`
floors a value onto it so a capped value is never rounded back above a limit
(reference/safety.md §4-5).

Every check raises :class:`~drgsim.errors.ConfigurationError` naming the field, the value and the
allowed range in the user's units (mA, us, Hz, V), with the nearest allowed value as a hint.

Examples
--------
>>> from drgsim import units as u
>>> from drgsim.device.catalog import pulse_generator
>>> ipg = pulse_generator("axium-investigational")
>>> round(ipg.quantise_amplitude(0.812 * u.mA) / u.mA, 6)
0.8
>>> ipg.check_pulse_width(305 * u.us)
Traceback (most recent call last):
...
drgsim.errors.ConfigurationError: pulse_width=305 us is off the 10 us grid of 40-720 us for \
pulse generator 'axium-investigational'; use 300 us
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

from drgsim import units as u
from drgsim.device._checks import (
    GRID_TOLERANCE,
    in_unit,
    require_finite,
    require_int_range,
    require_positive,
    require_range,
    show,
)
from drgsim.errors import ConfigurationError


def _floor_to_grid(value: float, low: float, step: float) -> float:
    """Largest ``low + n * step <= value`` (n >= 0), tolerant of float noise."""
    n = math.floor((value - low) / step + GRID_TOLERANCE)
    return low + max(n, 0) * step


def _on_grid(value: float, low: float, step: float) -> bool:
    n = (value - low) / step
    return abs(n - round(n)) <= GRID_TOLERANCE


@dataclass(frozen=True, slots=True, kw_only=True)
class AmplitudeBand:
    """One band of the amplitude grid: values in ``[low, high]`` step by ``step`` from ``low``.

    Parameters
    ----------
    low, high
        Band edges [A].
    step
        Grid step inside the band [A].
    """

    low: float
    high: float
    step: float

    def __post_init__(self) -> None:
        require_range("low", self.low, 0.0, math.inf, scale=u.mA, unit="mA")
        require_positive("step", self.step, u.uA, "uA")
        if self.high <= self.low:
            raise ConfigurationError(
                "high", self.high / u.mA, f"> {self.low / u.mA:g} mA", hint="bands must grow"
            )


@dataclass(frozen=True, slots=True, kw_only=True)
class PulseGenerator:
    """Output ranges and step grids of an implanted pulse generator.

    Parameters
    ----------
    name
        Model name, as registered in :data:`drgsim.device.catalog.PULSE_GENERATORS`.
    max_leads
        Leads the generator drives [1].
    contacts_per_lead
        Contacts per lead port [1].
    amplitude_bands
        The amplitude grid, contiguous bands from 0 A upward; the last band's ``high`` is the
        maximum amplitude [A].
    pulse_width_min, pulse_width_max, pulse_width_step
        Pulse-width range and grid [s], the grid starting at ``pulse_width_min``.
    rate_min, rate_max, rate_step
        Rate range and grid [Hz], the grid starting at ``rate_min``.
    compliance_voltage
        Largest voltage the current source can drive [V], or ``None`` when not known (then
        :meth:`check_compliance` checks nothing). No value was located for the DRG generators
        (reference/device.md §4.3), so it is configuration, never a built-in fact.
    source
        Where the numbers come from, with their reference tag.
    """

    name: str
    max_leads: int
    contacts_per_lead: int
    amplitude_bands: tuple[AmplitudeBand, ...]
    pulse_width_min: float
    pulse_width_max: float
    pulse_width_step: float
    rate_min: float
    rate_max: float
    rate_step: float
    compliance_voltage: float | None
    source: str

    def __post_init__(self) -> None:
        require_int_range("max_leads", self.max_leads, 1, 16, "a lead count")
        require_int_range("contacts_per_lead", self.contacts_per_lead, 1, 16, "a contact count")
        bands = tuple(self.amplitude_bands)
        if not bands or bands[0].low != 0.0:
            raise ConfigurationError(
                "amplitude_bands", len(bands), "contiguous bands from 0 mA", hint="start at 0"
            )
        for a, b in itertools.pairwise(bands):
            if b.low != a.high:
                raise ConfigurationError(
                    "amplitude_bands",
                    b.low / u.mA,
                    f"{a.high / u.mA:g} mA (the previous band's top)",
                    hint="make the bands contiguous",
                )
        object.__setattr__(self, "amplitude_bands", bands)
        for f, scale, unit in (
            ("pulse_width_min", u.us, "us"),
            ("pulse_width_max", u.us, "us"),
            ("pulse_width_step", u.us, "us"),
            ("rate_min", u.Hz, "Hz"),
            ("rate_max", u.Hz, "Hz"),
            ("rate_step", u.Hz, "Hz"),
        ):
            require_positive(f, getattr(self, f), scale, unit)
        if self.compliance_voltage is not None:
            require_positive("compliance_voltage", self.compliance_voltage, u.V, "V")

    # -- ranges -----------------------------------------------------------------------------
    @property
    def amplitude_max(self) -> float:
        """Largest amplitude [A]."""
        return self.amplitude_bands[-1].high

    def amplitude_step(self, amplitude: float) -> float:
        """Grid step [A] of the band holding ``amplitude`` (the upper band at an edge)."""
        return self._band_for(amplitude).step

    def _band_for(self, amplitude: float) -> AmplitudeBand:
        for band in self.amplitude_bands:
            if amplitude < band.high:
                return band
        return self.amplitude_bands[-1]

    def _amplitude_grid_text(self) -> str:
        parts = [
            f"{b.step / u.uA:g} uA steps {b.low / u.mA:g}-{b.high / u.mA:g} mA"
            for b in self.amplitude_bands
        ]
        return f"0-{self.amplitude_max / u.mA:g} mA ({', '.join(parts)})"

    # -- quantisation -------------------------------------------------------------------------
    def quantise_amplitude(self, amplitude: float) -> float:
        """Floor ``amplitude`` [A] onto the grid, clipped to ``[0, amplitude_max]`` [A].

        Flooring (never rounding up) keeps a capped value at or below its cap; the result is a
        grid point, so quantising again returns it unchanged.
        """
        a = require_finite("amplitude", amplitude, u.mA, "mA")
        a = min(max(a, 0.0), self.amplitude_max)
        band = self._band_for(a)
        return min(_floor_to_grid(a, band.low, band.step), self.amplitude_max)

    def quantise_pulse_width(self, pulse_width: float) -> float:
        """Floor ``pulse_width`` [s] onto the grid, clipped to the range [s]."""
        pw = require_finite("pulse_width", pulse_width, u.us, "us")
        pw = min(max(pw, self.pulse_width_min), self.pulse_width_max)
        q = _floor_to_grid(pw, self.pulse_width_min, self.pulse_width_step)
        return min(q, self.pulse_width_max)

    def quantise_rate(self, rate: float) -> float:
        """Floor ``rate`` [Hz] onto the grid, clipped to the range [Hz]."""
        r = require_finite("rate", rate, u.Hz, "Hz")
        r = min(max(r, self.rate_min), self.rate_max)
        return min(_floor_to_grid(r, self.rate_min, self.rate_step), self.rate_max)

    # -- checks -------------------------------------------------------------------------------
    def _owner(self) -> str:
        return f"pulse generator '{self.name}'"

    def _check_grid(
        self,
        field: str,
        value: float,
        low: float,
        high: float,
        step: float,
        nearest: float,
        scale: float,
        unit: str,
    ) -> float:
        x = require_range(
            field, value, low, high, scale=scale, unit=unit, owner=self._owner(), nearest=nearest
        )
        if not _on_grid(x, low, step):
            allowed = f"{show(step, scale, unit)} grid of {in_unit(low, scale):g}-" + show(
                high, scale, unit
            )
            raise ConfigurationError(
                field,
                in_unit(x, scale),
                allowed,
                hint=f"use {show(nearest, scale, unit)}",
                message=f"{field}={show(x, scale, unit)} is off the {allowed} for "
                f"{self._owner()}; use {show(nearest, scale, unit)}",
            )
        return x

    def check_amplitude(self, amplitude: float, field: str = "amplitude") -> float:
        """Return ``amplitude`` [A] if it lies in range and on the grid; raise otherwise."""
        amplitude = require_finite(field, amplitude, u.mA, "mA")
        nearest = self.quantise_amplitude(amplitude)
        x = require_range(
            field,
            amplitude,
            0.0,
            self.amplitude_max,
            scale=u.mA,
            unit="mA",
            owner=self._owner(),
            nearest=nearest,
        )
        band = self._band_for(x)
        if not _on_grid(x, band.low, band.step):
            allowed = self._amplitude_grid_text()
            raise ConfigurationError(
                field,
                in_unit(x, u.mA),
                allowed,
                hint=f"use {show(nearest, u.mA, 'mA')}",
                message=f"{field}={show(x, u.mA, 'mA')} is off the {band.step / u.uA:g} uA grid "
                f"of {allowed} for {self._owner()}; use {show(nearest, u.mA, 'mA')}",
            )
        return x

    def check_pulse_width(self, pulse_width: float, field: str = "pulse_width") -> float:
        """Return ``pulse_width`` [s] if it lies in range and on the grid; raise otherwise."""
        pulse_width = require_finite(field, pulse_width, u.us, "us")
        nearest = self.quantise_pulse_width(pulse_width)
        return self._check_grid(
            field,
            pulse_width,
            self.pulse_width_min,
            self.pulse_width_max,
            self.pulse_width_step,
            nearest,
            u.us,
            "us",
        )

    def check_rate(self, rate: float, field: str = "rate") -> float:
        """Return ``rate`` [Hz] if it lies in range and on the grid; raise otherwise."""
        rate = require_finite(field, rate, u.Hz, "Hz")
        nearest = self.quantise_rate(rate)
        return self._check_grid(
            field, rate, self.rate_min, self.rate_max, self.rate_step, nearest, u.Hz, "Hz"
        )

    def check_n_leads(self, n_leads: int, field: str = "leads") -> int:
        """Return ``n_leads`` if the generator can drive that many leads; raise otherwise."""
        if not 1 <= n_leads <= self.max_leads:
            raise ConfigurationError(
                field,
                n_leads,
                f"1-{self.max_leads} leads",
                hint=f"{self._owner()} drives at most {self.max_leads} leads",
            )
        return n_leads

    def check_compliance(
        self, amplitude: float, impedance: float, field: str = "amplitude"
    ) -> float:
        """Return ``amplitude`` [A] if ``amplitude * impedance`` fits the compliance voltage.

        Parameters
        ----------
        amplitude
            Current [A].
        impedance
            Lead (load) impedance [ohm].
        """
        require_positive("impedance", impedance, u.kohm, "kohm")
        if self.compliance_voltage is None:
            return float(amplitude)
        limit = self.compliance_voltage / impedance
        if amplitude > limit * (1 + GRID_TOLERANCE):
            allowed = f"0-{show(self.quantise_amplitude(limit), u.mA, 'mA')}"
            raise ConfigurationError(
                field,
                in_unit(amplitude, u.mA),
                allowed,
                hint=f"{show(amplitude * impedance, u.V, 'V')} needed at "
                f"{show(impedance, u.kohm, 'kohm')} exceeds the "
                f"{show(self.compliance_voltage, u.V, 'V')} compliance of {self._owner()}",
            )
        return float(amplitude)


__all__ = ["AmplitudeBand", "PulseGenerator"]
