"""Charge, charge density and the Shannon criterion; the one program check.

Definitions (reference/safety.md §1 [READ]): charge per phase ``Q = I * PW``; charge density
``D = Q / A`` on the contact's geometric area ``A = pi * d * L``; Shannon's
``k = log10(Q * D)`` with ``Q`` in uC and ``D`` in uC/cm^2 (Shannon, IEEE TBME 1992;39:424).

:func:`check_program` is the single pure check used wherever a program is written or applied
(reference/safety.md §5). It checks the program against the generator's ranges and grids, the
leads it addresses, and, per contact, the hard limits (charge density, Shannon k) and the soft
30 uC/cm^2 band, both at the clinician's amplitude and at the patient maximum (§5.1). Hard
violations raise :class:`~drgsim.errors.SafetyLimitError`; soft ones are reported as findings.
Disabled leads are checked as well, since the patient may switch them on.
:func:`evaluate_program` does the same without raising on hard charge limits.

Examples
--------
>>> import math
>>> from drgsim import units as u
>>> q = charge_per_phase(1 * u.mA, 300 * u.us)
>>> d = charge_density(q, math.pi * (1 * u.mm) * (1 * u.mm))  # reference/safety.md §6
>>> round(q / u.uC, 2), round(d / u.uC_per_cm2, 1), round(shannon_k(q, d), 2)
(0.3, 9.5, 0.46)
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from drgsim import units as u
from drgsim.device._checks import in_unit, show
from drgsim.device.lead import Lead
from drgsim.device.limits import (
    DoseLevel,
    SafetyLimits,
    Severity,
    max_charge_per_phase,
)
from drgsim.device.limits import charge_density as charge_density
from drgsim.device.limits import charge_per_phase as charge_per_phase
from drgsim.device.limits import shannon_k as shannon_k
from drgsim.device.program import LeadProgram, Program
from drgsim.device.pulse_generator import PulseGenerator
from drgsim.device.waveform import WAVEFORMS
from drgsim.errors import ConfigurationError, SafetyLimitError

_TOLERANCE = 1e-9


@dataclass(frozen=True, slots=True, kw_only=True)
class ContactDose:
    """Charge delivered by one contact at one amplitude level.

    Attributes
    ----------
    lead_index
        Position of the lead program in ``Program.leads``.
    lead
        Index of the lead in the scenario's lead list.
    contact
        Contact index on the lead (0 distal).
    level
        Which amplitude: the clinician's or the patient maximum.
    current
        Magnitude of the contact's current in the cathodic phase [A].
    charge
        Charge per phase [C].
    density
        Charge density per phase [C/m^2].
    k
        Shannon's k [1].
    severity
        The worst limit crossed, or ``None``.
    """

    lead_index: int
    lead: int
    contact: int
    level: DoseLevel
    current: float
    charge: float
    density: float
    k: float
    severity: Severity | None


@dataclass(frozen=True, slots=True, kw_only=True)
class SafetyFinding:
    """A limit crossed: which field, what value (user unit), what is allowed, and why."""

    severity: Severity
    field: str
    value: float
    allowed: str
    message: str
    lead_index: int
    contact: int
    level: DoseLevel

    def to_error(self) -> SafetyLimitError:
        """The finding as an exception (hard findings are raised this way)."""
        return SafetyLimitError(
            self.field, self.value, self.allowed, hint=self.message, message=self.message
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class SafetyReport:
    """Per-contact doses and the limits they cross, for one program."""

    program: str
    limits: SafetyLimits
    doses: tuple[ContactDose, ...]
    findings: tuple[SafetyFinding, ...]

    @property
    def hard_findings(self) -> tuple[SafetyFinding, ...]:
        """Findings that refuse the program."""
        return tuple(f for f in self.findings if f.severity is Severity.HARD)

    @property
    def soft_findings(self) -> tuple[SafetyFinding, ...]:
        """Findings that warn (allowed with explicit override)."""
        return tuple(f for f in self.findings if f.severity is Severity.SOFT)

    @property
    def is_safe(self) -> bool:
        """True when no hard limit is crossed."""
        return not self.hard_findings

    @property
    def max_density(self) -> float:
        """Largest charge density of any contact at any level [C/m^2] (0 when none)."""
        return max((d.density for d in self.doses), default=0.0)

    @property
    def max_k(self) -> float:
        """Largest Shannon k of any contact at any level [1] (``-inf`` when none)."""
        return max((d.k for d in self.doses), default=-math.inf)

    def raise_for_hard(self) -> None:
        """Raise :class:`SafetyLimitError` for the first hard finding, if any."""
        hard = self.hard_findings
        if hard:
            raise hard[0].to_error()


def max_safe_amplitude(
    lead_program: LeadProgram,
    lead: Lead,
    limits: SafetyLimits,
    generator: PulseGenerator | None = None,
) -> float:
    """Largest amplitude [A] keeping every contact of the lead within the hard limits.

    Floored onto the generator's grid (and capped at its maximum) when ``generator`` is given.
    """
    weights = abs(lead_program.contact_weights())
    w_max = float(weights.max()) if weights.size else 0.0
    if w_max == 0.0:
        return generator.amplitude_max if generator else math.inf
    q_max = max_charge_per_phase(lead.geometry.contact_area, limits)
    amplitude = q_max / (w_max * lead_program.pulse_width)
    return generator.quantise_amplitude(amplitude) if generator else amplitude


def _check_lead_program(
    i: int,
    lp: LeadProgram,
    generator: PulseGenerator,
    leads: Sequence[Lead],
    impedances: Mapping[int, float] | None,
) -> Lead:
    """Device-range checks of one lead program; returns the lead it addresses."""
    prefix = f"leads[{i}]"
    if not 0 <= lp.lead < len(leads):
        raise ConfigurationError(
            f"{prefix}.lead",
            lp.lead,
            f"0-{len(leads) - 1}" if leads else "no leads implanted",
            hint="address one of the implanted leads",
        )
    lead = leads[lp.lead]
    n_contacts = min(lead.n_contacts, generator.contacts_per_lead)
    if lp.n_contacts != n_contacts:
        raise ConfigurationError(
            f"{prefix}.polarities",
            "".join(lp.polarities),
            f"{n_contacts} contacts (0-{n_contacts - 1})",
            hint=f"lead {lp.lead} has {n_contacts} contacts; give one polarity per contact",
        )
    generator.check_amplitude(lp.amplitude, f"{prefix}.amplitude")
    if lp.patient_max_amplitude is not None:
        generator.check_amplitude(lp.patient_max_amplitude, f"{prefix}.patient_max_amplitude")
    generator.check_pulse_width(lp.pulse_width, f"{prefix}.pulse_width")
    generator.check_rate(lp.rate, f"{prefix}.rate")
    shape = WAVEFORMS[lp.waveform]
    if not shape.is_charge_balanced:
        raise SafetyLimitError(
            f"{prefix}.waveform",
            lp.waveform,
            "a charge-balanced waveform",
            hint=f"'{lp.waveform}' is for threshold experiments only",
        )
    span = shape.span(lp.pulse_width)
    if span * lp.rate > 1.0 + _TOLERANCE:
        raise ConfigurationError(
            f"{prefix}.rate",
            in_unit(lp.rate, u.Hz),
            f"<= {1.0 / span:g} Hz",
            hint=f"a {show(span, u.us, 'us')} {lp.waveform} pulse must fit in one period",
        )
    if impedances is not None and lp.lead in impedances:
        generator.check_compliance(lp.max_amplitude, impedances[lp.lead], f"{prefix}.amplitude")
    return lead


def _dose_findings(
    i: int, lp: LeadProgram, lead: Lead, limits: SafetyLimits, generator: PulseGenerator
) -> tuple[list[ContactDose], list[SafetyFinding]]:
    area = lead.geometry.contact_area
    weights = lp.contact_weights()
    levels = [(DoseLevel.PROGRAMMED, lp.amplitude)]
    if lp.patient_max_amplitude is not None:
        levels.append((DoseLevel.PATIENT_MAX, lp.patient_max_amplitude))
    doses: list[ContactDose] = []
    findings: list[SafetyFinding] = []
    safe = max_safe_amplitude(lp, lead, limits, generator)
    for level, amplitude in levels:
        field = f"leads[{i}].{level.value}"
        for contact, w in enumerate(weights):
            if w == 0.0:
                continue
            q = charge_per_phase(float(w) * amplitude, lp.pulse_width)
            d = charge_density(q, area)
            k = shannon_k(q, d)
            hard = (
                d > limits.max_charge_density * (1 + _TOLERANCE)
                or k > limits.max_shannon_k + _TOLERANCE
            )
            soft = d > limits.soft_charge_density * (1 + _TOLERANCE)
            severity = Severity.HARD if hard else Severity.SOFT if soft else None
            doses.append(
                ContactDose(
                    lead_index=i,
                    lead=lp.lead,
                    contact=contact,
                    level=level,
                    current=abs(float(w)) * amplitude,
                    charge=q,
                    density=d,
                    k=k,
                    severity=severity,
                )
            )
            where = (
                f"{show(d, u.uC_per_cm2, 'uC/cm2')} per phase (k={k:.2f}) on lead {lp.lead} "
                f"contact {contact} at {show(lp.pulse_width, u.us, 'us')}"
            )
            if hard:
                allowed = f"0-{show(safe, u.mA, 'mA')}"
                findings.append(
                    SafetyFinding(
                        severity=Severity.HARD,
                        field=field,
                        value=in_unit(amplitude, u.mA),
                        allowed=allowed,
                        message=f"{field}={show(amplitude, u.mA, 'mA')} gives {where}, above "
                        f"the hard limit ({limits.describe_hard()}); use at most "
                        f"{show(safe, u.mA, 'mA')}",
                        lead_index=i,
                        contact=contact,
                        level=level,
                    )
                )
            elif soft:
                findings.append(
                    SafetyFinding(
                        severity=Severity.SOFT,
                        field=field,
                        value=in_unit(amplitude, u.mA),
                        allowed=f"<= {show(limits.soft_charge_density, u.uC_per_cm2, 'uC/cm2')}"
                        " per phase recommended",
                        message=f"{field}={show(amplitude, u.mA, 'mA')} gives {where}, above "
                        f"the recommended {show(limits.soft_charge_density, u.uC_per_cm2, '')}"
                        " uC/cm2 band (soft limit: allowed with an explicit override)",
                        lead_index=i,
                        contact=contact,
                        level=level,
                    )
                )
    return doses, findings


def evaluate_program(
    program: Program,
    generator: PulseGenerator,
    leads: Sequence[Lead],
    limits: SafetyLimits,
    *,
    impedances: Mapping[int, float] | None = None,
) -> SafetyReport:
    """Check device ranges (raising) and report per-contact doses and findings (not raising).

    Parameters
    ----------
    program
        The program to check.
    generator
        The pulse generator it runs on.
    leads
        The implanted leads; ``LeadProgram.lead`` indexes this sequence.
    limits
        Hard and soft charge limits.
    impedances
        Measured lead impedance by lead index [ohm]; when given (and the generator has a
        compliance voltage), the largest amplitude of each lead must fit the compliance.

    Raises
    ------
    ConfigurationError
        When a setting is outside the generator's ranges or grids, or addresses a missing lead
        or contact. Charge limits are reported, not raised (see :func:`check_program`).
    """
    generator.check_n_leads(len(program.leads))
    doses: list[ContactDose] = []
    findings: list[SafetyFinding] = []
    for i, lp in enumerate(program.leads):
        lead = _check_lead_program(i, lp, generator, leads, impedances)
        d, f = _dose_findings(i, lp, lead, limits, generator)
        doses.extend(d)
        findings.extend(f)
    return SafetyReport(
        program=program.name, limits=limits, doses=tuple(doses), findings=tuple(findings)
    )


def check_program(
    program: Program,
    generator: PulseGenerator,
    leads: Sequence[Lead],
    limits: SafetyLimits,
    *,
    impedances: Mapping[int, float] | None = None,
) -> SafetyReport:
    """The pure program check: raise on any hard violation, else return the report.

    Parameters are those of :func:`evaluate_program`. The report's soft findings (the
    30 uC/cm^2 band) are for the caller to show or record; nothing is warned here.

    Raises
    ------
    ConfigurationError
        On a device-range or grid violation, or a missing lead or contact.
    SafetyLimitError
        When a contact exceeds the hard charge-density or Shannon-k limit at the clinician's
        amplitude or the patient maximum.
    """
    report = evaluate_program(program, generator, leads, limits, impedances=impedances)
    report.raise_for_hard()
    return report


__all__ = [
    "ContactDose",
    "SafetyFinding",
    "SafetyReport",
    "charge_density",
    "charge_per_phase",
    "check_program",
    "evaluate_program",
    "max_safe_amplitude",
    "shannon_k",
]
