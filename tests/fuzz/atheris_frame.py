"""Coverage-guided fuzzing of the telemetry frame and payload parsers with atheris.

Run: ``PYTHONPATH=src python tests/fuzz/atheris_frame.py -atheris_runs=200000``. The only
exception the parsers may raise is FrameError; anything else ends the run with a crash report.
tests/property/test_telemetry_fuzz.py runs a bounded pass when atheris is installed.
"""

from __future__ import annotations

import contextlib
import sys

import atheris

with atheris.instrument_imports():
    from drgsim.device.frame import Command, FrameError, decode_frame, decode_payload
    from drgsim.device.telemetry import (
        GeneratorLink,
        PairingSecret,
        RecordingSink,
        WakeupPolicy,
    )

_SECRET = PairingSecret(key=bytes(range(32)), role="clinician")
_SINK = RecordingSink()
_LINK = GeneratorLink(
    secrets=[_SECRET],
    sink=_SINK,
    policy=WakeupPolicy(window=1e9, max_wakeups=1_000_000, charge_per_wakeup=0.0),
)


def fuzz_one(data: bytes) -> None:
    """Feed one input to every parser; only FrameError is a declared outcome."""
    try:
        frame = decode_frame(data)
    except FrameError:
        pass
    else:
        with contextlib.suppress(FrameError):
            decode_payload(frame.command, frame.payload)
    if data:
        command = list(Command)[data[0] % len(Command)]
        with contextlib.suppress(FrameError):
            decode_payload(command, data[1:])
    _LINK.receive(data, now=0.0)  # must never raise
    if _SINK.calls:
        raise RuntimeError(f"unauthenticated input reached the sink: {_SINK.calls}")


def main() -> None:
    """Entry point for atheris."""
    atheris.Setup(sys.argv, fuzz_one)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
