"""A digital twin of one implanted pulse generator and its leads.

:class:`GeneratorTwin` is a state machine (off, stimulating, MRI mode; battery ok, low, end of
service) that enforces every rule itself, whoever commands it: programs pass
:func:`drgsim.device.safety.check_program` again on every apply and every amplitude change, a
contact change disables the lead and zeroes its amplitude, a lead delivers nothing until its
impedance was measured and transferred and only through contacts whose impedance lies in the
acceptable window, the patient moves amplitude only inside the clinician's window, and "off"
always succeeds (reference/device.md §5-6, §8; reference/safety.md §4-5). It performs no I/O.

What it emits is :meth:`GeneratorTwin.emitted`: one :class:`LeadOutput` per lead actually
delivering pulses. Delivered energy drains the battery (:meth:`GeneratorTwin.advance`).

The module runs past 400 lines because the twin is one state machine: its checks and its
transitions stay together so that no transition can skip a check.

Assumptions (docs/assumptions.md): the acceptable impedance window, the battery energy, the
quiescent drain and the low / end-of-service thresholds were not located for any DRG generator
(reference/device.md §5, §7); they are :class:`TwinConfig` fields with no built-in claim.

Examples
--------
>>> from drgsim import units as u
from drgsim.anatomy.levels import SpinalLevel
>>> from drgsim.device.program import LeadProgram, Program
>>> twin = GeneratorTwin(demo_config(), hardware_impedances=((900.0,) * 4,))
>>> twin.transfer_impedance(0, twin.measure_impedance(0))
>>> lp = LeadProgram(lead=0, polarities=("-", "+", "0", "0"), amplitude=0.0,
...                  pulse_width=300 * u.us, rate=20 * u.Hz, enabled=False,
...                  patient_max_amplitude=1.0 * u.mA)
>>> _ = twin.apply_program("p1", Program(name="p1", leads=(lp,)))
>>> twin.select_program("p1")
>>> twin.state.value
'off'
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

import numpy as np

from drgsim import units as u
from drgsim.anatomy.levels import SpinalLevel
from drgsim.device.battery import BatteryModel
from drgsim.device.catalog import DEFAULT_LEAD, lead_geometry, pulse_generator
from drgsim.device.lead import Lead, LeadGeometry, Side
from drgsim.device.limits import SafetyLimits
from drgsim.device.program import LeadProgram, Polarity, Program
from drgsim.device.programmer import (
    PatientWindow,
    apply_contact_rule_program,
    check_patient_amplitude,
    check_window,
)
from drgsim.device.pulse_generator import PulseGenerator
from drgsim.device.safety import SafetyReport, check_program
from drgsim.errors import ConfigurationError, ProgrammerRuleError


class TwinState(StrEnum):
    """Therapy state of the generator."""

    OFF = "off"
    STIMULATING = "stimulating"
    MRI = "mri"


class BatteryLevel(StrEnum):
    """Battery state: ok, low (elective replacement), end of service (no stimulation)."""

    OK = "ok"
    LOW = "low"
    END_OF_SERVICE = "end_of_service"


@dataclass(frozen=True, slots=True, kw_only=True)
class TwinConfig:
    """Fixed properties of the simulated generator.

    Parameters
    ----------
    generator
        Output ranges and grids.
    lead_geometries
        Lead model on each channel, channel 0 first.
    limits
        Hard and soft charge limits.
    impedance_min, impedance_max
        Acceptable contact impedance window [ohm]. ASSUMPTION: not located for the Axium
        (reference/device.md §5).
    battery
        The primary cell and the generator's own drain (:class:`BatteryModel`; every number
        there is an assumption, reference/device.md §7).
    low_fraction, end_of_service_fraction
        Remaining-energy fractions below which the battery is low / at end of service [1].
        ASSUMPTION (reference/device.md §7).
    """

    generator: PulseGenerator
    lead_geometries: tuple[LeadGeometry, ...]
    limits: SafetyLimits = field(default_factory=SafetyLimits)
    impedance_min: float
    impedance_max: float
    battery: BatteryModel = field(default_factory=BatteryModel)
    low_fraction: float = 0.1
    end_of_service_fraction: float = 0.02

    def __post_init__(self) -> None:
        geometries = tuple(self.lead_geometries)
        if not 1 <= len(geometries) <= self.generator.max_leads:
            raise ConfigurationError(
                "lead_geometries",
                len(geometries),
                f"1-{self.generator.max_leads} leads",
                hint="one lead model per connected channel",
            )
        object.__setattr__(self, "lead_geometries", geometries)
        for name, unit in (("impedance_min", "ohm"), ("impedance_max", "ohm")):
            value = float(getattr(self, name))
            if not math.isfinite(value) or value <= 0.0:
                raise ConfigurationError(name, value, f"> 0 {unit}, finite", hint="positive")
        if self.impedance_min >= self.impedance_max:
            raise ConfigurationError(
                "impedance_min",
                self.impedance_min,
                f"< impedance_max ({self.impedance_max:g} ohm)",
                hint="the window must not be empty",
            )
        if not 0.0 <= self.end_of_service_fraction < self.low_fraction < 1.0:
            raise ConfigurationError(
                "low_fraction",
                self.low_fraction,
                f"({self.end_of_service_fraction:g}, 1)",
                hint="0 <= end_of_service_fraction < low_fraction < 1",
            )

    @property
    def n_leads(self) -> int:
        """Connected leads [1]."""
        return len(self.lead_geometries)


def demo_config(n_leads: int = 1) -> TwinConfig:
    """A twin of the investigational Axium generator with ``n_leads`` default DRG leads.

    The impedance window (200-4000 ohm) and the battery thresholds are ASSUMPTIONS for
    rehearsal (docs/assumptions.md), not device facts; the battery is :class:`BatteryModel`.
    """
    return TwinConfig(
        generator=pulse_generator(),
        lead_geometries=tuple(lead_geometry(DEFAULT_LEAD) for _ in range(n_leads)),
        impedance_min=200.0 * u.ohm,  # ASSUMPTION: window not located (device.md §5)
        impedance_max=4000.0 * u.ohm,  # ASSUMPTION: window not located (device.md §5)
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class LeadOutput:
    """What one lead delivers right now (all SI)."""

    lead: int
    polarities: tuple[Polarity, ...]
    amplitude: float  #: [A]
    pulse_width: float  #: [s]
    rate: float  #: [Hz]
    waveform: str

    def contact_currents(self) -> tuple[float, ...]:
        """Cathodic-phase current per contact [A] (cathodes share -amplitude equally)."""
        n_c = self.polarities.count(Polarity.CATHODE)
        n_a = self.polarities.count(Polarity.ANODE)
        return tuple(
            -self.amplitude / n_c
            if p is Polarity.CATHODE
            else self.amplitude / n_a
            if p is Polarity.ANODE
            else 0.0
            for p in self.polarities
        )


def _placed(geometry: LeadGeometry) -> Lead:
    # The twin needs only the lead model (contact area); position is irrelevant here.
    return Lead(
        geometry=geometry,
        level=SpinalLevel.L5,
        side=Side.LEFT,
        tip=np.zeros(3),
        direction=np.array([0.0, 0.0, 1.0]),
    )


class GeneratorTwin:
    """State machine of one implanted generator.

    Parameters
    ----------
    config
        The generator, its leads, limits and battery.
    hardware_impedances
        Impedance each contact of each lead presents [ohm], shape (n_leads, n_contacts); what a
        measurement will read (a simulated fault is a value outside the window).
    battery_used
        Energy already drawn from the battery [J].
    """

    def __init__(
        self,
        config: TwinConfig,
        *,
        hardware_impedances: Sequence[Sequence[float]],
        battery_used: float = 0.0,
    ) -> None:
        self.config = config
        self._leads = tuple(_placed(g) for g in config.lead_geometries)
        self._hardware: list[tuple[float, ...]] = []
        for i in range(config.n_leads):
            self._hardware.append(())
            self.set_hardware_impedance(i, hardware_impedances[i])
        self._transferred: dict[int, tuple[float, ...]] = {}
        self._programs: dict[str, Program] = {}
        self._minimums: dict[str, dict[int, float]] = {}
        self._active: str | None = None
        self._stimulation_on = False
        self._mri = False
        if not (math.isfinite(battery_used) and battery_used >= 0.0):
            raise ConfigurationError("battery_used", battery_used, ">= 0 J", hint="finite")
        self._battery_used = float(battery_used)

    # -- state ---
    @property
    def state(self) -> TwinState:
        """Off, stimulating or MRI mode."""
        if self._mri:
            return TwinState.MRI
        if self._stimulation_on and self.battery_level is not BatteryLevel.END_OF_SERVICE:
            return TwinState.STIMULATING
        return TwinState.OFF

    @property
    def battery_remaining(self) -> float:
        """Remaining fraction of the battery energy [1]."""
        return max(0.0, 1.0 - self._battery_used / self.config.battery.energy)

    @property
    def battery_used(self) -> float:
        """Energy drawn so far [J]."""
        return self._battery_used

    @property
    def battery_level(self) -> BatteryLevel:
        """Ok, low or end of service."""
        remaining = self.battery_remaining
        if remaining <= self.config.end_of_service_fraction:
            return BatteryLevel.END_OF_SERVICE
        if remaining <= self.config.low_fraction:
            return BatteryLevel.LOW
        return BatteryLevel.OK

    @property
    def active_program(self) -> str | None:
        """Slot name of the active program."""
        return self._active

    def program(self, slot: str) -> Program:
        """The program stored in ``slot``."""
        try:
            return self._programs[slot]
        except KeyError:
            raise ConfigurationError(
                "program",
                slot,
                ", ".join(sorted(self._programs)) or "no program stored",
                hint="send the program to the generator first",
            ) from None

    def patient_window(self, slot: str, lead: int) -> PatientWindow:
        """The patient's amplitude window on ``lead`` of the program in ``slot`` [A]."""
        lp = self._lead_program(slot, lead)
        top = lp.patient_max_amplitude if lp.patient_max_amplitude is not None else lp.amplitude
        return PatientWindow(minimum=self._minimums[slot].get(lead, 0.0), maximum=top)

    # -- impedance ---
    def check_hardware_impedance(self, lead: int, impedances: Sequence[float]) -> tuple[float, ...]:
        """Return ``impedances`` [ohm] as floats if they fit ``lead``; raise otherwise (pure)."""
        self._check_lead(lead)
        values = tuple(float(z) for z in impedances)
        n = self.config.lead_geometries[lead].n_contacts
        if len(values) != n or not all(math.isfinite(z) and z > 0.0 for z in values):
            raise ConfigurationError(
                f"leads[{lead}].impedance_ohm",
                ",".join(f"{z:g}" for z in values),
                f"{n} positive values",
                hint="one impedance per contact",
            )
        return values

    def set_hardware_impedance(self, lead: int, impedances: Sequence[float]) -> None:
        """Simulate what the contacts of ``lead`` present [ohm] (e.g. a broken wire)."""
        self._hardware[lead] = self.check_hardware_impedance(lead, impedances)

    def measure_impedance(self, lead: int) -> tuple[float, ...]:
        """Measure the contacts of ``lead`` [ohm] ("Instant Impedance"; no state change)."""
        self._check_lead(lead)
        return self._hardware[lead]

    def is_usable(self, impedance: float) -> bool:
        """True when an impedance [ohm] lies in the acceptable window."""
        return bool(self.config.impedance_min <= impedance <= self.config.impedance_max)

    def transfer_impedance(self, lead: int, impedances: Sequence[float]) -> None:
        """Accept a measurement for ``lead``; leads using a now unusable contact stop.

        Each program driving an unusable contact on this lead gets that lead disabled at 0.
        """
        self._check_lead(lead)
        values = tuple(float(z) for z in impedances)
        if values != self._hardware[lead]:
            raise ProgrammerRuleError(
                f"leads[{lead}].impedance_ohm",
                ",".join(f"{z:g}" for z in values),
                "the values just measured",
                hint="measure again and transfer the new values",
            )
        self._transferred[lead] = values
        for slot, program in list(self._programs.items()):
            changed = False
            leads = []
            for lp in program.leads:
                if lp.lead == lead and not self._contacts_usable(lp):
                    lp = replace(lp, amplitude=0.0, enabled=False)
                    changed = True
                leads.append(lp)
            if changed:
                self._programs[slot] = replace(program, leads=tuple(leads))

    def usable_contacts(self, lead: int) -> tuple[bool, ...] | None:
        """Per contact, whether the transferred impedance is usable; None before a transfer."""
        values = self._transferred.get(lead)
        return None if values is None else tuple(self.is_usable(z) for z in values)

    def _contacts_usable(self, lp: LeadProgram) -> bool:
        usable = self.usable_contacts(lp.lead)
        if usable is None:
            return False
        return all(ok or p is Polarity.OFF for p, ok in zip(lp.polarities, usable, strict=False))

    # -- programs ---
    def check(self, program: Program, minimums: Mapping[int, float] | None = None) -> SafetyReport:
        """Run every check :meth:`apply_program` runs, without changing anything."""
        for i, lp in enumerate(program.leads):
            self._check_lead(lp.lead, f"leads[{i}].lead")
            if lp.enabled or lp.amplitude > 0.0 or (lp.patient_max_amplitude or 0.0) > 0.0:
                if lp.lead not in self._transferred:
                    raise ProgrammerRuleError(
                        f"leads[{i}].lead",
                        lp.lead,
                        "a lead whose impedance was measured and transferred",
                        hint="run an impedance check before setting stimulation parameters",
                    )
                usable = self.usable_contacts(lp.lead) or ()
                for c, (p, ok) in enumerate(zip(lp.polarities, usable, strict=False)):
                    if p is not Polarity.OFF and not ok:
                        z = self._transferred[lp.lead][c]
                        raise ProgrammerRuleError(
                            f"leads[{i}].polarities[{c}]",
                            p.value,
                            f"'0' (contact impedance {z:g} ohm is outside "
                            f"{self.config.impedance_min:g}-{self.config.impedance_max:g} ohm)",
                            hint="switch the contact off or check the lead",
                        )
            top = lp.patient_max_amplitude if lp.patient_max_amplitude is not None else lp.amplitude
            window = PatientWindow(minimum=(minimums or {}).get(lp.lead, 0.0), maximum=top)
            check_window(window, self.config.generator, f"leads[{i}]")
        return check_program(
            program,
            self.config.generator,
            self._leads,
            self.config.limits,
            impedances=self._lead_impedances(program),
        )

    def apply_program(
        self, slot: str, program: Program, minimums: Mapping[int, float] | None = None
    ) -> SafetyReport:
        """Store ``program`` in ``slot`` after every check; a contact change zeroes a lead.

        Parameters
        ----------
        slot
            Name under which the generator stores the program.
        program
            The program; each lead's ``patient_max_amplitude`` is the top of its patient window.
        minimums
            Bottom of the patient window per lead index [A] (0 when absent).

        Returns
        -------
        SafetyReport
            Per-contact doses and soft findings of the stored program.
        """
        previous = self._programs.get(slot)
        stored, _ = apply_contact_rule_program(previous, self._floored(program))
        report = self.check(stored, minimums)
        self._programs[slot] = stored
        self._minimums[slot] = {int(k): float(v) for k, v in (minimums or {}).items()}
        return report

    @classmethod
    def restored(
        cls,
        config: TwinConfig,
        *,
        hardware_impedances: Sequence[Sequence[float]],
        battery_used: float,
        transferred: Mapping[int, Sequence[float]],
        programs: Mapping[str, tuple[Program, Mapping[int, float]]],
        active: str | None,
        stimulation_on: bool,
        mri: bool,
    ) -> GeneratorTwin:
        """Rebuild a twin from stored state (a restart); every program is checked again.

        Unlike :meth:`apply_program` the contact rule does not fire: the programs are the ones
        the generator already held. A program that no longer passes the checks (changed
        limits) is kept switched off at 0.
        """
        twin = cls(config, hardware_impedances=hardware_impedances, battery_used=battery_used)
        for lead, values in transferred.items():
            twin._check_lead(int(lead))
            twin._transferred[int(lead)] = tuple(float(z) for z in values)
        for slot, (program, minimums) in programs.items():
            try:
                twin.check(program, minimums)
            except ConfigurationError:  # settings changed since: keep it, switched off
                program = replace(
                    program,
                    leads=tuple(
                        replace(lp, amplitude=0.0, enabled=False, patient_max_amplitude=0.0)
                        for lp in program.leads
                    ),
                )
                minimums = {}
            twin._programs[slot] = program
            twin._minimums[slot] = {int(k): float(v) for k, v in minimums.items()}
        if active is not None:
            twin.select_program(active)
        twin._mri = bool(mri)
        if stimulation_on and not mri and active is not None:
            twin.stimulation_on()
        return twin

    def _floored(self, program: Program) -> Program:
        """Floor amplitudes within grid tolerance onto the grid (never upward)."""
        g = self.config.generator
        leads = []
        for lp in program.leads:
            top = lp.patient_max_amplitude
            if math.isfinite(lp.amplitude) and lp.amplitude <= g.amplitude_max:
                lp = replace(lp, amplitude=g.quantise_amplitude(lp.amplitude))
            if top is not None and math.isfinite(top) and top <= g.amplitude_max:
                lp = replace(lp, patient_max_amplitude=g.quantise_amplitude(top))
            leads.append(lp)
        return replace(program, leads=tuple(leads))

    def select_program(self, slot: str) -> None:
        """Make the program in ``slot`` active (its stored settings are re-checked)."""
        self.check(self.program(slot), self._minimums[slot])
        self._active = slot

    def set_patient_amplitude(self, lead: int, amplitude: float) -> SafetyReport:
        """Set the amplitude of ``lead`` in the active program, inside the patient window."""
        slot = self._require_active()
        window = self.patient_window(slot, lead)
        value = check_patient_amplitude(amplitude, window, self.config.generator, "amplitude")
        program = self._programs[slot]
        leads = tuple(
            replace(lp, amplitude=value) if lp.lead == lead else lp for lp in program.leads
        )
        return self.apply_program(slot, replace(program, leads=leads), self._minimums[slot])

    def _lead_program(self, slot: str, lead: int) -> LeadProgram:
        for lp in self.program(slot).leads:
            if lp.lead == lead:
                return lp
        raise ConfigurationError(
            "lead",
            lead,
            ", ".join(str(lp.lead) for lp in self.program(slot).leads),
            hint="this program does not drive that lead",
        )

    def _require_active(self) -> str:
        if self._active is None:
            raise ProgrammerRuleError(
                "program", "none", "an active program", hint="choose a program first"
            )
        return self._active

    # -- therapy on / off, MRI ---------------------------------------------------------------------
    def stimulation_on(self) -> None:
        """Start therapy with the active program (refused in MRI mode or at end of service)."""
        slot = self._require_active()
        if self._mri:
            raise ProgrammerRuleError(
                "state", "mri", "off", hint="leave MRI mode before starting stimulation"
            )
        if self.battery_level is BatteryLevel.END_OF_SERVICE:
            raise ProgrammerRuleError(
                "battery", "end_of_service", "ok or low", hint="the generator must be replaced"
            )
        self.check(self._programs[slot], self._minimums[slot])
        self._stimulation_on = True

    def all_off(self) -> None:
        """Stop all stimulation. Always succeeds."""
        self._stimulation_on = False

    def enter_mri(self) -> None:
        """Enter MRI mode: stimulation stops until MRI mode is left. Always succeeds."""
        self._stimulation_on = False
        self._mri = True

    def exit_mri(self) -> None:
        """Leave MRI mode (stimulation stays off until switched on). Always succeeds."""
        self._mri = False

    # -- output and battery ---
    def emitted(self) -> tuple[LeadOutput, ...]:
        """What the generator delivers now: enabled, usable leads of the active program."""
        if self.state is not TwinState.STIMULATING or self._active is None:
            return ()
        out = []
        for lp in self._programs[self._active].leads:
            if lp.enabled and lp.amplitude > 0.0 and self._contacts_usable(lp):
                out.append(
                    LeadOutput(
                        lead=lp.lead,
                        polarities=tuple(lp.polarities),
                        amplitude=lp.amplitude,
                        pulse_width=lp.pulse_width,
                        rate=lp.rate,
                        waveform=lp.waveform,
                    )
                )
        return tuple(out)

    @property
    def leads(self) -> tuple[Lead, ...]:
        """The connected leads (models only; their position is not used) ."""
        return self._leads

    def lead_impedance(self, lp: LeadProgram) -> float | None:
        """Load impedance of a lead program [ohm]: the mean transferred impedance of its active
        contacts (a simplification: the measurement is per contact here); None before a
        transfer or with no active contact."""
        values = self._transferred.get(lp.lead)
        if values is None:
            return None
        active = [z for z, p in zip(values, lp.polarities, strict=False) if p is not Polarity.OFF]
        return sum(active) / len(active) if active else None

    def lead_power(self, lp: LeadProgram) -> float:
        """Battery power one enabled lead program draws at its amplitude [W] (0 when unknown).

        The battery model's energy factor (:meth:`BatteryModel.energy_factor`) at the lead's
        :meth:`lead_impedance`.
        """
        impedance = self.lead_impedance(lp)
        if impedance is None or not lp.enabled:
            return 0.0
        return self.config.battery.energy_factor(lp, impedance)

    def program_power(self, program: Program) -> float:
        """Battery power running ``program`` would draw [W], quiescent drain included."""
        return self.config.battery.quiescent_power + sum(
            self.lead_power(lp) for lp in program.leads
        )

    def output_power(self) -> float:
        """Power drawn now [W]: the emitted pulses plus the quiescent drain."""
        power = self.config.battery.quiescent_power
        if self._active is not None:
            emitting = {out.lead for out in self.emitted()}
            power += sum(
                self.lead_power(lp)
                for lp in self._programs[self._active].leads
                if lp.lead in emitting
            )
        return power

    def drained(self, duration: float) -> float:
        """Energy drawn [J] after ``duration`` [s] more at the present power (pure)."""
        if not (math.isfinite(duration) and duration >= 0.0):
            raise ConfigurationError("duration", duration, ">= 0 s, finite", hint="time passes")
        return min(self.config.battery.energy, self._battery_used + self.output_power() * duration)

    def advance(self, duration: float) -> None:
        """Let ``duration`` [s] pass: the battery drains by the power drawn."""
        self._battery_used = self.drained(duration)

    def draw_charge(self, charge: float) -> float:
        """Draw ``charge`` [C] from the battery at its mean cell voltage; return the energy [J].

        Telemetry wake-ups are charged here (``GeneratorLink(battery_draw=twin.draw_charge)``,
        :func:`drgsim.device.telemetry_sink.twin_link`), on top of the averaged quiescent drain
        (assumption D12). Energy is ``charge * cell_voltage`` (assumption D10); the battery
        never goes below empty, and reaching end of service stops stimulation as any drain does.
        """
        if (
            isinstance(charge, bool)
            or not isinstance(charge, (int, float))
            or not (math.isfinite(charge) and charge >= 0.0)
        ):
            shown = charge / u.uC if isinstance(charge, (int, float)) else charge
            raise ConfigurationError("charge_uC", shown, ">= 0 uC, finite", hint="a wake-up cost")
        before = self._battery_used
        energy = charge * self.config.battery.cell_voltage
        self._battery_used = min(self.config.battery.energy, before + energy)
        return self._battery_used - before

    # -- helpers ---
    def _check_lead(self, lead: int, name: str = "lead") -> None:
        if not 0 <= int(lead) < self.config.n_leads:
            raise ConfigurationError(
                name, lead, f"0-{self.config.n_leads - 1}", hint="a connected lead"
            )

    def _lead_impedances(self, program: Program) -> dict[int, float]:
        out: dict[int, float] = {}
        for lp in program.leads:
            impedance = self.lead_impedance(lp)
            if impedance is not None:
                out[lp.lead] = impedance
        return out


__all__ = [
    "BatteryLevel",
    "GeneratorTwin",
    "LeadOutput",
    "TwinConfig",
    "TwinState",
    "demo_config",
]
