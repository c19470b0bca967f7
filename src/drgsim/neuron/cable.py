"""The compartmental description every neuron model compiles to.

A :class:`CableModel` is a tree of compartments in Hines order (every compartment's parent has a
smaller index; roots have parent -1). It is the single description shared by the drgsim solver
and the NEURON backend, so both simulate the identical model.

Conventions (SI throughout):

- Compartment ``i`` is a cylinder of ``length[i]`` and ``diameter[i]`` centred at
  ``position[i]``. Its membrane area is ``pi * diameter * length``.
- The axial resistance between ``i`` and its parent ``p`` is the sum of the two half-cylinders:
  ``r(i) + r(p)`` with ``r(k) = ra[k] * length[k] / 2 / (pi * diameter[k]**2 / 4)``.
- A compartment with more than one child must be a *junction*: ``length == 0`` (no membrane).
  This is exactly NEURON's zero-area node at a section's 1-end, so a NEURON model with one
  section per positive-length compartment (children at the parent's 1-end) is the same circuit.
- Myelinated double cables (MRG) add a periaxonal layer per compartment: ``periaxonal_xraxial``
  [ohm/m], ``periaxonal_xg`` [S/m^2] and ``periaxonal_xc`` [F/m^2] (NEURON's ``extracellular``
  ``xraxial``, ``xg``, ``xc``, converted to SI). Single cables leave them ``None``.
- Active membrane: a tuple of :class:`Mechanism` (a channel family by registry name, its maximal
  conductance or permeability per compartment, and its parameters); the passive leak is
  ``g_leak`` [S/m^2] with reversal ``e_leak`` [V] per compartment.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import IntEnum
from types import MappingProxyType

import numpy as np

from drgsim._typing import FloatArray, Int8Array, IntArray
from drgsim.errors import ConfigurationError


class Region(IntEnum):
    """Where a compartment lies in the neuron (int8 codes in arrays)."""

    AXON = 0  #: straight axon (no T-junction)
    PERIPHERAL_AXON = 1
    CENTRAL_AXON = 2
    STEM = 3
    T_JUNCTION = 4
    SOMA = 5
    INITIAL_SEGMENT = 6


class Kind(IntEnum):
    """What kind of compartment it is (int8 codes in arrays)."""

    UNMYELINATED = 0
    NODE = 1
    MYSA = 2
    FLUT = 3
    STIN = 4
    SOMA = 5
    JUNCTION = 6  #: zero-length branch point


def _frozen_array(name: str, value: object, dtype: type, shape: tuple[int, ...]) -> np.ndarray:
    arr: np.ndarray = np.ascontiguousarray(value, dtype=dtype)
    if arr.shape != shape:
        raise ConfigurationError(name, f"shape {arr.shape}", f"shape {shape}")
    if arr.dtype.kind == "f" and not np.all(np.isfinite(arr)):
        raise ConfigurationError(name, "non-finite entries", "finite numbers")
    arr = arr.copy()
    arr.setflags(write=False)
    return arr


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Mechanism:
    """One channel family placed on a cable.

    Parameters
    ----------
    family
        Registry name of the channel family (``drgsim.neuron.channels.CHANNELS``).
    density
        Maximal conductance [S/m^2] (or permeability [m/s] for GHK families) per compartment,
        shape ``(n_comp,)``; zero where the channel is absent.
    params
        Family parameters in SI (reversal potentials [V], voltage shifts [V]); missing names take
        the family's cited defaults.
    """

    family: str
    density: FloatArray
    params: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        d = np.ascontiguousarray(self.density, dtype=np.float64).copy()
        if d.ndim != 1 or not np.all(np.isfinite(d)) or np.any(d < 0):
            raise ConfigurationError(
                f"mechanism[{self.family}].density", "invalid", "finite, non-negative, 1-D"
            )
        d.setflags(write=False)
        object.__setattr__(self, "density", d)
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class CableModel:
    """A compartmental neuron or axon, in SI units (see the module docstring)."""

    name: str
    parent: IntArray  #: (n_comp,) parent index, -1 for a root; parent[i] < i
    length: FloatArray  #: (n_comp,) [m]
    diameter: FloatArray  #: (n_comp,) [m]
    position: FloatArray  #: (n_comp, 3) [m] compartment centres
    region: Int8Array  #: (n_comp,) Region codes
    kind: Int8Array  #: (n_comp,) Kind codes
    cm: FloatArray  #: (n_comp,) membrane capacitance [F/m^2]
    ra: FloatArray  #: (n_comp,) axial resistivity [ohm m]
    g_leak: FloatArray  #: (n_comp,) leak conductance [S/m^2]
    e_leak: FloatArray  #: (n_comp,) leak reversal [V]
    v_init: FloatArray  #: (n_comp,) initial membrane potential [V]
    temperature: float  #: [K]
    mechanisms: tuple[Mechanism, ...] = ()
    periaxonal_xraxial: FloatArray | None = None  #: (n_comp,) [ohm/m]
    periaxonal_xg: FloatArray | None = None  #: (n_comp,) [S/m^2]
    periaxonal_xc: FloatArray | None = None  #: (n_comp,) [F/m^2]
    source: str = ""  #: citation of the published model this follows

    def __post_init__(self) -> None:
        parent = np.ascontiguousarray(self.parent, dtype=np.int64)
        if parent.ndim != 1 or parent.size == 0:
            raise ConfigurationError("parent", f"shape {parent.shape}", "a non-empty 1-D array")
        n = parent.size
        idx = np.arange(n)
        if np.any(parent >= idx) or np.any(parent < -1):
            raise ConfigurationError("parent", "not in Hines order", "-1 <= parent[i] < i")
        object.__setattr__(self, "parent", _frozen_array("parent", parent, np.int64, (n,)))
        for name in ("length", "diameter", "cm", "ra", "g_leak", "e_leak", "v_init"):
            object.__setattr__(
                self, name, _frozen_array(name, getattr(self, name), np.float64, (n,))
            )
        object.__setattr__(
            self, "position", _frozen_array("position", self.position, np.float64, (n, 3))
        )
        for name in ("region", "kind"):
            object.__setattr__(self, name, _frozen_array(name, getattr(self, name), np.int8, (n,)))
        if np.any(self.length < 0) or np.any(self.diameter <= 0):
            raise ConfigurationError(
                "length/diameter", "negative or zero", "length >= 0, diameter > 0"
            )
        if np.any(self.ra <= 0):
            raise ConfigurationError("ra", "non-positive", "> 0 ohm m")
        n_children = np.bincount(parent[parent >= 0], minlength=n)
        branching = np.flatnonzero((n_children > 1) & (self.length > 0))
        if branching.size:
            raise ConfigurationError(
                "length",
                f"compartment {int(branching[0])} has {int(n_children[branching[0]])} children",
                "0 (a junction) for any compartment with more than one child",
            )
        layers = (self.periaxonal_xraxial, self.periaxonal_xg, self.periaxonal_xc)
        if any(x is not None for x in layers):
            if any(x is None for x in layers):
                raise ConfigurationError(
                    "periaxonal", "partly given", "all of xraxial, xg, xc or none"
                )
            for name in ("periaxonal_xraxial", "periaxonal_xg", "periaxonal_xc"):
                object.__setattr__(
                    self, name, _frozen_array(name, getattr(self, name), np.float64, (n,))
                )
        for mech in self.mechanisms:
            if mech.density.shape != (n,):
                raise ConfigurationError(
                    f"mechanism[{mech.family}].density", f"shape {mech.density.shape}", f"({n},)"
                )
        if not self.temperature > 0:
            raise ConfigurationError("temperature", self.temperature, "> 0 K")

    @property
    def n_comp(self) -> int:
        """Number of compartments."""
        return int(self.parent.size)

    @property
    def is_double_cable(self) -> bool:
        """Whether the model has a periaxonal layer (MRG-type)."""
        return self.periaxonal_xraxial is not None

    @property
    def area(self) -> FloatArray:
        """Membrane area per compartment [m^2]."""
        a: FloatArray = np.pi * self.diameter * self.length
        return a

    def with_temperature(self, temperature: float) -> CableModel:
        """Return a copy at another temperature [K]."""
        return dataclasses.replace(self, temperature=temperature)


__all__ = ["CableModel", "Kind", "Mechanism", "Region"]
