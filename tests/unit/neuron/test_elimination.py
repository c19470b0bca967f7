"""The solver's elimination tree: re-rooting at each tree's centre changes the order of work,
never the answer."""

from __future__ import annotations

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from drgsim import units as u
from drgsim.neuron.cable import (
    CableModel,
    Kind,
    Region,
    compile_cables,
    elimination_tree,
)
from drgsim.neuron.simulate import SolverOptions, simulate
from drgsim.neuron.stimulus import Stimulus


@st.composite
def forests(draw: st.DrawFn) -> np.ndarray:
    """Parent arrays (parent[i] < i, -1 for roots) of one or a few trees."""
    n = draw(st.integers(1, 60))
    parent = [-1]
    for i in range(1, n):
        root = draw(st.integers(0, 19)) == 0
        parent.append(-1 if root else draw(st.integers(max(0, i - 8), i - 1)))
    return np.array(parent, dtype=np.int64)


def _edges(parent: np.ndarray) -> set[frozenset[int]]:
    return {frozenset((i, int(p))) for i, p in enumerate(parent) if p >= 0}


def _depths(parent: np.ndarray, order: np.ndarray) -> np.ndarray:
    depth = np.zeros(parent.size, dtype=np.int64)
    for i in order:
        if parent[i] >= 0:
            depth[i] = depth[parent[i]] + 1
    return depth


@settings(max_examples=300, deadline=None)
@given(forests())
def test_elimination_tree_is_the_same_forest_rooted_at_its_centres(parent: np.ndarray) -> None:
    order, elim = elimination_tree(parent)
    n = parent.size
    assert sorted(order.tolist()) == list(range(n))
    position = np.empty(n, dtype=np.int64)
    position[order] = np.arange(n)
    child = elim >= 0
    assert np.all(position[elim[child]] < position[child])  # parents come first
    assert _edges(elim) == _edges(parent)  # the same links, some turned around
    assert int(np.sum(elim < 0)) == int(np.sum(parent < 0))  # one root per tree
    # rooted at its centre, a tree is at most half its longest path (rounded up) deep
    old_depth = _depths(parent, np.arange(n))
    new_depth = _depths(elim, order)
    for root in np.flatnonzero(parent < 0):
        members = [i for i in range(n) if _root_of(parent, i) == root]
        longest = _longest_path(parent, members)
        assert new_depth[members].max() == (longest + 1) // 2
        assert new_depth[members].max() <= old_depth[members].max()


def _root_of(parent: np.ndarray, i: int) -> int:
    while parent[i] >= 0:
        i = int(parent[i])
    return i


def _longest_path(parent: np.ndarray, members: list[int]) -> int:
    """Edges on the longest path within one tree (all pairs; trees here are small)."""
    dist = {}
    for a in members:
        ancestors, x, k = {}, a, 0
        while x >= 0:
            ancestors[x] = k
            x, k = int(parent[x]), k + 1
        for b in members:
            y, k = b, 0
            while y not in ancestors:
                y, k = int(parent[y]), k + 1
            dist[a, b] = ancestors[y] + k
    return max(dist.values())


def test_an_unbranched_axon_is_eliminated_from_both_ends_toward_its_middle() -> None:
    order, elim = elimination_tree(np.arange(-1, 9))
    assert order.tolist() == [5, 4, 6, 3, 7, 2, 8, 1, 9, 0]
    assert elim[4] == 5 and elim[6] == 5 and elim[0] == 1 and elim[5] == -1


def _passive_tree(parent: np.ndarray, rng: np.random.Generator) -> CableModel:
    n = parent.size
    branching = np.bincount(parent[parent >= 0], minlength=n) > 1  # zero-length junctions
    return CableModel(
        name="passive tree",
        parent=parent,
        length=np.where(branching, 0.0, rng.uniform(5, 50, n) * u.um),
        diameter=rng.uniform(0.5, 5, n) * u.um,
        position=np.zeros((n, 3)),
        region=np.full(n, Region.AXON, dtype=np.int8),
        kind=np.where(branching, Kind.JUNCTION, Kind.UNMYELINATED).astype(np.int8),
        cm=np.full(n, 1 * u.uF_per_cm2),
        ra=np.full(n, 100 * u.ohm_cm),
        g_leak=np.full(n, 1e-4 * u.S_per_cm2),
        e_leak=rng.uniform(-70, -60, n) * u.mV,
        v_init=rng.uniform(-70, -60, n) * u.mV,
        temperature=u.celsius(37),
    )


@settings(max_examples=40, deadline=None)
@given(forests().filter(lambda p: int(np.sum(p < 0)) == 1), st.integers(0, 2**32 - 1))
def test_branched_passive_steps_match_a_dense_backward_euler_solve(
    parent: np.ndarray, seed: int
) -> None:
    branching = np.bincount(parent[parent >= 0], minlength=parent.size) > 1
    child = parent >= 0
    assume(not np.any(branching[child] & branching[parent[child]]))  # no junction-junction link
    rng = np.random.default_rng(seed)
    model = _passive_tree(parent, rng)
    a = compile_cables(model)
    n, dt, n_t = model.n_comp, 25 * u.us, 4
    inj = np.zeros(n)
    inj[rng.integers(n)] = 0.1 * u.nA
    wave = np.ones(n_t)
    options = SolverOptions(dt=dt, t_stop=n_t * dt)
    result = simulate(
        model, Stimulus(waveform=wave, intracellular=inj), [1.0], options, trace=list(range(n))
    )
    # dense backward Euler on the original parent links
    lap = np.zeros((n, n))
    for i in range(n):
        p = int(a.parent[i])
        if p >= 0:
            g = a.g_axial[i]
            lap[i, i] += g
            lap[p, p] += g
            lap[i, p] -= g
            lap[p, i] -= g
    cdt = a.capacitance / dt
    matrix = np.diag(cdt + a.g_leak) + lap
    v = model.v_init.copy()
    for k in range(n_t):
        v = np.linalg.solve(matrix, cdt * v + a.g_leak * a.e_leak + inj)
        np.testing.assert_allclose(result.traces[0, 0, :, k + 1], v, rtol=0, atol=1e-12)
