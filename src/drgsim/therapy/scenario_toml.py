"""Reading scenario TOML: typed, range-checked access that names the TOML key path on error.

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

from drgsim.errors import ConfigurationError

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


__all__ = ["TomlTable", "parse_toml_text", "read_toml_file"]
