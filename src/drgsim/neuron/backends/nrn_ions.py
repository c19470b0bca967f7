"""Ion pools of a :class:`~drgsim.neuron.cable.CableModel` in NEURON (used by :mod:`.nrn`).

A model's :class:`~drgsim.neuron.ions.IonAccumulation` becomes, in every compartment with pools
(``is_active``), two mechanisms written for it (``backends/mod``), after the published model's
``nadifl.mod`` and ``kexternal.mod`` (Sundt et al. 2015, ModelDB 187473):

- ``sundt_nadifl``: inner ``[Na]i`` over the axoplasm and ``[K]i`` over ``k_inner_area`` per
  unit length, filled by ``ina`` and ``ik``, and longitudinal Na+ diffusion;
- ``sundt_kextern``: outer ``[Na]o`` and ``[K]o`` shells relaxing to their initial values.

Both write their concentrations, so at the start of every step NEURON computes ``ena`` and
``ek`` there by Nernst from the present concentrations (its ion mechanism runs before the
currents), as drgsim does at the end of the step before. In those compartments every family
whose reversal follows the Nernst potential (``ChannelFamily.reversal``) runs with
``pooled = 1``: its current is written as ``ina`` or ``ik`` and driven by ``ena`` or ``ek``
instead of its fixed parameter. The pump writes ``ina``/``ik`` and the L-type Ca2+ current
``ica`` everywhere; SK reads ``ica``.

Why NEURON integrates the same equations as drgsim (:mod:`drgsim.neuron.ions`, the kernel's
``_update_ions``), with fixed-step backward Euler:

- both evaluate the currents, and so the fluxes, once per step at the old potential and
  concentrations, before the voltage solve, and advance gates and pools afterwards;
- the pool fluxes depend on the currents only, so the backward-Euler step NEURON takes for the
  ``KINETIC`` block (``sparse``) is drgsim's explicit step; the shells' ``cnexp`` step is the
  exact exponential drgsim takes;
- longitudinal Na+ diffusion is NEURON's own ``LONGITUDINAL_DIFFUSION`` pass: after every
  mechanism's state update, one backward-Euler tree solve over the segments that carry the
  mechanism, coupling a segment to its parent segment by ``2 / (dx (dx + dx_parent))`` times
  ``D A`` over the segment's ``COMPARTMENT`` cross-section, and bridging the zero-area node at
  a section's end to the segment before it. drgsim's scheme (``cable._ion_arrays``) is exactly
  that, so the mechanism uses it. A per-section mechanism reading its neighbours through
  ``POINTER`` would need a tree solve of its own (an explicit neighbour step would differ from
  drgsim's backward Euler), and ``rxd`` is a separate solver with its own discretisation and
  its own place in the step, so neither would reproduce the scheme as directly.

NEURON's recorded ``ena``/``ek`` are those computed at the start of a step, so a recording of
them lags the concentrations by one step; :class:`~.nrn.NrnRunner` records the concentrations
and derives the reversals (:func:`reversals`).

Families whose NEURON mechanism has no pooled mode, or that carry an ion NEURON would not
hand to the pools, are refused with a :class:`~drgsim.errors.ConfigurationError`.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from drgsim import units as u
from drgsim._typing import FloatArray
from drgsim.errors import ConfigurationError
from drgsim.neuron.cable import DEFAULT_CONCENTRATIONS, CableModel

#: The pool mechanisms (``backends/mod``); not channel families.
POOL_MECHANISMS = ("sundt_kextern", "sundt_nadifl")
#: Families whose NEURON mechanism can carry its current as this ion with the Nernst reversal
#: (``pooled = 1``).
POOLED_FAMILIES: dict[str, str] = {
    "sundt_na": "na",
    "sundt_kdr": "k",
    "sundt_km": "k",
    "sundt_sk": "k",
}
#: Families whose NEURON mechanism always writes its ionic currents (``USEION ... WRITE``).
ION_WRITERS: dict[str, tuple[str, ...]] = {
    "sundt_pump": ("na", "k"),
    "sundt_cal": ("ca",),
}
#: Families whose NEURON mechanism reads ``ica`` (so every Ca2+ current must be written).
READS_ICA = frozenset({"sundt_sk"})

_ION_NAMES = ("na", "k", "ca")
_MM = 1.0 / u.mM  # mol/m^3 -> mM
_UM = 1.0 / u.um
_UM2 = 1.0 / u.um2
_UM4_PER_MS = 1.0 / (u.um2 * u.um2 / u.ms)
_MS = 1.0 / u.ms


def check_supported(model: CableModel, carries: dict[str, tuple[float, ...]]) -> None:
    """Raise :class:`ConfigurationError` for ion handling the NEURON mechanisms cannot mirror.

    ``carries`` maps every family of ``model`` to its ``ChannelFamily.carries``.
    """
    acc = model.accumulation
    active = np.zeros(model.n_comp, dtype=bool) if acc is None else acc.is_active
    if acc is not None and np.any(active & (model.length == 0.0)):
        raise ConfigurationError(
            "accumulation.is_active",
            "a zero-length compartment",
            "positive-length compartments (NEURON has no segment for a junction)",
        )
    families = {m.family for m in model.mechanisms}
    reads_ica = bool(families & READS_ICA)
    for mech in model.mechanisms:
        fractions = carries.get(mech.family, ())
        written = ION_WRITERS.get(mech.family, ())
        pooled = (POOLED_FAMILIES[mech.family],) if mech.family in POOLED_FAMILIES else ()
        in_pools = bool(np.any(active & (mech.density != 0.0)))
        for ion, fraction in zip(_ION_NAMES, fractions, strict=False):
            if fraction == 0.0 or ion in written:
                continue
            needed = (ion != "ca" and in_pools) or (ion == "ca" and reads_ica)
            if needed and ion not in pooled:
                raise ConfigurationError(
                    "mechanism.family",
                    mech.family,
                    "families whose NEURON mechanism hands its "
                    f"{ion} current to the ion pools: "
                    f"{sorted(set(POOLED_FAMILIES) | set(ION_WRITERS))}",
                    "give its .mod file a pooled mode (see sundt_na.mod) and list it in "
                    "nrn_ions.POOLED_FAMILIES",
                )


def set_ion_defaults(h: Any) -> None:
    """Set NEURON's initial concentrations where no pool writes them to drgsim's defaults
    (``cable.DEFAULT_CONCENTRATIONS``, the ion rows of compartments without pools)."""
    nai, ki, nao, ko = (c * _MM for c in DEFAULT_CONCENTRATIONS)
    h.nai0_na_ion, h.ki0_k_ion, h.nao0_na_ion, h.ko0_k_ion = nai, ki, nao, ko


def insert_pools(model: CableModel, anchor: list[tuple[Any, float] | None]) -> None:
    """Insert the pool mechanisms where ``model`` accumulates ions (module docstring)."""
    acc = model.accumulation
    if acc is None:
        return
    cross = np.pi * model.diameter**2 / 4.0
    for i in np.flatnonzero(acc.is_active):
        a = anchor[i]
        if a is None or a[1] != 0.5:  # check_supported refuses these first
            raise ConfigurationError(
                f"accumulation.is_active[{i}]",
                "a compartment without its own NEURON section",
                "pools on positive-length compartments only",
            )
        sec = a[0]
        sec.insert("sundt_nadifl")
        sec.insert("sundt_kextern")
        seg = sec(0.5)
        nai, ki, nao, ko = acc.concentrations[i]
        inner = seg.sundt_nadifl
        inner.dna = acc.na_diffusion * _UM4_PER_MS
        k_area = cross[i] if acc.k_inner_area is None else acc.k_inner_area
        inner.k_area = k_area * _UM2
        inner.nai0, inner.ki0 = nai * _MM, ki * _MM
        outer = seg.sundt_kextern
        outer.width = acc.shell_width * _UM
        outer.tau = acc.outer_tau * _MS
        outer.nao0, outer.ko0 = nao * _MM, ko * _MM


def pooled(model: CableModel, family: str, compartment: int) -> bool:
    """Whether ``family`` runs with ``pooled = 1`` in ``compartment``."""
    acc = model.accumulation
    return family in POOLED_FAMILIES and acc is not None and bool(acc.is_active[compartment])


def record_concentrations(h: Any, model: CableModel, segment: Any, compartment: int) -> Any:
    """Vectors recording ``nai, ki, nao, ko`` [mM] of a compartment with pools, else ``None``
    (see the module docstring for why not ``ena``/``ek``)."""
    acc = model.accumulation
    if acc is None or not acc.is_active[compartment]:
        return None
    refs = (segment._ref_nai, segment._ref_ki, segment._ref_nao, segment._ref_ko)
    vectors = tuple(h.Vector() for _ in refs)
    for vec, ref in zip(vectors, refs, strict=True):
        vec.record(ref)
    return vectors


def reversals(h: Any, concentrations: FloatArray) -> FloatArray:
    """E_Na and E_K [V] from ``(..., 4, n)`` concentrations [mol/m^3] in ``ions.CONCENTRATIONS``
    order, with NEURON's own RT/F at ``h.celsius`` (its ``nernst``), shape ``(..., 2, n)``."""
    rtf = h.nernst(1.0, math.e, 1) * u.mV  # RT/F: nernst(ci, co, z) with ln(co / ci) = 1
    conc = np.asarray(concentrations)
    e_na = rtf * np.log(conc[..., 2, :] / conc[..., 0, :])
    e_k = rtf * np.log(conc[..., 3, :] / conc[..., 1, :])
    return np.stack([e_na, e_k], axis=-2)


__all__ = [
    "ION_WRITERS",
    "POOLED_FAMILIES",
    "POOL_MECHANISMS",
    "READS_ICA",
    "check_supported",
    "insert_pools",
    "pooled",
    "record_concentrations",
    "reversals",
    "set_ion_defaults",
]
