"""Safety limit values, each configurable and carrying its source, and the charge formulas.

Charge per phase ``Q = I * PW``; charge density ``D = Q / A`` on the geometric contact area;
Shannon's ``k = log10(Q * D)`` with Q in uC and D in uC/cm^2 (reference/safety.md §1 [READ];
Shannon, IEEE TBME 1992;39:424-426).

No limit is a hidden constant (reference/safety.md §5.5): :class:`SafetyLimits` holds the hard
per-contact charge-density limit, the hard Shannon-k limit and the soft charge-density band,
each next to the source it comes from.

Defaults:

- hard Shannon ``k <= 1.85``: the lowest k at which Shannon saw damage (Shannon, IEEE TBME
  1992;39:424; reference/safety.md §2 [READ]). :meth:`SafetyLimits.conservative` uses
  ``k <= 1.5``, a commonly used design margin that is [UNVERIFIED] (safety.md §2).
- hard charge density ``<= 50 uC/cm^2`` per phase: the lower end of the 50-150 uC/cm^2
  reversible charge-injection range quoted for Pt/Pt-Ir macroelectrodes (Merrill, Bikson &
  Jefferys 2005, table not read: reference/safety.md §3 [UNVERIFIED]); an assumption listed in
  docs/assumptions.md.
- soft band ``30 uC/cm^2`` per phase: manufacturer warning level (Boston Scientific Vercise DBS
  clinician programmer manual p.39; reference/safety.md §3-4 [READ]).

Examples
--------
>>> from drgsim import units as u
>>> q = max_charge_per_phase(0.0314 * u.cm2, SafetyLimits())
>>> round(q / (300 * u.us) / u.mA, 1)  # reference/safety.md §6: 5.0 mA for k = 1.85
5.0
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from enum import StrEnum

from drgsim import units as u
from drgsim.device._checks import require_positive, require_range
from drgsim.errors import ConfigurationError


class Severity(StrEnum):
    """How a crossed limit is handled: hard refuses, soft warns (reference/safety.md §5.2)."""

    HARD = "hard"
    SOFT = "soft"


class DoseLevel(StrEnum):
    """Which amplitude a dose was computed at (reference/safety.md §5.1)."""

    PROGRAMMED = "amplitude"
    PATIENT_MAX = "patient_max_amplitude"


@dataclass(frozen=True, slots=True, kw_only=True)
class SafetyLimits:
    """Hard and soft charge limits per contact and phase.

    Parameters
    ----------
    max_charge_density
        Hard limit on charge density per phase [C/m^2].
    max_charge_density_source
        Where it comes from, with its tag.
    max_shannon_k
        Hard limit on Shannon's k [1].
    max_shannon_k_source
        Where it comes from, with its tag.
    soft_charge_density
        Recommended band on charge density per phase [C/m^2]; crossing it warns.
    soft_charge_density_source
        Where it comes from, with its tag.
    """

    max_charge_density: float = 50.0 * u.uC_per_cm2
    max_charge_density_source: str = (
        "[UNVERIFIED] lower end of the 50-150 uC/cm2 reversible charge-injection range for "
        "Pt/Pt-Ir macroelectrodes, Merrill, Bikson & Jefferys, J Neurosci Methods 2005;141:171 "
        "(reference/safety.md §3); assumption listed in docs/assumptions.md"
    )
    max_shannon_k: float = 1.85
    max_shannon_k_source: str = (
        "[READ] Shannon, IEEE Trans Biomed Eng 1992;39:424-426: lowest k with damage "
        "(reference/safety.md §2)"
    )
    soft_charge_density: float = 30.0 * u.uC_per_cm2
    soft_charge_density_source: str = (
        "[READ] Boston Scientific Vercise DBS clinician programmer manual p.39 "
        "(reference/safety.md §3-4)"
    )

    def __post_init__(self) -> None:
        s = u.uC_per_cm2
        require_positive("max_charge_density", self.max_charge_density, s, "uC/cm2")
        require_positive("soft_charge_density", self.soft_charge_density, s, "uC/cm2")
        require_range("max_shannon_k", self.max_shannon_k, -3.0, 5.0)
        if self.soft_charge_density > self.max_charge_density:
            raise ConfigurationError(
                "soft_charge_density",
                self.soft_charge_density / s,
                f"<= max_charge_density ({self.max_charge_density / s:g} uC/cm2)",
                hint="the recommended band must lie inside the hard limit",
            )
        for name in (
            "max_charge_density_source",
            "max_shannon_k_source",
            "soft_charge_density_source",
        ):
            if not str(getattr(self, name)).strip():
                raise ConfigurationError(
                    name, "", "a citation with its tag", hint="every limit names its source"
                )

    @classmethod
    def conservative(cls) -> SafetyLimits:
        """Limits with Shannon ``k <= 1.5`` (a common design margin, [UNVERIFIED])."""
        return replace(
            cls(),
            max_shannon_k=1.5,
            max_shannon_k_source=(
                "[UNVERIFIED] k = 1.5 as a commonly used conservative design limit "
                "(reference/safety.md §2); assumption listed in docs/assumptions.md"
            ),
        )

    def describe_hard(self) -> str:
        """The hard limits in the user's units, e.g. ``"<= 50 uC/cm2 per phase, k <= 1.85"``."""
        return (
            f"<= {self.max_charge_density / u.uC_per_cm2:g} uC/cm2 per phase, "
            f"k <= {self.max_shannon_k:g}"
        )


def _shannon_k(q_uC: float, d_uC_per_cm2: float) -> float:
    """Shannon's k from charge [uC] and charge density [uC/cm^2] (Shannon 1992)."""
    product = q_uC * d_uC_per_cm2
    return math.log10(product) if product > 0.0 else -math.inf


def charge_per_phase(amplitude: float, pulse_width: float) -> float:
    """Charge of one rectangular phase, ``Q = I * PW`` [C] (reference/safety.md §1).

    Parameters
    ----------
    amplitude
        Phase current [A] (its magnitude is used).
    pulse_width
        Phase duration [s].
    """
    return abs(amplitude) * pulse_width


def charge_density(charge: float, area: float) -> float:
    """Charge density per phase, ``D = Q / A`` [C/m^2] (reference/safety.md §1).

    Parameters
    ----------
    charge
        Charge per phase [C].
    area
        Geometric contact area [m^2].
    """
    return abs(charge) / require_positive("area", area, u.cm2, "cm2")


def shannon_k(charge: float, density: float) -> float:
    """Shannon's ``k = log10(Q * D)``, Q in uC and D in uC/cm^2 [1]; ``-inf`` at zero charge.

    Parameters
    ----------
    charge
        Charge per phase [C].
    density
        Charge density per phase [C/m^2].
    """
    return _shannon_k(abs(charge) / u.uC, abs(density) / u.uC_per_cm2)


def max_charge_per_phase(area: float, limits: SafetyLimits) -> float:
    """Largest charge per phase [C] a contact of ``area`` [m^2] may deliver under hard limits.

    The smaller of ``D_max * A`` and the Shannon bound ``Q = sqrt(10**k * A)`` (Q in uC, A in
    cm^2; from ``k = log10(Q * Q / A)``, reference/safety.md §6).
    """
    area = require_positive("area", area, u.cm2, "cm2")
    by_density = limits.max_charge_density * area
    by_shannon = math.sqrt(10.0**limits.max_shannon_k * (area / u.cm2)) * u.uC
    return min(by_density, by_shannon)


__all__ = [
    "DoseLevel",
    "SafetyLimits",
    "Severity",
    "charge_density",
    "charge_per_phase",
    "max_charge_per_phase",
    "shannon_k",
]
