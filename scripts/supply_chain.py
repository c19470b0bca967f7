"""Supply-chain checks: bandit over the shipped code, pip-audit over the installed environment.

Usage: python scripts/supply_chain.py [--sbom PATH]

* bandit scans ``src/`` (the code that ships); every finding fails the step unless
  ``security-waivers.toml`` waives it with a reason.
* pip-audit checks every installed distribution against a vulnerability service (PyPI's JSON
  API by default, ``DRGSIM_AUDIT_SERVICE=osv`` for OSV). ``DRGSIM_AUDIT`` chooses what happens
  when the service cannot be reached:
  ``auto`` (default) reports exactly what failed and goes on (offline mode, the audit did not
  run); ``online`` fails the step; ``off`` skips pip-audit.
* ``--sbom PATH`` also writes a CycloneDX SBOM of the environment (``cyclonedx-py environment``).

Exit status 0 when no unwaived finding remains. See docs/sbom.md.
"""

from __future__ import annotations

import argparse
import json
import os
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


def run_pip_audit(waivers: list[dict[str, str]]) -> int:
    """Run pip-audit over this environment; return unwaived vulnerabilities (-1: not run)."""
    mode = os.environ.get("DRGSIM_AUDIT", "auto")
    service = os.environ.get("DRGSIM_AUDIT_SERVICE", "pypi")
    if mode == "off":
        print("pip-audit: skipped (DRGSIM_AUDIT=off)")
        return -1
    failure = probe(service)
    if failure is not None:
        print(f"pip-audit: vulnerability service '{service}' unreachable: {failure}")
        if mode == "online":
            sys.exit("supply-chain: DRGSIM_AUDIT=online and the service is unreachable")
        print("pip-audit: OFFLINE MODE, dependencies were NOT audited (DRGSIM_AUDIT=online fails)")
        return -1
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
        sys.exit("supply-chain: pip-audit did not produce a report")
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
    if n_audited == 0 and report["dependencies"]:
        print("pip-audit: OFFLINE MODE, the service answered the probe but audited nothing")
        if mode == "online":
            sys.exit("supply-chain: DRGSIM_AUDIT=online and no distribution could be audited")
        return -1
    return unwaived


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
    if unwaived or audit > 0:
        sys.exit(f"supply-chain: {unwaived + max(audit, 0)} unwaived findings")
    print("supply-chain: 0 unwaived findings")


if __name__ == "__main__":
    main()
