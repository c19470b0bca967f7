"""Electrical conductivity of the tissues around a DRG, each with its source.

All values from ``reference/anatomy.md`` §5. Rows the reference marks [UNVERIFIED] carry
``is_verified=False``; they are usable only as configurable placeholders (``docs/assumptions.md``),
and a field model should let the scenario override them.

Examples
--------
>>> from drgsim.anatomy.tissues import Tissue, conductivity
>>> conductivity(Tissue.CSF).longitudinal
1.7
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from drgsim import units as u
from drgsim._typing import FloatArray
from drgsim.anatomy.levels import parse_choice
from drgsim.errors import ConfigurationError


class Tissue(StrEnum):
    """Tissues with a conductivity in the reference."""

    WHITE_MATTER = "white_matter"
    GREY_MATTER = "grey_matter"
    CSF = "csf"
    EPIDURAL_FAT = "epidural_fat"
    BONE = "bone"
    SALINE = "saline"
    ENDONEURIUM = "endoneurium"
    EPINEURIUM = "epineurium"
    MUSCLE = "muscle"
    DRG = "drg"
    DRG_EPINEURIUM = "drg_epineurium"
    EXTRANEURAL = "extraneural"
    ENCAPSULATION = "encapsulation"


@dataclass(frozen=True, slots=True, kw_only=True)
class TissueConductivity:
    """Conductivity of one tissue, uniaxial (longitudinal along the fibre axis).

    Attributes
    ----------
    tissue
        The tissue.
    longitudinal, transverse
        Conductivity along and across the local fibre axis [S/m]; equal when isotropic.
    source
        Citation with its reference tag.
    is_verified
        False where the reference marks the value [UNVERIFIED].
    """

    tissue: Tissue
    longitudinal: float
    transverse: float
    source: str
    is_verified: bool

    def __post_init__(self) -> None:
        for name in ("longitudinal", "transverse"):
            value = getattr(self, name)
            if not 0.0 < value < 100.0:
                raise ConfigurationError(f"{self.tissue}.{name}_S_per_m", value, "0-100 S/m")

    @property
    def is_isotropic(self) -> bool:
        """True when longitudinal and transverse conductivities are equal."""
        return self.longitudinal == self.transverse

    def tensor(self, axis: FloatArray | None = None) -> FloatArray:
        """Return the 3x3 conductivity tensor [S/m] for a fibre ``axis`` (3,), default x.

        sigma = s_t I + (s_l - s_t) a a^T with a the unit axis.
        """
        a = np.array([1.0, 0.0, 0.0]) if axis is None else np.asarray(axis, dtype=np.float64)
        a = a / np.linalg.norm(a)
        out = self.transverse * np.eye(3) + (self.longitudinal - self.transverse) * np.outer(a, a)
        out = np.ascontiguousarray(out)
        out.flags.writeable = False
        return out


_SPINAL = (
    "conductivity table of a J Neurosci spinal epidural-stimulation model (reference/anatomy.md "
    "§5) [READ]; article identity unverified (likely Capogrosso et al. 2013)"
)
_ASCENT = "wmglab-duke/ascent docs Validation.md v1.1.3, Table A (reference/anatomy.md §5) [READ]"
_GOLGI = "CellularSyntax/golgi wiki, citing {} (reference/anatomy.md §5) [READ, secondary]"
_FAROOQUI = (
    "Farooqui et al., J Neural Eng 2024 (feline model), secondary summary "
    "(reference/anatomy.md §5) [UNVERIFIED: look up before use]"
)


def _row(t: Tissue, sl: float, st: float, src: str, ok: bool = True) -> TissueConductivity:
    return TissueConductivity(
        tissue=t, longitudinal=sl * u.S_per_m, transverse=st * u.S_per_m, source=src, is_verified=ok
    )


_TABLE: dict[Tissue, TissueConductivity] = {
    r.tissue: r
    for r in (
        _row(Tissue.WHITE_MATTER, 0.6, 0.083, _SPINAL),
        _row(Tissue.GREY_MATTER, 0.23, 0.23, _SPINAL),
        _row(Tissue.CSF, 1.7, 1.7, _SPINAL),
        _row(Tissue.EPIDURAL_FAT, 0.04, 0.04, _SPINAL),
        _row(Tissue.BONE, 0.02, 0.02, _SPINAL),
        _row(Tissue.SALINE, 2.0, 2.0, _SPINAL),
        # resistivity 1.75 ohm*m longitudinal, 6 ohm*m radial
        _row(Tissue.ENDONEURIUM, 1.0 / 1.75, 1.0 / 6.0, _ASCENT),
        _row(Tissue.EPINEURIUM, 1.0 / 6.3, 1.0 / 6.3, _GOLGI.format("Grill & Mortimer 1994")),
        _row(Tissue.MUSCLE, 0.35, 0.086, _GOLGI.format("Gielen et al. 1984")),
        _row(Tissue.DRG, 0.6, 0.083, _FAROOQUI, ok=False),
        _row(Tissue.DRG_EPINEURIUM, 0.6, 0.6, _FAROOQUI, ok=False),
        _row(Tissue.EXTRANEURAL, 0.25, 0.25, _FAROOQUI, ok=False),
        _row(Tissue.ENCAPSULATION, 0.17, 0.17, _FAROOQUI, ok=False),
    )
}


def conductivity(tissue: Tissue | str) -> TissueConductivity:
    """Return the conductivity record of ``tissue``.

    Raises
    ------
    ConfigurationError
        If ``tissue`` is not a known tissue name.
    """
    return _TABLE[parse_choice(Tissue, tissue, "tissue")]


def conductivity_table() -> tuple[TissueConductivity, ...]:
    """Return every tissue conductivity record, in :class:`Tissue` order."""
    return tuple(_TABLE[t] for t in Tissue)


__all__ = ["Tissue", "TissueConductivity", "conductivity", "conductivity_table"]
