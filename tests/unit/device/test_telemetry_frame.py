"""Telemetry frame and payload codec: exact layout, strict parsing, safe-side wire rounding."""

from __future__ import annotations

import struct

import pytest

from drgsim import units as u
from drgsim.device.frame import (
    HEADER,
    MAX_FRAME_LENGTH,
    PAYLOAD_LENGTHS,
    TAG_LENGTH,
    Ack,
    AdjustAmplitude,
    AllOff,
    Command,
    Frame,
    FrameError,
    MriMode,
    SetProgram,
    StimulationOn,
    command_of,
    decode_frame,
    decode_payload,
    encode_frame,
    encode_payload,
)
from drgsim.errors import ConfigurationError

PAYLOADS = [
    SetProgram(
        lead=2,
        polarities=(-1, 1, 0, 0),
        amplitude=1.5 * u.mA,
        pulse_width=300 * u.us,
        rate=20.0,
        patient_max_amplitude=2 * u.mA,
        enabled=False,
    ),
    AdjustAmplitude(lead=3, amplitude=6 * u.mA),
    AllOff(),
    StimulationOn(),
    MriMode(enabled=True),
    MriMode(enabled=False),
    Ack(counter=2**64 - 1, outcome=7),
]


def _frame(payload: object, counter: int = 7) -> Frame:
    assert isinstance(payload, (SetProgram, AdjustAmplitude, AllOff, StimulationOn, MriMode, Ack))
    return Frame(
        command=command_of(payload),
        session_id=b"\x01" * 8,
        counter=counter,
        payload=encode_payload(payload),
        tag=b"\xaa" * 32,
    )


def test_header_layout_is_fixed() -> None:
    frame = _frame(AdjustAmplitude(lead=1, amplitude=0.8 * u.mA), counter=0x0102)
    data = encode_frame(frame)
    assert HEADER.size == 20
    assert data[0] == 1  # version
    assert data[1] == Command.ADJUST_AMPLITUDE
    assert data[2:10] == b"\x01" * 8
    assert data[10:18] == (0x0102).to_bytes(8, "big")
    assert data[18:20] == (3).to_bytes(2, "big")
    assert data[20:23] == bytes([1]) + (800).to_bytes(2, "big")
    assert data[23:] == b"\xaa" * 32
    assert len(data) == HEADER.size + PAYLOAD_LENGTHS[Command.ADJUST_AMPLITUDE] + TAG_LENGTH


@pytest.mark.parametrize("payload", PAYLOADS, ids=lambda p: type(p).__name__)
def test_round_trip(payload: object) -> None:
    frame = _frame(payload)
    decoded = decode_frame(encode_frame(frame))
    assert decoded == frame
    again = decode_payload(decoded.command, decoded.payload)
    assert again == payload


def test_program_payload_converts_to_si_once() -> None:
    body = struct.pack(">B4bHHHHB", 0, -1, 0, 1, 0, 2050, 720, 100, 3000, 0)
    program = decode_payload(Command.SET_PROGRAM, body)
    assert isinstance(program, SetProgram)
    assert program.amplitude == pytest.approx(2.05 * u.mA)
    assert program.pulse_width == pytest.approx(720 * u.us)
    assert program.rate == pytest.approx(100 * u.Hz)
    assert program.polarities == (-1, 0, 1, 0)
    assert program.patient_max_amplitude == pytest.approx(3 * u.mA)
    assert program.enabled is False


def test_wire_amplitude_floors_never_rounds_up() -> None:
    body = encode_payload(AdjustAmplitude(lead=0, amplitude=1.0249999 * u.mA))
    decoded = decode_payload(Command.ADJUST_AMPLITUDE, body)
    assert isinstance(decoded, AdjustAmplitude)
    assert decoded.amplitude == pytest.approx(1.024 * u.mA)
    assert decoded.amplitude <= 1.0249999 * u.mA


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        (AdjustAmplitude(lead=0, amplitude=float("nan")), "amplitude_uA"),
        (AdjustAmplitude(lead=0, amplitude=float("inf")), "amplitude_uA"),
        (AdjustAmplitude(lead=0, amplitude=-1 * u.uA), "amplitude_uA"),
        (AdjustAmplitude(lead=0, amplitude=6.001 * u.mA), "amplitude_uA"),
        (AdjustAmplitude(lead=4, amplitude=1 * u.mA), "lead"),
        (AdjustAmplitude(lead=True, amplitude=1 * u.mA), "lead"),
        (
            SetProgram(
                lead=0, polarities=(2, 0, 0, 0), amplitude=0.0, pulse_width=40 * u.us, rate=4.0
            ),
            "polarities",
        ),
        (
            SetProgram(lead=0, polarities=(-1, 1, 0, 0), amplitude=0.0, pulse_width=1.0, rate=4.0),
            "pulse_width_us",
        ),
    ],
)
def test_encode_rejects_bad_values(payload: object, field: str) -> None:
    with pytest.raises(FrameError) as info:
        encode_payload(payload)  # type: ignore[arg-type]
    assert info.value.field == field
    assert isinstance(info.value, ConfigurationError)


def _valid() -> bytes:
    return encode_frame(_frame(AdjustAmplitude(lead=0, amplitude=1 * u.mA)))


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (b"", "frame_length"),
        (_valid()[:-1], "frame_length"),  # truncated tag
        (_valid() + b"\x00", "frame_length"),  # trailing byte
        (b"\x00" * (MAX_FRAME_LENGTH + 1), "frame_length"),
        (b"\x02" + _valid()[1:], "version"),
        (_valid()[:1] + b"\x09" + _valid()[2:], "command"),
        (_valid()[:18] + (4).to_bytes(2, "big") + _valid()[20:] + b"\x00", "payload_length"),
        (_valid()[:18] + (0).to_bytes(2, "big") + _valid()[23:], "payload_length"),
        ("not bytes", "frame"),
    ],
)
def test_decode_is_strict(data: bytes, field: str) -> None:
    with pytest.raises(FrameError) as info:
        decode_frame(data)
    assert info.value.field == field


@pytest.mark.parametrize(
    ("command", "body", "field"),
    [
        (Command.ADJUST_AMPLITUDE, bytes([4]) + (1000).to_bytes(2, "big"), "lead"),
        (Command.ADJUST_AMPLITUDE, bytes([0]) + (6001).to_bytes(2, "big"), "amplitude_uA"),
        (Command.MRI_MODE, b"\x02", "mri_mode"),
        (
            Command.SET_PROGRAM,
            struct.pack(">B4bHHHHB", 0, -2, 0, 1, 0, 0, 40, 4, 0, 1),
            "polarities",
        ),
        (
            Command.SET_PROGRAM,
            struct.pack(">B4bHHHHB", 0, -1, 0, 1, 0, 0, 40, 4, 6001, 1),
            "patient_max_uA",
        ),
        (Command.SET_PROGRAM, struct.pack(">B4bHHHHB", 0, -1, 0, 1, 0, 0, 40, 4, 0, 2), "enabled"),
        (Command.ALL_OFF, b"\x00", "payload_length"),
    ],
)
def test_decode_payload_is_strict(command: Command, body: bytes, field: str) -> None:
    with pytest.raises(FrameError) as info:
        decode_payload(command, body)
    assert info.value.field == field


def test_frame_checks_itself() -> None:
    with pytest.raises(FrameError):
        Frame(command=Command.ALL_OFF, session_id=b"", counter=1, payload=b"", tag=bytes(32))
    with pytest.raises(FrameError):
        Frame(command=Command.ALL_OFF, session_id=bytes(8), counter=-1, payload=b"", tag=bytes(32))
    with pytest.raises(FrameError):
        Frame(command=Command.ALL_OFF, session_id=bytes(8), counter=1, payload=b"", tag=bytes(31))
    with pytest.raises(FrameError):
        Frame(
            command=Command.ALL_OFF,
            session_id=bytes(8),
            counter=1,
            payload=b"",
            tag=bytes(32),
            version=2,
        )
