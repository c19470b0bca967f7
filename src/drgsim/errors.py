"""The drgsim exception and warning tree.

Every error raised on bad input carries machine-readable attributes (``field``, ``value``,
``allowed``, ``hint``) so the CLI and the API can report them without parsing the text. The
value and the allowed range are given in the user's units (mA, us, Hz, uC/cm2...).

```
DrgsimError
  ConfigurationError(ValueError)    .field .value .allowed .hint
    SafetyLimitError, ProgrammerRuleError, UnknownNameError
  GeometryError(ValueError), MeshError(RuntimeError)
  SolverError(RuntimeError) > ConvergenceError
  MissingExtraError(ImportError)
DrgsimWarning(UserWarning) > SoftLimitWarning, NonMonotonicResponseWarning
```
"""

from __future__ import annotations

from typing import Any


class DrgsimError(Exception):
    """Base class of every drgsim error."""


class ConfigurationError(DrgsimError, ValueError):
    """A parameter is outside what is allowed.

    Parameters
    ----------
    field
        Dotted name of the offending field, as the user wrote it (``leads[0].amplitude_mA``).
    value
        The value given, in the user's unit.
    allowed
        What is allowed, in the user's unit (``"0-6 mA"``).
    hint
        How to fix it.
    message
        Full message; built from the other fields when omitted.
    """

    def __init__(
        self,
        field: str,
        value: Any,
        allowed: str,
        hint: str = "",
        message: str | None = None,
    ) -> None:
        self.field = field
        self.value = value
        self.allowed = allowed
        self.hint = hint
        if message is None:
            message = f"{field}={value!s} is outside {allowed}"
            if hint:
                message += f"; {hint}"
        self.message = message
        super().__init__(message)

    def as_dict(self) -> dict[str, Any]:
        """Return the error as a JSON-ready mapping (field, value, allowed, hint, message)."""
        value = self.value
        if not isinstance(value, (int, float, str, bool, type(None))):
            value = str(value)
        return {
            "field": self.field,
            "value": value,
            "allowed": self.allowed,
            "hint": self.hint,
            "message": self.message,
        }


class SafetyLimitError(ConfigurationError):
    """A program would exceed a hard safety limit (device range or charge density)."""


class ProgrammerRuleError(ConfigurationError):
    """An action breaks a programming rule (role, patient window, polarity, impedance)."""


class UnknownNameError(ConfigurationError, KeyError):
    """A name was looked up in a registry that does not hold it."""

    def __str__(self) -> str:  # KeyError would quote the message
        return self.message


class GeometryError(DrgsimError, ValueError):
    """A geometry is impossible (overlapping parts, a contact outside the domain...)."""

    def __init__(self, part: str, value: Any, problem: str) -> None:
        self.part = part
        self.value = value
        self.problem = problem
        super().__init__(f"{part}={value!s}: {problem}")


class MeshError(DrgsimError, RuntimeError):
    """Meshing failed."""


class SolverError(DrgsimError, RuntimeError):
    """A numerical solver failed."""


class ConvergenceError(SolverError):
    """An iterative method did not converge."""


class MissingExtraError(DrgsimError, ImportError):
    """An optional dependency is missing; names the extra that provides it."""

    def __init__(self, extra: str, package: str) -> None:
        self.extra = extra
        self.package = package
        super().__init__(
            f"{package} is not installed; install it with: pip install 'drgsim[{extra}]'"
        )


class DrgsimWarning(UserWarning):
    """Base class of drgsim warnings."""


class SoftLimitWarning(DrgsimWarning):
    """A value is allowed but beyond a recommended band (e.g. 30 uC/cm2 per phase)."""


class NonMonotonicResponseWarning(DrgsimWarning):
    """A neuron's response is not monotonic in stimulus amplitude (block, anode break)."""


__all__ = [
    "ConfigurationError",
    "ConvergenceError",
    "DrgsimError",
    "DrgsimWarning",
    "GeometryError",
    "MeshError",
    "MissingExtraError",
    "NonMonotonicResponseWarning",
    "ProgrammerRuleError",
    "SafetyLimitError",
    "SoftLimitWarning",
    "SolverError",
    "UnknownNameError",
]
