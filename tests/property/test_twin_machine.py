"""The generator twin under arbitrary command sequences, checked against a simple reference.

A Hypothesis rule-based state machine drives :class:`drgsim.device.twin.GeneratorTwin` with
programs and patient amplitudes of arbitrary values (NaN, infinities, negatives, off-grid),
contact changes, impedance changes and transfers, battery drain, power cycles (a rebuild
through :meth:`GeneratorTwin.restored`) and MRI mode in and out. After every step an
independent, deliberately simple reference recomputes charge, charge density and Shannon k per
contact from what the twin emits, with the device ranges typed in from reference/device.md §4.1,
and checks that:

- nothing emitted is off the device grid, past a device range, past the hard charge-density or
  Shannon limit, through an unusable contact, in MRI mode or at end of service;
- a contact change leaves the lead disabled at 0;
- a patient amplitude is never stored above what was asked or above the patient window;
- from the current state "all off" stops every output, and a clinician can restore therapy
  (no trap states), unless the hardware itself leaves no usable pair of contacts or the
  battery is at end of service (those need surgery, not software).

Every refusal must be a ConfigurationError; anything else fails. Figures: 0 violations in 1,000
sequences here, 10,000 in the slow suite.
"""

from __future__ import annotations

import contextlib
import copy
import math

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from drgsim import units as u
from drgsim.device.program import LeadProgram, Program
from drgsim.device.twin import BatteryLevel, GeneratorTwin, TwinState, demo_config
from drgsim.errors import ConfigurationError

N_LEADS = 2
SLOTS = ("a", "b", "c")
REL = 1e-9

# --- the reference: device.md §4.1 [READ] typed in again, and the textbook dose formulas ---
AMPLITUDE_MAX = 6.0 * u.mA
PULSE_WIDTH_RANGE = (40 * u.us, 720 * u.us)
PULSE_WIDTH_STEP = 10 * u.us
RATE_RANGE = (4 * u.Hz, 100 * u.Hz)
RATE_STEP = 2 * u.Hz


def amplitude_step(amplitude: float) -> float:
    """25 uA up to 2 mA, 50 uA from 2 to 6 mA (device.md §4.1)."""
    return 25 * u.uA if amplitude < 2 * u.mA - 1e-12 else 50 * u.uA


def on_grid(value: float, low: float, step: float) -> bool:
    n = (value - low) / step
    return abs(n - round(n)) < 1e-6


def amplitude_on_grid(amplitude: float) -> bool:
    if amplitude <= 2 * u.mA + 1e-12:
        return on_grid(amplitude, 0.0, 25 * u.uA)
    return on_grid(amplitude, 2 * u.mA, 50 * u.uA)


def contact_doses(
    amplitude: float, pulse_width: float, polarities: tuple[str, ...], area: float
) -> list[tuple[float, float, float]]:
    """(charge [C], density [C/m^2], Shannon k) of each active contact, cathodic phase."""
    n_cathodes = sum(p == "-" for p in polarities)
    n_anodes = sum(p == "+" for p in polarities)
    out = []
    for p in polarities:
        if p == "0":
            continue
        current = amplitude / (n_cathodes if p == "-" else n_anodes)
        charge = current * pulse_width
        density = charge / area
        k = math.log10((charge / u.uC) * (density / u.uC_per_cm2)) if charge > 0 else -math.inf
        out.append((charge, density, k))
    return out


# --- strategies: arbitrary floats, weighted towards the interesting region ---
def wild(typical: st.SearchStrategy[float]) -> st.SearchStrategy[float]:
    return st.one_of(
        typical,
        typical,
        typical,
        st.sampled_from([math.nan, math.inf, -math.inf, -1e-3, 0.0, 1e300, 5e-324]),
        st.floats(allow_nan=True, allow_infinity=True),
    )


amplitudes = wild(
    st.one_of(
        st.integers(0, 240).map(lambda n: n * 25 * u.uA),
        st.floats(0.0, 7 * u.mA),
    )
)
pulse_widths = wild(
    st.one_of(st.integers(4, 72).map(lambda n: n * 10 * u.us), st.floats(0.0, 1e-3))
)
rates = wild(st.one_of(st.integers(2, 50).map(lambda n: n * 2.0), st.floats(0.0, 200.0)))
polarities = st.tuples(*[st.sampled_from("+-0")] * 4).map(lambda t: "".join(t))
impedances = st.tuples(
    *[wild(st.one_of(st.floats(100.0, 5000.0), st.sampled_from([900.0, 1200.0])))] * 4
)


class TwinMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.config = demo_config(n_leads=N_LEADS)
        self.hardware = [(900.0, 950.0, 1000.0, 1100.0)] * N_LEADS
        self.twin = GeneratorTwin(self.config, hardware_impedances=self.hardware)
        self.transferred: dict[int, tuple[float, ...]] = {}
        area = self.config.lead_geometries[0]
        # pi * d * L, the ring-contact area of reference/safety.md §1.
        self.areas = [
            math.pi * g.contact_diameter * g.contact_length for g in self.config.lead_geometries
        ]
        del area
        self.limits = self.config.limits
        assert self.config.generator.name == "axium-investigational"

    # -- commands --------------------------------------------------------------------------
    @rule(
        slot=st.sampled_from(SLOTS),
        lead=st.integers(0, N_LEADS - 1),
        pols=polarities,
        amplitude=amplitudes,
        pulse_width=pulse_widths,
        rate=rates,
        enabled=st.booleans(),
        patient_max=st.none() | amplitudes,
        minimum=st.none() | amplitudes,
    )
    def apply_program(
        self,
        slot: str,
        lead: int,
        pols: str,
        amplitude: float,
        pulse_width: float,
        rate: float,
        enabled: bool,
        patient_max: float | None,
        minimum: float | None,
    ) -> None:
        try:
            program = Program(
                name=slot,
                leads=(
                    LeadProgram(
                        lead=lead,
                        polarities=tuple(pols),  # type: ignore[arg-type]
                        amplitude=amplitude,
                        pulse_width=pulse_width,
                        rate=rate,
                        enabled=enabled,
                        patient_max_amplitude=patient_max,
                    ),
                ),
            )
        except ConfigurationError:
            return
        previous = self._stored_lead(slot, lead)
        try:
            self.twin.apply_program(slot, program, None if minimum is None else {lead: minimum})
        except ConfigurationError:
            return
        stored = self._stored_lead(slot, lead)
        assert stored is not None
        if previous is not None and tuple(previous.polarities) != tuple(stored.polarities):
            assert stored.amplitude == 0.0 and not stored.enabled  # contact change zeroes

    @rule(slot=st.sampled_from(SLOTS))
    def select_program(self, slot: str) -> None:
        with contextlib.suppress(ConfigurationError):
            self.twin.select_program(slot)

    @rule(lead=st.integers(0, N_LEADS - 1), amplitude=amplitudes)
    def patient_amplitude(self, lead: int, amplitude: float) -> None:
        slot = self.twin.active_program
        try:
            self.twin.set_patient_amplitude(lead, amplitude)
        except ConfigurationError:
            return
        assert slot is not None
        stored = self._stored_lead(slot, lead)
        assert stored is not None
        window = self.twin.patient_window(slot, lead)
        assert stored.amplitude <= amplitude * (1 + REL)  # never rounded up
        assert stored.amplitude <= window.maximum * (1 + REL)
        assert stored.amplitude >= window.minimum * (1 - REL)

    @rule()
    def stimulation_on(self) -> None:
        with contextlib.suppress(ConfigurationError):
            self.twin.stimulation_on()

    @rule()
    def all_off(self) -> None:
        self.twin.all_off()  # must never raise
        assert self.twin.emitted() == ()

    @rule()
    def enter_mri(self) -> None:
        self.twin.enter_mri()
        assert self.twin.state is TwinState.MRI

    @rule()
    def exit_mri(self) -> None:
        self.twin.exit_mri()

    @rule(lead=st.integers(0, N_LEADS - 1), values=impedances)
    def change_hardware_impedance(self, lead: int, values: tuple[float, ...]) -> None:
        try:
            self.twin.set_hardware_impedance(lead, values)
        except ConfigurationError:
            return
        self.hardware[lead] = values

    @rule(lead=st.integers(0, N_LEADS - 1))
    def impedance_check(self, lead: int) -> None:
        try:
            measured = self.twin.measure_impedance(lead)
            self.twin.transfer_impedance(lead, measured)
        except ConfigurationError:
            return
        self.transferred[lead] = tuple(measured)

    @rule(days=wild(st.floats(0.0, 4000.0)))
    def time_passes(self, days: float) -> None:
        used = self.twin.battery_used
        try:
            self.twin.advance(days * u.day)
        except ConfigurationError:
            return
        assert used <= self.twin.battery_used <= self.config.battery.energy

    @rule(n=st.integers(0, 2000), charge_uC=wild(st.floats(0.0, 500.0)))
    def telemetry_wakeups(self, n: int, charge_uC: float) -> None:
        """A burst of receiver wake-ups drawn from the battery (``twin_link``)."""
        used = self.twin.battery_used
        try:
            drawn = self.twin.draw_charge(n * charge_uC * u.uC)
        except ConfigurationError:
            assert self.twin.battery_used == used  # a refused draw drains nothing
            return
        assert drawn >= 0.0 and used <= self.twin.battery_used <= self.config.battery.energy
        assert self.twin.battery_used - used == drawn

    @rule()
    def power_cycle(self) -> None:
        """The generator restarts from what it holds (the server rebuilds twins this way)."""
        twin = self.twin
        programs = {}
        for slot in SLOTS:
            try:
                program = twin.program(slot)
            except ConfigurationError:
                continue
            minimums = {lp.lead: twin.patient_window(slot, lp.lead).minimum for lp in program.leads}
            programs[slot] = (program, minimums)
        state = twin.state
        self.twin = GeneratorTwin.restored(  # must never raise: no trap state at boot
            self.config,
            hardware_impedances=self.hardware,
            battery_used=twin.battery_used,
            transferred=self.transferred,
            programs=programs,
            active=twin.active_program,
            stimulation_on=state is TwinState.STIMULATING,
            mri=state is TwinState.MRI,
        )

    # -- invariants ------------------------------------------------------------------------
    @invariant()
    def emitted_output_is_within_every_limit(self) -> None:
        twin = self.twin
        outputs = twin.emitted()
        if twin.state is not TwinState.STIMULATING:
            assert outputs == ()
        if twin.battery_level is BatteryLevel.END_OF_SERVICE:
            assert outputs == ()
        for out in outputs:
            assert 0.0 < out.amplitude <= AMPLITUDE_MAX * (1 + REL)
            assert amplitude_on_grid(out.amplitude), out.amplitude
            assert PULSE_WIDTH_RANGE[0] * (1 - REL) <= out.pulse_width
            assert out.pulse_width <= PULSE_WIDTH_RANGE[1] * (1 + REL)
            assert on_grid(out.pulse_width, PULSE_WIDTH_RANGE[0], PULSE_WIDTH_STEP)
            assert RATE_RANGE[0] * (1 - REL) <= out.rate <= RATE_RANGE[1] * (1 + REL)
            assert on_grid(out.rate, RATE_RANGE[0], RATE_STEP)
            pols = tuple(str(p) for p in out.polarities)
            assert "-" in pols and "+" in pols
            for charge, density, k in contact_doses(
                out.amplitude, out.pulse_width, pols, self.areas[out.lead]
            ):
                assert charge > 0
                assert density <= self.limits.max_charge_density * (1 + REL), density
                assert k <= self.limits.max_shannon_k + 1e-9, k
            # Only through contacts whose transferred impedance lies in the window.
            measured = self.transferred.get(out.lead)
            assert measured is not None
            for z, p in zip(measured, pols, strict=True):
                if p != "0":
                    assert self.config.impedance_min <= z <= self.config.impedance_max

    def _copy(self) -> GeneratorTwin:
        """A copy of the twin that shares its immutable parts (config, leads, programs)."""
        shared: list[object] = [self.config, self.twin.leads]
        for slot in SLOTS:
            with contextlib.suppress(ConfigurationError):
                shared.append(self.twin.program(slot))
        return copy.deepcopy(self.twin, {id(obj): obj for obj in shared})

    @invariant()
    def all_off_stops_everything_and_a_clinician_can_restore(self) -> None:
        twin = self._copy()
        twin.all_off()
        assert twin.emitted() == ()
        assert twin.state is not TwinState.STIMULATING
        if twin.battery_level is BatteryLevel.END_OF_SERVICE:
            return  # the generator must be replaced; no software path exists
        twin.exit_mri()
        for lead in range(N_LEADS):
            measured = twin.measure_impedance(lead)
            usable = [
                i
                for i, z in enumerate(measured)
                if self.config.impedance_min <= z <= self.config.impedance_max
            ]
            if len(usable) < 2:
                continue
            pols = ["0"] * 4
            pols[usable[0]], pols[usable[1]] = "-", "+"
            twin.transfer_impedance(lead, measured)
            program = Program(
                name="restore",
                leads=(
                    LeadProgram(
                        lead=lead,
                        polarities=tuple(pols),  # type: ignore[arg-type]
                        amplitude=0.5 * u.mA,
                        pulse_width=300 * u.us,
                        rate=20 * u.Hz,
                        patient_max_amplitude=1.0 * u.mA,
                    ),
                ),
            )
            # A new program or contact set starts disabled at 0 (the contact rule); the second
            # send with the same contacts sets the amplitude, as a clinician would.
            twin.apply_program("restore", program)
            twin.apply_program("restore", program)
            twin.select_program("restore")
            twin.stimulation_on()
            assert twin.state is TwinState.STIMULATING
            assert [o.lead for o in twin.emitted()] == [lead]
            return
        # No lead has two contacts in the impedance window: a hardware fault, not a trap.

    def _stored_lead(self, slot: str, lead: int) -> LeadProgram | None:
        try:
            program = self.twin.program(slot)
        except ConfigurationError:
            return None
        for lp in program.leads:
            if lp.lead == lead:
                return lp
        return None


_COMMON = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.filter_too_much],
}


class TestTwinMachine(TwinMachine.TestCase):  # type: ignore[name-defined,misc]
    settings = settings(max_examples=1000, stateful_step_count=20, **_COMMON)  # type: ignore[arg-type]


@pytest.mark.slow
class TestTwinMachineSlow(TwinMachine.TestCase):  # type: ignore[name-defined,misc]
    # Ten times the sequences, each shorter, to keep the slow suite within CI's time.
    settings = settings(max_examples=10_000, stateful_step_count=6, **_COMMON)  # type: ignore[arg-type]
