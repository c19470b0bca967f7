"""The transfer matrix: potential per unit contact current at a set of points.

A :class:`TransferMatrix` holds, for ``n_points`` positions (the compartments of a population of
neurons) and ``n_contacts`` contacts, the extracellular potential at each point when 1 A flows out
of one contact and returns through the far ground. Tissue is linear, so the potential of any
program is the matrix times the contact currents (superposition)::

    phi = T.values @ (weights * amplitude)        # (n_points,) [V]

Examples
--------
>>> import numpy as np
>>> from drgsim.field.transfer import TransferMatrix
>>> T = TransferMatrix(values=np.array([[2.0, 1.0]]), points=np.zeros((1, 3)),
...                    contact_ids=("c0", "c1"))
>>> float(T.potential(np.array([1.0, -1.0]), amplitude=1e-3)[0])
0.001
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
import numpy.typing as npt

from drgsim._typing import FloatArray
from drgsim.errors import ConfigurationError


def _frozen_array(name: str, value: npt.ArrayLike, ndim: int) -> FloatArray:
    array = np.array(value, dtype=np.float64, order="C", copy=True)
    if array.ndim != ndim:
        raise ConfigurationError(
            field=name, value=f"shape {array.shape}", allowed=f"a {ndim}-D array"
        )
    if not np.all(np.isfinite(array)):
        raise ConfigurationError(
            field=name, value="non-finite entries", allowed="finite numbers", hint="check the solve"
        )
    array.flags.writeable = False
    return array


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class TransferMatrix:
    """Potential per unit current of each contact at each point.

    Parameters
    ----------
    values
        Transfer resistances, shape (n_points, n_contacts) [V/A]: column ``j`` is the potential
        when contact ``j`` injects 1 A and the far ground collects it.
    points
        Positions where the potential was evaluated, shape (n_points, 3) [m].
    contact_ids
        One name per column (``"lead0:c2"``).
    metadata
        Free-form provenance (method, content hash, mesh size...), as strings.
    """

    values: FloatArray
    points: FloatArray
    contact_ids: tuple[str, ...]
    metadata: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        values = _frozen_array("values", self.values, 2)
        points = _frozen_array("points", self.points, 2)
        ids = tuple(str(c) for c in self.contact_ids)
        if points.shape[1] != 3:
            raise ConfigurationError(
                field="points", value=f"shape {points.shape}", allowed="shape (n_points, 3)"
            )
        if values.shape != (points.shape[0], len(ids)):
            raise ConfigurationError(
                field="values",
                value=f"shape {values.shape}",
                allowed=f"shape (n_points, n_contacts) = ({points.shape[0]}, {len(ids)})",
            )
        if len(set(ids)) != len(ids):
            raise ConfigurationError(
                field="contact_ids", value=ids, allowed="distinct names", hint="rename duplicates"
            )
        object.__setattr__(self, "values", values)
        object.__setattr__(self, "points", points)
        object.__setattr__(self, "contact_ids", ids)
        meta = {str(k): str(v) for k, v in dict(self.metadata).items()}
        object.__setattr__(self, "metadata", MappingProxyType(meta))

    @property
    def n_points(self) -> int:
        """Number of points (rows)."""
        return int(self.values.shape[0])

    @property
    def n_contacts(self) -> int:
        """Number of contacts (columns)."""
        return int(self.values.shape[1])

    def potential(self, weights: npt.ArrayLike, amplitude: float = 1.0) -> FloatArray:
        """Potential at every point for a program.

        Parameters
        ----------
        weights
            Current of each contact per unit amplitude, shape (n_contacts,) [1]; positive for
            current leaving the contact (anode), negative for a cathode.
        amplitude
            Program amplitude [A].

        Returns
        -------
        numpy.ndarray
            Potential, shape (n_points,) [V].
        """
        w = np.asarray(weights, dtype=np.float64)
        if w.shape != (self.n_contacts,):
            raise ConfigurationError(
                field="weights",
                value=f"shape {w.shape}",
                allowed=f"shape ({self.n_contacts},), one weight per contact",
            )
        if not np.isfinite(amplitude):
            raise ConfigurationError(field="amplitude", value=amplitude, allowed="a finite number")
        result: FloatArray = self.values @ w * float(amplitude)
        return result

    def select(self, contact_ids: Sequence[str]) -> TransferMatrix:
        """Return the matrix restricted to some contacts, in the order given."""
        index = {c: i for i, c in enumerate(self.contact_ids)}
        missing = [c for c in contact_ids if c not in index]
        if missing:
            raise ConfigurationError(
                field="contact_ids", value=missing, allowed=f"names in {list(self.contact_ids)}"
            )
        cols = [index[c] for c in contact_ids]
        return TransferMatrix(
            values=self.values[:, cols],
            points=self.points,
            contact_ids=tuple(contact_ids),
            metadata=self.metadata,
        )

    def hstack(self, other: TransferMatrix) -> TransferMatrix:
        """Join the contacts of two matrices evaluated at the same points (e.g. two leads).

        Only valid when both were computed in the same medium with both leads present.
        """
        if other.points.shape != self.points.shape or not np.array_equal(other.points, self.points):
            raise ConfigurationError(
                field="points", value="different point sets", allowed="identical points"
            )
        return TransferMatrix(
            values=np.hstack([self.values, other.values]),
            points=self.points,
            contact_ids=self.contact_ids + other.contact_ids,
            metadata={**self.metadata, **other.metadata},
        )

    def as_arrays(self) -> dict[str, FloatArray]:
        """Arrays for storage (values, points); names and metadata travel separately."""
        return {"values": self.values, "points": self.points}


def second_difference(potential: npt.ArrayLike) -> FloatArray:
    """Activating function of an unbranched chain of compartments [V].

    ``f[n] = phi[n-1] - 2 phi[n] + phi[n+1]`` (Rattay 1989, doi:10.1109/10.16457, up to the
    axial conductance per compartment); positive values depolarise. The end compartments get 0.

    Parameters
    ----------
    potential
        Extracellular potential at consecutive compartments, shape (n,) [V].
    """
    phi = np.asarray(potential, dtype=np.float64)
    if phi.ndim != 1:
        raise ConfigurationError(field="potential", value=f"shape {phi.shape}", allowed="(n,)")
    out = np.zeros_like(phi)
    if phi.size >= 3:
        out[1:-1] = phi[:-2] - 2.0 * phi[1:-1] + phi[2:]
    return out


__all__ = ["TransferMatrix", "second_difference"]
