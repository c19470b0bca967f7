"""One cylindrical (ring) electrode contact of a lead, and the polarity a program gives it.

A contact is described by where its centre lies, its length along the lead and its diameter.
Its geometric area is that of the cylinder's side, ``A = pi * d * L``
(reference/safety.md §1 [READ]); charge density per phase is computed on this area.
A program sets each contact to anode (``"+"``), cathode (``"-"``) or off (``"0"``)
(:class:`Polarity`, reference/device.md §2 [READ]).

Examples
--------
>>> from drgsim import units as u
>>> c = Contact(index=0, centre=(0.0, 0.0, 0.0), length=1.0 * u.mm, diameter=1.0 * u.mm)
>>> round(c.area / u.cm2, 4)
0.0314
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from drgsim import units as u
from drgsim._typing import FloatArray
from drgsim.device._checks import frozen_vector, require_int_range, require_positive
from drgsim.errors import ConfigurationError

#: Largest contact index accepted (16 contacts: 4 leads x 4, reference/device.md §2).
MAX_CONTACT_INDEX = 15


class Polarity(StrEnum):
    """Role of a contact in a program."""

    ANODE = "+"
    CATHODE = "-"
    OFF = "0"


def parse_polarity(value: object, field: str = "polarity") -> Polarity:
    """Return ``value`` (``"+"``, ``"-"``, ``"0"`` or a member) as a :class:`Polarity`."""
    try:
        return Polarity(str(value))
    except ValueError:
        raise ConfigurationError(
            field, value, "'+' (anode), '-' (cathode) or '0' (off)", hint="set a polarity"
        ) from None


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Contact:
    """A cylindrical contact.

    Parameters
    ----------
    index
        Position of the contact on its lead, 0 at the distal tip.
    centre
        Centre of the contact, shape (3,) [m].
    length
        Length of the contact along the lead [m].
    diameter
        Outer diameter of the contact [m].

    Raises
    ------
    ConfigurationError
        If a dimension is not strictly positive or ``centre`` is not three finite numbers.
    """

    index: int
    centre: FloatArray
    length: float
    diameter: float

    def __post_init__(self) -> None:
        require_int_range("index", self.index, 0, MAX_CONTACT_INDEX, "a contact index")
        object.__setattr__(self, "centre", frozen_vector("centre", self.centre))
        object.__setattr__(self, "length", require_positive("length", self.length, u.mm, "mm"))
        object.__setattr__(
            self, "diameter", require_positive("diameter", self.diameter, u.mm, "mm")
        )

    @property
    def area(self) -> float:
        """Geometric area of the cylinder's side, ``pi * diameter * length`` [m^2]."""
        return math.pi * self.diameter * self.length

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Contact):
            return NotImplemented
        return (
            self.index == other.index
            and self.length == other.length
            and self.diameter == other.diameter
            and bool(np.array_equal(self.centre, other.centre))
        )

    def __hash__(self) -> int:
        return hash((self.index, self.length, self.diameter, self.centre.tobytes()))

    def __repr__(self) -> str:
        centre_mm = ", ".join(f"{x / u.mm:g}" for x in self.centre)
        return (
            f"Contact(index={self.index}, centre=({centre_mm}) mm, "
            f"length={self.length / u.mm:g} mm, diameter={self.diameter / u.mm:g} mm)"
        )


__all__ = ["MAX_CONTACT_INDEX", "Contact", "Polarity", "parse_polarity"]
