"""Fuzzing the telemetry parsers: no crash other than the declared FrameError.

Hypothesis drives arbitrary and structure-aware inputs here; when atheris is installed a bounded
coverage-guided pass of tests/fuzz/atheris_frame.py runs as well.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drgsim.device.frame import (
    HEADER,
    PAYLOAD_LENGTHS,
    Command,
    Frame,
    FrameError,
    decode_frame,
    decode_payload,
    encode_frame,
    encode_payload,
)
from drgsim.device.telemetry import (
    GeneratorLink,
    Outcome,
    PairingSecret,
    RecordingSink,
    WakeupPolicy,
)

ROOT = Path(__file__).resolve().parents[2]
UNCAPPED = WakeupPolicy(window=1e9, max_wakeups=1_000_000, charge_per_wakeup=0.0)


def _parse_all(data: bytes) -> None:
    try:
        frame = decode_frame(data)
    except FrameError as error:
        assert error.field and error.allowed  # the declared error names what was wrong
        return
    assert encode_frame(frame) == data  # a parsed frame is exactly its bytes
    with contextlib.suppress(FrameError):
        decode_payload(frame.command, frame.payload)


@settings(max_examples=600)
@given(st.binary(max_size=120))
def test_arbitrary_bytes_raise_only_frame_error(data: bytes) -> None:
    _parse_all(data)


headers = st.builds(
    HEADER.pack,
    st.sampled_from([0, 1, 1, 1, 2, 255]),
    st.integers(0, 255) | st.sampled_from([int(c) for c in Command]),
    st.binary(min_size=8, max_size=8),
    st.integers(0, 2**64 - 1),
    st.integers(0, 2**16 - 1) | st.sampled_from(sorted(set(PAYLOAD_LENGTHS.values()))),
)


@settings(max_examples=600)
@given(header=headers, rest=st.binary(max_size=80))
def test_structured_frames_raise_only_frame_error(header: bytes, rest: bytes) -> None:
    _parse_all(header + rest)


@settings(max_examples=400)
@given(command=st.sampled_from(list(Command)), payload=st.binary(max_size=20))
def test_payloads_raise_only_frame_error(command: Command, payload: bytes) -> None:
    try:
        decoded = decode_payload(command, payload)
    except FrameError:
        return
    assert encode_payload(decoded) == payload  # what is accepted is read exactly


@settings(max_examples=400)
@given(
    command=st.sampled_from(list(Command)),
    counter=st.integers(0, 2**64 - 1),
    payload=st.binary(max_size=12),
    tag=st.binary(min_size=32, max_size=32),
)
def test_receiver_never_raises_and_never_obeys_unauthenticated_input(
    command: Command, counter: int, payload: bytes, tag: bytes
) -> None:
    sink = RecordingSink()
    link = GeneratorLink(
        secrets=[PairingSecret(key=bytes(32), role="clinician")], sink=sink, policy=UNCAPPED
    )
    assert link.pair(role="clinician", programmer_nonce=bytes(16), now=0.0) is not None
    raw = HEADER.pack(1, command, bytes(8), counter, len(payload)) + payload + tag
    try:
        data = encode_frame(
            Frame(command=command, session_id=bytes(8), counter=counter, payload=payload, tag=tag)
        )
    except FrameError:
        data = raw
    for candidate in (data, raw, raw[:-1]):
        reception = link.receive(candidate, now=0.0)
        assert reception.outcome in {
            Outcome.MALFORMED,
            Outcome.UNKNOWN_SESSION,
            Outcome.BAD_TAG,
        }
        assert reception.ack is None
    assert sink.calls == []


def test_atheris_pass_finds_no_crash(tmp_path: Path) -> None:
    pytest.importorskip("atheris")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "tests" / "fuzz" / "atheris_frame.py"),
            "-atheris_runs=30000",
            "-seed=1",
            f"-artifact_prefix={tmp_path}/",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Done 30000" in result.stderr
    assert list(tmp_path.iterdir()) == []  # no crash artefact written
