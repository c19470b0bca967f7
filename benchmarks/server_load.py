"""Load on the programmer server, over loopback only, bounded in time.

Starts the programmer (seeded like the tests, on a temporary SQLite file) and a bare FastAPI app
with one trivial route, each under uvicorn on 127.0.0.1, in this process. For each target it
runs closed-loop clients for a fixed time and reports requests per second and latency
percentiles: the bare route (the peer), the patient's status read (GET controller) and the
patient's intensity change (POST controller/amplitude). Then it offers the amplitude route twice
the measured capacity (open loop, fixed arrival rate) and counts the answers by status code;
afterwards it verifies the audit log's hash chain.

Usage: PYTHONPATH=src python benchmarks/server_load.py [--seconds 5] [--clients 8] [--out FILE]
Prints a JSON document (numbers, machine, version); nothing here is a test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import httpx
import uvicorn
from fastapi import FastAPI

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "unit" / "app" / "server"))

from programmer_world import PASSWORD, seed, settings_for  # noqa: E402

from drgsim import __version__  # noqa: E402
from drgsim.app.db import audit  # noqa: E402
from drgsim.app.server.main import create_app  # noqa: E402

HOST = "127.0.0.1"  # loopback only


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def _serve(app: FastAPI) -> tuple[uvicorn.Server, str]:
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host=HOST, port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("server did not start")
        time.sleep(0.05)
    return server, f"http://{HOST}:{port}"


def _closed_loop(
    url: str, method: str, seconds: float, clients: int, headers: dict[str, str], body: object
) -> dict[str, float]:
    latencies: list[float] = []
    codes: Counter[str] = Counter()
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker(i: int) -> None:
        with httpx.Client(timeout=5) as client:
            while time.monotonic() < stop:
                payload = body(i) if callable(body) else body
                t0 = time.perf_counter()
                try:
                    key = str(
                        client.request(method, url, headers=headers, json=payload).status_code
                    )
                except httpx.HTTPError as error:
                    key = type(error).__name__
                dt = time.perf_counter() - t0
                with lock:
                    latencies.append(dt)
                    codes[key] += 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    t_start = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - t_start
    latencies.sort()
    if not latencies:
        return {"requests": 0, "rps": 0.0, "codes": dict(codes)}  # type: ignore[dict-item]
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50_ms": 1e3 * statistics.median(latencies),
        "p99_ms": 1e3 * latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))],
        "codes": dict(codes),  # type: ignore[dict-item]
    }


def _open_loop(
    url: str, rate: float, seconds: float, headers: dict[str, str], body: object
) -> dict[str, object]:
    codes: Counter[str] = Counter()
    lock = threading.Lock()
    n = int(rate * seconds)
    start = time.monotonic()

    def fire(i: int) -> None:
        try:
            with httpx.Client(timeout=5) as client:
                r = client.post(url, headers=headers, json=body(i) if callable(body) else body)
            key = str(r.status_code)
        except httpx.HTTPError as error:
            key = type(error).__name__
        with lock:
            codes[key] += 1

    threads = []
    for i in range(n):
        delay = start + i / rate - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        t = threading.Thread(target=fire, args=(i,))
        t.start()
        threads.append(t)
    for t in threads:
        t.join(timeout=10)
    return {"offered_rps": rate, "offered": n, "answers": dict(codes)}


def main() -> None:
    """Run the benchmark and print JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    seconds = min(max(args.seconds, 1.0), 30.0)  # bounded

    bare = FastAPI()

    @bare.get("/ping")
    def ping() -> dict[str, bool]:
        return {"ok": True}

    with tempfile.TemporaryDirectory() as tmp:
        url_db = f"sqlite:///{Path(tmp) / 'load.sqlite3'}"
        app = create_app(settings_for(url_db))
        patient, _, _, _ = seed(app)
        bare_server, bare_url = _serve(bare)
        server, base = _serve(app)
        try:
            r = httpx.post(
                f"{base}/api/v1/auth/token", data={"username": "pat1", "password": PASSWORD}
            )
            headers = {"Authorization": f"Bearer {r.json()['access_token']}"}
            controller = f"{base}/api/v1/patients/{patient}/controller"

            def amplitude(i: int) -> dict[str, object]:
                return {"channel": 0, "amplitude_mA": (0.25, 0.5, 0.75, 1.0)[i % 4]}

            results: dict[str, object] = {
                "bare_ping": _closed_loop(
                    f"{bare_url}/ping", "GET", seconds, args.clients, {}, None
                ),
                "status_read": _closed_loop(
                    controller, "GET", seconds, args.clients, headers, None
                ),
                "patient_adjustment": _closed_loop(
                    f"{controller}/amplitude", "POST", seconds, args.clients, headers, amplitude
                ),
            }
            capacity = results["patient_adjustment"]["rps"]  # type: ignore[index]
            results["overload_2x_adjustment"] = _open_loop(
                f"{controller}/amplitude", 2 * capacity, seconds, headers, amplitude
            )
            for name in ("status_read", "patient_adjustment"):
                entry = results[name]
                entry["rps_vs_bare"] = entry["rps"] / results["bare_ping"]["rps"]  # type: ignore[index]
            with app.state.programmer.factory() as session:
                report = audit.verify(session)
            results["audit_after"] = {"valid": report.is_valid, "entries": report.n_entries}
        finally:
            server.should_exit = True
            bare_server.should_exit = True
            time.sleep(0.5)
    document = {
        "benchmark": "server_load",
        "drgsim": __version__,
        "machine": {
            "platform": platform.platform(),
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
        },
        "seconds_per_phase": seconds,
        "clients": args.clients,
        "results": results,
    }
    text = json.dumps(document, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
