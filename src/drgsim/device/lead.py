"""The DRG lead: its contact geometry and its placement in the body.

A :class:`LeadGeometry` says what a lead model looks like (how many contacts, how long, how wide,
how far apart). It has no default: the DRG lead's dimensions are not in any primary source read
(reference/device.md §3, [UNVERIFIED]), so every geometry names its ``source`` and the presets in
:mod:`drgsim.device.catalog` carry that tag.

A :class:`Lead` places a geometry at a spinal level and side: ``tip`` is the distal end of the
lead, ``direction`` the unit vector from the tip toward the proximal end. Contact 0 is the most
distal: its distal edge lies at the tip, and contact ``i`` is centred at
``tip + (contact_length / 2 + i * contact_spacing) * direction``.

Examples
--------
>>> from drgsim import units as u
>>> g = LeadGeometry(name="demo", contact_length=1 * u.mm, contact_diameter=1 * u.mm,
...                  contact_spacing=5 * u.mm, lead_diameter=1 * u.mm, source="example")
>>> lead = Lead(geometry=g, level="L5", side="left", tip=(0, 0, 0), direction=(0, 0, 1))
>>> [round(float(c.centre[2]) / u.mm, 2) for c in lead.contacts]
[0.5, 5.5, 10.5, 15.5]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from drgsim import units as u
from drgsim._typing import FloatArray
from drgsim.anatomy.ganglion import Side, parse_side
from drgsim.anatomy.levels import SpinalLevel, parse_level
from drgsim.device._checks import frozen_vector, require_int_range, require_positive
from drgsim.device.contact import Contact
from drgsim.errors import ConfigurationError

#: Spinal levels a lead may be labelled with, rostral to caudal (the levels drgsim models).
SPINAL_LEVELS: tuple[str, ...] = tuple(level.value for level in SpinalLevel)

#: Most contacts a lead may carry (16 contacts per generator at most, reference/device.md §2).
MAX_CONTACTS_PER_LEAD = 16


@dataclass(frozen=True, slots=True, kw_only=True)
class LeadGeometry:
    """Dimensions of a lead model with evenly spaced cylindrical contacts.

    Parameters
    ----------
    name
        Model name, as registered in :data:`drgsim.device.catalog.LEADS`.
    n_contacts
        Number of contacts [1]; 4 for the DRG lead (reference/device.md §2 [READ]).
    contact_length
        Length of each contact along the lead [m].
    contact_diameter
        Outer diameter of each contact [m].
    contact_spacing
        Centre-to-centre distance of neighbouring contacts [m]; at least ``contact_length``.
    lead_diameter
        Outer diameter of the lead body [m].
    source
        Where the numbers come from, with their reference tag ([READ], [UNVERIFIED]...).

    Raises
    ------
    ConfigurationError
        If a dimension is not positive, contacts overlap, or ``source`` is empty.
    """

    name: str
    n_contacts: int = 4
    contact_length: float
    contact_diameter: float
    contact_spacing: float
    lead_diameter: float
    source: str

    def __post_init__(self) -> None:
        if not self.name:
            raise ConfigurationError("name", self.name, "a non-empty string", hint="name it")
        require_int_range("n_contacts", self.n_contacts, 1, MAX_CONTACTS_PER_LEAD, "a count")
        for field in ("contact_length", "contact_diameter", "contact_spacing", "lead_diameter"):
            value = require_positive(field, getattr(self, field), u.mm, "mm")
            object.__setattr__(self, field, value)
        if self.contact_spacing < self.contact_length:
            raise ConfigurationError(
                "contact_spacing",
                self.contact_spacing / u.mm,
                f">= contact_length ({self.contact_length / u.mm:g} mm)",
                hint="contacts would overlap; increase the centre-to-centre spacing",
            )
        if not self.source.strip():
            raise ConfigurationError(
                "source",
                self.source,
                "a citation with its tag",
                hint="say where the dimensions come from (no silent default)",
            )

    @property
    def contact_area(self) -> float:
        """Geometric area of one contact, ``pi * d * L`` [m^2] (reference/safety.md §1)."""
        return float(np.pi * self.contact_diameter * self.contact_length)

    @property
    def span(self) -> float:
        """Distance from the tip to the proximal edge of the last contact [m]."""
        return (self.n_contacts - 1) * self.contact_spacing + self.contact_length


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Lead:
    """A lead placed at a spinal level.

    Parameters
    ----------
    geometry
        The lead model.
    level
        Spinal level the lead is labelled with (reference/device.md §5), T10-S2; a
        :class:`~drgsim.anatomy.levels.SpinalLevel` or its name (``"L5"``).
    side
        Body side, :class:`~drgsim.anatomy.ganglion.Side` or ``"left"``/``"right"``.
    tip
        Position of the distal end of the lead, shape (3,) [m].
    direction
        Direction from the tip toward the proximal end, shape (3,) [1]; normalised on entry.

    Raises
    ------
    ConfigurationError
        On an unknown level or side, a non-finite position or a zero direction.
    """

    geometry: LeadGeometry
    level: SpinalLevel
    side: Side
    tip: FloatArray
    direction: FloatArray

    def __post_init__(self) -> None:
        object.__setattr__(self, "level", parse_level(self.level, "level"))
        object.__setattr__(self, "side", parse_side(self.side, "side"))
        object.__setattr__(self, "tip", frozen_vector("tip", self.tip))
        direction = np.array(frozen_vector("direction", self.direction, unit="1"))
        norm = float(np.linalg.norm(direction))
        if norm == 0.0:
            raise ConfigurationError(
                "direction", "(0, 0, 0)", "a non-zero vector", hint="point along the lead"
            )
        direction /= norm
        direction.setflags(write=False)
        object.__setattr__(self, "direction", direction)

    @property
    def n_contacts(self) -> int:
        """Number of contacts [1]."""
        return self.geometry.n_contacts

    @property
    def contact_centres(self) -> FloatArray:
        """Contact centres, shape (n_contacts, 3) [m], contact 0 first (distal)."""
        g = self.geometry
        offsets = g.contact_length / 2 + g.contact_spacing * np.arange(g.n_contacts)
        centres = np.ascontiguousarray(self.tip + offsets[:, None] * self.direction)
        centres.setflags(write=False)
        return centres

    @property
    def contacts(self) -> tuple[Contact, ...]:
        """The contacts, contact 0 at the tip."""
        g = self.geometry
        return tuple(
            Contact(index=i, centre=c, length=g.contact_length, diameter=g.contact_diameter)
            for i, c in enumerate(self.contact_centres)
        )

    def moved(self, tip: object, direction: object | None = None) -> Lead:
        """Return a copy with a new ``tip`` (and optionally ``direction``)."""
        return Lead(
            geometry=self.geometry,
            level=self.level,
            side=self.side,
            tip=tip,  # type: ignore[arg-type]
            direction=self.direction if direction is None else direction,  # type: ignore[arg-type]
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Lead):
            return NotImplemented
        return (
            self.geometry == other.geometry
            and self.level == other.level
            and self.side == other.side
            and bool(np.array_equal(self.tip, other.tip))
            and bool(np.array_equal(self.direction, other.direction))
        )

    def __hash__(self) -> int:
        return hash((self.geometry, self.level, self.side, self.tip.tobytes()))


__all__ = ["MAX_CONTACTS_PER_LEAD", "SPINAL_LEVELS", "Lead", "LeadGeometry", "Side"]
