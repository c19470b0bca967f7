"""Load on the programmer server, over loopback only, bounded in time.

Starts programmers (seeded like the tests, each on a temporary SQLite file) and a bare FastAPI
app with one trivial route, each under uvicorn on 127.0.0.1 in a process of its own (so the
load generators here do not share the servers' interpreter lock). For each target it
runs closed-loop clients for a fixed time and reports requests per second and latency
percentiles:

1. capacity, rate limits lifted (load shedding at its defaults): the bare route (the peer), the
   patient's status read (GET controller) and intensity change (POST controller/amplitude);
2. the status read with the default rate limits on (per address, per user): 2xx and 429 answers;
3. overload: the amplitude route offered twice the measured capacity (open loop, fixed arrival
   rate), once on the shedding server (503 expected) and once with the limits on (429
   expected), while a prober sends the patient's "stimulation off" every 100 ms and records its
   latency and status; the same prober first runs on the idle server as the baseline.

Afterwards it verifies the audit log's hash chain of each programmer.

Usage: PYTHONPATH=src python benchmarks/server_load.py [--seconds 5] [--clients 8] [--out FILE]
Prints a JSON document (numbers, machine, version); nothing here is a test.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import multiprocessing
import socket
import statistics
import subprocess
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

from programmer_world import PASSWORD, UNLIMITED, seed, settings_for  # noqa: E402

from drgsim import __version__  # noqa: E402
from drgsim.app.db import audit  # noqa: E402
from drgsim.app.server.main import create_app  # noqa: E402
from drgsim.app.server.settings import Settings  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the shared _machine
from _machine import machine  # noqa: E402

HOST = "127.0.0.1"  # loopback only


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


#: Settings of the two programmers: rate limits lifted with load shedding at its defaults, and
#: every default (the limits on).
_DEFAULTS = Settings.model_fields
PROFILES: dict[str, dict[str, object]] = {
    "shedding": {
        k: v if k.startswith(("rate_", "login_")) else _DEFAULTS[k].default
        for k, v in UNLIMITED.items()
    },
    "limits_on": {k: _DEFAULTS[k].default for k in UNLIMITED},
}


def _bare_app() -> FastAPI:
    bare = FastAPI()

    @bare.get("/ping")
    def ping() -> dict[str, bool]:
        return {"ok": True}

    return bare


def _child(kind: str, url_db: str, port: int) -> None:
    """Serve one app in this (child) process until terminated."""
    if kind == "bare":
        app = _bare_app()
    else:
        app = create_app(settings_for(url_db, **PROFILES[kind]), migrate=False)
    uvicorn.run(app, host=HOST, port=port, log_level="warning")


def _spawn(kind: str, url_db: str) -> tuple[subprocess.Popen[bytes], str]:
    """Start a server in its own process; return it and its base URL."""
    port = _free_port()
    command = [sys.executable, __file__, "--serve", kind, "--database-url", url_db]
    process = subprocess.Popen([*command, "--port", str(port)])
    base = f"http://{HOST}:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(f"{base}/openapi.json", timeout=5)
            return process, base
        except httpx.HTTPError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise RuntimeError(f"{kind} server did not start") from None
            time.sleep(0.2)


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

    # One client shared by every request (thread-safe, one connection each as needed): a fresh
    # client per request cost the load generator more CPU than the requests it sent.
    client = httpx.Client(timeout=5, limits=httpx.Limits(max_connections=None))

    def fire(i: int) -> None:
        try:
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
    client.close()
    return {"offered_rps": rate, "offered": n, "answers": dict(codes)}


def _percentiles(latencies: list[float]) -> dict[str, float]:
    if not latencies:
        return {}
    ordered = sorted(latencies)
    return {
        "p50_ms": 1e3 * statistics.median(ordered),
        "p99_ms": 1e3 * ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))],
        "max_ms": 1e3 * ordered[-1],
    }


def _off_prober(url: str, headers: dict[str, str], seconds: float) -> dict[str, object]:
    """POST stimulation off every 100 ms for ``seconds``; latency and status of each."""
    latencies: list[float] = []
    codes: Counter[str] = Counter()
    stop = time.monotonic() + seconds
    with httpx.Client(timeout=10) as client:
        while not latencies or time.monotonic() < stop:  # at least one, however late
            t0 = time.perf_counter()
            try:
                key = str(client.post(url, headers=headers).status_code)
            except httpx.HTTPError as error:
                key = type(error).__name__
            latencies.append(time.perf_counter() - t0)
            codes[key] += 1
            time.sleep(max(0.0, 0.1 - (time.perf_counter() - t0)))
    return {"requests": len(latencies), "codes": dict(codes), **_percentiles(latencies)}


def _overload_with_off(
    base: str, patient: int, headers: dict[str, str], rate: float, seconds: float, body: object
) -> dict[str, object]:
    controller = f"{base}/api/v1/patients/{patient}/controller"
    # The prober runs in its own process, so its latency is the server's, not the load
    # generator's competition for this process's interpreter lock.
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=context) as pool:
        pool.submit(time.sleep, 0).result()  # started before the flood
        probe = pool.submit(_off_prober, f"{controller}/off", headers, seconds)
        flood = _open_loop(f"{controller}/amplitude", rate, seconds, headers, body)
        return {**flood, "stimulation_off_during": probe.result()}


def _login(base: str) -> dict[str, str]:
    r = httpx.post(f"{base}/api/v1/auth/token", data={"username": "pat1", "password": PASSWORD})
    r.raise_for_status()
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def main() -> None:
    """Run the benchmark and print JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--serve", choices=["bare", *PROFILES], help=argparse.SUPPRESS)
    parser.add_argument("--database-url", default="", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        _child(args.serve, args.database_url, args.port)
        return
    seconds = min(max(args.seconds, 1.0), 30.0)  # bounded
    results: dict[str, object] = {"settings": PROFILES}

    def amplitude(i: int) -> dict[str, object]:
        return {"channel": 0, "amplitude_mA": (0.25, 0.5, 0.75, 1.0)[i % 4]}

    with tempfile.TemporaryDirectory() as tmp:
        urls = {name: f"sqlite:///{Path(tmp) / name}.sqlite3" for name in PROFILES}
        for url in urls.values():
            app = create_app(settings_for(url))
            patient, _, _, _ = seed(app)
            app.state.engine.dispose()
        servers = {name: _spawn(name, url) for name, url in urls.items()}
        servers["bare"] = _spawn("bare", "")
        try:
            base = servers["shedding"][1]
            headers = _login(base)
            controller = f"{base}/api/v1/patients/{patient}/controller"
            results["bare_ping"] = _closed_loop(
                f"{servers['bare'][1]}/ping", "GET", seconds, args.clients, {}, None
            )
            results["status_read"] = _closed_loop(
                controller, "GET", seconds, args.clients, headers, None
            )
            results["patient_adjustment"] = _closed_loop(
                f"{controller}/amplitude", "POST", seconds, args.clients, headers, amplitude
            )
            for name in ("status_read", "patient_adjustment"):
                entry = results[name]
                entry["rps_vs_bare"] = entry["rps"] / results["bare_ping"]["rps"]  # type: ignore[index]
            capacity = results["patient_adjustment"]["rps"]  # type: ignore[index]
            results["stimulation_off_idle"] = _off_prober(f"{controller}/off", headers, 1.0)
            results["overload_2x_adjustment_shedding"] = _overload_with_off(
                base, patient, headers, 2 * capacity, seconds, amplitude
            )
            limited_base = servers["limits_on"][1]
            limited_headers = _login(limited_base)
            limited_ctl = f"{limited_base}/api/v1/patients/{patient}/controller"
            status_limited = _closed_loop(
                limited_ctl, "GET", seconds, args.clients, limited_headers, None
            )
            codes = status_limited["codes"]
            status_limited["ok_rps"] = codes.get("200", 0) / seconds  # type: ignore[attr-defined]
            results["status_read_limits_on"] = status_limited
            results["overload_2x_adjustment_limits_on"] = _overload_with_off(
                limited_base, patient, limited_headers, 2 * capacity, seconds, amplitude
            )
        finally:
            for process, _ in servers.values():
                process.terminate()
                process.wait(30)
        audit_after: dict[str, object] = {}
        for name, url in urls.items():
            app = create_app(settings_for(url), migrate=False)
            with app.state.programmer.factory() as session:
                report = audit.verify(session)
            audit_after[name] = {"valid": report.is_valid, "entries": report.n_entries}
            app.state.engine.dispose()
        results["audit_after"] = audit_after
    document = {
        "benchmark": "server_load",
        "drgsim": __version__,
        "machine": machine(),
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
