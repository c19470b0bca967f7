"""Simulated, authenticated telemetry between a programmer and the implanted generator.

No radio and no I/O: bytes go in, outcomes come out, and the caller supplies the time. The
link has three parts.

* **Pairing.** A programmer and the generator share a pairing secret out of band (one per
  programmer role). Each side contributes a fresh 16-byte nonce; both derive a session id and
  one key per direction with HKDF-SHA256 (RFC 5869, https://www.rfc-editor.org/rfc/rfc5869),
  salt = programmer nonce || generator nonce. A new session stays *pending* until its first
  authenticated frame arrives, so an unauthenticated pairing request cannot end a working one.
* **Frames** (:mod:`drgsim.device.frame`) carry an HMAC-SHA256 tag over header and payload and
  a per-direction counter. The generator accepts a frame only if it parses strictly, names a
  live session, its tag verifies (constant-time compare) and its counter is above the last
  accepted one: forged, truncated, replayed and reordered frames are all refused. Commands the
  session's role may not send are refused after authentication.
* **Wake-ups.** Every frame that reaches the receiver wakes it and costs
  :attr:`WakeupPolicy.charge_per_wakeup` from the battery; after
  :attr:`WakeupPolicy.max_wakeups` in one window the receiver stays asleep and drops frames
  unread until the next window. A flood therefore drains at most
  :attr:`WakeupPolicy.budget_per_window` per window, and changes nothing else.

Accepted commands go to a :class:`CommandSink` (the generator twin), which checks every limit
again: telemetry authenticates, it does not judge doses.

Examples
--------
>>> from drgsim import units as u
>>> from drgsim.device.frame import AdjustAmplitude
>>> secret = PairingSecret(key=bytes(range(32)), role=ProgrammerRole.PATIENT)
>>> sink = RecordingSink()
>>> generator = GeneratorLink(secrets=[secret], sink=sink)
>>> programmer = ProgrammerLink(secret=secret)
>>> reply = generator.pair(role=secret.role, programmer_nonce=programmer.start_pairing(), now=0.0)
>>> programmer.finish_pairing(reply)
>>> generator.receive(programmer.send(AdjustAmplitude(lead=0, amplitude=1 * u.mA)), now=1.0).outcome
<Outcome.ACCEPTED: 0>
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import math
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from typing import Protocol

from drgsim import units as u
from drgsim.device.frame import (
    MAX_COUNTER,
    SESSION_ID_LENGTH,
    Ack,
    AdjustAmplitude,
    AllOff,
    Command,
    Frame,
    FrameError,
    MriMode,
    Payload,
    SetProgram,
    StimulationOn,
    command_of,
    decode_frame,
    decode_payload,
    encode_frame,
    encode_payload,
)
from drgsim.errors import ConfigurationError

logger = logging.getLogger(__name__)

NONCE_LENGTH = 16
MIN_SECRET_LENGTH = 16
_INFO = b"drgsim telemetry v1 "


class ProgrammerRole(StrEnum):
    """Which programmer a pairing secret belongs to."""

    CLINICIAN = "clinician"
    PATIENT = "patient"


#: Commands each role may send. The patient controller adjusts intensity, stops stimulation and
#: enters or leaves MRI mode (device.md §6, §8); only the clinician programmer sets programs.
ALLOWED_COMMANDS: dict[ProgrammerRole, frozenset[Command]] = {
    ProgrammerRole.CLINICIAN: frozenset(
        {
            Command.SET_PROGRAM,
            Command.ADJUST_AMPLITUDE,
            Command.ALL_OFF,
            Command.STIMULATION_ON,
            Command.MRI_MODE,
        }
    ),
    ProgrammerRole.PATIENT: frozenset(
        {Command.ADJUST_AMPLITUDE, Command.ALL_OFF, Command.STIMULATION_ON, Command.MRI_MODE}
    ),
}


class Outcome(IntEnum):
    """What the generator did with one received byte string (also the ACK outcome code)."""

    ACCEPTED = 0
    DROPPED_ASLEEP = 1
    MALFORMED = 2
    UNKNOWN_SESSION = 3
    BAD_TAG = 4
    STALE_COUNTER = 5
    NOT_ALLOWED = 6
    REFUSED = 7


def hkdf_sha256(ikm: bytes, *, salt: bytes, info: bytes, length: int) -> bytes:
    """HKDF with SHA-256 (RFC 5869, extract then expand).

    >>> hkdf_sha256(bytes.fromhex("0b" * 22), salt=bytes(range(13)),
    ...             info=bytes(range(0xF0, 0xFA)), length=42).hex()[:16]
    '3cb25f25faacd57a'
    """
    if not 0 < length <= 255 * 32:
        raise ConfigurationError("length", length, "1-8160 bytes")
    prk = hmac.new(salt or bytes(32), ikm, hashlib.sha256).digest()
    block, out = b"", b""
    for i in range(1, -(-length // 32) + 1):
        block = hmac.new(prk, block + info + bytes([i]), hashlib.sha256).digest()
        out += block
    return out[:length]


@dataclass(frozen=True, slots=True, kw_only=True)
class PairingSecret:
    """A secret shared out of band by the generator and one programmer.

    Parameters
    ----------
    key
        At least 16 random bytes (``secrets.token_bytes(32)``); never logged or shown.
    role
        The role of the programmer holding it.
    """

    key: bytes = field(repr=False)
    role: ProgrammerRole

    def __post_init__(self) -> None:
        if not isinstance(self.key, bytes) or len(self.key) < MIN_SECRET_LENGTH:
            size = len(self.key) if isinstance(self.key, bytes) else type(self.key).__name__
            raise ConfigurationError("key", size, f">= {MIN_SECRET_LENGTH} bytes")
        object.__setattr__(self, "role", ProgrammerRole(self.role))

    @classmethod
    def generate(cls, role: ProgrammerRole | str) -> PairingSecret:
        """Draw a new 32-byte secret for ``role`` from the operating system's CSPRNG."""
        return cls(key=secrets.token_bytes(32), role=ProgrammerRole(role))


@dataclass(frozen=True, slots=True, kw_only=True)
class SessionKeys:
    """Session id and the two direction keys derived by pairing."""

    session_id: bytes
    to_generator: bytes = field(repr=False)
    to_programmer: bytes = field(repr=False)
    role: ProgrammerRole


def derive_session_keys(
    secret: PairingSecret, programmer_nonce: bytes, generator_nonce: bytes
) -> SessionKeys:
    """Derive a session from a pairing secret and both nonces (HKDF-SHA256)."""
    for name, nonce in (
        ("programmer_nonce", programmer_nonce),
        ("generator_nonce", generator_nonce),
    ):
        if not isinstance(nonce, bytes) or len(nonce) != NONCE_LENGTH:
            raise ConfigurationError(name, len(nonce), f"{NONCE_LENGTH} bytes")
    salt = programmer_nonce + generator_nonce
    info = _INFO + secret.role.value.encode()
    material = hkdf_sha256(secret.key, salt=salt, info=info, length=SESSION_ID_LENGTH + 64)
    return SessionKeys(
        session_id=material[:SESSION_ID_LENGTH],
        to_generator=material[SESSION_ID_LENGTH : SESSION_ID_LENGTH + 32],
        to_programmer=material[SESSION_ID_LENGTH + 32 :],
        role=secret.role,
    )


def _tag(key: bytes, frame_bytes: bytes) -> bytes:
    return hmac.new(key, frame_bytes, hashlib.sha256).digest()


def seal(keys: SessionKeys, key: bytes, counter: int, payload: Payload) -> bytes:
    """Encode ``payload`` as an authenticated frame numbered ``counter`` under ``key``."""
    body = encode_payload(payload)
    unsigned = Frame(
        command=command_of(payload),
        session_id=keys.session_id,
        counter=counter,
        payload=body,
        tag=bytes(32),
    )
    tag = _tag(key, unsigned.header_and_payload)
    return encode_frame(
        Frame(
            command=unsigned.command,
            session_id=keys.session_id,
            counter=counter,
            payload=body,
            tag=tag,
        )
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class WakeupPolicy:
    """How often the generator's receiver may wake, and what each wake-up costs.

    The values are unsourced assumptions (device.md §7: telemetry drain is configurable and
    unsourced; listed in docs/assumptions.md).

    Parameters
    ----------
    window
        Length of one accounting window [s].
    max_wakeups
        Wake-ups allowed per window; further frames are dropped unread.
    charge_per_wakeup
        Battery charge one wake-up costs [C].
    """

    window: float = 60.0 * u.s
    max_wakeups: int = 20
    charge_per_wakeup: float = 50.0 * u.uC

    def __post_init__(self) -> None:
        if not math.isfinite(self.window) or self.window <= 0:
            raise ConfigurationError("window_s", self.window, "> 0 s, finite")
        if isinstance(self.max_wakeups, bool) or not 1 <= self.max_wakeups <= 1_000_000:
            raise ConfigurationError("max_wakeups", self.max_wakeups, "1-1000000")
        if not math.isfinite(self.charge_per_wakeup) or self.charge_per_wakeup < 0:
            raise ConfigurationError(
                "charge_per_wakeup_uC", self.charge_per_wakeup / u.uC, ">= 0 uC, finite"
            )

    @property
    def budget_per_window(self) -> float:
        """Most charge telemetry can draw in one window [C]."""
        return self.max_wakeups * self.charge_per_wakeup


class CommandSink(Protocol):
    """What the generator twin offers telemetry; each method raises ConfigurationError to refuse."""

    def set_program(self, command: SetProgram, role: ProgrammerRole) -> None:
        """Set a lead's contacts and pulse parameters."""

    def adjust_amplitude(self, command: AdjustAmplitude, role: ProgrammerRole) -> None:
        """Set a lead's amplitude."""

    def all_off(self, role: ProgrammerRole) -> None:
        """Stop all stimulation; must always succeed."""

    def stimulation_on(self, role: ProgrammerRole) -> None:
        """Start stimulation with the active program."""

    def set_mri_mode(self, enabled: bool, role: ProgrammerRole) -> None:
        """Enter or leave MRI mode."""


class RecordingSink:
    """A :class:`CommandSink` that only records what it was told (tests and examples)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, object, ProgrammerRole]] = []

    def set_program(self, command: SetProgram, role: ProgrammerRole) -> None:
        """Record a program."""
        self.calls.append(("set_program", command, role))

    def adjust_amplitude(self, command: AdjustAmplitude, role: ProgrammerRole) -> None:
        """Record an amplitude."""
        self.calls.append(("adjust_amplitude", command, role))

    def all_off(self, role: ProgrammerRole) -> None:
        """Record an all-off."""
        self.calls.append(("all_off", None, role))

    def stimulation_on(self, role: ProgrammerRole) -> None:
        """Record a stimulation-on."""
        self.calls.append(("stimulation_on", None, role))

    def set_mri_mode(self, enabled: bool, role: ProgrammerRole) -> None:
        """Record an MRI-mode change."""
        self.calls.append(("set_mri_mode", enabled, role))


@dataclass(frozen=True, slots=True)
class Reception:
    """The generator's verdict on one received byte string.

    ``ack`` is the authenticated answer frame for the programmer (None when the frame was not
    authenticated, so nothing is sent back); ``error`` is the device's refusal, if any.
    """

    outcome: Outcome
    ack: bytes | None = None
    error: ConfigurationError | None = None


class ProgrammerLink:
    """The programmer's end of the link: pairs, numbers and seals commands, checks answers.

    Parameters
    ----------
    secret
        This programmer's pairing secret.
    nonce_source
        Returns n random bytes; ``secrets.token_bytes`` unless a test injects one.
    """

    def __init__(
        self, *, secret: PairingSecret, nonce_source: Callable[[int], bytes] = secrets.token_bytes
    ) -> None:
        self._secret = secret
        self._nonce_source = nonce_source
        self._nonce: bytes | None = None
        self._keys: SessionKeys | None = None
        self._counter = 0
        self._last_ack_counter = 0

    @property
    def keys(self) -> SessionKeys | None:
        """The current session, None before pairing."""
        return self._keys

    def start_pairing(self) -> bytes:
        """Draw and return this side's pairing nonce (send it to the generator)."""
        self._nonce = self._nonce_source(NONCE_LENGTH)
        return self._nonce

    def finish_pairing(self, generator_nonce: bytes | None) -> None:
        """Derive the session from the generator's nonce; counters restart."""
        if self._nonce is None or generator_nonce is None:
            raise ConfigurationError("generator_nonce", generator_nonce, "an answer to pairing")
        self._keys = derive_session_keys(self._secret, self._nonce, generator_nonce)
        self._nonce, self._counter, self._last_ack_counter = None, 0, 0

    def send(self, payload: Payload) -> bytes:
        """Seal ``payload`` as the next frame of the session."""
        if self._keys is None:
            raise ConfigurationError("session", None, "a paired session", "pair first")
        if self._counter >= MAX_COUNTER:
            raise ConfigurationError("counter", self._counter, f"< {MAX_COUNTER}", "pair again")
        self._counter += 1
        return seal(self._keys, self._keys.to_generator, self._counter, payload)

    def read_ack(self, data: bytes) -> Ack:
        """Verify an answer frame from the generator and return it.

        Raises
        ------
        FrameError
            If the frame is malformed, not of this session, forged or stale.
        """
        if self._keys is None:
            raise FrameError("session", None, "a paired session")
        frame = decode_frame(data)
        if frame.command is not Command.ACK or frame.session_id != self._keys.session_id:
            raise FrameError("ack", frame.command.name, "an ACK of this session")
        expected = _tag(self._keys.to_programmer, frame.header_and_payload)
        if not hmac.compare_digest(expected, frame.tag):
            raise FrameError("tag", "mismatch", "a valid HMAC-SHA256 tag")
        if frame.counter <= self._last_ack_counter:
            raise FrameError("counter", frame.counter, f"> {self._last_ack_counter}")
        self._last_ack_counter = frame.counter
        ack = decode_payload(Command.ACK, frame.payload)
        if not isinstance(ack, Ack):  # pragma: no cover - decode_payload(ACK) returns an Ack
            raise FrameError("ack", type(ack).__name__, "an ACK payload")
        return ack


@dataclass(slots=True, kw_only=True)
class _Session:
    keys: SessionKeys
    last_counter: int = 0
    ack_counter: int = 0


class GeneratorLink:
    """The generator's end of the link: pairs, authenticates, rate-limits and dispatches.

    Parameters
    ----------
    secrets
        The pairing secrets it holds, at most one per role.
    sink
        Where accepted commands go (the generator twin).
    policy
        Wake-up cap and cost.
    battery_draw
        Called with the charge [C] of each wake-up (the twin's battery), if given.
    nonce_source
        Returns n random bytes; ``secrets.token_bytes`` unless a test injects one.
    """

    def __init__(
        self,
        *,
        secrets: Iterable[PairingSecret],
        sink: CommandSink,
        policy: WakeupPolicy | None = None,
        battery_draw: Callable[[float], None] | None = None,
        nonce_source: Callable[[int], bytes] | None = None,
    ) -> None:
        self._secrets: dict[ProgrammerRole, PairingSecret] = {}
        for secret in secrets:
            if secret.role in self._secrets:
                raise ConfigurationError("secrets", secret.role.value, "one secret per role")
            self._secrets[secret.role] = secret
        self._sink = sink
        self.policy = policy if policy is not None else WakeupPolicy()
        self._battery_draw = battery_draw
        self._nonce_source = nonce_source if nonce_source is not None else _token_bytes
        self._current: dict[ProgrammerRole, _Session] = {}
        self._pending: dict[ProgrammerRole, _Session] = {}
        self._window_index: int | None = None
        self._wakeups_in_window = 0
        self._last_now = -math.inf
        #: Total charge drawn by wake-ups [C].
        self.charge_drawn = 0.0
        #: Number of wake-ups (frames read) and of frames dropped unread.
        self.n_wakeups = 0
        self.n_dropped = 0

    def pair(
        self, *, role: ProgrammerRole | str, programmer_nonce: bytes, now: float
    ) -> bytes | None:
        """Answer a pairing request with this side's nonce (None if asleep or no secret).

        The new session is pending: it replaces the role's current session only when its first
        authenticated frame arrives.
        """
        if not self._wake(now):
            return None
        secret = self._secrets.get(ProgrammerRole(role))
        if secret is None or len(programmer_nonce) != NONCE_LENGTH:
            return None
        nonce = self._nonce_source(NONCE_LENGTH)
        keys = derive_session_keys(secret, programmer_nonce, nonce)
        self._pending[secret.role] = _Session(keys=keys)
        return nonce

    def receive(self, data: bytes, *, now: float) -> Reception:
        """Handle one received byte string at time ``now`` [s] (non-decreasing)."""
        if not self._wake(now):
            return Reception(Outcome.DROPPED_ASLEEP)
        try:
            frame = decode_frame(data)
        except FrameError:
            return Reception(Outcome.MALFORMED)
        session, pending = self._find(frame.session_id)
        if session is None:
            return Reception(Outcome.UNKNOWN_SESSION)
        expected = _tag(session.keys.to_generator, frame.header_and_payload)
        if not hmac.compare_digest(expected, frame.tag):
            return Reception(Outcome.BAD_TAG)
        if frame.counter <= session.last_counter:
            return Reception(Outcome.STALE_COUNTER)
        session.last_counter = frame.counter
        role = session.keys.role
        if pending:
            self._current[role] = self._pending.pop(role)
            logger.info("telemetry session for %s programmer activated", role.value)
        outcome, error = self._dispatch(frame, role)
        return Reception(outcome, self._ack(session, frame.counter, outcome), error)

    def _dispatch(
        self, frame: Frame, role: ProgrammerRole
    ) -> tuple[Outcome, ConfigurationError | None]:
        if frame.command not in ALLOWED_COMMANDS[role]:
            return Outcome.NOT_ALLOWED, None
        try:
            payload = decode_payload(frame.command, frame.payload)
            if isinstance(payload, SetProgram):
                self._sink.set_program(payload, role)
            elif isinstance(payload, AdjustAmplitude):
                self._sink.adjust_amplitude(payload, role)
            elif isinstance(payload, AllOff):
                self._sink.all_off(role)
            elif isinstance(payload, StimulationOn):
                self._sink.stimulation_on(role)
            elif isinstance(payload, MriMode):
                self._sink.set_mri_mode(payload.enabled, role)
        except FrameError as error:
            return Outcome.MALFORMED, error
        except ConfigurationError as error:
            return Outcome.REFUSED, error
        return Outcome.ACCEPTED, None

    def _ack(self, session: _Session, counter: int, outcome: Outcome) -> bytes:
        session.ack_counter += 1
        keys = session.keys
        return seal(
            keys, keys.to_programmer, session.ack_counter, Ack(counter=counter, outcome=outcome)
        )

    def _find(self, session_id: bytes) -> tuple[_Session | None, bool]:
        for table, pending in ((self._current, False), (self._pending, True)):
            for session in table.values():
                if hmac.compare_digest(session.keys.session_id, session_id):
                    return session, pending
        return None, False

    def _wake(self, now: float) -> bool:
        if isinstance(now, bool) or not isinstance(now, (int, float)) or not math.isfinite(now):
            raise ConfigurationError("now_s", now, "a finite time in seconds")
        if now < self._last_now:
            raise ConfigurationError("now_s", now, f">= {self._last_now} s (time only advances)")
        self._last_now = now
        index = math.floor(now / self.policy.window)
        if index != self._window_index:
            self._window_index, self._wakeups_in_window = index, 0
        if self._wakeups_in_window >= self.policy.max_wakeups:
            self.n_dropped += 1
            return False
        self._wakeups_in_window += 1
        self.n_wakeups += 1
        self.charge_drawn += self.policy.charge_per_wakeup
        if self._battery_draw is not None:
            self._battery_draw(self.policy.charge_per_wakeup)
        return True


def _token_bytes(n: int) -> bytes:
    return secrets.token_bytes(n)


__all__ = [
    "ALLOWED_COMMANDS",
    "CommandSink",
    "GeneratorLink",
    "Outcome",
    "PairingSecret",
    "ProgrammerLink",
    "ProgrammerRole",
    "Reception",
    "RecordingSink",
    "SessionKeys",
    "WakeupPolicy",
    "derive_session_keys",
    "hkdf_sha256",
    "seal",
]
