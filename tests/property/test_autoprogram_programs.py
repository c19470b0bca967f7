"""Hypothesis: the automatic programmer never proposes a program that fails validation.

Random generators (amplitude bands, pulse-width and rate grids, compliance), random leads
(contact geometry, measured impedance), random safety limits, random thresholds, pulse widths
and rates: every lead program the programmer would build, alone and combined across leads,
passes :func:`drgsim.device.check_program` (device ranges, grids, hard charge limits), and
without ``allow_soft`` stays inside the soft band.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from drgsim import device
from drgsim import units as u
from drgsim.device import (
    AmplitudeBand,
    Lead,
    LeadGeometry,
    Program,
    PulseGenerator,
    SafetyLimits,
    check_program,
)
from drgsim.therapy.autoprogram import configs as cf


@st.composite
def generators(draw: st.DrawFn) -> PulseGenerator:
    top1 = draw(st.floats(0.5, 4.0)) * u.mA
    top2 = top1 + draw(st.floats(0.5, 10.0)) * u.mA
    pw_min = draw(st.integers(1, 10)) * 10 * u.us
    pw_step = draw(st.sampled_from([1, 5, 10, 20])) * u.us
    rate_min = draw(st.integers(1, 10)) * u.Hz
    return PulseGenerator(
        name="random",
        max_leads=4,
        contacts_per_lead=draw(st.integers(2, 6)),
        amplitude_bands=(
            AmplitudeBand(low=0.0, high=top1, step=draw(st.sampled_from([10, 25, 30])) * u.uA),
            AmplitudeBand(low=top1, high=top2, step=draw(st.sampled_from([50, 70, 100])) * u.uA),
        ),
        pulse_width_min=pw_min,
        pulse_width_max=pw_min + draw(st.integers(5, 200)) * pw_step,
        pulse_width_step=pw_step,
        rate_min=rate_min,
        rate_max=rate_min + draw(st.integers(10, 500)) * u.Hz,
        rate_step=draw(st.sampled_from([1, 2, 5])) * u.Hz,
        compliance_voltage=draw(st.one_of(st.none(), st.floats(1.0, 20.0))),
        source="random test generator",
    )


@st.composite
def leads(draw: st.DrawFn, n_contacts: int) -> Lead:
    geometry = LeadGeometry(
        name="random",
        n_contacts=n_contacts,
        contact_length=draw(st.floats(0.3, 3.0)) * u.mm,
        contact_diameter=draw(st.floats(0.3, 1.5)) * u.mm,
        contact_spacing=draw(st.floats(3.5, 8.0)) * u.mm,
        lead_diameter=1.5 * u.mm,
        source="random test lead",
    )
    return Lead(geometry=geometry, level="L5", side="left", tip=(0, 0, 0), direction=(0, 0, 1))


@st.composite
def limits(draw: st.DrawFn) -> SafetyLimits:
    hard = draw(st.floats(5.0, 150.0))
    return SafetyLimits(
        max_charge_density=hard * u.uC_per_cm2,
        soft_charge_density=draw(st.floats(0.1, 1.0)) * hard * u.uC_per_cm2,
        max_shannon_k=draw(st.floats(-1.0, 2.5)),
    )


@settings(max_examples=60)
@given(data=st.data())
def test_every_proposed_program_passes_check_program(data: st.DataObject) -> None:
    gen = data.draw(generators())
    lim = data.draw(limits())
    n_leads = data.draw(st.integers(1, 3))
    implanted = [
        data.draw(leads(data.draw(st.integers(gen.contacts_per_lead, 8)))) for _ in range(n_leads)
    ]
    impedances = {
        i: data.draw(st.floats(200.0, 5000.0)) for i in range(n_leads) if data.draw(st.booleans())
    }
    allow_soft = data.draw(st.booleans())
    waveform = data.draw(
        st.sampled_from(
            sorted(k for k in device.WAVEFORMS if device.WAVEFORMS[k].is_charge_balanced)
        )
    )
    per_lead = []
    for i, lead in enumerate(implanted):
        configs = cf.contact_configurations(gen.contacts_per_lead, max_active=4)
        config = data.draw(st.sampled_from(configs))
        thresholds = np.array(
            data.draw(
                st.lists(
                    st.one_of(st.just(float("nan")), st.floats(1e-6, 0.02)), min_size=0, max_size=12
                )
            )
        )
        programs = cf.candidate_lead_programs(
            i, config, data.draw(st.floats(1.0, 2000.0)) * u.us, thresholds, lead, gen, lim,
            rates=data.draw(st.lists(st.floats(0.5, 1000.0), min_size=1, max_size=3)),
            waveform=waveform, n_grid=data.draw(st.integers(1, 8)), allow_soft=allow_soft,
            impedance=impedances.get(i),
        )  # fmt: skip
        for lp in programs:
            report = check_program(
                Program(name="p", leads=(lp,)), gen, implanted, lim, impedances=impedances
            )
            assert report.is_safe
            if not allow_soft:
                assert not report.soft_findings
        if programs:
            per_lead.append(data.draw(st.sampled_from(programs)))
    if per_lead:
        combined = Program(name="combined", leads=tuple(per_lead))
        assert check_program(combined, gen, implanted, lim, impedances=impedances).is_safe


@given(st.floats(0.0, 7.0))
def test_ceil_amplitude_is_the_next_grid_point(amplitude_mA: float) -> None:
    gen = device.pulse_generator("axium-investigational")
    a = amplitude_mA * u.mA
    q = cf.ceil_amplitude(gen, a)
    if a > gen.amplitude_max:
        assert q == float("inf")
        return
    assert q >= a * (1 - 1e-12)
    assert gen.check_amplitude(q) == q
    below = gen.quantise_amplitude(q * (1 - 1e-9))
    assert below < a * (1 + 1e-9) or below == q
