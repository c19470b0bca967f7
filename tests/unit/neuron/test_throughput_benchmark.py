"""The neuron throughput benchmark script imports, builds its task and answers ``--help``
(the timed run itself lives in ``benchmarks/``, not in the tests)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import numpy as np

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "benchmarks" / "neuron_throughput.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("neuron_throughput", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_help_lists_the_quick_option() -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--help"], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "--quick" in done.stdout and "--json" in done.stdout


def test_cases_and_tasks_match_their_groups() -> None:
    bench = _load()
    rng = np.random.default_rng(3)
    cases = bench.straight_axons(1, rng) + bench.pseudounipolar(5, rng)
    assert [c.group for c in cases[:2]] == ["mrg", "c_axon"]
    assert {c.kind for c in cases[2:]} <= {"a_beta", "a_delta", "c"}
    for group in bench.GROUPS:
        sel = [c for c in cases if c.group == group.name]
        stimulus, options, search, detection = bench._task(group, sel, group.t_after)
        n_comp = sum(c.model.n_comp for c in sel)
        assert stimulus.extracellular.shape == (n_comp,)
        assert np.all(stimulus.extracellular > 0)  # a point source's potential
        assert options.n_t * options.dt >= group.pulse_width + group.t_after
        assert search.max_amplitude == group.max_amplitude
        # an AP counts at the central end of every cell
        assert all(d.central >= 0 for d in detection)


def test_estimates_are_positive_and_calibrated_per_kind() -> None:
    bench = _load()
    rng = np.random.default_rng(3)
    cases = bench.straight_axons(2, rng)
    group = bench.GROUPS[0]
    mrg = [c for c in cases if c.group == group.name]
    guess, calibration = bench.estimates(group, mrg, group.t_after)
    assert guess.shape == (len(mrg),) and np.all(guess > 0)
    assert set(calibration) == {"mrg"} and calibration["mrg"] is not None
    # inversely proportional to the source's largest potential on the cell
    np.testing.assert_allclose(guess * [c.phi.max() for c in mrg], calibration["mrg"])
