"""Shared helpers for channel-family tests: read inf and tau back from the public functions."""

from __future__ import annotations

import math

import numpy as np

from drgsim.neuron.channels.base import ChannelFamily


def params(family: ChannelFamily, **overrides: float) -> np.ndarray:
    p = dict(zip(family.param_names, family.default_params, strict=True))
    p.update(overrides)
    return np.array([p[name] for name in family.param_names], dtype=np.float64)


def inf(family: ChannelFamily, v: float, T: float, **overrides: float) -> np.ndarray:
    s = np.zeros(family.n_states)
    family.steady_state(v, T, params(family, **overrides), s)
    return s


def tau(family: ChannelFamily, v: float, T: float, **overrides: float) -> np.ndarray:
    """Time constants [s] recovered from one exact-exponential step from 0 (or 1)."""
    p = params(family, **overrides)
    s_inf = inf(family, v, T, **overrides)
    start = np.where(s_inf > 0.5, 0.0, 1.0)
    s = start.copy()
    dt = 1e-6
    family.advance(v, T, dt, p, s)
    return np.array(
        [-dt / math.log((s[i] - s_inf[i]) / (start[i] - s_inf[i])) for i in range(s.size)]
    )
