"""Cells of a sampled population and the analytic transfer matrix (no simulation)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from drgsim import units as u
from drgsim.anatomy.ganglion import build_ganglion
from drgsim.anatomy.populations import sample_population
from drgsim.anatomy.tissues import Tissue, conductivity
from drgsim.errors import ConfigurationError
from drgsim.neuron.cable import Region
from drgsim.neuron.population import CellKind, CellOptions, CSegmentation, build_cells
from drgsim.therapy.engine import EngineOptions, analytic_transfer, parse_field_method
from drgsim.therapy.scenario import build_ganglia, default_scenario, place_leads

OPTIONS = CellOptions(n_motor=2, n_passage=2, c_segmentation=CSegmentation.COARSE)


def _cells(seed: int = 3):  # type: ignore[no-untyped-def]
    g = build_ganglion("L5", "left")
    pop = sample_population(g, 6, np.random.default_rng(seed))
    return g, pop, build_cells(pop, g, np.random.default_rng(seed + 1), OPTIONS)


def test_cells_follow_the_population_then_off_target_axons() -> None:
    _, pop, cells = _cells()
    assert cells.n_cells == pop.n_cells + 4
    assert cells.kind[: pop.n_cells].tolist() == pop.fiber_class.tolist()
    assert cells.kinds()[-4:] == (CellKind.MOTOR,) * 2 + (CellKind.PASSAGE,) * 2
    assert cells.population_index.tolist() == [*range(pop.n_cells), -1, -1, -1, -1]
    assert cells.positions().shape == (cells.n_comp, 3)


def test_neurons_are_placed_at_their_sampled_t_junction_and_leave_along_the_roots() -> None:
    g, pop, cells = _cells()
    a = float(g.semi_axes[0])
    for i in range(pop.n_cells):
        m = cells.models[i]
        tj = m.position[m.region == Region.T_JUNCTION]
        assert np.min(np.linalg.norm(tj - pop.t_junction_position[i], axis=1)) < 0.2 * u.mm
        assert m.position[m.region == Region.PERIPHERAL_AXON][:, 0].max() > a + 0.5 * u.mm
        assert m.position[m.region == Region.CENTRAL_AXON][:, 0].min() < -a - 0.5 * u.mm


def test_motor_axons_stay_outside_the_drg_and_passage_axons_cross_it() -> None:
    g, pop, cells = _cells()
    motor = cells.models[pop.n_cells]
    assert not g.contains(motor.position).any()
    passage = cells.models[-1]
    assert g.contains(passage.position).any()


def test_cells_are_reproducible_for_a_seed() -> None:
    _, _, a = _cells(5)
    _, _, b = _cells(5)
    assert np.array_equal(a.positions(), b.positions())
    assert np.array_equal(a.diameter, b.diameter)


def test_off_target_axons_need_a_generator() -> None:
    g = build_ganglion("L5", "left")
    pop = sample_population(g, 2, np.random.default_rng(0))
    with pytest.raises(ConfigurationError) as err:
        build_cells(pop, g, None, OPTIONS)
    assert err.value.field == "rng"


def test_analytic_transfer_is_the_anisotropic_point_source() -> None:
    s = default_scenario()
    lead = place_leads(s, build_ganglia(s))[0]
    c = lead.contact_centres[1]
    offset = np.array([[2e-3, 0, 0], [0, 2e-3, 0], [0, 0, -3e-3]])
    t = analytic_transfer((lead,), c + offset)
    cond = conductivity(Tissue.DRG)
    sl, st = cond.longitudinal, cond.transverse
    k = 4 * math.pi * math.sqrt(sl * st * st)
    assert t.shape == (3, lead.n_contacts)
    assert t[0, 1] == pytest.approx(1 / (k * 2e-3 / math.sqrt(sl)))
    assert t[2, 1] == pytest.approx(1 / (k * 3e-3 / math.sqrt(st)))
    assert t[0, 1] > t[1, 1]  # the potential reaches further along the conductive axis


def test_field_method_errors_name_the_option() -> None:
    with pytest.raises(ConfigurationError) as err:
        parse_field_method("magic")
    assert err.value.field == "--field"
    assert EngineOptions().max_amplitude == pytest.approx(12 * u.mA)
