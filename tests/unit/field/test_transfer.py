"""TransferMatrix: shapes, superposition, immutability."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from drgsim import units as u
from drgsim.errors import ConfigurationError
from drgsim.field.transfer import TransferMatrix

finite = st.floats(-1e3, 1e3, allow_nan=False)


def _matrix(n_points: int = 5, n_contacts: int = 4) -> TransferMatrix:
    rng = np.random.default_rng(0)
    return TransferMatrix(
        values=rng.normal(size=(n_points, n_contacts)),
        points=rng.normal(size=(n_points, 3)),
        contact_ids=tuple(f"c{i}" for i in range(n_contacts)),
        metadata={"method": "test"},
    )


@given(
    w1=arrays(np.float64, 4, elements=finite),
    w2=arrays(np.float64, 4, elements=finite),
    a=finite,
    b=finite,
)
def test_potential_is_linear(w1: np.ndarray, w2: np.ndarray, a: float, b: float) -> None:
    T = _matrix()
    combined = T.potential(a * w1 + b * w2)
    np.testing.assert_allclose(
        combined, a * T.potential(w1) + b * T.potential(w2), rtol=1e-9, atol=1e-6
    )


def test_amplitude_scales() -> None:
    T = _matrix()
    w = np.array([1.0, -1.0, 0.0, 0.0])
    np.testing.assert_allclose(
        T.potential(w, 2 * u.mA), 2 * u.mA * (T.values[:, 0] - T.values[:, 1])
    )


def test_arrays_are_read_only_copies() -> None:
    values = np.ones((2, 1))
    T = TransferMatrix(values=values, points=np.zeros((2, 3)), contact_ids=("a",))
    values[0, 0] = 5.0
    assert T.values[0, 0] == 1.0
    with pytest.raises(ValueError):
        T.values[0, 0] = 2.0
    assert T.values.flags.c_contiguous


def test_shape_mismatch_raises() -> None:
    with pytest.raises(ConfigurationError) as err:
        TransferMatrix(values=np.ones((3, 2)), points=np.zeros((2, 3)), contact_ids=("a", "b"))
    assert err.value.field == "values"
    with pytest.raises(ConfigurationError):
        _matrix().potential(np.ones(3))


def test_select_and_hstack() -> None:
    T = _matrix()
    sub = T.select(["c2", "c0"])
    np.testing.assert_array_equal(sub.values, T.values[:, [2, 0]])
    both = sub.hstack(T.select(["c1"]))
    assert both.contact_ids == ("c2", "c0", "c1")
    with pytest.raises(ConfigurationError):
        T.select(["nope"])
    with pytest.raises(ConfigurationError):
        T.hstack(T)  # duplicate names
