"""Pain-signal transmission outcome: binning, the three conditions, options and the section."""

from __future__ import annotations

import math

import numpy as np
import pytest

from drgsim import units as u
from drgsim.errors import ConfigurationError
from drgsim.neuron.c_fibers import sundt_c_neuron
from drgsim.neuron.cable import Region
from drgsim.neuron.population import CellKind
from drgsim.therapy.pain_transmission import (
    CellArrivals,
    DrgPulses,
    bin_arrivals,
    peripheral_onsets,
    simulate_arrivals,
)
from drgsim.therapy.scenario import load_scenario_text
from drgsim.therapy.transmission_options import TrainKind, TransmissionOptions
from drgsim.therapy.transmission_section import (
    ClassTransmission,
    DrgTransmission,
    ProgramTransmission,
    TransmissionSection,
)

PULSES = DrgPulses(waveform="biphasic-symmetric", pulse_width=100 * u.us, rate=20 * u.Hz)


def _arrivals(without, with_stim, alone, latency=0.01):  # type: ignore[no-untyped-def]
    onsets = 0.005 + 0.1 * np.arange(4)  # 10 Hz
    return CellArrivals(
        pulse_onsets=onsets,
        without=np.asarray(without, float),
        with_stimulation=np.asarray(with_stim, float),
        stimulation_alone=np.asarray(alone, float),
        latency=latency,
    )


def test_bins_count_the_excess_over_stimulation_alone() -> None:
    onsets = 0.005 + 0.1 * np.arange(4)
    arrive = onsets + 0.01
    evoked = np.array([0.06, 0.26])  # one per bin, between the peripheral arrivals
    cell = _arrivals(arrive, np.r_[arrive[[0, 1, 2]], evoked], evoked)
    b = bin_arrivals([cell], 0.4, 0.2)
    # bins start half a period (50 ms) before the first spike: [-45, 155), [155, 355) ms
    np.testing.assert_allclose(b.bin_start, [0.0, 0.2])
    np.testing.assert_allclose(b.sent, [2, 2])
    np.testing.assert_allclose(b.fraction_without, [1.0, 1.0])
    np.testing.assert_allclose(b.fraction_with, [1.0, 0.5])
    np.testing.assert_allclose(b.evoked_rate, [5.0, 5.0])  # 1 spike per 0.2 s
    assert b.overall_without == 1.0 and b.overall_with == 0.75


def test_collisions_cannot_make_the_fraction_negative_and_cells_pool() -> None:
    onsets = 0.005 + 0.1 * np.arange(4)
    evoked = 0.02 + 0.05 * np.arange(8)
    blocked = _arrivals(onsets + 0.01, evoked[:4], evoked)  # fewer than stimulation alone
    clean = _arrivals(onsets + 0.01, onsets + 0.01, [])
    b = bin_arrivals([blocked, clean], 0.4, 0.2)
    np.testing.assert_allclose(b.sent, [4, 4])
    assert np.all(b.fraction_with >= 0)
    np.testing.assert_allclose(b.fraction_with, [0.5, 0.0])
    with pytest.raises(ValueError):
        bin_arrivals([], 1.0, 0.5)


def test_peripheral_trains_have_the_mean_rate_and_are_seeded() -> None:
    options = TransmissionOptions(duration=100.0, bin_width=1.0)
    a = peripheral_onsets(options, np.random.default_rng(7))
    b = peripheral_onsets(options, np.random.default_rng(7))
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, peripheral_onsets(options, np.random.default_rng(8)))
    assert a.size == pytest.approx(1000, rel=0.1)  # 10 Hz for 100 s
    assert np.diff(a).min() >= options.min_interval and a[-1] < options.duration
    regular = TransmissionOptions(duration=1.0, train=TrainKind.REGULAR)
    np.testing.assert_allclose(peripheral_onsets(regular, np.random.default_rng(0)),
                               0.05 + 0.1 * np.arange(10))  # fmt: skip


def _small_cell():  # type: ignore[no-untyped-def]
    # Sundt membrane and diameters on shorter axons and coarser sections: a fast stand-in
    return sundt_c_neuron(axon_length=1 * u.mm, n_seg=20)


def test_zero_field_changes_nothing_and_every_spike_passes() -> None:
    cell = _small_cell()
    onsets = 0.005 + 0.1 * np.arange(3)  # 10 Hz
    (res,) = simulate_arrivals([cell], [np.zeros(cell.n_comp)], onsets, PULSES)
    assert res.without.size == 3 and res.stimulation_alone.size == 0
    np.testing.assert_allclose(res.with_stimulation, res.without)
    assert 0 < res.latency < 20 * u.ms
    b = bin_arrivals([res], 0.3, 0.1)
    np.testing.assert_allclose(b.fraction_with, 1.0)
    np.testing.assert_allclose(b.evoked_rate, 0.0)


def test_stimulation_evoked_spikes_are_not_counted_as_pain_signals() -> None:
    cell = _small_cell()
    # a cathode 100 um from the T-junction in a 0.3 S/m medium, strong enough to fire the cell
    junction = cell.position[cell.region == Region.T_JUNCTION].mean(axis=0)
    r = np.linalg.norm(cell.position - (junction + np.array([0, 0, 100 * u.um])), axis=1)
    drive = -0.2 * u.mA / (4 * math.pi * 0.3 * r)
    onsets = 0.005 + 0.1 * np.arange(4)
    (res,) = simulate_arrivals([cell], [drive], onsets, PULSES)
    assert res.stimulation_alone.size >= 6  # 20 Hz over 0.36 s
    b = bin_arrivals([res], 0.4, 0.4)
    assert b.evoked_rate[0] > 10
    assert 0.0 <= b.fraction_with[0] <= 1.0
    assert res.with_stimulation.size < res.stimulation_alone.size + res.without.size


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"n_per_class": -1}, "transmission.n_per_class"),
        ({"peripheral_rate": 0.0}, "transmission.peripheral_rate_Hz"),
        ({"duration": 1000.0}, "transmission.duration_s"),
        ({"duration": 1.0, "bin_width": 2.0}, "transmission.bin_s"),
        ({"duration": 0.5, "bin_width": 0.1, "peripheral_rate": 1.0}, "transmission.duration_s"),
        ({"train": "bursty"}, "transmission.train"),
        ({"min_interval": 1 * u.ms}, "transmission.min_interval_ms"),
        ({"peripheral_rate": 100.0, "min_interval": 10 * u.ms}, "transmission.min_interval_ms"),
    ],
)
def test_options_reject_bad_input(kwargs, field: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ConfigurationError) as err:
        TransmissionOptions(**kwargs)
    assert err.value.field == field


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"waveform": "sine"}, "waveform"),
        ({"pulse_width": 0.0}, "pulse_width_us"),
        ({"rate": -20.0}, "rate_Hz"),
    ],
)
def test_pulses_reject_bad_input(kwargs, field: str) -> None:  # type: ignore[no-untyped-def]
    base = {"waveform": "biphasic-passive", "pulse_width": 300 * u.us, "rate": 20.0}
    with pytest.raises(ConfigurationError) as err:
        DrgPulses(**(base | kwargs))
    assert err.value.field == field
    assert DrgPulses(**base).dt == pytest.approx(25 * u.us)
    assert DrgPulses(**(base | {"pulse_width": 40 * u.us})).dt == pytest.approx(20 * u.us)


def test_results_are_read_only() -> None:
    b = bin_arrivals([_arrivals([0.015], [0.015], [])], 0.4, 0.2)
    with pytest.raises(ValueError):
        b.fraction_with[0] = 0.5
    assert not peripheral_onsets(TransmissionOptions(), np.random.default_rng(0)).flags.writeable


def _toml(extra: str) -> str:
    from drgsim.therapy.scenario import bundled_scenario_text

    return bundled_scenario_text("knee") + extra


def test_scenario_table_sets_the_options() -> None:
    s = load_scenario_text(
        _toml(
            "\n[transmission]\nn_per_class = 3\nduration_s = 4.0\nbin_s = 0.5\n"
            'peripheral_rate_Hz = 5\ntrain = "regular"\nmin_interval_ms = 8\n'
        ),
        "x.toml",
    )
    assert s.transmission == TransmissionOptions(
        n_per_class=3,
        duration=4.0,
        bin_width=0.5,
        peripheral_rate=5 * u.Hz,
        train=TrainKind.REGULAR,
        min_interval=8 * u.ms,
    )
    assert s.transmission.n_pulses == 20
    off = load_scenario_text(_toml("\n[transmission]\nn_per_class = 0\n"), "x.toml")
    assert not off.transmission.enabled
    with pytest.raises(ConfigurationError) as err:
        load_scenario_text(_toml("\n[transmission]\nrate = 3\n"), "x.toml")
    assert "transmission" in err.value.field
    with pytest.raises(ConfigurationError) as err:
        load_scenario_text(_toml("\n[transmission]\nbin_s = 9.0\n"), "x.toml")
    assert err.value.field == "transmission.bin_s"
    with pytest.raises(ConfigurationError) as err:
        load_scenario_text(_toml('\n[transmission]\ntrain = "bursty"\n'), "x.toml")
    assert err.value.field == "transmission.train"


def _section() -> TransmissionSection:
    onsets = 0.005 + 0.1 * np.arange(4)
    cell = _arrivals(onsets + 0.01, onsets[:2] + 0.01, [])
    binned = bin_arrivals([cell], 0.4, 0.2)
    drg = DrgTransmission(
        drg="L5 left",
        amplitude=0.8 * u.mA,
        pulses=DrgPulses(waveform="biphasic-passive", pulse_width=300 * u.us, rate=20.0),
        onsets=onsets,
        classes=(ClassTransmission(kind=CellKind.C, cells=(3,), latency=(0.01,), binned=binned),),
    )
    return TransmissionSection(
        programs=(ProgramTransmission(program="tonic", drgs=(drg,)),),
        options=TransmissionOptions(duration=0.4, bin_width=0.2),
    )


def test_section_serialises_every_plotted_number() -> None:
    d = _section().to_dict()
    assert d["peripheral_rate_Hz"] == 10.0 and d["bin_s"] == 0.2
    drg = d["programs"][0]["drgs"][0]
    assert drg["amplitude_mA"] == pytest.approx(0.8) and drg["dt_us"] == pytest.approx(25.0)
    c = drg["classes"]["c"]
    assert c["bin_start_s"] == [0.0, 0.2]
    assert c["fraction_without"] == [1.0, 1.0]
    assert c["fraction_with"] == [1.0, 0.0]
    assert c["overall_fraction_with"] == 0.5 and c["latency_ms"] == [pytest.approx(10.0)]


def test_section_report_block_has_table_and_figure() -> None:
    block = _section().report_block(None)
    assert block.title == "Pain-signal transmission"
    assert block.tables[0].rows[0][:6] == ("tonic", "L5 left", "C", "1", "100", "50")
    assert [f.kind for f in block.figures] == ["pain_transmission"]
    assert any("Chao" in p for p in block.paragraphs)


def test_figure_draws_the_section() -> None:
    from drgsim.app.transmission_figures import TRANSMISSION_DRAWINGS

    class Result:
        def section(self, key: str) -> TransmissionSection:
            assert key == "transmission"
            return _section()

    from matplotlib.figure import Figure

    draw, size = TRANSMISSION_DRAWINGS["pain_transmission"](Result())  # type: ignore[arg-type]
    fig = Figure(figsize=size)
    draw(fig)
    lines = fig.axes[0].get_lines()
    assert len(lines) == 2
    np.testing.assert_allclose(lines[0].get_ydata(), [100.0, 0.0])  # with DRGS
    np.testing.assert_allclose(lines[1].get_ydata(), [100.0, 100.0])  # without


def test_section_of_a_scenario_is_reproducible_for_a_seed() -> None:
    from drgsim.therapy.engine import EngineOptions, build_drg_models
    from drgsim.therapy.pipeline import sample_populations
    from drgsim.therapy.scenario import build_ganglia, default_scenario, place_leads
    from drgsim.therapy.transmission_section import evaluate_transmission, nociceptors

    s = default_scenario()  # 12 neurons per DRG: L5 holds both nociceptor classes
    ganglia = build_ganglia(s)
    leads = place_leads(s, ganglia)
    drgs = tuple(ganglia.values())[1:]  # L5 only
    options = TransmissionOptions(duration=0.15, bin_width=0.15, peripheral_rate=20 * u.Hz)

    def run() -> TransmissionSection:
        engine = EngineOptions()
        models = build_drg_models(drgs, sample_populations(s, drgs), leads, s.seed, engine)
        return evaluate_transmission(s, models, options)

    a, b = run(), run()
    assert a.to_dict() == b.to_dict()
    drg = a.programs[0].drgs[0]
    assert drg.drg == "L5 left"
    assert [c.kind for c in drg.classes] == [CellKind.C, CellKind.A_DELTA]
    assert a.to_dict()["programs"][0]["drgs"][0]["peripheral_onsets_s"] == [
        round(float(t), 9) for t in drg.onsets
    ]
    for c in drg.classes:
        assert c.binned.sent.tolist() == [float(drg.onsets.size)]
    engine_models = build_drg_models(
        drgs, sample_populations(s, drgs), leads, s.seed, EngineOptions()
    )
    kinds = engine_models[0].cells.kind
    for c in drg.classes:
        (i,) = c.cells  # the first neuron of its class in the seeded sample
        assert kinds[i] == c.kind and int(c.kind) not in kinds[:i].tolist()
        assert nociceptors(engine_models[0], c.kind, 5)[0] == i
