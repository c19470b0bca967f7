"""The import-linter contracts hold for the package and fail when a layer imports to its right."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
LINT_IMPORTS = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")


def _lint(tree: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [LINT_IMPORTS, "--config", str(tree / "pyproject.toml"), "--no-cache"],
        cwd=tree,
        env={"PYTHONPATH": str(tree / "src"), "PATH": str(Path(sys.executable).parent)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture()
def tree_copy(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "src", tmp_path / "src", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_contracts_are_kept(tree_copy: Path) -> None:
    done = _lint(tree_copy)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize(
    ("module", "imported"),
    [
        ("anatomy/levels.py", "drgsim.device"),
        ("device/program.py", "drgsim.therapy"),
        ("neuron/cable.py", "drgsim.plot"),
        ("units.py", "drgsim.anatomy"),
    ],
)
def test_import_to_the_right_breaks_the_contract(
    tree_copy: Path, module: str, imported: str
) -> None:
    path = tree_copy / "src" / "drgsim" / module
    path.write_text(path.read_text() + f"\nimport {imported}  # noqa\n")
    done = _lint(tree_copy)
    assert done.returncode != 0
    assert "BROKEN" in done.stdout


def test_framework_in_physics_breaks_the_contract(tree_copy: Path) -> None:
    path = tree_copy / "src" / "drgsim" / "field" / "__init__.py"
    path.write_text(path.read_text() + "\nimport fastapi  # noqa\n")
    done = _lint(tree_copy)
    assert done.returncode != 0
    assert "BROKEN" in done.stdout
