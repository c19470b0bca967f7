"""Battery drain and service life of a primary-cell (non-rechargeable) generator.

Abbott's longevity method for its Proclaim generators looks up an *energy factor* per
stimulation area, sums the factors of all areas and reads longevity from a curve
(reference/device.md §7 [READ]). drgsim follows the same shape with a physical factor:

- each area (one enabled :class:`~drgsim.device.program.LeadProgram`) draws the battery power
  ``P = duty * rate * f_w * I**2 * R * PW / efficiency`` [W], the ``I**2 R t`` energy of its
  actively driven phases (``f_w``, :attr:`Waveform.active_energy_factor`) into the lead
  impedance ``R``, divided by the output stage's conversion efficiency;
- the generator itself draws ``quiescent_current * cell_voltage`` [W] (housekeeping and
  telemetry, averaged);
- service life = usable energy / (sum of the areas' powers + quiescent power) [s].

No capacity, chemistry or drain figure was located for any DRG generator (device.md §7), so
every :class:`BatteryModel` number is an **unsourced assumption**, calibrated only so that
typical programs land in the published primary-cell range: DBS primary cells 3-5 years
(Medtronic patient page), median 45 months for 163 DBS generators (PubMed 14745210), mean
58 months for non-rechargeable SCS (Abejón et al., Anesth Pain Med 2020;10:e100308). The typical
DRG program used for that calibration (:func:`typical_drg_program`) is itself an assumption.
All are listed in docs/assumptions.md.

Examples
--------
>>> from drgsim import units as u
>>> life = BatteryModel().service_life(typical_drg_program(), TYPICAL_LEAD_IMPEDANCE)
>>> round(life / u.year, 2)
4.14
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from drgsim import units as u
from drgsim.device._checks import require_positive, require_range
from drgsim.device.program import LeadProgram, Polarity, Program
from drgsim.device.waveform import WAVEFORMS
from drgsim.errors import ConfigurationError

#: Lead impedance of the typical program [ohm]; unsourced assumption (docs/assumptions.md).
TYPICAL_LEAD_IMPEDANCE = 1.0 * u.kohm


def typical_drg_program() -> Program:
    """The typical DRG program used to calibrate :class:`BatteryModel` (an assumption).

    One bipolar lead (contact 0 cathode, contact 1 anode), 0.8 mA ("sub-milliampere amplitudes
    are often quoted", clinical.md §2 [UNVERIFIED]), 300 us ("a few hundred us", clinical.md §2
    [UNVERIFIED]), 20 Hz (best rate in Piedade et al. 2022, clinical.md §3 [READ]), the default
    waveform; with :data:`TYPICAL_LEAD_IMPEDANCE`.
    """
    return Program(
        name="typical DRG program (assumption)",
        leads=(
            LeadProgram(
                lead=0,
                polarities=(Polarity.CATHODE, Polarity.ANODE, Polarity.OFF, Polarity.OFF),
                amplitude=0.8 * u.mA,
                pulse_width=300 * u.us,
                rate=20 * u.Hz,
            ),
        ),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class BatteryModel:
    """A primary cell and the generator's own drain. Every default is an unsourced assumption.

    Parameters
    ----------
    capacity
        Usable charge of the cell [C] (default 1 A h).
    cell_voltage
        Mean cell voltage over its life [V] (default 3.0 V).
    conversion_efficiency
        Fraction of battery energy that reaches the tissue as stimulation [1] (default 0.5).
    quiescent_current
        Mean current the generator draws for housekeeping and telemetry [A] (default 25 uA).
    source
        Where the numbers come from.
    """

    capacity: float = 1.0 * u.Ah  # unsourced assumption, docs/assumptions.md
    cell_voltage: float = 3.0 * u.V  # unsourced assumption, docs/assumptions.md
    conversion_efficiency: float = 0.5  # unsourced assumption, docs/assumptions.md
    quiescent_current: float = 25 * u.uA  # unsourced assumption, docs/assumptions.md
    source: str = (
        "unsourced assumptions calibrated so the typical DRG program lasts 2-5 years "
        "(reference/device.md §7: DBS primary cells 3-5 years, non-rechargeable SCS 58 months)"
    )

    def __post_init__(self) -> None:
        require_positive("capacity", self.capacity, u.mAh, "mAh")
        require_positive("cell_voltage", self.cell_voltage, u.V, "V")
        require_range("conversion_efficiency", self.conversion_efficiency, 1e-3, 1.0)
        require_range(
            "quiescent_current", self.quiescent_current, 0.0, 1 * u.mA, scale=u.uA, unit="uA"
        )

    @property
    def energy(self) -> float:
        """Usable energy of the cell, ``capacity * cell_voltage`` [J]."""
        return self.capacity * self.cell_voltage

    @property
    def quiescent_power(self) -> float:
        """Power the generator draws when not stimulating [W]."""
        return self.quiescent_current * self.cell_voltage

    def energy_factor(
        self, lead_program: LeadProgram, impedance: float, duty: float = 1.0
    ) -> float:
        """Mean battery power one stimulation area draws [W] (an Abbott-style energy factor).

        Parameters
        ----------
        lead_program
            The area; a disabled lead draws nothing.
        impedance
            Lead impedance [ohm].
        duty
            Fraction of the day the area stimulates [1].
        """
        require_positive("impedance", impedance, u.kohm, "kohm")
        require_range("duty", duty, 0.0, 1.0)
        if not lead_program.enabled:
            return 0.0
        shape = WAVEFORMS[lead_program.waveform]
        energy_per_pulse = (
            shape.active_energy_factor
            * lead_program.amplitude**2
            * impedance
            * lead_program.pulse_width
        )
        return duty * lead_program.rate * energy_per_pulse / self.conversion_efficiency

    def life_from_factors(self, energy_factors: Iterable[float]) -> float:
        """Service life [s] from the energy factors of all areas [W], summed."""
        total = self.quiescent_power + sum(energy_factors)
        if total <= 0.0:
            raise ConfigurationError(
                "energy_factors", total, "> 0 W in total", hint="give a quiescent drain"
            )
        return self.energy / total

    def energy_factors(
        self, program: Program, impedances: float | Mapping[int, float], duty: float = 1.0
    ) -> tuple[float, ...]:
        """Energy factor of each lead program, in program order [W].

        Parameters
        ----------
        program
            The program.
        impedances
            One impedance for every lead [ohm], or impedance by lead index [ohm].
        duty
            Fraction of the day the program stimulates [1].
        """
        factors = []
        for lp in program.leads:
            if isinstance(impedances, Mapping):
                if lp.lead not in impedances:
                    raise ConfigurationError(
                        f"impedances[{lp.lead}]",
                        None,
                        "an impedance for every programmed lead [ohm]",
                        hint=f"measure lead {lp.lead}'s impedance",
                    )
                impedance = impedances[lp.lead]
            else:
                impedance = impedances
            factors.append(self.energy_factor(lp, impedance, duty))
        return tuple(factors)

    def stimulation_power(
        self, program: Program, impedances: float | Mapping[int, float], duty: float = 1.0
    ) -> float:
        """Battery power the program's stimulation draws, all areas summed [W]."""
        return sum(self.energy_factors(program, impedances, duty))

    def service_life(
        self, program: Program, impedances: float | Mapping[int, float], duty: float = 1.0
    ) -> float:
        """Service life of the cell running ``program`` [s].

        Parameters
        ----------
        program
            The program; only enabled leads draw.
        impedances
            One impedance for every lead [ohm], or impedance by lead index [ohm].
        duty
            Fraction of the day the program stimulates [1].
        """
        return self.life_from_factors(self.energy_factors(program, impedances, duty))


__all__ = ["TYPICAL_LEAD_IMPEDANCE", "BatteryModel", "typical_drg_program"]
