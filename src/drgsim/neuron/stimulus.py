"""Stimuli for the cable solver: sampled waveforms and the drive arrays.

A :class:`Stimulus` holds a waveform sampled on the solver's time grid (the value during each step
``k``, taken at the step's midpoint ``(k + 1/2) dt`` exactly like NEURON's fixed-step update of
``IClamp`` and played vectors) and where the drive enters: an extracellular potential per
compartment at unit current ``phi`` [V/A] and/or an injected intracellular current fraction per
compartment ``inj`` [1]. The amplitude [A] is given per batch row to :func:`~.simulate.simulate`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from drgsim._typing import FloatArray
from drgsim.errors import ConfigurationError


def _readonly(value: object, name: str) -> FloatArray:
    arr: FloatArray = np.ascontiguousarray(value, dtype=np.float64).copy()
    if arr.ndim != 1 or not np.all(np.isfinite(arr)):
        raise ConfigurationError(name, f"shape {arr.shape}", "a finite 1-D array")
    arr.setflags(write=False)
    return arr


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Stimulus:
    """Where and how the stimulus current enters the cells.

    Parameters
    ----------
    waveform
        Drive per time step [1], shape ``(n_t,)``; zero after its end.
    extracellular
        Extracellular potential at unit current [V/A] per compartment of all cells
        (concatenated in cell order), shape ``(n_comp_total,)``.
    intracellular
        Injected current at unit amplitude [A/A] per compartment, shape ``(n_comp_total,)``.
    intracellular_waveform
        Time course of the injected current [1], shape ``(n_t,)``, when it differs from the
        extracellular one (e.g. peripheral spike trains during DRG stimulation); default
        ``waveform``.
    """

    waveform: FloatArray
    extracellular: FloatArray | None = None
    intracellular: FloatArray | None = None
    intracellular_waveform: FloatArray | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "waveform", _readonly(self.waveform, "waveform"))
        if self.extracellular is None and self.intracellular is None:
            raise ConfigurationError(
                "stimulus", "no drive", "extracellular and/or intracellular arrays"
            )
        for name in ("extracellular", "intracellular", "intracellular_waveform"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, _readonly(value, name))
        iw = self.intracellular_waveform
        if iw is not None and iw.shape != self.waveform.shape:
            raise ConfigurationError(
                "intracellular_waveform", f"shape {iw.shape}", f"{self.waveform.shape} (waveform)"
            )


def sample_segments(
    segments: Sequence[tuple[float, float, float]], dt: float, n_t: int
) -> FloatArray:
    """Sample a piecewise-constant waveform at step midpoints.

    Parameters
    ----------
    segments
        ``(start [s], stop [s], value [1])`` triples; later segments override earlier ones.
    dt
        Time step [s].
    n_t
        Number of steps.

    Returns
    -------
    FloatArray
        ``(n_t,)`` value during each step.

    Examples
    --------
    >>> sample_segments([(1e-3, 1.1e-3, -1.0)], 25e-6, 48)[40:45].tolist()
    [-1.0, -1.0, -1.0, -1.0, 0.0]
    """
    mid = (np.arange(n_t) + 0.5) * dt
    out = np.zeros(n_t)
    for start, stop, value in segments:
        out[(mid >= start) & (mid < stop)] = value
    return out


def monophasic(pulse_width: float, dt: float, n_t: int, *, delay: float = 0.0) -> FloatArray:
    """A unit rectangular pulse [1] of ``pulse_width`` [s] starting at ``delay`` [s]."""
    return sample_segments([(delay, delay + pulse_width, 1.0)], dt, n_t)


def biphasic(
    pulse_width: float,
    dt: float,
    n_t: int,
    *,
    interphase: float = 0.0,
    delay: float = 0.0,
) -> FloatArray:
    """A symmetric charge-balanced pulse [1]: +1 for ``pulse_width``, a gap, then -1.

    The sign of the amplitude sets the polarity of the first phase (negative: cathodic first).
    """
    second = delay + pulse_width + interphase
    return sample_segments(
        [(delay, delay + pulse_width, 1.0), (second, second + pulse_width, -1.0)], dt, n_t
    )


def n_steps(t_stop: float, dt: float) -> int:
    """Number of steps of ``dt`` [s] to reach ``t_stop`` [s] (rounded to the nearest)."""
    return max(1, math.floor(t_stop / dt + 0.5))


def isotropic_point_source(
    positions: FloatArray, source: FloatArray, conductivity: float
) -> FloatArray:
    """Potential of a unit point current in an infinite isotropic medium [V/A].

    ``phi = 1 / (4 pi sigma r)`` (e.g. Plonsey & Barr, Bioelectricity, ch. 8).

    Parameters
    ----------
    positions
        ``(n, 3)`` points [m].
    source
        ``(3,)`` source position [m].
    conductivity
        Medium conductivity [S/m].
    """
    if not conductivity > 0:
        raise ConfigurationError("conductivity", conductivity, "> 0 S/m")
    r = np.linalg.norm(np.asarray(positions) - np.asarray(source), axis=-1)
    if np.any(r <= 0):
        raise ConfigurationError("source", "on a compartment", "a point off the cable")
    phi: FloatArray = 1.0 / (4.0 * np.pi * conductivity * r)
    return phi


__all__ = [
    "Stimulus",
    "biphasic",
    "isotropic_point_source",
    "monophasic",
    "n_steps",
    "sample_segments",
]
