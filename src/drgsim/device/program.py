"""Stimulation programs: per lead, contact polarities, amplitude, pulse width and rate.

A :class:`LeadProgram` is what the clinician sets on one lead (one stimulation "area",
reference/device.md §2): each contact anode (``"+"``), cathode (``"-"``) or off (``"0"``), the
amplitude, pulse width, rate, waveform, whether the lead is on, and the most the patient may
raise the amplitude to. A :class:`Program` groups up to four of them.

Rules checked here (the generator's ranges and the charge-density limits are checked by
:func:`drgsim.device.safety.check_program`):

- an enabled lead, or one with a non-zero amplitude, has at least one anode and one cathode
  (reference/device.md §5 [READ]);
- amplitudes are >= 0, pulse width and rate > 0, all finite; a lead appears once per program.

Contact weights: ``weight * amplitude`` is the current the contact injects into tissue during
the first (cathodic) phase [A]. Cathodes share -1 equally, anodes +1 equally, so the weights of a
lead sum to zero (the lead is bipolar, no current returns through the case).

Examples
--------
>>> from drgsim import units as u
>>> lp = LeadProgram(lead=0, polarities=("-", "+", "0", "0"), amplitude=0.8 * u.mA,
...                  pulse_width=300 * u.us, rate=20 * u.Hz)
>>> lp.contact_weights().tolist()
[-1.0, 1.0, 0.0, 0.0]
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from drgsim import units as u
from drgsim._typing import FloatArray
from drgsim.device._checks import in_unit, require_int_range, require_positive, require_range
from drgsim.device.contact import Polarity as Polarity
from drgsim.device.contact import parse_polarity
from drgsim.device.waveform import DEFAULT_WAVEFORM, WAVEFORMS
from drgsim.errors import ConfigurationError

#: Most leads a program may hold (reference/device.md §2 [READ], up to 4 leads per IPG).
MAX_PROGRAM_LEADS = 4


@dataclass(frozen=True, slots=True, kw_only=True)
class LeadProgram:
    """Settings of one lead.

    Parameters
    ----------
    lead
        Index of the lead in the scenario's lead list (0-based).
    polarities
        One polarity per contact, contact 0 (distal) first.
    amplitude
        Current of the cathodic phase [A].
    pulse_width
        Duration of the cathodic phase [s].
    rate
        Pulses per second [Hz].
    waveform
        Name of a registered waveform (:data:`drgsim.device.waveform.WAVEFORMS`).
    enabled
        Whether the lead is switched on.
    patient_max_amplitude
        Most the patient may raise the amplitude to [A]; ``None`` means no patient headroom
        (the clinician's ``amplitude`` is the maximum).

    Raises
    ------
    ConfigurationError
        On a malformed value or a lead without both an anode and a cathode while enabled or at
        a non-zero amplitude.
    """

    lead: int
    polarities: tuple[Polarity, ...]
    amplitude: float
    pulse_width: float
    rate: float
    waveform: str = DEFAULT_WAVEFORM
    enabled: bool = True
    patient_max_amplitude: float | None = None

    def __post_init__(self) -> None:
        require_int_range("lead", self.lead, 0, 15, "a lead index")
        if not isinstance(self.polarities, (tuple, list, str)):
            raise ConfigurationError(
                "polarities",
                str(self.polarities),
                "a sequence of '+', '-', '0', one per contact",
                hint='write e.g. ["-", "+", "0", "0"]',
            )
        pols = tuple(parse_polarity(p, f"polarities[{i}]") for i, p in enumerate(self.polarities))
        if not pols:
            raise ConfigurationError(
                "polarities", "()", "one polarity per contact", hint="list the contacts"
            )
        object.__setattr__(self, "polarities", pols)
        inf = math.inf
        a = require_range("amplitude", self.amplitude, 0.0, inf, scale=u.mA, unit="mA")
        object.__setattr__(self, "amplitude", a)
        pw = require_positive("pulse_width", self.pulse_width, u.us, "us")
        object.__setattr__(self, "pulse_width", pw)
        object.__setattr__(self, "rate", require_positive("rate", self.rate, u.Hz, "Hz"))
        if self.patient_max_amplitude is not None:
            pm = require_range(
                "patient_max_amplitude",
                self.patient_max_amplitude,
                0.0,
                inf,
                scale=u.mA,
                unit="mA",
            )
            object.__setattr__(self, "patient_max_amplitude", pm)
        if not isinstance(self.enabled, bool):
            raise ConfigurationError("enabled", self.enabled, "true or false", hint="a boolean")
        if not isinstance(self.waveform, str):
            raise ConfigurationError(
                "waveform", str(self.waveform), f"one of {', '.join(WAVEFORMS)}", hint="a name"
            )
        WAVEFORMS[self.waveform]  # raises UnknownNameError (field "waveform") on a miss
        if (self.enabled or a > 0.0) and not (self.n_anodes and self.n_cathodes):
            raise ConfigurationError(
                "polarities",
                "".join(pols),
                "at least one '+' and one '-' contact",
                hint="set an anode and a cathode before enabling the lead or raising amplitude",
            )

    @property
    def n_contacts(self) -> int:
        """Number of contacts the program addresses [1]."""
        return len(self.polarities)

    @property
    def n_anodes(self) -> int:
        """Number of anodes [1]."""
        return self.polarities.count(Polarity.ANODE)

    @property
    def n_cathodes(self) -> int:
        """Number of cathodes [1]."""
        return self.polarities.count(Polarity.CATHODE)

    @property
    def max_amplitude(self) -> float:
        """Largest amplitude the lead can deliver: the larger of clinician and patient max [A]."""
        if self.patient_max_amplitude is None:
            return self.amplitude
        return max(self.amplitude, self.patient_max_amplitude)

    def contact_weights(self) -> FloatArray:
        """Per-contact share of the current, shape (n_contacts,) [1], summing to zero.

        Cathodes share -1 equally and anodes +1; ``weight * amplitude`` is the current the
        contact injects into tissue in the cathodic phase [A] (negative at cathodes).
        """
        w = np.zeros(self.n_contacts, dtype=np.float64)
        if self.n_cathodes and self.n_anodes:
            for i, p in enumerate(self.polarities):
                if p is Polarity.CATHODE:
                    w[i] = -1.0 / self.n_cathodes
                elif p is Polarity.ANODE:
                    w[i] = 1.0 / self.n_anodes
        w.setflags(write=False)
        return w

    def contact_currents(self, amplitude: float | None = None) -> FloatArray:
        """Cathodic-phase current of each contact, shape (n_contacts,) [A].

        Parameters
        ----------
        amplitude
            Amplitude to use [A]; defaults to :attr:`amplitude`.
        """
        a = self.amplitude if amplitude is None else amplitude
        out = np.ascontiguousarray(self.contact_weights() * a)
        out.setflags(write=False)
        return out

    def with_polarities(self, polarities: tuple[Polarity | str, ...]) -> LeadProgram:
        """Return a copy with new polarities, the lead disabled and amplitude zero.

        A contact change disables the lead and zeroes its amplitude
        (reference/device.md §5 [READ]).
        """
        return replace(
            self,
            polarities=polarities,  # type: ignore[arg-type]
            enabled=False,
            amplitude=0.0,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Program:
    """A named set of lead programs.

    Parameters
    ----------
    name
        Program name.
    leads
        One :class:`LeadProgram` per programmed lead (at most four, each lead once).
    """

    name: str
    leads: tuple[LeadProgram, ...]

    def __post_init__(self) -> None:
        if not str(self.name).strip():
            raise ConfigurationError("name", self.name, "a non-empty string", hint="name it")
        if not isinstance(self.leads, (tuple, list)):
            raise ConfigurationError(
                "leads", str(self.leads), "a list of lead programs", hint="give a list"
            )
        leads = tuple(self.leads)
        if not 1 <= len(leads) <= MAX_PROGRAM_LEADS:
            raise ConfigurationError(
                "leads",
                len(leads),
                f"1-{MAX_PROGRAM_LEADS} lead programs",
                hint="program between one and four leads",
            )
        seen: set[int] = set()
        for i, lp in enumerate(leads):
            if not isinstance(lp, LeadProgram):
                raise ConfigurationError(
                    f"leads[{i}]", type(lp).__name__, "a LeadProgram", hint="build a LeadProgram"
                )
            if lp.lead in seen:
                raise ConfigurationError(
                    f"leads[{i}].lead", lp.lead, "each lead once", hint="merge the duplicates"
                )
            seen.add(lp.lead)
        object.__setattr__(self, "leads", leads)

    @property
    def n_contacts(self) -> int:
        """Contacts addressed by all lead programs together [1]."""
        return sum(lp.n_contacts for lp in self.leads)

    def contact_weights(self) -> FloatArray:
        """Weights of every contact, lead programs in order, shape (n_contacts,) [1].

        Each lead's block sums to zero; amplitudes differ per lead and are kept apart
        (see :meth:`contact_currents`).
        """
        out = np.ascontiguousarray(np.concatenate([lp.contact_weights() for lp in self.leads]))
        out.setflags(write=False)
        return out

    def contact_currents(self) -> FloatArray:
        """Cathodic-phase currents of every contact of the enabled leads, (n_contacts,) [A]."""
        parts = [
            lp.contact_currents() if lp.enabled else np.zeros(lp.n_contacts) for lp in self.leads
        ]
        out = np.ascontiguousarray(np.concatenate(parts), dtype=np.float64)
        out.setflags(write=False)
        return out

    def describe(self) -> str:
        """One line per lead, in the user's units."""
        return "\n".join(
            f"lead {lp.lead}: {''.join(lp.polarities)} {in_unit(lp.amplitude, u.mA):g} mA, "
            f"{in_unit(lp.pulse_width, u.us):g} us, {in_unit(lp.rate, u.Hz):g} Hz, "
            f"{lp.waveform}, {'on' if lp.enabled else 'off'}"
            for lp in self.leads
        )


__all__ = ["MAX_PROGRAM_LEADS", "LeadProgram", "Polarity", "Program"]
