"""Binary layout of the telemetry frames exchanged by a programmer and the generator.

A frame is a fixed header, a command payload and an HMAC-SHA256 tag, all big-endian::

    offset size field
    0      1    version        (FRAME_VERSION)
    1      1    command        (Command code)
    2      8    session_id     (from the pairing step)
    10     8    counter        (unsigned, strictly increasing per session and direction)
    18     2    payload_length (bytes)
    20     n    payload        (layout fixed per command, see PAYLOAD_LENGTHS)
    20+n   32   tag            (HMAC-SHA256 over bytes 0 .. 20+n with the session key)

Payload fields are integers in the device's programming units (µA, µs, Hz), an edge of the
package, so they carry unit suffixes; :func:`decode_payload` converts them to SI once.

Parsing is strict: any length, version, command or field that is not exactly allowed raises
:class:`FrameError` (a :class:`~drgsim.errors.ConfigurationError`), the one error the parsers
declare. Authentication is done by :mod:`drgsim.device.telemetry`, not here.

Examples
--------
>>> from drgsim import units as u
>>> body = encode_payload(AdjustAmplitude(lead=0, amplitude=1.5 * u.mA))
>>> frame = Frame(command=Command.ADJUST_AMPLITUDE, session_id=bytes(8), counter=1,
...               payload=body, tag=bytes(32))
>>> decode_frame(encode_frame(frame)) == frame
True
"""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass
from enum import IntEnum

from drgsim import units as u
from drgsim.errors import ConfigurationError

FRAME_VERSION = 1
HEADER = struct.Struct(">BB8sQH")
TAG_LENGTH = 32
SESSION_ID_LENGTH = 8
MAX_COUNTER = 2**64 - 1
N_CONTACTS_PER_LEAD = 4  # device.md §2: 4 electrodes per lead [READ]
N_LEADS = 4  # device.md §2: up to 4 leads per IPG [READ]
MAX_WIRE_AMPLITUDE_uA = 6000  # device.md §4.1: 0-6000 µA [READ]; the twin re-checks


class FrameError(ConfigurationError):
    """A byte string is not a well-formed telemetry frame or payload."""


class Command(IntEnum):
    """Wire code of each command a programmer may send to the generator."""

    SET_PROGRAM = 1
    ADJUST_AMPLITUDE = 2
    ALL_OFF = 3
    MRI_MODE = 4
    ACK = 5
    STIMULATION_ON = 6


# lead, polarities, amplitude_uA, pulse_width_us, rate_Hz, patient_max_uA, enabled
_PROGRAM = struct.Struct(">B4bHHHHB")
_AMPLITUDE = struct.Struct(">BH")  # lead, amplitude_uA
_MRI = struct.Struct(">B")  # 1 = enter, 0 = leave
_ACK = struct.Struct(">QB")  # acknowledged counter, outcome code

PAYLOAD_LENGTHS: dict[Command, int] = {
    Command.SET_PROGRAM: _PROGRAM.size,
    Command.ADJUST_AMPLITUDE: _AMPLITUDE.size,
    Command.ALL_OFF: 0,
    Command.MRI_MODE: _MRI.size,
    Command.ACK: _ACK.size,
    Command.STIMULATION_ON: 0,
}
MAX_FRAME_LENGTH = HEADER.size + max(PAYLOAD_LENGTHS.values()) + TAG_LENGTH


@dataclass(frozen=True, slots=True, kw_only=True)
class Frame:
    """One decoded telemetry frame (not yet authenticated).

    Parameters
    ----------
    command
        What the frame asks for.
    session_id
        Eight bytes naming the paired session.
    counter
        Per-session, per-direction sequence number, 0 to 2**64 - 1.
    payload
        Command payload; its length is fixed by the command.
    tag
        HMAC-SHA256 tag (32 bytes) over the header and payload.
    version
        Layout version, only :data:`FRAME_VERSION` is accepted.
    """

    command: Command
    session_id: bytes
    counter: int
    payload: bytes
    tag: bytes
    version: int = FRAME_VERSION

    def __post_init__(self) -> None:
        if self.version != FRAME_VERSION:
            raise FrameError("version", self.version, f"{FRAME_VERSION}", "upgrade the peer")
        if not isinstance(self.command, Command):
            raise FrameError("command", self.command, _command_names())
        if len(self.session_id) != SESSION_ID_LENGTH:
            raise FrameError("session_id", len(self.session_id), "8 bytes")
        if not 0 <= self.counter <= MAX_COUNTER:
            raise FrameError("counter", self.counter, f"0-{MAX_COUNTER}", "pair again")
        expected = PAYLOAD_LENGTHS[self.command]
        if len(self.payload) != expected:
            raise FrameError(
                "payload_length", len(self.payload), f"{expected} bytes for {self.command.name}"
            )
        if len(self.tag) != TAG_LENGTH:
            raise FrameError("tag", len(self.tag), f"{TAG_LENGTH} bytes")

    @property
    def header_and_payload(self) -> bytes:
        """The authenticated bytes: header then payload."""
        return (
            HEADER.pack(
                self.version, self.command, self.session_id, self.counter, len(self.payload)
            )
            + self.payload
        )


def encode_frame(frame: Frame) -> bytes:
    """Serialise a frame to bytes (header, payload, tag)."""
    return frame.header_and_payload + frame.tag


def decode_frame(data: bytes) -> Frame:
    """Parse bytes into a :class:`Frame`, strictly.

    Raises
    ------
    FrameError
        If the length, version, command, payload length or any field is not exactly allowed.
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise FrameError("frame", type(data).__name__, "bytes")
    data = bytes(data)
    minimum = HEADER.size + TAG_LENGTH
    if not minimum <= len(data) <= MAX_FRAME_LENGTH:
        raise FrameError("frame_length", len(data), f"{minimum}-{MAX_FRAME_LENGTH} bytes")
    version, code, session_id, counter, length = HEADER.unpack_from(data)
    if version != FRAME_VERSION:
        raise FrameError("version", version, f"{FRAME_VERSION}", "upgrade the peer")
    try:
        command = Command(code)
    except ValueError:
        raise FrameError("command", code, _command_names()) from None
    if len(data) != HEADER.size + length + TAG_LENGTH:
        raise FrameError(
            "frame_length", len(data), f"{HEADER.size + length + TAG_LENGTH} bytes (header says)"
        )
    payload = data[HEADER.size : HEADER.size + length]
    tag = data[HEADER.size + length :]
    return Frame(command=command, session_id=session_id, counter=counter, payload=payload, tag=tag)


@dataclass(frozen=True, slots=True, kw_only=True)
class SetProgram:
    """Set one lead's contacts and pulse parameters (clinician only).

    Parameters
    ----------
    lead
        Lead index, 0-3.
    polarities
        Per contact: -1 cathode, +1 anode, 0 off.
    amplitude
        Cathodic amplitude [A]; sent floored to whole µA.
    pulse_width
        Pulse width [s]; sent floored to whole µs.
    rate
        Pulse rate [Hz]; sent floored to whole Hz.
    patient_max_amplitude
        Most the patient may raise the amplitude to [A]; sent floored to whole µA.
    enabled
        Whether the lead is switched on.
    """

    lead: int
    polarities: tuple[int, int, int, int]
    amplitude: float
    pulse_width: float
    rate: float
    patient_max_amplitude: float = 0.0
    enabled: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class AdjustAmplitude:
    """Set one lead's amplitude [A] (the patient's intensity control)."""

    lead: int
    amplitude: float


@dataclass(frozen=True, slots=True, kw_only=True)
class AllOff:
    """Stop stimulation on every lead."""


@dataclass(frozen=True, slots=True, kw_only=True)
class StimulationOn:
    """Start stimulation with the active program."""


@dataclass(frozen=True, slots=True, kw_only=True)
class MriMode:
    """Enter (``enabled=True``) or leave MRI mode."""

    enabled: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class Ack:
    """The generator's answer to the frame numbered ``counter``; ``outcome`` is a code."""

    counter: int
    outcome: int


Payload = SetProgram | AdjustAmplitude | AllOff | StimulationOn | MriMode | Ack

_COMMAND_OF: dict[type[Payload], Command] = {
    SetProgram: Command.SET_PROGRAM,
    AdjustAmplitude: Command.ADJUST_AMPLITUDE,
    AllOff: Command.ALL_OFF,
    StimulationOn: Command.STIMULATION_ON,
    MriMode: Command.MRI_MODE,
    Ack: Command.ACK,
}


def command_of(payload: Payload) -> Command:
    """Return the wire code of a payload object."""
    return _COMMAND_OF[type(payload)]


def encode_payload(payload: Payload) -> bytes:
    """Serialise a command payload; values are floored to the wire grid (never rounded up).

    Raises
    ------
    FrameError
        If a value is not finite, negative, or does not fit its wire field.
    """
    if isinstance(payload, SetProgram):
        _check_lead(payload.lead)
        if len(payload.polarities) != N_CONTACTS_PER_LEAD or any(
            p not in (-1, 0, 1) for p in payload.polarities
        ):
            raise FrameError("polarities", payload.polarities, "4 values of -1, 0 or +1")
        return _PROGRAM.pack(
            payload.lead,
            *payload.polarities,
            _to_wire("amplitude_uA", payload.amplitude, u.uA, MAX_WIRE_AMPLITUDE_uA),
            _to_wire("pulse_width_us", payload.pulse_width, u.us, 0xFFFF),
            _to_wire("rate_Hz", payload.rate, u.Hz, 0xFFFF),
            _to_wire("patient_max_uA", payload.patient_max_amplitude, u.uA, MAX_WIRE_AMPLITUDE_uA),
            1 if payload.enabled else 0,
        )
    if isinstance(payload, AdjustAmplitude):
        _check_lead(payload.lead)
        amplitude_uA = _to_wire("amplitude_uA", payload.amplitude, u.uA, MAX_WIRE_AMPLITUDE_uA)
        return _AMPLITUDE.pack(payload.lead, amplitude_uA)
    if isinstance(payload, (AllOff, StimulationOn)):
        return b""
    if isinstance(payload, MriMode):
        return _MRI.pack(1 if payload.enabled else 0)
    if not 0 <= payload.counter <= MAX_COUNTER or not 0 <= payload.outcome <= 0xFF:
        raise FrameError("ack", (payload.counter, payload.outcome), "counter u64, outcome u8")
    return _ACK.pack(payload.counter, payload.outcome)


def decode_payload(command: Command, payload: bytes) -> Payload:
    """Parse a command payload into its SI-valued object.

    Raises
    ------
    FrameError
        If the length or any field is not exactly allowed.
    """
    expected = PAYLOAD_LENGTHS.get(command)
    if expected is None or len(payload) != expected:
        raise FrameError("payload_length", len(payload), f"{expected} bytes for {command!s}")
    if command is Command.SET_PROGRAM:
        lead, p0, p1, p2, p3, amplitude_uA, pulse_width_us, rate_Hz, max_uA, enabled = (
            _PROGRAM.unpack(payload)
        )
        _check_lead(lead)
        polarities = (p0, p1, p2, p3)
        if any(p not in (-1, 0, 1) for p in polarities):
            raise FrameError("polarities", polarities, "4 values of -1, 0 or +1")
        _check_amplitude(amplitude_uA)
        _check_amplitude(max_uA, "patient_max_uA")
        if enabled not in (0, 1):
            raise FrameError("enabled", enabled, "0 (off) or 1 (on)")
        return SetProgram(
            lead=lead,
            polarities=polarities,
            amplitude=amplitude_uA * u.uA,
            pulse_width=pulse_width_us * u.us,
            rate=rate_Hz * u.Hz,
            patient_max_amplitude=max_uA * u.uA,
            enabled=enabled == 1,
        )
    if command is Command.ADJUST_AMPLITUDE:
        lead, amplitude_uA = _AMPLITUDE.unpack(payload)
        _check_lead(lead)
        _check_amplitude(amplitude_uA)
        return AdjustAmplitude(lead=lead, amplitude=amplitude_uA * u.uA)
    if command is Command.ALL_OFF:
        return AllOff()
    if command is Command.STIMULATION_ON:
        return StimulationOn()
    if command is Command.MRI_MODE:
        (flag,) = _MRI.unpack(payload)
        if flag not in (0, 1):
            raise FrameError("mri_mode", flag, "0 (leave) or 1 (enter)")
        return MriMode(enabled=flag == 1)
    counter, outcome = _ACK.unpack(payload)
    return Ack(counter=counter, outcome=outcome)


def _to_wire(field: str, value: float, unit: float, maximum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise FrameError(field, value, f"a finite number, 0-{maximum}")
    # A tiny relative margin absorbs binary round-off (1.5 mA / 1 µA = 1499.9999...);
    # everything else floors, so the wire value never exceeds the requested one by more.
    wire = math.floor(value / unit * (1.0 + 1e-12))
    if not 0 <= wire <= maximum:
        raise FrameError(field, value / unit, f"0-{maximum}")
    return wire


def _check_lead(lead: int) -> None:
    if isinstance(lead, bool) or not isinstance(lead, int) or not 0 <= lead < N_LEADS:
        raise FrameError("lead", lead, f"0-{N_LEADS - 1}")


def _check_amplitude(amplitude_uA: int, field: str = "amplitude_uA") -> None:
    if amplitude_uA > MAX_WIRE_AMPLITUDE_uA:
        raise FrameError(field, amplitude_uA, f"0-{MAX_WIRE_AMPLITUDE_uA}")


def _command_names() -> str:
    return ", ".join(f"{c.value} ({c.name})" for c in Command)


__all__ = [
    "FRAME_VERSION",
    "HEADER",
    "MAX_FRAME_LENGTH",
    "PAYLOAD_LENGTHS",
    "TAG_LENGTH",
    "Ack",
    "AdjustAmplitude",
    "AllOff",
    "Command",
    "Frame",
    "FrameError",
    "MriMode",
    "Payload",
    "SetProgram",
    "StimulationOn",
    "command_of",
    "decode_frame",
    "decode_payload",
    "encode_frame",
    "encode_payload",
]
