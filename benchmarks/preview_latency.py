"""Latency of the programmer's coverage preview: first computation versus cached answers.

Seeds a programmer like the tests (temporary SQLite file, in process), records a pain region,
then times, through the API: the peer, a preview of a program with its lead off (charge and
battery only, no neurons); the first preview of a contact configuration (until its background
computation is ready); and cached previews of the same contacts at other amplitudes. Prints a
JSON document with the times, their ratios to the peer, the machine and the version; nothing
here is a test.

Usage: PYTHONPATH=src python benchmarks/preview_latency.py [--cells 24] [--repeats 20]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "unit" / "app" / "server"))

from programmer_world import seed, settings_for, token  # noqa: E402

from drgsim import __version__  # noqa: E402
from drgsim.app.server.main import create_app  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the shared _machine
from _machine import machine  # noqa: E402

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


def _body(amplitude_mA: float, enabled: bool = True) -> dict[str, Any]:
    lead = {"channel": 0, "polarity": "-+00", "enabled": enabled, "amplitude_mA": amplitude_mA,
            "pulse_width_us": 300, "rate_Hz": 20}  # fmt: skip
    return {"name": "bench", "leads": [lead]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cells", type=int, default=24, help="neurons per DRG")
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        app = create_app(settings_for(url, preview_cells_per_drg=args.cells))
        seed(app)
        with TestClient(app) as client:
            h = token(client, "clin1")
            client.put("/api/v1/patients/1/pain-regions", headers=h,
                       json={"regions": [{"region": "foot", "side": "left"}]})  # fmt: skip
            preview = "/api/v1/patients/1/programs/preview"

            def timed(body: dict[str, Any]) -> tuple[float, dict[str, Any]]:
                start = time.perf_counter()
                r = client.post(preview, json=body, headers=h)
                return time.perf_counter() - start, r.json()

            peer = [timed(_body(0.0, enabled=False))[0] for _ in range(args.repeats)]
            start = time.perf_counter()
            _, first = timed(_body(1.0))
            while first["coverage"]["status"] == "computing":
                time.sleep(0.2)
                _, first = timed(_body(1.0))
            first_ready = time.perf_counter() - start
            amplitudes = [0.25 + 0.25 * (i % 20) for i in range(args.repeats)]
            cached = []
            for a in amplitudes:
                t, out = timed(_body(a))
                assert out["coverage"]["status"] == "ready"
                cached.append(t)
    peer_median = statistics.median(peer)
    result = {
        "benchmark": "preview_latency",
        "cells_per_drg": args.cells,
        "peer_no_neurons_median_s": peer_median,
        "first_preview_ready_s": first_ready,
        "cached_preview_median_s": statistics.median(cached),
        "cached_preview_max_s": max(cached),
        "first_over_peer": first_ready / peer_median,
        "cached_over_peer": statistics.median(cached) / peer_median,
        "coverage_percent_at_1mA": first["coverage"]["coverage_percent"],
        "machine": machine(),
        "version": __version__,
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
