"""Patient scenarios: indication, painful regions, implanted leads, programs, sizes, seed.

A :class:`Scenario` is in SI units. Scenario files are TOML with unit-suffixed keys
(``amplitude_mA``, ``pulse_width_us``, ``rate_Hz``, ``gap_mm``...); the format is documented in
``docs/scenario-format.md``. :func:`load_scenario` converts once, checks every value where it
enters and checks each program against the pulse generator and the charge limits, so a bad file
raises :class:`~drgsim.errors.ConfigurationError` naming the TOML key path, the value and the
allowed range in the file's units.

Scenarios shipped as package data (``drgsim/therapy/scenarios/*.toml``):

- ``crps-foot`` (the default): CRPS of the left foot, leads at the left L4 and L5 DRGs.
- ``fbss-low-back``: failed back surgery syndrome, low back pain, L2 leads on both sides.
- ``knee``: chronic right knee pain, one lead at the right L3 DRG.
- ``groin``: neuropathic left groin pain, leads at the left T12 and L1 DRGs.

Examples
--------
>>> s = default_scenario()
>>> s.name, [str(p.level) for p in s.leads]
('crps-foot', ['L4', 'L5'])
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from drgsim import units as u
from drgsim.anatomy.dermatomes import BodyRegion
from drgsim.anatomy.ganglion import Ganglion, Side, build_ganglion, parse_side
from drgsim.anatomy.levels import (
    DimensionSeries,
    SpinalLevel,
    UnmeasuredLevelPolicy,
    parse_choice,
    parse_level,
)
from drgsim.device import (
    LEADS,
    PULSE_GENERATORS,
    BatteryModel,
    Lead,
    Program,
    SafetyLimits,
    SafetyReport,
    check_program,
)
from drgsim.errors import ConfigurationError
from drgsim.therapy.transmission_options import TransmissionOptions

DEFAULT_SCENARIO = "crps-foot"
_PACKAGE_DIR = "scenarios"


class Indication(StrEnum):
    """Why the patient is treated (``reference/clinical.md`` §1, §4)."""

    CRPS = "crps"
    FAILED_BACK_SURGERY = "failed_back_surgery"
    DISCOGENIC_LOW_BACK_PAIN = "discogenic_low_back_pain"
    KNEE_PAIN = "knee_pain"
    NEUROPATHIC_GROIN_PAIN = "neuropathic_groin_pain"
    OTHER = "other"


class SafetyPreset(StrEnum):
    """Which charge limits programs are checked against (:class:`drgsim.device.SafetyLimits`)."""

    DEFAULT = "default"  #: hard 50 uC/cm2 and k 1.85, soft 30 uC/cm2
    CONSERVATIVE = "conservative"  #: as default with k 1.5

    def limits(self) -> SafetyLimits:
        """The limits of this preset."""
        return SafetyLimits.conservative() if self is SafetyPreset.CONSERVATIVE else SafetyLimits()


@dataclass(frozen=True, slots=True, kw_only=True)
class PainRegion:
    """A painful body region on one side."""

    region: BodyRegion
    side: Side


@dataclass(frozen=True, slots=True, kw_only=True)
class LeadPlacement:
    """Where an implanted lead lies relative to the DRG of its level.

    The lead runs parallel to the DRG long axis (the foramen axis), its tip lateral, at angle
    ``angle`` around the DRG (0 = dorsal, pi/2 = the frame's +y), with a gap between lead and DRG
    surfaces. No lead-to-DRG distance was located; the lead lies against the DRG with no CSF
    between (``reference/device.md`` §3, qualitative), hence gap 0 in the shipped scenarios.

    Attributes
    ----------
    level, side
        The DRG the lead targets.
    model
        Lead model name in :data:`drgsim.device.LEADS` (no default: the geometry is unverified).
    gap
        Distance between lead surface and DRG surface [m].
    axial_offset
        Position of the middle of the contact array along the DRG axis, from the DRG centre,
        positive lateral [m].
    angle
        Angle around the DRG long axis [rad].
    impedance
        Measured lead impedance [ohm], or None when not measured.
    """

    level: SpinalLevel
    side: Side
    model: str
    gap: float = 0.0
    axial_offset: float = 0.0
    angle: float = 0.0
    impedance: float | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "level", parse_level(self.level, "level"))
        object.__setattr__(self, "side", parse_side(self.side, "side"))
        LEADS[self.model]  # UnknownNameError (field "lead") lists the models
        if not 0.0 <= self.gap <= 10 * u.mm:
            raise ConfigurationError("gap_mm", self.gap / u.mm, "0-10 mm")
        if not abs(self.axial_offset) <= 20 * u.mm:
            raise ConfigurationError("axial_offset_mm", self.axial_offset / u.mm, "-20-20 mm")

    def place(self, ganglion: Ganglion) -> Lead:
        """Return the :class:`~drgsim.device.Lead`, in the frame of ``ganglion`` [m].

        The lead axis is parallel to the DRG long axis (x), at ``angle`` around it in the
        y-z plane (0 = +z, dorsal), at distance surface + gap + lead radius from the DRG axis;
        the tip is lateral (+x) and the contacts run medially from it.
        """
        geometry = LEADS[self.model]
        radial = np.array([0.0, math.sin(self.angle), math.cos(self.angle)])
        distance = ganglion.surface_distance_along(radial) + self.gap + geometry.lead_diameter / 2
        tip = radial * distance
        tip[0] = self.axial_offset + geometry.span / 2.0
        return Lead(
            geometry=geometry,
            level=self.level,
            side=self.side,
            tip=tip,
            direction=np.array([-1.0, 0.0, 0.0]),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class AnatomyOptions:
    """Anatomy choices: which cadaver series, unmeasured levels, dermatome overlap weight."""

    dimension_series: DimensionSeries = DimensionSeries.SILAV_2016
    unmeasured_levels: UnmeasuredLevelPolicy = UnmeasuredLevelPolicy.NEAREST
    secondary_root_weight: float = 0.5  # assumption, docs/assumptions.md A11

    def __post_init__(self) -> None:
        s = parse_choice(DimensionSeries, self.dimension_series, "anatomy.dimension_series")
        object.__setattr__(self, "dimension_series", s)
        p = parse_choice(UnmeasuredLevelPolicy, self.unmeasured_levels, "anatomy.unmeasured_levels")
        object.__setattr__(self, "unmeasured_levels", p)
        if not 0.0 <= self.secondary_root_weight <= 1.0:
            raise ConfigurationError(
                "anatomy.secondary_root_weight", self.secondary_root_weight, "0-1"
            )


@dataclass(frozen=True, slots=True, kw_only=True)
class SolverOptions:
    """Numerical settings handed to the field and neuron layers.

    Attributes
    ----------
    dt
        Time step [s]; 5 us as in MRGaxon.hoc (``reference/neuron-models.md`` §1 [READ]).
    temperature
        Model temperature [K]; 37 degC as in the MRG, Gaines and Graham models (same sheet).
    threshold_tolerance
        Relative width at which threshold bisection stops [1] (a numerical choice).
    """

    dt: float = 5 * u.us
    temperature: float = u.celsius(37.0)
    threshold_tolerance: float = 0.01

    def __post_init__(self) -> None:
        if not 0.1 * u.us <= self.dt <= 100 * u.us:
            raise ConfigurationError("solver.dt_us", self.dt / u.us, "0.1-100 us")
        if not u.celsius(20.0) <= self.temperature <= u.celsius(42.0):
            raise ConfigurationError(
                "solver.temperature_C", u.to_celsius(self.temperature), "20-42 C"
            )
        if not 1e-4 <= self.threshold_tolerance <= 0.2:
            raise ConfigurationError(
                "solver.threshold_tolerance", self.threshold_tolerance, "0.0001-0.2"
            )


@dataclass(frozen=True, slots=True, kw_only=True)
class Scenario:
    """One patient scenario, in SI units.

    Attributes
    ----------
    name, title, description
        Identifier, one-line title and free text (with the scenario's sources).
    indication
        Why the patient is treated.
    pain
        Painful body regions, with side.
    leads
        Implanted leads (1-4), indexed by ``LeadProgram.lead``.
    programs
        Stimulation programs (at least one).
    pulse_generator
        Pulse-generator model name in :data:`drgsim.device.PULSE_GENERATORS`.
    safety
        Charge-limit preset.
    battery
        Battery model of the generator (every default an unsourced assumption, see
        :class:`drgsim.device.BatteryModel`).
    stimulation_hours_per_day
        Hours per day the programs stimulate [h] (a count of hours, not SI seconds: it is a
        duty fraction x 24).
    anatomy
        Anatomy choices.
    n_cells_per_drg
        Neurons sampled per DRG.
    solver
        Numerical settings.
    transmission
        Pain-signal transmission settings (TOML ``[transmission]``).
    seed
        Seed of every random draw of the run.
    source
        Where the scenario was read from.
    """

    name: str
    title: str
    description: str = ""
    indication: Indication
    pain: tuple[PainRegion, ...]
    leads: tuple[LeadPlacement, ...]
    programs: tuple[Program, ...]
    pulse_generator: str
    safety: SafetyPreset = SafetyPreset.DEFAULT
    battery: BatteryModel = field(default_factory=BatteryModel)
    stimulation_hours_per_day: float = 24.0
    anatomy: AnatomyOptions = field(default_factory=AnatomyOptions)
    n_cells_per_drg: int = 100
    solver: SolverOptions = field(default_factory=SolverOptions)
    transmission: TransmissionOptions = field(default_factory=TransmissionOptions)
    seed: int = 0
    source: str = ""

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ConfigurationError("scenario.name", self.name, "a non-empty name")
        if not self.pain:
            raise ConfigurationError("pain", "[]", "at least one painful region")
        if not 1 <= len(self.leads) <= PULSE_GENERATORS[self.pulse_generator].max_leads:
            raise ConfigurationError("leads", len(self.leads), "1-4 leads")
        if not self.programs:
            raise ConfigurationError("programs", "[]", "at least one program")
        if not 0.0 < self.stimulation_hours_per_day <= 24.0:
            raise ConfigurationError(
                "battery.stimulation_hours_per_day", self.stimulation_hours_per_day, ">0-24 h"
            )
        if not 1 <= self.n_cells_per_drg <= 1_000_000:
            raise ConfigurationError(
                "population.n_cells_per_drg", self.n_cells_per_drg, "1-1000000"
            )

    @property
    def safety_limits(self) -> SafetyLimits:
        """The charge limits programs are checked against."""
        return self.safety.limits()

    @property
    def duty(self) -> float:
        """Fraction of the day the programs stimulate [1]."""
        return self.stimulation_hours_per_day / 24.0

    @property
    def drgs(self) -> tuple[tuple[SpinalLevel, Side], ...]:
        """Distinct (level, side) pairs the leads sit at, rostral first."""
        pairs = {(p.level, p.side) for p in self.leads}
        return tuple(sorted(pairs, key=lambda ls: (ls[0].order, ls[1])))


def build_ganglia(scenario: Scenario) -> dict[tuple[SpinalLevel, Side], Ganglion]:
    """The DRGs the scenario's leads sit at, keyed by (level, side)."""
    a = scenario.anatomy
    return {
        (level, side): build_ganglion(
            level, side, series=a.dimension_series, unmeasured=a.unmeasured_levels
        )
        for level, side in scenario.drgs
    }


def place_leads(
    scenario: Scenario, ganglia: dict[tuple[SpinalLevel, Side], Ganglion] | None = None
) -> tuple[Lead, ...]:
    """The implanted leads, each in the frame of its own DRG (see :meth:`LeadPlacement.place`)."""
    g = build_ganglia(scenario) if ganglia is None else ganglia
    return tuple(p.place(g[(p.level, p.side)]) for p in scenario.leads)


def check_programs(scenario: Scenario) -> tuple[SafetyReport, ...]:
    """Check every program against the generator and the hard charge limits.

    Returns
    -------
    tuple of SafetyReport
        One per program (soft findings included).

    Raises
    ------
    ConfigurationError, SafetyLimitError
        Addressed to the TOML key path (``programs[0].leads[1].amplitude_mA``).
    """
    generator = PULSE_GENERATORS[scenario.pulse_generator]
    leads = place_leads(scenario)
    measured = {i: p.impedance for i, p in enumerate(scenario.leads) if p.impedance is not None}
    reports = []
    for i, program in enumerate(scenario.programs):
        try:
            reports.append(
                check_program(
                    program, generator, leads, scenario.safety_limits, impedances=measured
                )
            )
        except ConfigurationError as err:
            raise program_error(err, f"programs[{i}]") from None
    return tuple(reports)


# -- TOML ---------------------------------------------------------------------------------------

_PROGRAM_UNITS = {
    "amplitude": "amplitude_mA",
    "pulse_width": "pulse_width_us",
    "rate": "rate_Hz",
    "patient_max_amplitude": "patient_max_amplitude_mA",
}


def program_error(err: ConfigurationError, prefix: str) -> ConfigurationError:
    """Return ``err`` re-addressed to the TOML key path under ``prefix`` (same class)."""
    head, _, last = err.field.rpartition(".")
    last = _PROGRAM_UNITS.get(last, last)
    fld = f"{prefix}.{head + '.' if head else ''}{last}"
    new = type(err)(fld, err.value, err.allowed, hint=err.hint)
    return new


def scenario_from_dict(data: dict[str, Any], source: str = "") -> Scenario:
    """Build and check a :class:`Scenario` from parsed TOML (see ``docs/scenario-format.md``).

    Raises
    ------
    ConfigurationError
        Naming the TOML key path, the value and the allowed range, for any bad value.
    """
    from drgsim.therapy.scenario_toml import read_scenario  # the reader builds on this module

    return read_scenario(data, source)


def load_scenario(path: str | Path) -> Scenario:
    """Read a scenario TOML file, or a shipped scenario by name (``"knee"``).

    Raises
    ------
    ConfigurationError
        For an unreadable or malformed file (field = file name and line) or any bad value
        (field = TOML key path).
    """
    p = Path(path)
    if not p.exists():
        if str(path) in bundled_scenarios():
            return _load_bundled(str(path))
        raise ConfigurationError(
            "scenario",
            str(path),
            "an existing TOML file or a shipped scenario: " + ", ".join(bundled_scenarios()),
            hint="check the path",
        )
    from drgsim.therapy.scenario_toml import read_toml_file

    return scenario_from_dict(read_toml_file(p), str(p))


def load_scenario_text(text: str, name: str = "scenario.toml") -> Scenario:
    """Parse a scenario from TOML ``text`` (``name`` is used in syntax errors)."""
    from drgsim.therapy.scenario_toml import parse_toml_text

    return scenario_from_dict(parse_toml_text(text, name), name)


def bundled_scenarios() -> tuple[str, ...]:
    """Names of the scenarios shipped with drgsim."""
    folder = resources.files("drgsim.therapy").joinpath(_PACKAGE_DIR)
    return tuple(sorted(f.name[:-5] for f in folder.iterdir() if f.name.endswith(".toml")))


def bundled_scenario_text(name: str) -> str:
    """TOML text of the shipped scenario ``name``."""
    if name not in bundled_scenarios():
        raise ConfigurationError("scenario", name, "one of " + ", ".join(bundled_scenarios()))
    file = resources.files("drgsim.therapy").joinpath(_PACKAGE_DIR, f"{name}.toml")
    return file.read_text(encoding="utf-8")


def _load_bundled(name: str) -> Scenario:
    text = bundled_scenario_text(name)
    from drgsim.therapy.scenario_toml import parse_toml_text

    return scenario_from_dict(parse_toml_text(text, f"{name}.toml"), f"embedded:{name}")


def default_scenario() -> Scenario:
    """The embedded default scenario: CRPS of the left foot, leads at left L4 and L5."""
    return _load_bundled(DEFAULT_SCENARIO)


__all__ = [
    "DEFAULT_SCENARIO",
    "AnatomyOptions",
    "Indication",
    "LeadPlacement",
    "PainRegion",
    "SafetyPreset",
    "Scenario",
    "SolverOptions",
    "build_ganglia",
    "bundled_scenario_text",
    "bundled_scenarios",
    "check_programs",
    "default_scenario",
    "load_scenario",
    "load_scenario_text",
    "place_leads",
    "program_error",
    "scenario_from_dict",
]
