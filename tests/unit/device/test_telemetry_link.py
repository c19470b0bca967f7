"""Telemetry link: HKDF, pairing, authentication, counters, roles, wake-up cap, answers."""

from __future__ import annotations

import pytest

from drgsim import units as u
from drgsim.device.frame import AdjustAmplitude, AllOff, MriMode, SetProgram
from drgsim.device.telemetry import (
    GeneratorLink,
    Outcome,
    PairingSecret,
    ProgrammerLink,
    ProgrammerRole,
    RecordingSink,
    WakeupPolicy,
    derive_session_keys,
    hkdf_sha256,
)
from drgsim.errors import ConfigurationError, SafetyLimitError

# RFC 5869 appendix A, test cases 1-3 (SHA-256).
RFC5869 = [
    (
        "0b" * 22,
        "000102030405060708090a0b0c",
        "f0f1f2f3f4f5f6f7f8f9",
        42,
        "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
    ),
    (
        bytes(range(0x00, 0x50)).hex(),
        bytes(range(0x60, 0xB0)).hex(),
        bytes(range(0xB0, 0x100)).hex(),
        82,
        "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
        "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
        "cc30c58179ec3e87c14c01d5c1f3434f1d87",
    ),
    (
        "0b" * 22,
        "",
        "",
        42,
        "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8",
    ),
]

PROGRAM = SetProgram(
    lead=0, polarities=(-1, 1, 0, 0), amplitude=1 * u.mA, pulse_width=300 * u.us, rate=20.0
)


@pytest.mark.parametrize(("ikm", "salt", "info", "length", "okm"), RFC5869)
def test_hkdf_matches_rfc5869(ikm: str, salt: str, info: str, length: int, okm: str) -> None:
    out = hkdf_sha256(
        bytes.fromhex(ikm), salt=bytes.fromhex(salt), info=bytes.fromhex(info), length=length
    )
    assert out.hex() == okm


def _paired(
    role: ProgrammerRole = ProgrammerRole.CLINICIAN, policy: WakeupPolicy | None = None
) -> tuple[ProgrammerLink, GeneratorLink, RecordingSink, PairingSecret]:
    secret = PairingSecret.generate(role)
    sink = RecordingSink()
    generator = GeneratorLink(secrets=[secret], sink=sink, policy=policy)
    programmer = ProgrammerLink(secret=secret)
    programmer.finish_pairing(
        generator.pair(role=role, programmer_nonce=programmer.start_pairing(), now=0.0)
    )
    return programmer, generator, sink, secret


def test_accepted_commands_reach_the_sink_with_the_role() -> None:
    programmer, generator, sink, _ = _paired()
    for payload in (PROGRAM, AdjustAmplitude(lead=0, amplitude=0.5 * u.mA), MriMode(enabled=True)):
        reception = generator.receive(programmer.send(payload), now=1.0)
        assert reception.outcome is Outcome.ACCEPTED
        assert reception.ack is not None
        ack = programmer.read_ack(reception.ack)
        assert ack.outcome == Outcome.ACCEPTED
    assert [call[0] for call in sink.calls] == ["set_program", "adjust_amplitude", "set_mri_mode"]
    assert all(call[2] is ProgrammerRole.CLINICIAN for call in sink.calls)
    assert sink.calls[0][1] == PROGRAM


def test_forged_truncated_replayed_and_reordered_frames_are_refused() -> None:
    programmer, generator, sink, _ = _paired()
    first = programmer.send(AllOff())
    second = programmer.send(AllOff())
    third = programmer.send(AllOff())
    forged = bytearray(first)
    forged[-1] ^= 1
    assert generator.receive(bytes(forged), now=1).outcome is Outcome.BAD_TAG
    assert generator.receive(first[:-1], now=1).outcome is Outcome.MALFORMED
    assert generator.receive(first, now=1).outcome is Outcome.ACCEPTED
    assert generator.receive(first, now=1).outcome is Outcome.STALE_COUNTER  # replay
    assert generator.receive(third, now=1).outcome is Outcome.ACCEPTED
    assert generator.receive(second, now=1).outcome is Outcome.STALE_COUNTER  # reordered
    assert len(sink.calls) == 2


def test_frame_from_another_pairing_secret_is_refused() -> None:
    _, generator, sink, _ = _paired()
    stranger, _, _, _ = _paired()
    outcome = generator.receive(stranger.send(AllOff()), now=1).outcome
    assert outcome is Outcome.UNKNOWN_SESSION
    assert sink.calls == []


def test_patient_may_not_set_a_program() -> None:
    programmer, generator, sink, _ = _paired(ProgrammerRole.PATIENT)
    reception = generator.receive(programmer.send(PROGRAM), now=1)
    assert reception.outcome is Outcome.NOT_ALLOWED
    assert reception.ack is not None
    assert programmer.read_ack(reception.ack).outcome == Outcome.NOT_ALLOWED
    assert sink.calls == []
    assert generator.receive(programmer.send(AllOff()), now=1).outcome is Outcome.ACCEPTED


class _RefusingSink(RecordingSink):
    def adjust_amplitude(self, command: AdjustAmplitude, role: ProgrammerRole) -> None:
        raise SafetyLimitError("amplitude_mA", command.amplitude / u.mA, "0-2 mA")


def test_device_refusal_is_reported_not_raised() -> None:
    secret = PairingSecret.generate("patient")
    generator = GeneratorLink(secrets=[secret], sink=_RefusingSink())
    programmer = ProgrammerLink(secret=secret)
    programmer.finish_pairing(
        generator.pair(role="patient", programmer_nonce=programmer.start_pairing(), now=0)
    )
    reception = generator.receive(programmer.send(AdjustAmplitude(lead=0, amplitude=3e-3)), now=0)
    assert reception.outcome is Outcome.REFUSED
    assert isinstance(reception.error, SafetyLimitError)
    assert reception.error.field == "amplitude_mA"


def test_pending_pairing_does_not_end_the_working_session() -> None:
    programmer, generator, _, secret = _paired()
    assert generator.receive(programmer.send(AllOff()), now=1).outcome is Outcome.ACCEPTED
    # Anyone may ask to pair; without the secret they cannot use the answer.
    assert generator.pair(role="clinician", programmer_nonce=bytes(16), now=1) is not None
    assert generator.receive(programmer.send(AllOff()), now=1).outcome is Outcome.ACCEPTED
    # A real re-pairing takes over at its first authenticated frame; the old session ends.
    old = programmer.send(AllOff())
    fresh = ProgrammerLink(secret=secret)
    fresh.finish_pairing(
        generator.pair(role="clinician", programmer_nonce=fresh.start_pairing(), now=2)
    )
    assert generator.receive(fresh.send(AllOff()), now=2).outcome is Outcome.ACCEPTED
    assert generator.receive(old, now=2).outcome is Outcome.UNKNOWN_SESSION


def test_pairing_without_a_secret_for_the_role_gets_no_answer() -> None:
    _, generator, _, _ = _paired(ProgrammerRole.CLINICIAN)
    assert generator.pair(role="patient", programmer_nonce=bytes(16), now=1) is None
    assert generator.pair(role="clinician", programmer_nonce=bytes(3), now=1) is None


def test_wakeup_cap_drops_unread_and_resets_each_window() -> None:
    policy = WakeupPolicy(window=10.0, max_wakeups=3, charge_per_wakeup=2 * u.uC)
    drawn: list[float] = []
    secret = PairingSecret.generate("clinician")
    sink = RecordingSink()
    generator = GeneratorLink(secrets=[secret], sink=sink, policy=policy, battery_draw=drawn.append)
    outcomes = [generator.receive(b"junk", now=1.0).outcome for _ in range(5)]
    assert outcomes == [Outcome.MALFORMED] * 3 + [Outcome.DROPPED_ASLEEP] * 2
    assert generator.charge_drawn == pytest.approx(3 * 2 * u.uC)
    assert sum(drawn) == pytest.approx(generator.charge_drawn)
    # Next window: a paired programmer gets through again.
    programmer = ProgrammerLink(secret=secret)
    programmer.finish_pairing(
        generator.pair(role="clinician", programmer_nonce=programmer.start_pairing(), now=10.0)
    )
    assert generator.receive(programmer.send(AllOff()), now=10.5).outcome is Outcome.ACCEPTED
    assert generator.n_dropped == 2


def test_ack_checks() -> None:
    programmer, generator, _, _ = _paired()
    reception = generator.receive(programmer.send(AllOff()), now=1)
    assert reception.ack is not None
    programmer.read_ack(reception.ack)
    with pytest.raises(ConfigurationError):
        programmer.read_ack(reception.ack)  # replayed answer
    tampered = bytearray(generator.receive(programmer.send(AllOff()), now=1).ack or b"")
    tampered[21] ^= 0x40
    with pytest.raises(ConfigurationError):
        programmer.read_ack(bytes(tampered))


@pytest.mark.parametrize(
    "kwargs",
    [
        {"window": 0.0},
        {"window": float("nan")},
        {"max_wakeups": 0},
        {"max_wakeups": True},
        {"charge_per_wakeup": -1.0},
        {"charge_per_wakeup": float("inf")},
    ],
)
def test_wakeup_policy_checks_itself(kwargs: dict[str, float]) -> None:
    with pytest.raises(ConfigurationError):
        WakeupPolicy(**kwargs)  # type: ignore[arg-type]


def test_secret_checks_itself_and_never_shows_its_key() -> None:
    with pytest.raises(ConfigurationError):
        PairingSecret(key=b"short", role=ProgrammerRole.PATIENT)
    secret = PairingSecret.generate("patient")
    assert secret.key.hex() not in repr(secret)
    keys = derive_session_keys(secret, bytes(16), bytes(range(16)))
    assert keys.to_generator.hex() not in repr(keys)
    assert keys.to_generator != keys.to_programmer
    with pytest.raises(ConfigurationError):
        derive_session_keys(secret, bytes(15), bytes(16))


def test_time_must_be_finite_and_non_decreasing() -> None:
    _, generator, _, _ = _paired()
    generator.receive(b"", now=5.0)
    with pytest.raises(ConfigurationError):
        generator.receive(b"", now=4.0)
    with pytest.raises(ConfigurationError):
        generator.receive(b"", now=float("nan"))


def test_send_before_pairing_is_refused() -> None:
    programmer = ProgrammerLink(secret=PairingSecret.generate("patient"))
    with pytest.raises(ConfigurationError):
        programmer.send(AllOff())
    with pytest.raises(ConfigurationError):
        programmer.finish_pairing(bytes(16))
