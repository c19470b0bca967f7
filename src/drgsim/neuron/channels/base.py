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
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

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
    """

    name: str
    state_names: tuple[str, ...]
    param_names: tuple[str, ...]
    default_params: tuple[float, ...]
    steady_state: StateFn
    advance: StateFn
    current: CurrentFn
    source: str

    @property
    def n_states(self) -> int:
        """Number of gating variables."""
        return len(self.state_names)
