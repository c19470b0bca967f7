"""Input checks shared by the device modules.

Every check raises :class:`~drgsim.errors.ConfigurationError` with the field name, the value in
the user's unit and the allowed range in the same unit, so the CLI and the API can report it
without parsing text. Values are SI inside; ``scale`` and ``unit`` say how to show them
(``scale=u.mA, unit="mA"`` shows 0.0008 A as ``0.8 mA``).
"""

from __future__ import annotations

import math

import numpy as np

from drgsim._typing import FloatArray
from drgsim.errors import ConfigurationError

#: Relative tolerance used when deciding whether a value sits on a step grid [1].
GRID_TOLERANCE = 1e-6


def show(value: float, scale: float, unit: str) -> str:
    """Format an SI ``value`` in the user's unit, e.g. ``show(8e-4, 1e-3, "mA") == "0.8 mA"``."""
    return f"{in_unit(value, scale):g} {unit}".rstrip()


def in_unit(value: float, scale: float) -> float:
    """Return ``value / scale`` rounded to 9 significant digits (hides float noise)."""
    x = value / scale
    if x == 0.0 or not math.isfinite(x):
        return x
    return float(f"{x:.9g}")


def require_finite(field: str, value: float, scale: float = 1.0, unit: str = "") -> float:
    """Return ``float(value)``; raise if it is not a finite real number."""
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise ConfigurationError(
            field, value, f"a finite number in {unit or 'SI units'}", hint="give a number"
        ) from None
    if not math.isfinite(x):
        raise ConfigurationError(
            field, x, f"a finite number in {unit or 'SI units'}", hint="give a finite number"
        )
    return x


def require_positive(field: str, value: float, scale: float = 1.0, unit: str = "") -> float:
    """Return ``float(value)``; raise unless it is finite and strictly positive."""
    x = require_finite(field, value, scale, unit)
    if x <= 0.0:
        raise ConfigurationError(
            field,
            in_unit(x, scale),
            f"> 0 {unit}".rstrip(),
            hint="give a strictly positive value",
            message=f"{field}={show(x, scale, unit)} must be > 0 {unit}".rstrip(),
        )
    return x


def require_range(
    field: str,
    value: float,
    low: float,
    high: float,
    *,
    scale: float = 1.0,
    unit: str = "",
    owner: str = "",
    nearest: float | None = None,
) -> float:
    """Return ``float(value)``; raise unless ``low <= value <= high`` (with float tolerance).

    ``nearest`` (SI), when given, is suggested in the message (``use 720 us``).
    """
    x = require_finite(field, value, scale, unit)
    finite = [abs(b) for b in (low, high) if math.isfinite(b)]
    slack = GRID_TOLERANCE * max(finite, default=0.0)
    if x < low - slack or x > high + slack:
        allowed = f"{in_unit(low, scale):g}-{in_unit(high, scale):g} {unit}".rstrip()
        where = f" for {owner}" if owner else ""
        hint = f"give a value in {allowed}"
        if nearest is not None:
            hint = f"use {show(nearest, scale, unit)}"
        raise ConfigurationError(
            field,
            in_unit(x, scale),
            allowed,
            hint=hint,
            message=f"{field}={show(x, scale, unit)} is outside {allowed}{where}; {hint}",
        )
    return x


def require_int_range(field: str, value: int, low: int, high: int, what: str = "") -> int:
    """Return ``value`` as an int; raise unless it is an integer in ``[low, high]``."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ConfigurationError(field, value, f"an integer {low}-{high}", hint="give an integer")
    if not low <= int(value) <= high:
        raise ConfigurationError(
            field,
            int(value),
            f"{low}-{high}",
            hint=f"give {what or 'an integer'} in {low}-{high}",
        )
    return int(value)


def frozen_vector(field: str, value: object, size: int = 3, unit: str = "m") -> FloatArray:
    """Return ``value`` as a read-only C-contiguous float64 array of shape ``(size,)``."""
    try:
        arr = np.array(value, dtype=np.float64, copy=True, order="C")
    except (TypeError, ValueError):
        raise ConfigurationError(
            field, str(value), f"{size} finite numbers [{unit}]", hint="give a sequence"
        ) from None
    if arr.shape != (size,) or not np.all(np.isfinite(arr)):
        raise ConfigurationError(
            field,
            str(value),
            f"{size} finite numbers [{unit}]",
            hint=f"give a sequence of {size} finite numbers",
        )
    arr.setflags(write=False)
    return arr


__all__ = [
    "GRID_TOLERANCE",
    "frozen_vector",
    "in_unit",
    "require_finite",
    "require_int_range",
    "require_positive",
    "require_range",
    "show",
]
