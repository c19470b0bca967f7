"""What a channel family provides.

A channel family is one file in this package holding a frozen :class:`ChannelFamily` whose
functions are plain Python on floats and 1-D float64 arrays, written so numba can compile them
unchanged (``math`` only, no objects). ``neuron/_kernels.py`` jit-compiles them; the same
functions, run by Python, are the slow reference twin.

Function contract (SI: volts, seconds, kelvin; currents as densities [A/m^2]):

- ``steady_state(v, T, p, s)``: write the steady-state gating values at ``v`` into ``s``.
- ``advance(v, T, dt, p, s)``: advance the states over ``dt`` at fixed ``v`` in place
  (NEURON ``cnexp``: exact exponential update for first-order gates).
- ``current(v, T, s, g, p)``: outward current density [A/m^2] for maximal conductance (or
  permeability) ``g``.

``p`` is a float64 array of the family's parameters in the order of ``param_names``.

Ions (optional; see :mod:`drgsim.neuron.ions`):

- ``carries``: the fractions of the family's current carried by Na+, K+ and Ca2+ (they sum to 1
  for a channel selective for one ion; ``(3, -2, 0)`` for the Na/K pump, whose net current is
  one charge per cycle; empty for a non-specific current). Where ions accumulate, these
  currents change the compartment's concentrations.
- ``reversal``: the parameter holding the reversal potential the family reads (``"e_na"``,
  ``"e_k"``). In a compartment whose ions accumulate, the kernel replaces it by the
  compartment's Nernst potential of the first ion in ``carries`` (NEURON's ``READ ena``).
- ``reads_ions``: the three functions take one more argument, ``ion``, the compartment's ion
  row (``ions.ION_FIELDS`` order: reversal potentials, concentrations, ionic current densities
  of the present step): ``steady_state(v, T, p, s, ion)``, ``advance(v, T, dt, p, s, ion)``,
  ``current(v, T, s, g, p, ion)``.

Rate tables (optional):

- ``tabulated``: every state's update over ``dt`` is ``s' = A(v) + B(v) s`` with ``A`` and ``B``
  depending only on ``v`` (and the fixed ``T``, ``dt``, ``p``), as for independent first-order
  gates updated by ``cnexp``. The drgsim kernel then samples ``A`` and ``B`` from ``advance``
  once per run on a voltage grid (``_kernels.GATE_TABLE_*``: 0.05 mV steps from -200 to
  +150 mV, per family, temperature, parameters and ``dt``) and interpolates linearly between
  grid points, as NEURON's ``TABLE`` statement does with its rate tables; outside the grid it
  calls ``advance``. Families that read ion rows cannot be tabulated.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from drgsim.errors import ConfigurationError

StateFn = Callable[..., None]
CurrentFn = Callable[..., float]


@dataclass(frozen=True, slots=True, kw_only=True)
class ChannelFamily:
    """A published ion-channel family.

    Parameters
    ----------
    name
        Registry name.
    state_names
        Gating variables, in state-array order.
    param_names, default_params
        Parameter names and their cited SI defaults.
    steady_state, advance, current
        The kinetic functions (see the module docstring).
    source
        Citation (paper DOI and the public model file the kinetics were read from).
    carries
        Fractions of the current carried by (Na+, K+, Ca2+); empty: non-specific.
    reversal
        Name of the reversal-potential parameter that follows the Nernst potential where ions
        accumulate; empty: none.
    reads_ions
        Whether the functions take the compartment's ion row (module docstring).
    tabulated
        Whether the kernel may advance the states from rate tables (module docstring).
    """

    name: str
    state_names: tuple[str, ...]
    param_names: tuple[str, ...]
    default_params: tuple[float, ...]
    steady_state: StateFn
    advance: StateFn
    current: CurrentFn
    source: str
    carries: tuple[float, float, float] | tuple[()] = ()
    reversal: str = ""
    reads_ions: bool = False
    tabulated: bool = False

    def __post_init__(self) -> None:
        if self.reversal and self.reversal not in self.param_names:
            raise ConfigurationError(
                f"{self.name}.reversal", self.reversal, ", ".join(self.param_names)
            )
        if self.reversal and not self.carries:
            raise ConfigurationError(
                f"{self.name}.carries", "empty", "the ion whose reversal the family reads"
            )
        if self.tabulated and self.reads_ions:
            raise ConfigurationError(
                f"{self.name}.tabulated", True, "False for a family that reads ion rows"
            )
        if len(self.param_names) != len(self.default_params):
            raise ConfigurationError(
                f"{self.name}.default_params",
                len(self.default_params),
                f"{len(self.param_names)} values",
            )

    @property
    def reversal_ion(self) -> int:
        """Index (0 Na+, 1 K+, 2 Ca2+) of the ion whose reversal the family reads; -1: none."""
        if not self.reversal:
            return -1
        return next(k for k, f in enumerate(self.carries) if f != 0.0)

    @property
    def n_states(self) -> int:
        """Number of gating variables."""
        return len(self.state_names)
