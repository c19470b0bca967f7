"""Telemetry wake-ups are drawn from the twin's battery (charge x mean cell voltage)."""

from __future__ import annotations

import math

import pytest
from test_twin import ready_twin

from drgsim import units as u
from drgsim.device.frame import AllOff
from drgsim.device.telemetry import (
    Outcome,
    PairingSecret,
    ProgrammerLink,
    ProgrammerRole,
    WakeupPolicy,
)
from drgsim.device.telemetry_sink import twin_link
from drgsim.device.twin import BatteryLevel, TwinState
from drgsim.errors import ConfigurationError


def test_drawn_charge_costs_charge_times_cell_voltage() -> None:
    twin = ready_twin()
    volts = twin.config.battery.cell_voltage
    assert twin.draw_charge(50 * u.uC) == pytest.approx(50e-6 * volts)
    assert twin.battery_used == pytest.approx(50e-6 * volts)
    assert twin.draw_charge(0.0) == 0.0


@pytest.mark.parametrize("bad", [-1e-6, math.nan, math.inf, True, "1"])
def test_bad_charge_is_refused_and_drains_nothing(bad: object) -> None:
    twin = ready_twin()
    with pytest.raises(ConfigurationError) as info:
        twin.draw_charge(bad)  # type: ignore[arg-type]
    assert info.value.field == "charge_uC"
    assert twin.battery_used == 0.0


def test_draining_to_empty_stops_stimulation_and_never_goes_below_empty() -> None:
    twin = ready_twin()
    twin.stimulation_on()
    capacity = twin.config.battery.capacity  # [C]
    twin.draw_charge(2 * capacity)
    assert twin.battery_used == twin.config.battery.energy
    assert twin.battery_level is BatteryLevel.END_OF_SERVICE
    assert twin.state is TwinState.OFF and twin.emitted() == ()
    twin.all_off()  # still succeeds


def test_twin_link_draws_each_wakeup_from_the_twin_and_caps_it_per_window() -> None:
    twin = ready_twin()
    policy = WakeupPolicy(window=10 * u.s, max_wakeups=3, charge_per_wakeup=2 * u.uC)
    secret = PairingSecret.generate(ProgrammerRole.PATIENT)
    generator = twin_link(twin, secrets=[secret], policy=policy)
    programmer = ProgrammerLink(secret=secret)
    programmer.finish_pairing(
        generator.pair(role=secret.role, programmer_nonce=programmer.start_pairing(), now=0.0)
    )
    after_pairing = twin.battery_used  # the pairing request woke the receiver too
    assert after_pairing > 0
    outcomes = [generator.receive(programmer.send(AllOff()), now=11.0).outcome for _ in range(5)]
    assert outcomes == [Outcome.ACCEPTED] * 3 + [Outcome.DROPPED_ASLEEP] * 2
    volts = twin.config.battery.cell_voltage
    assert twin.battery_used - after_pairing == pytest.approx(3 * 2e-6 * volts)
    assert twin.battery_used == pytest.approx(generator.charge_drawn * volts)
