"""The kernels' disk cache is stamped with all kernel sources, so an edit of any of them (a
channel family included) makes numba drop the cached kernels."""

from __future__ import annotations

from pathlib import Path

from drgsim.neuron import _kernels


def test_every_channel_file_is_a_kernel_source() -> None:
    here = Path(_kernels.__file__).resolve().parent
    channels = set((here / "channels").glob("*.py"))
    assert channels and channels <= set(_kernels._SOURCES)
    assert here / "_kernels.py" in _kernels._SOURCES


def test_fingerprint_changes_with_any_source(tmp_path: Path) -> None:
    a, b = tmp_path / "a.py", tmp_path / "b.py"
    a.write_text("x = 1\n")
    b.write_text("y = 2\n")
    before = _kernels._fingerprint([a, b])
    assert _kernels._fingerprint([a, b]) == before
    b.write_text("y = 3\n")
    assert _kernels._fingerprint([a, b]) != before


def test_kernel_functions_get_the_fingerprint_and_others_do_not(tmp_path: Path) -> None:
    py_func = _kernels._run_rows.py_func
    locator = _kernels._InTreeKernelLocator.from_function(py_func, _kernels.__file__)
    assert locator is not None
    assert locator.get_source_stamp() == _kernels._FINGERPRINT
    other = tmp_path / "elsewhere.py"
    other.write_text("def f():\n    return 1\n")
    assert _kernels._InTreeKernelLocator.from_function(py_func, str(other)) is None
