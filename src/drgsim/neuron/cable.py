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
- Ion accumulation (optional): an :class:`~drgsim.neuron.ions.IonAccumulation` gives Na+/K+
  pools and Nernst reversals per compartment; cells without it take the kernel's plain path.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from types import MappingProxyType
from typing import Any

import numpy as np

from drgsim._typing import FloatArray, Int8Array, IntArray
from drgsim.errors import ConfigurationError
from drgsim.neuron.ions import FARADAY, IonAccumulation, ion_rows

#: NEURON's default concentrations (nai0, ki0, nao0, ko0) [mM], used where a cell has
#: ion-reading mechanisms but no accumulation (they stay constant there).
DEFAULT_CONCENTRATIONS = (10.0, 54.4, 140.0, 2.5)


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
    accumulation: IonAccumulation | None = None  #: ion pools (None: fixed reversals)

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
        if self.accumulation is not None and self.accumulation.n_comp != n:
            raise ConfigurationError(
                "accumulation.is_active", f"{self.accumulation.n_comp} flags", f"{n}"
            )

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


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class CableArrays:
    """One or more :class:`CableModel` compiled into flat arrays for the solver kernel.

    Cells are concatenated (a forest); cell ``c`` owns the global compartments
    ``comp_start[c] : comp_start[c] + n_comp[c]``. Topology indices (``parent``, ``inst_comp``)
    are local to their cell. All values SI: conductances [S], capacitances [F], potentials [V].
    """

    # per compartment (n_comp_total,)
    parent: IntArray  #: local parent index, -1 for a root
    g_axial: FloatArray  #: intracellular conductance to the parent [S] (0 for roots)
    g_sum: FloatArray  #: sum of intracellular conductances to all neighbours [S]
    capacitance: FloatArray  #: membrane capacitance cm * area [F]
    g_leak: FloatArray  #: leak conductance g_leak * area [S]
    e_leak: FloatArray  #: leak reversal [V]
    v_init: FloatArray  #: initial membrane potential [V]
    gx_axial: FloatArray  #: periaxonal conductance to the parent [S] (0 for single cables)
    gx_sum: FloatArray  #: sum of periaxonal conductances to neighbours [S]
    xg: FloatArray  #: myelin conductance xg * area [S]
    xc: FloatArray  #: myelin capacitance xc * area [F]
    is_candidate: IntArray  #: 1 where a threshold crossing counts as AP initiation
    # elimination tree of the solver (:func:`elimination_tree`), per compartment, local indices
    elim_order: IntArray  #: compartment at each elimination position, root(s) first
    elim_parent: IntArray  #: parent in the elimination tree, -1 for its root
    elim_g_axial: FloatArray  #: intracellular conductance to that parent [S]
    elim_gx_axial: FloatArray  #: periaxonal conductance to that parent [S]
    # per cell (n_cells,)
    comp_start: IntArray
    n_comp: IntArray
    is_double: IntArray  #: 1 for double cables
    mech_start: IntArray  #: first mechanism of the cell
    mech_stop: IntArray
    n_state: IntArray  #: gating states of the cell
    temperature: FloatArray  #: [K]
    # per mechanism (n_mech,)
    mech_code: IntArray  #: family code (position in channels.FAMILIES)
    mech_param_start: IntArray  #: into ``params``
    mech_inst_start: IntArray  #: into the instance arrays
    mech_inst_stop: IntArray
    mech_state_start: IntArray  #: offset in the cell's state vector
    mech_n_states: IntArray
    params: FloatArray  #: all family parameters, flat [SI]
    # per instance, a mechanism on one compartment (n_inst,)
    inst_comp: IntArray  #: local compartment index
    inst_g: FloatArray  #: maximal conductance density [S/m^2] (or permeability [m/s])
    inst_area: FloatArray  #: membrane area [m^2]
    # ions (drgsim.neuron.ions); zeros for cells without them
    has_ions: IntArray  #: (n_cells,) 1: the kernel keeps ion rows for the cell
    outer_tau: FloatArray  #: (n_cells,) shell relaxation time [s]
    mech_n_params: IntArray  #: (n_mech,)
    mech_reads_ions: IntArray  #: (n_mech,) 1: family functions take the ion row
    mech_reversal: IntArray  #: (n_mech,) parameter following the Nernst potential, -1: none
    mech_reversal_ion: IntArray  #: (n_mech,) ion-row index of that potential
    mech_carries: FloatArray  #: (n_mech, 3) fractions carried by Na+, K+, Ca2+
    acc_active: IntArray  #: (n_comp_total,) 1: compartment with ion pools
    ion_init: FloatArray  #: (n_comp_total, N_ION_FIELDS) initial ion rows
    acc_na_rate: FloatArray  #: d[Na]i/dt per outward Na+ current density [mol/(C m)]
    acc_k_rate: FloatArray  #: d[K]i/dt per outward K+ current density [mol/(C m)]
    acc_out_rate: FloatArray  #: d[X]o/dt per outward current density [mol/(C m)]
    acc_diff_parent: IntArray  #: local compartment Na+ diffuses with, -1: none
    acc_diff_self: FloatArray  #: rate on the compartment [1/s]
    acc_diff_other: FloatArray  #: rate on that partner [1/s]

    @property
    def n_cells(self) -> int:
        """Number of cells."""
        return int(self.comp_start.size)

    @property
    def max_comp(self) -> int:
        """Largest cell [compartments]."""
        return int(self.n_comp.max())

    @property
    def max_state(self) -> int:
        """Largest state vector of a cell."""
        return int(self.n_state.max()) if self.n_state.size else 0


def _half_resistance(resistivity: FloatArray, length: FloatArray, area: FloatArray) -> FloatArray:
    r: FloatArray = resistivity * length / 2.0 / area
    return r


def compile_cables(models: CableModel | Sequence[CableModel]) -> CableArrays:
    """Compile models into the kernel's struct of arrays.

    Axial conductance between a compartment and its parent is the inverse of the sum of the two
    half-cylinder resistances (module docstring); the periaxonal layer uses ``xraxial`` [ohm/m]
    the same way.

    Parameters
    ----------
    models
        One model or several (simulated side by side as a forest).

    Returns
    -------
    CableArrays
    """
    from drgsim.neuron.channels import CHANNELS, family_code

    model_list = [models] if isinstance(models, CableModel) else list(models)
    if not model_list:
        raise ConfigurationError("models", "empty", "at least one CableModel")
    cols: dict[str, list[np.ndarray]] = {k: [] for k in _COMP_FIELDS}
    cell: dict[str, list[float]] = {k: [] for k in _CELL_FIELDS}
    mech: dict[str, list[int]] = {k: [] for k in _MECH_FIELDS}
    params: list[float] = []
    inst: dict[str, list[np.ndarray]] = {"inst_comp": [], "inst_g": [], "inst_area": []}
    ion_cols: dict[str, list[np.ndarray]] = {k: [] for k in _ION_COMP_FIELDS}
    ion_cell: dict[str, list[float]] = {"has_ions": [], "outer_tau": []}
    mech_ion: dict[str, list[int]] = {k: [] for k in _MECH_ION_FIELDS}
    carries: list[tuple[float, float, float]] = []
    n_total = 0
    n_inst_total = 0
    for model in model_list:
        n = model.n_comp
        parent = model.parent
        area = model.area
        cross = np.pi * model.diameter**2 / 4.0
        r_half = _half_resistance(model.ra, model.length, cross)
        has_parent = parent >= 0
        pidx = np.where(has_parent, parent, 0)
        r_link = np.where(has_parent, r_half + r_half[pidx], np.inf)
        g_axial = np.where(has_parent, 1.0 / r_link, 0.0)
        g_sum = g_axial.copy()
        np.add.at(g_sum, parent[has_parent], g_axial[has_parent])
        xraxial, xg_density, xc_density = (
            model.periaxonal_xraxial,
            model.periaxonal_xg,
            model.periaxonal_xc,
        )
        if xraxial is not None and xg_density is not None and xc_density is not None:
            rx_half = xraxial * model.length / 2.0
            rx_link = np.where(has_parent, rx_half + rx_half[pidx], np.inf)
            gx_axial = np.where(has_parent & (rx_link > 0), 1.0 / rx_link, 0.0)
            gx_sum = gx_axial.copy()
            np.add.at(gx_sum, parent[has_parent], gx_axial[has_parent])
            xg = xg_density * area
            xc = xc_density * area
        else:
            gx_axial = gx_sum = xg = xc = np.zeros(n)
        active = np.zeros(n, dtype=bool)
        for m in model.mechanisms:
            active |= m.density > 0
        if not active.any():
            active = area > 0
        for key, val in (
            ("parent", parent),
            ("g_axial", g_axial),
            ("g_sum", g_sum),
            ("capacitance", model.cm * area),
            ("g_leak", model.g_leak * area),
            ("e_leak", model.e_leak),
            ("v_init", model.v_init),
            ("gx_axial", gx_axial),
            ("gx_sum", gx_sum),
            ("xg", xg),
            ("xc", xc),
            ("is_candidate", active.astype(np.int64)),
            *zip(_ELIM_FIELDS, _elimination_arrays(parent, g_axial, gx_axial), strict=True),
        ):
            cols[key].append(np.asarray(val))
        cell["comp_start"].append(n_total)
        cell["n_comp"].append(n)
        cell["is_double"].append(int(model.is_double_cable))
        cell["mech_start"].append(len(mech["mech_code"]))
        cell["temperature"].append(model.temperature)
        n_state = 0
        for m in model.mechanisms:
            family = CHANNELS[m.family]
            unknown = set(m.params) - set(family.param_names)
            if unknown:
                raise ConfigurationError(
                    f"mechanism[{m.family}].params",
                    ", ".join(sorted(unknown)),
                    "names in " + ", ".join(family.param_names),
                )
            comps = np.flatnonzero(m.density > 0)
            mech["mech_code"].append(family_code(m.family))
            mech["mech_param_start"].append(len(params))
            params.extend(
                float(m.params.get(name, default))
                for name, default in zip(family.param_names, family.default_params, strict=True)
            )
            mech["mech_inst_start"].append(n_inst_total)
            n_inst_total += comps.size
            mech["mech_inst_stop"].append(n_inst_total)
            mech["mech_state_start"].append(n_state)
            mech["mech_n_states"].append(family.n_states)
            n_state += family.n_states * comps.size
            inst["inst_comp"].append(comps)
            inst["inst_g"].append(m.density[comps])
            inst["inst_area"].append(area[comps])
            mech_ion["mech_n_params"].append(len(family.param_names))
            mech_ion["mech_reads_ions"].append(int(family.reads_ions))
            rev = family.param_names.index(family.reversal) if family.reversal else -1
            mech_ion["mech_reversal"].append(rev)
            mech_ion["mech_reversal_ion"].append(max(family.reversal_ion, 0))
            carries.append(family.carries or (0.0, 0.0, 0.0))
        readers = any(CHANNELS[m.family].reads_ions for m in model.mechanisms)
        for key, val in _ion_arrays(model).items():
            ion_cols[key].append(np.asarray(val))
        ion_cell["has_ions"].append(int(readers or model.accumulation is not None))
        acc = model.accumulation
        ion_cell["outer_tau"].append(acc.outer_tau if acc is not None else 1.0)
        cell["mech_stop"].append(len(mech["mech_code"]))
        cell["n_state"].append(n_state)
        n_total += n
    out: dict[str, np.ndarray] = {}
    for key, parts in cols.items():
        out[key] = np.concatenate(parts)
    for key, vals in cell.items():
        out[key] = np.asarray(vals)
    for key, ivals in mech.items():
        out[key] = np.asarray(ivals, dtype=np.int64)
    out["params"] = np.asarray(params, dtype=np.float64)
    for key, iparts in inst.items():
        out[key] = np.concatenate(iparts) if iparts else np.zeros(0)
    for key, parts in ion_cols.items():
        out[key] = np.concatenate(parts)
    for key, vals in ion_cell.items():
        out[key] = np.asarray(vals)
    for key, ivals in mech_ion.items():
        out[key] = np.asarray(ivals, dtype=np.int64)
    out["mech_carries"] = np.asarray(carries, dtype=np.float64).reshape(-1, 3)
    frozen: dict[str, Any] = {}
    for key, arr in out.items():
        dtype = np.float64 if key in _FLOAT_FIELDS else np.int64
        a = np.ascontiguousarray(arr, dtype=dtype).copy()
        a.setflags(write=False)
        frozen[key] = a
    return CableArrays(**frozen)


def elimination_tree(parent: IntArray) -> tuple[IntArray, IntArray]:
    """Order in which the solver eliminates a cell's compartments, and the tree it follows.

    The cable matrix is the same whichever compartment is taken as the tree's root; the
    elimination chooses the centre of each tree (the middle of its longest path) and numbers
    outward breadth-first. Consecutive positions then lie on different branches (an axon
    rooted at its middle eliminates its two halves in alternation), so the dependent divisions
    of the branches overlap in the processor instead of forming one chain as long as the cell.

    Parameters
    ----------
    parent
        ``(n,)`` local parent indices, -1 for a root, ``parent[i] < i``.

    Returns
    -------
    order, elim_parent
        ``order[k]`` is the compartment at position ``k`` (every parent before its children);
        ``elim_parent[i]`` is compartment ``i``'s parent when rooted at the centre (-1: root).
    """
    n = parent.size
    neighbours: list[list[int]] = [[] for _ in range(n)]
    for i in range(n):
        p = int(parent[i])
        if p >= 0:
            neighbours[i].append(p)
            neighbours[p].append(i)

    def bfs(start: int) -> tuple[list[int], list[int]]:
        seen_from = {start: -1}
        queue = [start]
        for node in queue:  # the list grows while it is walked: breadth-first
            for nb in neighbours[node]:
                if nb not in seen_from:
                    seen_from[nb] = node
                    queue.append(nb)
        return queue, [seen_from[q] for q in queue]

    order: list[int] = []
    elim_parent = np.full(n, -1, dtype=np.int64)
    done = np.zeros(n, dtype=bool)
    for root in range(n):
        if done[root]:
            continue
        far = bfs(root)[0][-1]
        walk, via = bfs(far)
        back = dict(zip(walk, via, strict=True))
        path = [walk[-1]]
        while back[path[-1]] >= 0:
            path.append(back[path[-1]])
        tree, tree_parent = bfs(path[len(path) // 2])
        order.extend(tree)
        elim_parent[tree] = tree_parent
        done[tree] = True
    return np.asarray(order, dtype=np.int64), elim_parent


def _elimination_arrays(
    parent: IntArray, g_axial: FloatArray, gx_axial: FloatArray
) -> tuple[IntArray, IntArray, FloatArray, FloatArray]:
    """:func:`elimination_tree` with the conductance of each compartment's link to its new
    parent: the link it already had, or its old child's link where the link turned around."""
    order, elim_parent = elimination_tree(parent)
    same = elim_parent == parent
    link = np.where(same | (elim_parent < 0), np.arange(parent.size), elim_parent)
    g = np.where(elim_parent >= 0, g_axial[link], 0.0)
    gx = np.where(elim_parent >= 0, gx_axial[link], 0.0)
    return order, elim_parent, g, gx


def _ion_arrays(model: CableModel) -> dict[str, np.ndarray]:
    """Per-compartment ion arrays of one model (module docstring of ``drgsim.neuron.ions``)."""
    n = model.n_comp
    acc = model.accumulation
    zeros = np.zeros(n)
    if acc is None:
        conc = np.tile(DEFAULT_CONCENTRATIONS, (n, 1))
        return {
            "acc_active": np.zeros(n, dtype=np.int64),
            "ion_init": ion_rows(conc, model.temperature),
            "acc_na_rate": zeros,
            "acc_k_rate": zeros,
            "acc_out_rate": zeros,
            "acc_diff_parent": np.full(n, -1, dtype=np.int64),
            "acc_diff_self": zeros,
            "acc_diff_other": zeros,
        }
    active = acc.is_active
    d = model.diameter
    cross = np.pi * d**2 / 4.0
    k_area = cross if acc.k_inner_area is None else np.full(n, acc.k_inner_area)
    partner = np.full(n, -1, dtype=np.int64)
    d_self = np.zeros(n)
    d_other = np.zeros(n)
    for i in np.flatnonzero(active):
        p = int(model.parent[i])
        if p >= 0 and not active[p] and model.length[p] == 0.0:
            p = int(model.parent[p])  # bridge a junction, as NEURON bridges zero-area nodes
        if p < 0 or not active[p] or acc.na_diffusion == 0.0:
            continue
        dxc, dxp = float(model.length[i]), float(model.length[p])
        partner[i] = p
        d_self[i] = acc.na_diffusion / cross[i] * 2.0 / (dxc * (dxc + dxp))
        d_other[i] = acc.na_diffusion / cross[p] * 2.0 / (dxp * (dxc + dxp))
    return {
        "acc_active": active.astype(np.int64),
        "ion_init": ion_rows(acc.concentrations, model.temperature, active),
        "acc_na_rate": np.where(active, 4.0 / (FARADAY * d), 0.0),
        "acc_k_rate": np.where(active, np.pi * d / (FARADAY * k_area), 0.0),
        "acc_out_rate": np.where(active, 1.0 / (FARADAY * acc.shell_width), 0.0),
        "acc_diff_parent": partner,
        "acc_diff_self": d_self,
        "acc_diff_other": d_other,
    }


_ION_COMP_FIELDS = (
    "acc_active",
    "ion_init",
    "acc_na_rate",
    "acc_k_rate",
    "acc_out_rate",
    "acc_diff_parent",
    "acc_diff_self",
    "acc_diff_other",
)
_MECH_ION_FIELDS = ("mech_n_params", "mech_reads_ions", "mech_reversal", "mech_reversal_ion")
_ELIM_FIELDS = ("elim_order", "elim_parent", "elim_g_axial", "elim_gx_axial")
_COMP_FIELDS = (
    "parent",
    "g_axial",
    "g_sum",
    "capacitance",
    "g_leak",
    "e_leak",
    "v_init",
    "gx_axial",
    "gx_sum",
    "xg",
    "xc",
    "is_candidate",
    *_ELIM_FIELDS,
)
_CELL_FIELDS = (
    "comp_start",
    "n_comp",
    "is_double",
    "mech_start",
    "mech_stop",
    "n_state",
    "temperature",
)
_MECH_FIELDS = (
    "mech_code",
    "mech_param_start",
    "mech_inst_start",
    "mech_inst_stop",
    "mech_state_start",
    "mech_n_states",
)
_FLOAT_FIELDS = frozenset(
    {
        "g_axial",
        "g_sum",
        "capacitance",
        "g_leak",
        "e_leak",
        "v_init",
        "gx_axial",
        "gx_sum",
        "xg",
        "xc",
        "elim_g_axial",
        "elim_gx_axial",
        "temperature",
        "params",
        "inst_g",
        "inst_area",
        "outer_tau",
        "mech_carries",
        "ion_init",
        "acc_na_rate",
        "acc_k_rate",
        "acc_out_rate",
        "acc_diff_self",
        "acc_diff_other",
    }
)

__all__ = [
    "CableArrays",
    "CableModel",
    "Kind",
    "Mechanism",
    "Region",
    "compile_cables",
    "elimination_tree",
]
