"""Settings of the pain-signal transmission outcome (TOML table ``[transmission]``).

The reference sheets give no firing rate of human nociceptors during pain, so the peripheral
rate is a configurable assumption (``docs/assumptions.md`` T1); the duration and the number of
nociceptors simulated are numerical choices that bound the run time of ``drgsim run``
(assumption T2).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from drgsim import units as u
from drgsim.errors import ConfigurationError

#: Peripheral firing rate of each simulated nociceptor [Hz]: an assumption (docs/assumptions.md
#: T1); inside the 10-100 Hz band every V2b Sundt variant follows (reference/validation.md V2b).
DEFAULT_PERIPHERAL_RATE = 10.0 * u.Hz
#: Simulated time per condition [s] (numerical choice, docs/assumptions.md T2).
DEFAULT_DURATION = 1.0
#: Width of the time bins of the transmission curves [s] (numerical choice).
DEFAULT_BIN_WIDTH = 0.2
#: Nociceptors of each class (C, Aδ) simulated per stimulated DRG (numerical choice, T2).
DEFAULT_N_PER_CLASS = 1
#: Shortest interval between peripheral spikes of a random train [s] (docs/assumptions.md T4):
#: longer than Sundt's 1 ms pulse, so each pulse is a separate stimulus; not a measured
#: refractory period of human nociceptors.
DEFAULT_MIN_INTERVAL = 5.0 * u.ms


class TrainKind(StrEnum):
    """Timing of the peripheral spikes."""

    POISSON = "poisson"  #: seeded random intervals: a dead time plus an exponential draw
    REGULAR = "regular"  #: fixed intervals ``1 / rate``


@dataclass(frozen=True, slots=True, kw_only=True)
class TransmissionOptions:
    """How pain-signal transmission is simulated (see the module docstring).

    Attributes
    ----------
    n_per_class
        Nociceptors of each class (C and Aδ) per stimulated DRG, the first sampled ones of the
        seeded population; 0 switches the outcome off.
    peripheral_rate
        Rate of the spike train each nociceptor receives from the periphery [Hz] (assumption).
    duration
        Simulated time of each condition [s].
    bin_width
        Width of the time bins [s].
    train
        Timing of the peripheral spikes (:class:`TrainKind`).
    min_interval
        Dead time of a random train [s] (assumption T4).
    """

    n_per_class: int = DEFAULT_N_PER_CLASS
    peripheral_rate: float = DEFAULT_PERIPHERAL_RATE
    duration: float = DEFAULT_DURATION
    bin_width: float = DEFAULT_BIN_WIDTH
    train: TrainKind = TrainKind.POISSON
    min_interval: float = DEFAULT_MIN_INTERVAL

    def __post_init__(self) -> None:
        if not 0.1 * u.Hz <= self.peripheral_rate <= 100 * u.Hz:
            raise ConfigurationError(
                "transmission.peripheral_rate_Hz", self.peripheral_rate / u.Hz, "0.1-100 Hz"
            )
        try:
            object.__setattr__(self, "train", TrainKind(self.train))
        except ValueError:
            allowed = ", ".join(k.value for k in TrainKind)
            raise ConfigurationError("transmission.train", self.train, allowed) from None
        if not 2 * u.ms <= self.min_interval < 1.0 / self.peripheral_rate:
            raise ConfigurationError(
                "transmission.min_interval_ms", self.min_interval / u.ms,
                f"2-{1e3 / self.peripheral_rate:g} ms (below the mean interval)",
            )  # fmt: skip
        if not 0 <= self.n_per_class <= 1000:
            raise ConfigurationError(
                "transmission.n_per_class", self.n_per_class, "0-1000",
                hint="nociceptors of each class per DRG; 0 switches the outcome off",
            )  # fmt: skip
        if not 0.05 <= self.duration <= 600.0:
            raise ConfigurationError("transmission.duration_s", self.duration, "0.05-600 s")
        if not 0.01 <= self.bin_width <= self.duration:
            raise ConfigurationError(
                "transmission.bin_s", self.bin_width, f"0.01-{self.duration:g} s (the duration)"
            )
        if self.n_per_class and self.duration * self.peripheral_rate < 1:
            raise ConfigurationError(
                "transmission.duration_s", self.duration,
                f">= {1 / self.peripheral_rate:g} s", hint="at least one peripheral spike",
            )  # fmt: skip

    @property
    def enabled(self) -> bool:
        """Whether any nociceptor is simulated."""
        return self.n_per_class > 0

    @property
    def n_pulses(self) -> int:
        """Peripheral spikes of a regular train (the mean count of a random one)."""
        return max(1, round(self.duration * self.peripheral_rate))


__all__ = [
    "DEFAULT_BIN_WIDTH",
    "DEFAULT_DURATION",
    "DEFAULT_MIN_INTERVAL",
    "DEFAULT_N_PER_CLASS",
    "DEFAULT_PERIPHERAL_RATE",
    "TrainKind",
    "TransmissionOptions",
]
