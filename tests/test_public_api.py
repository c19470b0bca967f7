"""The curated top-level API: every promised name exists and __all__ is sorted."""

from __future__ import annotations

import drgsim


def test_all_is_sorted_and_complete() -> None:
    assert list(drgsim.__all__) == sorted(drgsim.__all__)
    for name in drgsim.__all__:
        assert hasattr(drgsim, name), name
