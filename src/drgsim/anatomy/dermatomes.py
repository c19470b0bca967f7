"""Body-region atlas: which spinal roots serve each named body region, and clinical DRG targets.

Map used (:data:`MAP_NAME`): the principal dermatome levels of Netter, Atlas of Human Anatomy
(2018) Plate 171 (Keegan & Garrett style), the ISNCSCI key sensory points and the lower-limb
dermatome areas of clinical reference sites, condensed into ``reference/anatomy.md`` §6.5 [READ].
The evidence-based map of Lee, McPhee & Stringer (Clin Anat 2008;21:363) is **not** encoded: its
per-root areas were not read. Dermatomes overlap and vary between people (Netter; Lee 2008).

Each region lists its roots in order, first = primary (anatomy.md §6.5). The overlap weight of a
root is 1 for the primary root and ``secondary_weight`` (default 0.5) for the others: the
reference gives the order, not the weights, so the weights are an assumption
(``docs/assumptions.md``). Roots outside T10-S2 (S3, S4) are kept in the table but have no
modelled DRG.

Examples
--------
>>> from drgsim.anatomy.dermatomes import BodyRegion, region_levels
>>> [str(level) for level in region_levels(BodyRegion.KNEE)]
['L3', 'L4']
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from drgsim.anatomy.levels import SpinalLevel, parse_choice
from drgsim.errors import ConfigurationError

MAP_NAME = (
    "Netter Plate 171 (Keegan & Garrett style) principal dermatomes + ISNCSCI key points, "
    "condensed in reference/anatomy.md §6.5; Lee 2008 not encoded"
)

DEFAULT_SECONDARY_WEIGHT = 0.5  # assumption: overlap weight of non-primary roots [1]


class BodyRegion(StrEnum):
    """Named body regions (each exists on the left and the right)."""

    ABDOMEN = "abdomen"  # umbilical band
    LOWER_ABDOMEN = "lower_abdomen"
    GROIN = "groin"
    HIP = "hip"
    PELVIS = "pelvis"
    BUTTOCK = "buttock"
    LOW_BACK = "low_back"
    ANTERIOR_THIGH = "anterior_thigh"
    MEDIAL_THIGH = "medial_thigh"
    POSTERIOR_THIGH = "posterior_thigh"
    KNEE = "knee"
    POPLITEAL_FOSSA = "popliteal_fossa"
    MEDIAL_LEG = "medial_leg"
    LATERAL_LEG = "lateral_leg"
    CALF = "calf"
    ANKLE = "ankle"
    FOOT = "foot"
    DORSUM_OF_FOOT = "dorsum_of_foot"
    SOLE = "sole"
    HEEL = "heel"
    GREAT_TOE = "great_toe"
    LATERAL_FOOT = "lateral_foot"  # lateral margin of the foot and little toe
    PERINEUM = "perineum"


@dataclass(frozen=True, slots=True, kw_only=True)
class RegionEntry:
    """One row of the atlas.

    Attributes
    ----------
    region
        The body region.
    roots
        Root names in order, first = primary (may include roots outside T10-S2).
    source
        Where the row comes from, with its tag.
    is_verified
        False where the reference marks the mapping [UNVERIFIED].
    """

    region: BodyRegion
    roots: tuple[str, ...]
    source: str
    is_verified: bool = True


_A65 = "reference/anatomy.md §6.5 [READ]"
_ATLAS: dict[BodyRegion, RegionEntry] = {
    e.region: e
    for e in (
        RegionEntry(region=BodyRegion.ABDOMEN, roots=("T10",), source=_A65 + " umbilical band"),
        RegionEntry(
            region=BodyRegion.LOWER_ABDOMEN,
            roots=("T11",),
            source="reference/anatomy.md §6.3 ISNCSCI T11 key point, between T10 and T12 [READ]",
        ),
        RegionEntry(region=BodyRegion.GROIN, roots=("L1", "T12"), source=_A65),
        RegionEntry(
            region=BodyRegion.HIP,
            roots=("L1", "L2", "L3"),
            source="reference/clinical.md §5 hip L1-L3 [UNVERIFIED: dermatomes only]",
            is_verified=False,
        ),
        RegionEntry(
            region=BodyRegion.PELVIS,
            roots=("L1", "S1", "S2"),
            source="reference/clinical.md §5 pelvis L1, S1-S2 [UNVERIFIED: dermatomes only]",
            is_verified=False,
        ),
        RegionEntry(
            region=BodyRegion.BUTTOCK,
            roots=("L1",),
            source="reference/anatomy.md §6.4 L1 upper buttock [READ]; lower buttock not given",
        ),
        RegionEntry(
            region=BodyRegion.LOW_BACK,
            roots=("L2", "L3"),
            source="reference/clinical.md §5: clinical DRG target L2 (± L3), Kallewaard 2019, "
            "Huygen 2018 [READ]; axial back pain is not a limb dermatome",
        ),
        RegionEntry(region=BodyRegion.ANTERIOR_THIGH, roots=("L2", "L1", "L3"), source=_A65),
        RegionEntry(region=BodyRegion.MEDIAL_THIGH, roots=("L2", "L3"), source=_A65),
        RegionEntry(region=BodyRegion.POSTERIOR_THIGH, roots=("S2", "S1"), source=_A65),
        RegionEntry(region=BodyRegion.KNEE, roots=("L3", "L4"), source=_A65 + " anterior/medial"),
        RegionEntry(region=BodyRegion.POPLITEAL_FOSSA, roots=("S2",), source=_A65),
        RegionEntry(region=BodyRegion.MEDIAL_LEG, roots=("L4",), source=_A65),
        RegionEntry(region=BodyRegion.LATERAL_LEG, roots=("L5",), source=_A65),
        RegionEntry(region=BodyRegion.CALF, roots=("S1", "S2"), source=_A65 + " posterior calf"),
        RegionEntry(
            region=BodyRegion.ANKLE,
            roots=("L4", "L5"),
            source="reference/anatomy.md §6.5 medial ankle L4 [READ]; ankle L4-L5 from "
            "reference/clinical.md §5 [UNVERIFIED: dermatomes only]",
            is_verified=False,
        ),
        RegionEntry(
            region=BodyRegion.FOOT,
            roots=("L4", "L5", "S1"),
            source="reference/anatomy.md §6.2 Netter Plate 171 'L4, L5, S1 foot' [READ]",
        ),
        RegionEntry(region=BodyRegion.DORSUM_OF_FOOT, roots=("L5", "L4"), source=_A65),
        RegionEntry(region=BodyRegion.SOLE, roots=("S1",), source=_A65),
        RegionEntry(region=BodyRegion.HEEL, roots=("S1",), source=_A65),
        RegionEntry(region=BodyRegion.GREAT_TOE, roots=("L5", "L4"), source=_A65),
        RegionEntry(region=BodyRegion.LATERAL_FOOT, roots=("S1",), source=_A65),
        RegionEntry(region=BodyRegion.PERINEUM, roots=("S2", "S3", "S4"), source=_A65),
    )
}


def parse_region(value: object, field: str = "region") -> BodyRegion:
    """Return ``value`` as a :class:`BodyRegion`, or raise naming ``field``."""
    if isinstance(value, str):
        value = value.strip().lower().replace(" ", "_").replace("-", "_")
    return parse_choice(BodyRegion, value, field)


def region_entry(region: BodyRegion | str) -> RegionEntry:
    """Return the atlas row of ``region``."""
    return _ATLAS[parse_region(region)]


def region_levels(region: BodyRegion | str) -> tuple[SpinalLevel, ...]:
    """Return the modelled levels (T10-S2) serving ``region``, primary first."""
    values = set(SpinalLevel)
    return tuple(SpinalLevel(r) for r in region_entry(region).roots if r in values)


def overlap_weights(
    region: BodyRegion | str, secondary_weight: float = DEFAULT_SECONDARY_WEIGHT
) -> dict[str, float]:
    """Return root -> overlap weight [1] of ``region``: 1 for the primary, else the secondary.

    Raises
    ------
    ConfigurationError
        If ``secondary_weight`` is outside 0-1.
    """
    if not 0.0 <= secondary_weight <= 1.0:
        raise ConfigurationError("anatomy.secondary_root_weight", secondary_weight, "0-1")
    roots = region_entry(region).roots
    return {root: (1.0 if i == 0 else secondary_weight) for i, root in enumerate(roots)}


def regions_served_by(
    level: SpinalLevel | str, secondary_weight: float = DEFAULT_SECONDARY_WEIGHT
) -> dict[BodyRegion, float]:
    """Return the regions a level serves, each with the level's overlap weight there [1]."""
    name = str(level)
    out: dict[BodyRegion, float] = {}
    for region in BodyRegion:
        weights = overlap_weights(region, secondary_weight)
        if name in weights and weights[name] > 0.0:
            out[region] = weights[name]
    return out


class TargetTag(StrEnum):
    """Evidence tag of a clinical target, as in the reference sheets."""

    READ = "READ"
    UNVERIFIED = "UNVERIFIED"


@dataclass(frozen=True, slots=True, kw_only=True)
class ClinicalTarget:
    """DRG levels used clinically for a pain area (``reference/clinical.md`` §5).

    Attributes
    ----------
    pain_area
        Name of the pain area.
    levels
        Primary target levels.
    optional_levels
        Levels added in some patients (the "±" of the table).
    tag
        READ or UNVERIFIED.
    source
        Basis of the row.
    """

    pain_area: str
    levels: tuple[SpinalLevel, ...]
    optional_levels: tuple[SpinalLevel, ...]
    tag: TargetTag
    source: str


_L = SpinalLevel
CLINICAL_TARGETS: dict[str, ClinicalTarget] = {
    t.pain_area: t
    for t in (
        ClinicalTarget(
            pain_area="knee",
            levels=(_L.L3,),
            optional_levels=(_L.L4,),
            tag=TargetTag.READ,
            source="Martin et al. (knee): 8 of 12 single-L3 leads",
        ),
        ClinicalTarget(
            pain_area="low_back",
            levels=(_L.L2,),
            optional_levels=(_L.L3,),
            tag=TargetTag.READ,
            source="Kallewaard 2019; Huygen 2018",
        ),
        ClinicalTarget(
            pain_area="groin",
            levels=(_L.T12, _L.L1),
            optional_levels=(_L.L2, _L.L3, _L.L4),
            tag=TargetTag.READ,
            source="Schu 2015 (series used T12-L4); T12/L1 dermatomes",
        ),
        ClinicalTarget(
            pain_area="foot",
            levels=(_L.L4, _L.L5, _L.S1),
            optional_levels=(),
            tag=TargetTag.READ,
            source="foot = L4/L5/S1 dermatomes (Netter); foot responders in Liem 2013/2015",
        ),
        ClinicalTarget(
            pain_area="hip",
            levels=(_L.L1, _L.L2, _L.L3),
            optional_levels=(),
            tag=TargetTag.UNVERIFIED,
            source="derived from dermatomes only",
        ),
        ClinicalTarget(
            pain_area="ankle",
            levels=(_L.L4, _L.L5),
            optional_levels=(),
            tag=TargetTag.UNVERIFIED,
            source="derived from dermatomes only",
        ),
        ClinicalTarget(
            pain_area="pelvis",
            levels=(_L.L1, _L.S1, _L.S2),
            optional_levels=(),
            tag=TargetTag.UNVERIFIED,
            source="derived from dermatomes only",
        ),
    )
}


__all__ = [
    "CLINICAL_TARGETS",
    "DEFAULT_SECONDARY_WEIGHT",
    "MAP_NAME",
    "BodyRegion",
    "ClinicalTarget",
    "RegionEntry",
    "TargetTag",
    "overlap_weights",
    "parse_region",
    "region_entry",
    "region_levels",
    "regions_served_by",
]
