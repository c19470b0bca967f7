"""Ion accumulation: concentration pools per compartment and Nernst reversal potentials.

Where a :class:`~drgsim.neuron.cable.CableModel` carries an :class:`IonAccumulation`, the solver
keeps, for every compartment, the ion row of :data:`ION_FIELDS`: the Na+ and K+ reversal
potentials, the four concentrations and the ionic current densities of the present step. Each
step (after the gates, as NEURON's ``nrn_state`` and long-diffusion pass do):

- inner pools (Canavier et al. 1999, ModelDB 187473 ``nadifl.mod``):
  ``d[Na]i/dt = -i_Na * area / (F * V_Na)`` with ``V_Na`` the compartment's axoplasm
  (``pi d^2 / 4`` per unit length); ``d[K]i/dt`` likewise over ``k_inner_area`` per unit length;
- longitudinal Na+ diffusion between neighbouring accumulating compartments (backward Euler over
  the tree, NEURON's ``LONGITUDINAL_DIFFUSION``; a zero-length junction is bridged to its parent
  as NEURON bridges zero-area nodes);
- outer shells (Frankenhaeuser & Hodgkin 1956, ``kexternal.mod``):
  ``d[K]o/dt = i_K / (F w) + ([K]o,0 - [K]o) / tau`` (and ``[Na]o`` with ``i_Na``), advanced by
  the exact exponential at fixed current (NEURON ``cnexp``);
- reversal potentials ``E = RT/(zF) ln([X]o/[X]i)`` at the cell's temperature.

Compartments outside the pools keep their families' fixed reversal parameters. Models without
accumulation do not pay for any of this (the kernel takes a separate path).

Concentrations are in mol/m^3, which equals mM.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from drgsim._typing import FloatArray
from drgsim.errors import ConfigurationError

FARADAY = 96485.33212  #: [C/mol] CODATA 2018 (exact), the value NEURON 9 uses
GAS_CONSTANT = 8.314462618  #: [J/(mol K)] CODATA 2018 (exact), the value NEURON 9 uses

#: Layout of a compartment's ion row in the kernel.
ION_FIELDS = ("e_na", "e_k", "nai", "ki", "nao", "ko", "i_na", "i_k", "i_ca")
N_ION_FIELDS = len(ION_FIELDS)
#: Concentrations a model must give, in ``IonAccumulation.concentrations`` column order.
CONCENTRATIONS = ("nai", "ki", "nao", "ko")


def nernst(c_out: float, c_in: float, temperature: float, valence: int = 1) -> float:
    """Nernst potential [V] for concentrations [mol/m^3] at ``temperature`` [K].

    >>> round(nernst(119.0, 15.0, 308.15) * 1e3, 2)
    55.0
    """
    return GAS_CONSTANT * temperature / (valence * FARADAY) * math.log(c_out / c_in)


def _mask(name: str, value: object, n: int | None) -> npt.NDArray[np.bool_]:
    arr = np.ascontiguousarray(value, dtype=bool).copy()
    if arr.ndim != 1 or (n is not None and arr.size != n):
        raise ConfigurationError(name, f"shape {arr.shape}", "one flag per compartment")
    arr.setflags(write=False)
    return arr


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class IonAccumulation:
    """Na+ and K+ pools of a cable model (see the module docstring).

    Parameters
    ----------
    is_active
        ``(n_comp,)`` flags: compartments with pools (and Nernst reversals).
    concentrations
        ``(n_comp, 4)`` initial ``[Na]i, [K]i, [Na]o, [K]o`` [mol/m^3]; the outer values are
        also the levels the shells relax to.
    shell_width
        Width of the outer shell [m] (``kexternal.mod`` ``wid``).
    outer_tau
        Relaxation time of the shell to the bath [s] (``kexternal.mod`` ``txfer``).
    na_diffusion
        Longitudinal Na+ diffusion as the product of diffusion constant and cross-section
        [m^4/s] (what NEURON's ``LONGITUDINAL_DIFFUSION`` takes); 0: none.
    k_inner_area
        Cross-section of the inner K+ pool per unit length [m^2]; ``None``: the axoplasm
        (``pi d^2 / 4``).
    source
        Citation.
    """

    is_active: npt.NDArray[np.bool_]
    concentrations: FloatArray
    shell_width: float
    outer_tau: float
    na_diffusion: float = 0.0
    k_inner_area: float | None = None
    source: str = ""

    def __post_init__(self) -> None:
        active = _mask("is_active", self.is_active, None)
        object.__setattr__(self, "is_active", active)
        conc = np.ascontiguousarray(self.concentrations, dtype=np.float64).copy()
        if conc.shape != (active.size, 4):
            raise ConfigurationError(
                "concentrations", f"shape {conc.shape}", f"({active.size}, 4): nai, ki, nao, ko"
            )
        if not np.all(np.isfinite(conc)) or np.any(conc <= 0):
            raise ConfigurationError(
                "concentrations_mM", "non-positive entries", "> 0 mM", "give every compartment"
            )
        conc.setflags(write=False)
        object.__setattr__(self, "concentrations", conc)
        if not 0 < self.shell_width < 1e-5:
            raise ConfigurationError("shell_width_nm", self.shell_width * 1e9, "0-10000 nm")
        if not 0 < self.outer_tau <= 1e3:
            raise ConfigurationError("outer_tau_ms", self.outer_tau * 1e3, "0-1e6 ms")
        if not 0 <= self.na_diffusion < 1e-15:
            raise ConfigurationError(
                "na_diffusion_um4_per_ms", self.na_diffusion * 1e27, "0-1e12 um^4/ms"
            )
        if self.k_inner_area is not None and not 0 < self.k_inner_area < 1e-6:
            raise ConfigurationError("k_inner_area_um2", self.k_inner_area * 1e12, "0-1e6 um^2")

    @property
    def n_comp(self) -> int:
        """Number of compartments."""
        return int(self.is_active.size)


def ion_rows(
    concentrations: FloatArray, temperature: float, is_active: npt.NDArray[np.bool_] | None = None
) -> FloatArray:
    """Initial kernel ion rows ``(n, N_ION_FIELDS)`` with Nernst reversals at ``temperature``.

    Parameters
    ----------
    concentrations
        ``(n, 4)`` [mol/m^3] in :data:`CONCENTRATIONS` order.
    temperature
        [K].
    is_active
        Unused rows (``False``) keep the reversals at 0 V; they are never read.
    """
    conc = np.asarray(concentrations, dtype=np.float64)
    rows = np.zeros((conc.shape[0], N_ION_FIELDS))
    rows[:, 2:6] = conc
    rtf = GAS_CONSTANT * temperature / FARADAY
    rows[:, 0] = rtf * np.log(conc[:, 2] / conc[:, 0])
    rows[:, 1] = rtf * np.log(conc[:, 3] / conc[:, 1])
    if is_active is not None:
        rows[~is_active, :2] = 0.0
    return rows


__all__ = [
    "CONCENTRATIONS",
    "FARADAY",
    "GAS_CONSTANT",
    "ION_FIELDS",
    "N_ION_FIELDS",
    "IonAccumulation",
    "ion_rows",
    "nernst",
]
