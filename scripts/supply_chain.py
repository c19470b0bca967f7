"""Supply-chain checks: bandit over the shipped code, pip-audit over the installed environment.

Usage: python scripts/supply_chain.py [--sbom PATH]

* bandit scans ``src/`` (the code that ships); every finding fails the step unless
  ``security-waivers.toml`` waives it with a reason.
* pip-audit checks every installed distribution against a vulnerability service online: first
  ``DRGSIM_AUDIT_SERVICE`` (``pypi``, PyPI's JSON API, by default; or ``osv``), then the other.
  When neither answers, ``DRGSIM_AUDIT`` decides: ``auto`` (default) prints exactly what failed
  and falls back to offline mode (pip-audit ``--dry-run`` collects the environment; nothing is
  checked against a vulnerability database); ``online`` fails the step; ``off`` skips pip-audit.
  The mode that ran is printed: ``mode ONLINE via <service>``, ``mode OFFLINE`` or
  ``mode SKIPPED``.
* ``--sbom PATH`` also writes a CycloneDX SBOM of the environment (``cyclonedx-py environment``).

Exit status 0 when no unwaived finding remains. See docs/sbom.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WAIVERS = ROOT / "security-waivers.toml"


def load_waivers() -> list[dict[str, str]]:
    """Read the waivers; each needs tool, id, reason, and a path (bandit) or package (audit)."""
    data = tomllib.loads(WAIVERS.read_text(encoding="utf-8")) if WAIVERS.exists() else {}
    waivers: list[dict[str, str]] = data.get("waiver", [])
    for waiver in waivers:
        missing = {"tool", "id", "reason"} - waiver.keys()
        if missing or not waiver["reason"].strip():
            sys.exit(f"supply-chain: waiver {waiver} lacks {sorted(missing) or ['reason']}")
    return waivers


def run_bandit(waivers: list[dict[str, str]]) -> int:
    """Run bandit over src/ and return the number of unwaived findings."""
    out = subprocess.run(
        [sys.executable, "-m", "bandit", "-r", "src", "-f", "json", "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        report = json.loads(out.stdout)
    except json.JSONDecodeError:
        print(out.stdout, out.stderr, sep="\n")
        sys.exit("supply-chain: bandit did not produce a report")
    if report.get("errors"):
        sys.exit(f"supply-chain: bandit could not scan: {report['errors']}")
    unwaived = 0
    for finding in report["results"]:
        path = Path(finding["filename"]).as_posix()
        waived = any(
            w["tool"] == "bandit" and w["id"] == finding["test_id"] and path == w.get("path")
            for w in waivers
        )
        status = "waived" if waived else "FINDING"
        print(
            f"bandit {status}: {finding['test_id']} {path}:{finding['line_number']} "
            f"[{finding['issue_severity']}/{finding['issue_confidence']}] {finding['issue_text']}"
        )
        unwaived += not waived
    n_lines = report["metrics"]["_totals"]["loc"]
    print(f"bandit: {len(report['results'])} findings, {unwaived} unwaived, {n_lines} lines")
    return unwaived


def probe(service: str) -> str | None:
    """Return None if the vulnerability service answers, else exactly what failed."""
    # pip-audit's PyPI service reads the per-release JSON API (/pypi/<name>/<version>/json).
    url = {
        "pypi": "https://pypi.org/pypi/pip/24.0/json",
        "osv": "https://api.osv.dev/v1/query",
    }[service]
    request = urllib.request.Request(url, method="GET" if service == "pypi" else "POST")
    if service == "osv":
        request.data = b'{"package": {"name": "pip", "ecosystem": "PyPI"}, "version": "20.0"}'
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            response.read(1)
    except urllib.error.HTTPError as error:
        return f"GET {url} -> HTTP {error.code} {error.reason}"
    except (urllib.error.URLError, OSError) as error:
        return f"{url} -> {getattr(error, 'reason', error)}"
    return None


SERVICES = ("pypi", "osv")


def run_pip_audit(waivers: list[dict[str, str]]) -> int:
    """Audit this environment online if any service answers, else fall back to offline.

    Tries ``DRGSIM_AUDIT_SERVICE`` (default ``pypi``) first, then the other service. Returns the
    number of unwaived vulnerabilities, or -1 when no online audit ran; prints the mode that
    ran (``ONLINE via <service>`` or ``OFFLINE``) on its own line.
    """
    mode = os.environ.get("DRGSIM_AUDIT", "auto")
    if mode not in ("auto", "online", "off"):
        sys.exit(f"supply-chain: DRGSIM_AUDIT={mode!r}; use auto, online or off")
    if mode == "off":
        print("pip-audit: mode SKIPPED (DRGSIM_AUDIT=off)")
        return -1
    preferred = os.environ.get("DRGSIM_AUDIT_SERVICE", "pypi")
    if preferred not in SERVICES:
        sys.exit(f"supply-chain: DRGSIM_AUDIT_SERVICE={preferred!r}; use pypi or osv")
    order = [preferred, *(s for s in SERVICES if s != preferred)]
    for service in order:
        failure = probe(service)
        if failure is not None:
            print(f"pip-audit: online service '{service}' unreachable: {failure}")
            continue
        unwaived, n_audited = audit_online(service, waivers)
        if n_audited > 0:
            print(f"pip-audit: mode ONLINE via {service}: {n_audited} distributions audited")
            return unwaived
        print(f"pip-audit: online service '{service}' answered the probe but audited nothing")
    if mode == "online":
        sys.exit("supply-chain: DRGSIM_AUDIT=online and no vulnerability service could audit")
    n_collected = collect_offline()
    print(
        f"pip-audit: mode OFFLINE (tried {', '.join(order)}): {n_collected} distributions "
        "collected (pip-audit --dry-run), NOT checked against any vulnerability database; "
        "run with DRGSIM_AUDIT=online where a service is reachable"
    )
    return -1


def audit_online(service: str, waivers: list[dict[str, str]]) -> tuple[int, int]:
    """Run pip-audit against ``service``; return (unwaived vulnerabilities, audited count)."""
    out = subprocess.run(
        [sys.executable, "-m", "pip_audit", "-s", service, "-f", "json", "--skip-editable"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        report = json.loads(out.stdout)
    except json.JSONDecodeError:
        print(out.stderr[-3000:])
        print(f"pip-audit: '{service}' did not produce a report")
        return 0, 0
    unwaived, n_audited = 0, 0
    for dependency in report["dependencies"]:
        if "skip_reason" in dependency:
            print(f"pip-audit skipped {dependency['name']}: {dependency['skip_reason']}")
            continue
        n_audited += 1
        for vuln in dependency["vulns"]:
            ids = {vuln["id"], *vuln.get("aliases", [])}
            waived = any(
                w["tool"] == "pip-audit"
                and w["id"] in ids
                and w.get("package", "").lower() == dependency["name"].lower()
                for w in waivers
            )
            status = "waived" if waived else "FINDING"
            fixes = ", ".join(vuln.get("fix_versions", [])) or "none"
            print(
                f"pip-audit {status}: {dependency['name']} {dependency['version']} "
                f"{vuln['id']} (fixed in: {fixes})"
            )
            unwaived += not waived
    print(f"pip-audit: {n_audited} distributions audited, {unwaived} unwaived vulnerabilities")
    return unwaived, n_audited


def collect_offline() -> int:
    """Offline fallback: let pip-audit collect the environment without auditing it."""
    out = subprocess.run(
        [sys.executable, "-m", "pip_audit", "--dry-run", "-f", "json", "--skip-editable"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    match = re.search(r"would have audited (\d+) packages", out.stderr)
    if out.returncode != 0 or match is None:
        print(out.stderr[-3000:])
        sys.exit("supply-chain: pip-audit could not even collect the environment offline")
    return int(match.group(1))


def write_sbom(path: Path) -> None:
    """Write a CycloneDX 1.6 JSON SBOM of the running environment to ``path``."""
    tool = shutil.which("cyclonedx-py") or sys.exit("supply-chain: cyclonedx-py not installed")
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            tool,
            "environment",
            sys.executable,
            "--pyproject",
            str(ROOT / "pyproject.toml"),
            "--output-reproducible",
            "--of",
            "JSON",
            "-o",
            str(path),
        ],
        cwd=ROOT,
        check=True,
    )
    n_components = len(json.loads(path.read_text(encoding="utf-8")).get("components", []))
    print(f"sbom: {n_components} components written to {path}")


def main() -> None:
    """Run the checks and exit non-zero on any unwaived finding."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sbom", type=Path, help="also write a CycloneDX SBOM here")
    args = parser.parse_args()
    waivers = load_waivers()
    unwaived = run_bandit(waivers)
    audit = run_pip_audit(waivers)
    if args.sbom is not None:
        write_sbom(args.sbom)
    audit_mode = "offline or skipped, dependencies not audited" if audit < 0 else "online"
    if unwaived or audit > 0:
        sys.exit(f"supply-chain: {unwaived + max(audit, 0)} unwaived findings ({audit_mode})")
    print(f"supply-chain: 0 unwaived findings (pip-audit {audit_mode})")


if __name__ == "__main__":
    main()
