"""Every example runs and prints its golden number.

Each example is run as a script in a fresh interpreter; the table below holds, per example, the
printed line that carries its golden number, the expected value and the relative tolerance.
The values come from the documented models: 01 from the safety formulas of
reference/safety.md §1 with the catalogue lead's assumed contact area, 02 from the atlas of
reference/anatomy.md §6.5, 03 from the battery assumptions of docs/assumptions.md, 04 from the
four contacts of reference/device.md §2 (3^4 assignments less the 31 without an anode or a
cathode).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SRC = Path(__file__).resolve().parents[1] / "src"

GOLDEN: dict[str, tuple[str, float, float]] = {
    "01_program_safety.py": (r"max charge density: ([\d.]+) uC/cm2", 7.64, 0.005),
    "02_body_atlas.py": (r"n_levels_dorsum_of_foot: (\d+)", 2.0, 0.0),
    "03_battery_life.py": (r"typical program: ([\d.]+) years", 4.14, 0.01),
    "04_automatic_programming.py": (r"configurations per lead: (\d+)", 50.0, 0.0),
}


def test_every_example_has_a_golden_number() -> None:
    assert sorted(p.name for p in EXAMPLES.glob("[0-9][0-9]_*.py")) == sorted(GOLDEN)


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_example_runs_and_prints_golden_number(name: str) -> None:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH", "")]))
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / name)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    pattern, expected, rel = GOLDEN[name]
    match = re.search(pattern, done.stdout)
    assert match is not None, done.stdout
    assert float(match.group(1)) == pytest.approx(expected, rel=rel, abs=1e-12)
