"""Stateful search for a command sequence that makes the twin exceed a limit.

Arbitrary programs (NaN and infinity included), patient adjustments, contact and impedance
changes, battery drain, MRI mode in and out: after every step, what the twin emits is checked
against the limits recomputed here with a deliberately simple reference (Q = I * PW,
D = Q / (pi d L), k = log10(Q * D); reference/safety.md §1), and "all off" must succeed.
"""

from __future__ import annotations

import contextlib
import math

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from drgsim import units as u
from drgsim.device.program import LeadProgram, Program
from drgsim.device.twin import GeneratorTwin, TwinState, demo_config
from drgsim.errors import ConfigurationError

GOOD = (900.0, 950.0, 1000.0, 1100.0)
floats = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=0, max_value=8e-3),
    st.sampled_from([0.0, 0.5e-3, 1e-3, 2e-3, 2.05e-3, 6e-3]),
)
polarities = st.sampled_from(["-+00", "+-00", "-0+0", "00-+", "0000", "--++", "-+++"])
impedances = st.tuples(*[st.sampled_from([100.0, 900.0, 1500.0, 9000.0])] * 4)


def reference_limits_ok(twin: GeneratorTwin) -> bool:
    g = twin.config.generator
    geometry = twin.config.lead_geometries[0]
    area_cm2 = math.pi * (geometry.contact_diameter / u.cm) * (geometry.contact_length / u.cm)
    for out in twin.emitted():
        if not (0 < out.amplitude <= g.amplitude_max + 1e-12):
            return False
        if not (g.pulse_width_min - 1e-12 <= out.pulse_width <= g.pulse_width_max + 1e-12):
            return False
        if not (g.rate_min - 1e-9 <= out.rate <= g.rate_max + 1e-9):
            return False
        n_cathodes = out.polarities.count("-")
        n_anodes = out.polarities.count("+")
        for share in (1 / n_cathodes, 1 / n_anodes):
            q_uC = out.amplitude * share * out.pulse_width / u.uC
            d = q_uC / area_cm2
            if q_uC <= 0.0:
                return False  # an emitting lead delivers charge
            if d > 50.0 * (1 + 1e-9) or math.log10(q_uC * d) > 1.85 + 1e-9:
                return False
        usable = twin.usable_contacts(out.lead)
        if usable is None or any(
            p != "0" and not ok for p, ok in zip(out.polarities, usable, strict=False)
        ):
            return False
    return True


class TwinMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.twin = GeneratorTwin(demo_config(), hardware_impedances=(GOOD,))

    @rule()
    def impedance_check(self) -> None:
        self.twin.transfer_impedance(0, self.twin.measure_impedance(0))

    @rule(values=impedances)
    def lead_fault(self, values: tuple[float, ...]) -> None:
        self.twin.set_hardware_impedance(0, values)

    @rule(
        pol=polarities,
        amplitude=floats,
        top=floats,
        low=floats,
        pulse_width=st.sampled_from([40e-6, 300e-6, 720e-6, 805e-6, math.nan]),
        rate=st.sampled_from([4.0, 20.0, 60.0, 101.0, math.inf]),
        enabled=st.booleans(),
    )
    def clinician_program(
        self,
        pol: str,
        amplitude: float,
        top: float,
        low: float,
        pulse_width: float,
        rate: float,
        enabled: bool,
    ) -> None:
        before = (
            {lp.lead: lp for lp in self.twin.program("p").leads}
            if "p" in self.twin._programs
            else {}
        )
        try:
            lp = LeadProgram(
                lead=0,
                polarities=tuple(pol),
                amplitude=amplitude,  # type: ignore[arg-type]
                pulse_width=pulse_width,
                rate=rate,
                enabled=enabled,
                patient_max_amplitude=top,
            )
            self.twin.apply_program("p", Program(name="p", leads=(lp,)), {0: low})
        except ConfigurationError:
            return
        stored = self.twin.program("p").leads[0]
        old = before.get(0)
        if old is None or tuple(old.polarities) != tuple(stored.polarities):
            assert stored.amplitude == 0.0 and not stored.enabled  # contact rule

    @rule()
    def select(self) -> None:
        with contextlib.suppress(ConfigurationError):
            self.twin.select_program("p")

    @rule(amplitude=floats)
    def patient_amplitude(self, amplitude: float) -> None:
        with contextlib.suppress(ConfigurationError):
            self.twin.set_patient_amplitude(0, amplitude)

    @rule()
    def on(self) -> None:
        with contextlib.suppress(ConfigurationError):
            self.twin.stimulation_on()

    @rule()
    def all_off(self) -> None:
        self.twin.all_off()
        assert self.twin.emitted() == ()

    @rule(on=st.booleans())
    def mri(self, on: bool) -> None:
        if on:
            self.twin.enter_mri()
            assert self.twin.state is TwinState.MRI
        else:
            self.twin.exit_mri()

    @rule(days=st.sampled_from([0.0, 1.0, 365.0, 3650.0]))
    def time_passes(self, days: float) -> None:
        self.twin.advance(days * u.day)

    @precondition(
        lambda self: self.twin.battery_remaining > self.twin.config.end_of_service_fraction
    )
    @rule()
    def clinician_can_restore(self) -> None:
        """From any state a clinician brings therapy back (no trap state)."""
        twin = self.twin
        twin.exit_mri()
        twin.set_hardware_impedance(0, GOOD)
        twin.transfer_impedance(0, twin.measure_impedance(0))
        safe = LeadProgram(
            lead=0,
            polarities=("-", "+", "0", "0"),
            amplitude=0.0,  # type: ignore[arg-type]
            pulse_width=300 * u.us,
            rate=20 * u.Hz,
            enabled=False,
            patient_max_amplitude=1.0 * u.mA,
        )
        twin.apply_program("restore", Program(name="restore", leads=(safe,)))
        on = LeadProgram(
            lead=0,
            polarities=("-", "+", "0", "0"),
            amplitude=0.5 * u.mA,  # type: ignore[arg-type]
            pulse_width=300 * u.us,
            rate=20 * u.Hz,
            enabled=True,
            patient_max_amplitude=1.0 * u.mA,
        )
        twin.apply_program("restore", Program(name="restore", leads=(on,)))
        twin.select_program("restore")
        twin.stimulation_on()
        assert twin.state is TwinState.STIMULATING and len(twin.emitted()) == 1

    @invariant()
    def never_beyond_a_limit(self) -> None:
        assert reference_limits_ok(self.twin)


TwinMachine.TestCase.settings = settings(max_examples=25, stateful_step_count=25, deadline=None)
test_twin_state_machine = TwinMachine.TestCase
