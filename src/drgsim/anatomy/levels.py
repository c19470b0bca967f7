"""Spinal levels T10-S2 and the size and position of their dorsal root ganglia.

Two cadaver series give the length and width of the lumbar DRGs (``reference/anatomy.md`` §1.1,
[READ]); they differ by up to about 40 % in length, so drgsim carries both and the scenario picks
one (:class:`DimensionSeries`):

- Silav et al., J Neurosurg Sci 2016;60:339-344 (15 cadavers, 150 DRGs).
- Rohini et al., Natl J Clin Anat 2022;11:131-135 (10 cadavers, 100 foramina).

Neither series measured T10-T12, S1 or S2. For those levels drgsim invents no number: the
:class:`UnmeasuredLevelPolicy` either raises or borrows the dimensions of the nearest measured
level (L1 for T10-T12, L5 for S1-S2), and the returned :class:`DrgDimensions` says so
(``is_measured=False``, ``measured_level``). The borrowing is listed in ``docs/assumptions.md``.

Examples
--------
>>> from drgsim.anatomy.levels import SpinalLevel, drg_dimensions
>>> d = drg_dimensions(SpinalLevel.L5, "silav2016")
>>> round(d.length * 1e3, 2), round(d.width * 1e3, 2)
(10.83, 5.82)
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from drgsim import units as u
from drgsim.errors import ConfigurationError

_E = TypeVar("_E", bound=StrEnum)


class SpinalLevel(StrEnum):
    """The spinal levels drgsim models, rostral to caudal."""

    T10 = "T10"
    T11 = "T11"
    T12 = "T12"
    L1 = "L1"
    L2 = "L2"
    L3 = "L3"
    L4 = "L4"
    L5 = "L5"
    S1 = "S1"
    S2 = "S2"

    @property
    def order(self) -> int:
        """Rostro-caudal order, 0 for T10."""
        return list(SpinalLevel).index(self)


class DimensionSeries(StrEnum):
    """Which cadaver series supplies DRG length and width (``reference/anatomy.md`` §1.1)."""

    SILAV_2016 = "silav2016"
    ROHINI_2022 = "rohini2022"


class UnmeasuredLevelPolicy(StrEnum):
    """What to do for a level no series measured (T10-T12, S1, S2)."""

    NEAREST = "nearest"  #: borrow the nearest measured level, flagged
    RAISE = "raise"  #: refuse


class PositionType(StrEnum):
    """Where the DRG sits relative to the intervertebral foramen."""

    INTRASPINAL = "intraspinal"
    FORAMINAL = "foraminal"
    EXTRAFORAMINAL = "extraforaminal"


# Mean cadaveric DRG (length, width) [mm]; reference/anatomy.md §1.1 [READ].
_DIMENSIONS_MM: dict[DimensionSeries, dict[SpinalLevel, tuple[float, float]]] = {
    # Silav et al., J Neurosurg Sci 2016;60:339-344
    DimensionSeries.SILAV_2016: {
        SpinalLevel.L1: (5.39, 4.36),
        SpinalLevel.L2: (5.83, 4.56),
        SpinalLevel.L3: (7.24, 4.99),
        SpinalLevel.L4: (7.97, 5.22),
        SpinalLevel.L5: (10.83, 5.82),
    },
    # Rohini et al., Natl J Clin Anat 2022;11:131-135
    DimensionSeries.ROHINI_2022: {
        SpinalLevel.L1: (6.49, 5.01),
        SpinalLevel.L2: (9.63, 5.96),
        SpinalLevel.L3: (12.18, 6.71),
        SpinalLevel.L4: (13.43, 6.80),
        SpinalLevel.L5: (14.95, 6.83),
    },
}

_SERIES_SOURCE = {
    DimensionSeries.SILAV_2016: "Silav et al., J Neurosurg Sci 2016;60:339-344 [READ]",
    DimensionSeries.ROHINI_2022: "Rohini et al., Natl J Clin Anat 2022;11:131-135 [READ]",
}

# MR-neurography DRG volume, mean and SD [mm^3]; AJNR 2022;43:769 (reference/anatomy.md §1.2)
# [READ]. Ellipsoid formulas underestimate these volumes by a factor 0.42-0.63 (same source).
_MR_VOLUME_MM3: dict[SpinalLevel, tuple[float, float]] = {
    SpinalLevel.L4: (211.3, 52.5),
    SpinalLevel.L5: (290.7, 90.9),
    SpinalLevel.S1: (384.2, 145.0),
    SpinalLevel.S2: (192.4, 52.6),
}

# Typical position per level. L1 (L1-L2 foramen): mostly intraspinal; L2-L4: intraforaminal;
# L5 (L5-S1): extraforaminal -- Rohini 2022 (reference/anatomy.md §1.2) [READ]. S1:
# intraforaminal in 55-60 % -- Ebraheim 1998 (same table) [READ]. T10-T12 and S2: not given.
_POSITION: dict[SpinalLevel, tuple[PositionType, str]] = {
    SpinalLevel.L1: (PositionType.INTRASPINAL, "Rohini 2022 [READ]"),
    SpinalLevel.L2: (PositionType.FORAMINAL, "Rohini 2022 [READ]"),
    SpinalLevel.L3: (PositionType.FORAMINAL, "Rohini 2022 [READ]"),
    SpinalLevel.L4: (PositionType.FORAMINAL, "Rohini 2022 [READ]"),
    SpinalLevel.L5: (PositionType.EXTRAFORAMINAL, "Rohini 2022 [READ]"),
    SpinalLevel.S1: (PositionType.FORAMINAL, "Ebraheim 1998, 55-60 % of S1 DRGs [READ]"),
}

# Nearest measured level for the unmeasured ones (an assumption, docs/assumptions.md).
_NEAREST_MEASURED = {
    SpinalLevel.T10: SpinalLevel.L1,
    SpinalLevel.T11: SpinalLevel.L1,
    SpinalLevel.T12: SpinalLevel.L1,
    SpinalLevel.S1: SpinalLevel.L5,
    SpinalLevel.S2: SpinalLevel.L5,
}


@dataclass(frozen=True, slots=True, kw_only=True)
class DrgDimensions:
    """Size and position of one DRG.

    Attributes
    ----------
    level
        The spinal level described.
    series
        The cadaver series the length and width come from.
    length
        Mean DRG length along the root axis [m].
    width
        Mean DRG width [m].
    measured_level
        The level the numbers were measured at; differs from ``level`` when borrowed.
    is_measured
        False when the dimensions were borrowed from ``measured_level`` (an assumption).
    mr_volume, mr_volume_sd
        Mean and SD of the MR-neurography volume [m^3] (AJNR 2022;43:769), or None.
    position
        Typical position relative to the foramen, or None where no source gives it.
    source
        Citation of the length and width (and the borrowing, if any).
    """

    level: SpinalLevel
    series: DimensionSeries
    length: float
    width: float
    measured_level: SpinalLevel
    is_measured: bool
    mr_volume: float | None
    mr_volume_sd: float | None
    position: PositionType | None
    source: str

    def __post_init__(self) -> None:
        for name in ("length", "width"):
            value = getattr(self, name)
            if not 0.0 < value < 50 * u.mm:
                raise ConfigurationError(f"{name}_mm", value / u.mm, "0-50 mm")


def parse_level(value: object, field: str = "level") -> SpinalLevel:
    """Return ``value`` as a :class:`SpinalLevel`, or raise naming ``field``.

    Parameters
    ----------
    value
        A level name such as ``"L5"`` (case-insensitive) or a :class:`SpinalLevel`.
    field
        The name reported in the error.

    Raises
    ------
    ConfigurationError
        If ``value`` names no level in T10-S2.
    """
    if isinstance(value, SpinalLevel):
        return value
    if isinstance(value, str):
        try:
            return SpinalLevel(value.strip().upper())
        except ValueError:
            pass
    raise ConfigurationError(
        field,
        value,
        "one of " + ", ".join(SpinalLevel),
        hint="drgsim models the DRGs of T10 to S2",
    )


def drg_dimensions(
    level: SpinalLevel | str,
    series: DimensionSeries | str = DimensionSeries.SILAV_2016,
    unmeasured: UnmeasuredLevelPolicy | str = UnmeasuredLevelPolicy.NEAREST,
) -> DrgDimensions:
    """Return the DRG size of ``level`` from the chosen cadaver ``series``.

    Parameters
    ----------
    level
        Spinal level, T10 to S2.
    series
        ``"silav2016"`` or ``"rohini2022"`` (``reference/anatomy.md`` §1.1).
    unmeasured
        For T10-T12, S1 and S2, which neither series measured: ``"nearest"`` borrows the nearest
        measured level (L1 or L5) and flags the result; ``"raise"`` refuses.

    Raises
    ------
    ConfigurationError
        On an unknown level or series, or an unmeasured level with ``unmeasured="raise"``.
    """
    level = parse_level(level)
    series = parse_choice(DimensionSeries, series, "anatomy.dimension_series")
    unmeasured = parse_choice(UnmeasuredLevelPolicy, unmeasured, "anatomy.unmeasured_levels")
    table = _DIMENSIONS_MM[series]
    source = _SERIES_SOURCE[series]
    if level in table:
        measured = level
    elif unmeasured is UnmeasuredLevelPolicy.RAISE:
        raise ConfigurationError(
            "level",
            str(level),
            "one of " + ", ".join(table),
            hint=f"no published size for the {level} DRG in {series}; "
            "set anatomy.unmeasured_levels = 'nearest' to borrow the nearest measured level",
        )
    else:
        measured = _NEAREST_MEASURED[level]
        source += f"; {level} not measured, {measured} dimensions borrowed (assumption)"
    length_mm, width_mm = table[measured]
    volume = _MR_VOLUME_MM3.get(level)
    position = _POSITION.get(level)
    return DrgDimensions(
        level=level,
        series=series,
        length=length_mm * u.mm,
        width=width_mm * u.mm,
        measured_level=measured,
        is_measured=measured is level,
        mr_volume=None if volume is None else volume[0] * u.mm**3,
        mr_volume_sd=None if volume is None else volume[1] * u.mm**3,
        position=None if position is None else position[0],
        source=source,
    )


def parse_choice(kind: type[_E], value: object, field: str) -> _E:
    """Return ``value`` as a member of the StrEnum ``kind``, or raise naming ``field``."""
    if isinstance(value, str):
        try:
            return kind(value)
        except ValueError:
            pass
    raise ConfigurationError(field, value, "one of " + ", ".join(kind))


__all__ = [
    "DimensionSeries",
    "DrgDimensions",
    "PositionType",
    "SpinalLevel",
    "UnmeasuredLevelPolicy",
    "drg_dimensions",
    "parse_choice",
    "parse_level",
]
