"""Reading scenario TOML: typed, range-checked access that names the TOML key path on error.

:func:`read_scenario` turns a parsed scenario file into a checked
:class:`~drgsim.therapy.scenario.Scenario` (the format is in ``docs/scenario-format.md``).

Every value read through :class:`TomlTable` is checked where it enters; a bad one raises
:class:`~drgsim.errors.ConfigurationError` whose ``field`` is the key path as written in the file
(``programs[0].leads[1].amplitude_mA``), whose ``value`` is what the user wrote and whose
``allowed`` is the range in the key's unit. Unknown keys are refused, so a typo never falls back
silently to a default.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from drgsim import units as u
from drgsim.anatomy.dermatomes import parse_region
from drgsim.anatomy.ganglion import parse_side
from drgsim.anatomy.levels import (
    DimensionSeries,
    UnmeasuredLevelPolicy,
    parse_choice,
    parse_level,
)
from drgsim.device import LEADS, PULSE_GENERATORS, BatteryModel, LeadProgram, Program
from drgsim.errors import ConfigurationError
from drgsim.therapy.scenario import (
    AnatomyOptions,
    Indication,
    LeadPlacement,
    PainRegion,
    SafetyPreset,
    Scenario,
    SolverOptions,
    check_programs,
    program_error,
)
from drgsim.therapy.transmission_options import (
    DEFAULT_BIN_WIDTH,
    DEFAULT_DURATION,
    DEFAULT_MIN_INTERVAL,
    DEFAULT_N_PER_CLASS,
    DEFAULT_PERIPHERAL_RATE,
    TrainKind,
    TransmissionOptions,
)

_MISSING = object()


def parse_toml_text(text: str, name: str) -> dict[str, Any]:
    """Parse TOML ``text``; a syntax error becomes a ConfigurationError naming file and line.

    Parameters
    ----------
    text
        TOML document.
    name
        File name used in the error's ``field`` (``"scenario.toml:line 3"``).
    """
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        line = ""
        if "(at line " in msg:
            line = ":line " + msg.split("(at line ", 1)[1].split(",", 1)[0].rstrip(")")
        detail = msg.split(" (at line ", 1)[0]
        raise ConfigurationError(
            f"{name}{line}",
            detail,
            "valid TOML (https://toml.io)",
            hint="fix the syntax at that line",
            message=f"{name}{line}: malformed TOML ({detail}); expected valid TOML "
            "(https://toml.io)",
        ) from None


def read_toml_file(path: Path) -> dict[str, Any]:
    """Read and parse a TOML file; unreadable or malformed files raise ConfigurationError."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigurationError(
            "scenario",
            str(path),
            "a readable UTF-8 TOML file",
            hint=type(exc).__name__ + (f": {exc.strerror}" if isinstance(exc, OSError) else ""),
        ) from None
    return parse_toml_text(text, path.name)


class TomlTable:
    """A TOML table with its key path; typed getters check type and range.

    Parameters
    ----------
    data
        The parsed table.
    path
        Key path of the table (``""`` for the document root).
    """

    def __init__(self, data: dict[str, Any], path: str = "") -> None:
        self.data = data
        self.path = path
        self._used: set[str] = set()

    def key(self, name: str) -> str:
        """Full key path of ``name`` in this table."""
        return f"{self.path}.{name}" if self.path else name

    def has(self, name: str) -> bool:
        """Whether the table sets ``name``."""
        return name in self.data

    def _get(self, name: str, default: object) -> object:
        self._used.add(name)
        if name in self.data:
            return self.data[name]
        if default is _MISSING:
            raise ConfigurationError(
                self.key(name), "(missing)", "a value", hint=f"add '{name} = ...' to the file"
            )
        return default

    def string(self, name: str, default: object = _MISSING, *, allowed: str = "text") -> str:
        """A string value."""
        value = self._get(name, default)
        if not isinstance(value, str):
            raise ConfigurationError(self.key(name), _show(value), allowed)
        return value

    def number(
        self,
        name: str,
        low: float,
        high: float,
        unit: str = "",
        default: object = _MISSING,
        *,
        low_open: bool = False,
    ) -> float:
        """A finite number within ``low``-``high`` (in the key's unit ``unit``)."""
        value = self._get(name, default)
        rng = f"{'>' if low_open else ''}{low:g}-{high:g}{' ' + unit if unit else ''}"
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigurationError(self.key(name), _show(value), f"a number in {rng}")
        x = float(value)
        if not math.isfinite(x) or x > high or x < low or (low_open and x == low):
            raise ConfigurationError(self.key(name), value, rng)
        return x

    def finite(self, name: str, unit: str = "", default: object = _MISSING) -> float:
        """Any finite number (its range is checked by the object it configures)."""
        value = self._get(name, default)
        label = f"a number ({unit})" if unit else "a number"
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigurationError(self.key(name), _show(value), label)
        if not math.isfinite(float(value)):
            raise ConfigurationError(self.key(name), value, "a finite " + label[2:])
        return float(value)

    def optional_number(
        self, name: str, low: float, high: float, unit: str = "", *, low_open: bool = False
    ) -> float | None:
        """A number in range, or None when the key is absent."""
        if name not in self.data:
            self._used.add(name)
            return None
        return self.number(name, low, high, unit, low_open=low_open)

    def integer(self, name: str, low: int, high: int, default: object = _MISSING) -> int:
        """An integer within ``low``-``high``."""
        value = self._get(name, default)
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigurationError(self.key(name), _show(value), f"an integer {low}-{high}")
        if not low <= value <= high:
            raise ConfigurationError(self.key(name), value, f"{low}-{high}")
        return value

    def boolean(self, name: str, default: object = _MISSING) -> bool:
        """A boolean."""
        value = self._get(name, default)
        if not isinstance(value, bool):
            raise ConfigurationError(self.key(name), _show(value), "true or false")
        return value

    def raw(self, name: str, default: object = _MISSING) -> object:
        """The value as parsed, for the caller to check."""
        return self._get(name, default)

    def table(self, name: str, *, required: bool = False) -> TomlTable:
        """A sub-table (empty when absent and not required)."""
        value = self._get(name, _MISSING if required else {})
        if not isinstance(value, dict):
            raise ConfigurationError(self.key(name), _show(value), f"a table [{self.key(name)}]")
        return TomlTable(value, self.key(name))

    def tables(self, name: str, *, min_items: int = 0, max_items: int = 1000) -> list[TomlTable]:
        """An array of tables (``[[name]]``)."""
        value = self._get(name, _MISSING if min_items else [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise ConfigurationError(
                self.key(name), _show(value), f"an array of tables [[{self.key(name)}]]"
            )
        if not min_items <= len(value) <= max_items:
            raise ConfigurationError(
                self.key(name), f"{len(value)} entries", f"{min_items}-{max_items} entries"
            )
        return [TomlTable(v, f"{self.key(name)}[{i}]") for i, v in enumerate(value)]

    def finish(self) -> None:
        """Refuse keys the reader did not ask for (typos, unsupported options)."""
        extra = sorted(set(self.data) - self._used)
        if extra:
            known = ", ".join(sorted(self._used)) or "none"
            raise ConfigurationError(
                self.key(extra[0]), _show(self.data[extra[0]]), f"known keys: {known}"
            )

    def __iter__(self) -> Iterator[str]:
        return iter(self.data)


def _show(value: object) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


# -- the scenario file --------------------------------------------------------------------------

_BATTERY_KEYS = {
    "capacity": "capacity_mAh",
    "cell_voltage": "cell_voltage_V",
    "conversion_efficiency": "conversion_efficiency",
    "quiescent_current": "quiescent_current_uA",
}


def _battery_error(err: ConfigurationError) -> ConfigurationError:
    key = _BATTERY_KEYS.get(err.field, err.field)
    return type(err)(f"battery.{key}", err.value, err.allowed, hint=err.hint)


def _polarities(t: TomlTable) -> tuple[str, ...]:
    value = t.raw("polarities")
    if isinstance(value, str):
        return tuple(value.replace(" ", ""))
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ConfigurationError(
        t.key("polarities"), value, "a string such as \"0-+0\" or a list of '+', '-', '0'"
    )


def _program(t: TomlTable) -> Program:
    parts: list[LeadProgram] = []
    for lt in t.tables("leads", min_items=1, max_items=4):
        kwargs: dict[str, Any] = {
            "lead": lt.integer("lead", 0, 15),
            "polarities": _polarities(lt),
            "amplitude": lt.finite("amplitude_mA", "mA") * u.mA,
            "pulse_width": lt.finite("pulse_width_us", "us") * u.us,
            "rate": lt.finite("rate_Hz", "Hz") * u.Hz,
            "enabled": lt.boolean("enabled", True),
        }
        if lt.has("waveform"):
            kwargs["waveform"] = lt.string("waveform")
        if lt.has("patient_max_amplitude_mA"):
            kwargs["patient_max_amplitude"] = lt.finite("patient_max_amplitude_mA", "mA") * u.mA
        lt.finish()
        try:
            parts.append(LeadProgram(**kwargs))
        except ConfigurationError as err:
            raise program_error(err, lt.path) from None
    name = t.string("name")
    t.finish()
    try:
        return Program(name=name, leads=tuple(parts))
    except ConfigurationError as err:
        raise program_error(err, t.path) from None


def read_scenario(data: dict[str, Any], source: str = "") -> Scenario:
    """Build and check a :class:`Scenario` from parsed TOML (see ``docs/scenario-format.md``).

    Raises
    ------
    ConfigurationError
        Naming the TOML key path, the value and the allowed range, for any bad value.
    """
    root = TomlTable(data)
    head = root.table("scenario", required=True)
    name = head.string("name")
    title = head.string("title", name)
    description = head.string("description", "")
    indication = parse_choice(Indication, head.string("indication"), "scenario.indication")
    seed = head.integer("seed", 0, 2**63 - 1, 0)
    head.finish()

    pain = []
    for t in root.tables("pain", min_items=1, max_items=40):
        region = parse_region(t.string("region"), t.key("region"))
        side = parse_side(t.string("side"), t.key("side"))
        t.finish()
        pain.append(PainRegion(region=region, side=side))

    at = root.table("anatomy")
    anatomy = AnatomyOptions(
        dimension_series=parse_choice(
            DimensionSeries, at.string("dimension_series", "silav2016"), at.key("dimension_series")
        ),
        unmeasured_levels=parse_choice(
            UnmeasuredLevelPolicy,
            at.string("unmeasured_levels", "nearest"),
            at.key("unmeasured_levels"),
        ),
        secondary_root_weight=at.number("secondary_root_weight", 0.0, 1.0, "", 0.5),
    )
    at.finish()

    dt = root.table("device")
    generator = dt.string("pulse_generator", "axium-investigational")
    if generator not in PULSE_GENERATORS:
        raise ConfigurationError(
            dt.key("pulse_generator"), generator, "one of " + ", ".join(PULSE_GENERATORS)
        )
    safety = parse_choice(SafetyPreset, dt.string("safety_limits", "default"), "device.safety")
    dt.finish()

    leads = []
    for t in root.tables("leads", min_items=1, max_items=4):
        model = t.string("model")
        if model not in LEADS:
            raise ConfigurationError(t.key("model"), model, "one of " + ", ".join(LEADS))
        impedance = t.optional_number("impedance_ohm", 0.0, 1e5, "ohm", low_open=True)
        leads.append(
            LeadPlacement(
                level=parse_level(t.string("level"), t.key("level")),
                side=parse_side(t.string("side"), t.key("side")),
                model=model,
                gap=t.number("gap_mm", 0.0, 10.0, "mm", 0.0) * u.mm,
                axial_offset=t.number("axial_offset_mm", -20.0, 20.0, "mm", 0.0) * u.mm,
                angle=math.radians(t.number("angle_deg", -180.0, 360.0, "deg", 0.0)),
                impedance=impedance,
            )
        )
        t.finish()

    programs = tuple(_program(t) for t in root.tables("programs", min_items=1, max_items=16))

    bt = root.table("battery")
    battery_kwargs: dict[str, Any] = {}
    for key, attr, unit, scale in (
        ("capacity_mAh", "capacity", "mAh", u.mAh),
        ("cell_voltage_V", "cell_voltage", "V", u.V),
        ("conversion_efficiency", "conversion_efficiency", "", 1.0),
        ("quiescent_current_uA", "quiescent_current", "uA", u.uA),
    ):
        if bt.has(key):
            battery_kwargs[attr] = bt.finite(key, unit) * scale
    hours = bt.number("stimulation_hours_per_day", 0.0, 24.0, "h", 24.0, low_open=True)
    bt.finish()
    try:
        battery = BatteryModel(**battery_kwargs)
    except ConfigurationError as err:
        raise _battery_error(err) from None

    pt = root.table("population")
    n_cells = pt.integer("n_cells_per_drg", 1, 1_000_000, 100)
    pt.finish()

    st = root.table("solver")
    solver = SolverOptions(
        dt=st.number("dt_us", 0.1, 100.0, "us", 5.0) * u.us,
        temperature=u.celsius(st.number("temperature_C", 20.0, 42.0, "C", 37.0)),
        threshold_tolerance=st.number("threshold_tolerance", 1e-4, 0.2, "", 0.01),
    )
    st.finish()
    transmission = _transmission(root.table("transmission"))
    root.finish()

    scenario = Scenario(
        name=name,
        title=title,
        description=description,
        indication=indication,
        pain=tuple(pain),
        leads=tuple(leads),
        programs=programs,
        pulse_generator=generator,
        safety=safety,
        battery=battery,
        stimulation_hours_per_day=hours,
        anatomy=anatomy,
        n_cells_per_drg=n_cells,
        solver=solver,
        transmission=transmission,
        seed=seed,
        source=source,
    )
    check_programs(scenario)
    return scenario


def _transmission(t: TomlTable) -> TransmissionOptions:
    """The ``[transmission]`` table (docs/scenario-format.md; assumptions T1-T4)."""
    kinds = ", ".join(k.value for k in TrainKind)
    train = t.string("train", TrainKind.POISSON.value, allowed=kinds)
    if train not in {k.value for k in TrainKind}:
        raise ConfigurationError(t.key("train"), train, kinds)
    options = TransmissionOptions(
        n_per_class=t.integer("n_per_class", 0, 1000, DEFAULT_N_PER_CLASS),
        peripheral_rate=t.number(
            "peripheral_rate_Hz", 0.1, 100.0, "Hz", DEFAULT_PERIPHERAL_RATE / u.Hz
        )
        * u.Hz,
        duration=t.number("duration_s", 0.05, 600.0, "s", DEFAULT_DURATION),
        bin_width=t.number("bin_s", 0.01, 600.0, "s", DEFAULT_BIN_WIDTH),
        train=TrainKind(train),
        min_interval=t.number("min_interval_ms", 2.0, 1e4, "ms", DEFAULT_MIN_INTERVAL / u.ms)
        * u.ms,
    )
    t.finish()
    return options


__all__ = ["TomlTable", "parse_toml_text", "read_scenario", "read_toml_file"]
