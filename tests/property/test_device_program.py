"""Hypothesis: a program that passes the check exceeds no limit; a rejected one names its field."""

from __future__ import annotations

import math

from hypothesis import event, given
from hypothesis import strategies as st

from drgsim import device
from drgsim import units as u
from drgsim.device.pulse_generator import PulseGenerator
from drgsim.errors import ConfigurationError

GENERATOR = device.pulse_generator("axium-investigational")
LIMITS = device.SafetyLimits()
LEADS = [
    device.Lead(
        geometry=device.lead_geometry(device.DEFAULT_LEAD),
        level=level,
        side="left",
        tip=(0.0, 0.0, 0.01 * i),
        direction=(0.0, 0.0, 1.0),
    )
    for i, level in enumerate(("L3", "L4", "L5"))
]
FIELDS = {
    "amplitude",
    "patient_max_amplitude",
    "pulse_width",
    "rate",
    "polarities",
    "lead",
    "waveform",
    "enabled",
}

# Amplitudes: grid values (likely to pass) mixed with arbitrary ones (likely to fail).
grid_amplitude = st.one_of(
    st.integers(0, 80).map(lambda n: n * 25 * u.uA),
    st.integers(0, 80).map(lambda n: 2 * u.mA + n * 50 * u.uA),
)
amplitude = st.one_of(grid_amplitude, st.floats(-1 * u.mA, 8 * u.mA, allow_nan=False))
pulse_width = st.one_of(
    st.integers(0, 68).map(lambda n: (40 + 10 * n) * u.us),
    st.floats(0, 1000 * u.us, allow_nan=False),
)
rate = st.one_of(st.integers(0, 48).map(lambda n: 4.0 + 2 * n), st.floats(0, 150))
polarities = st.lists(st.sampled_from(["+", "-", "0"]), min_size=3, max_size=5).map(tuple)


valid_polarities = (
    st.permutations(["-", "+", "0", "0"])
    | st.permutations(["-", "+", "+", "0"])
    | st.permutations(["-", "-", "+", "0"])
    | st.permutations(["-", "+", "-", "+"])
)
BALANCED = [n for n in device.WAVEFORMS if device.waveform(n).is_charge_balanced]


@st.composite
def lead_programs(draw: st.DrawFn, lead: int) -> dict[str, object]:
    """A lead program on the device grids, with (often) one field drawn from a wider range."""
    spec: dict[str, object] = {
        "lead": lead,
        "polarities": tuple(draw(valid_polarities)),
        "amplitude": draw(grid_amplitude),
        "pulse_width": draw(st.integers(0, 68).map(lambda n: (40 + 10 * n) * u.us)),
        "rate": draw(st.integers(0, 48).map(lambda n: 4.0 + 2 * n)),
        "waveform": draw(st.sampled_from(BALANCED)),
        "enabled": draw(st.booleans()),
        "patient_max_amplitude": draw(st.one_of(st.none(), grid_amplitude)),
    }
    wide: dict[str, st.SearchStrategy[object]] = {
        "lead": st.integers(0, 5),
        "polarities": polarities,
        "amplitude": amplitude,
        "pulse_width": pulse_width,
        "rate": rate,
        "waveform": st.sampled_from(list(device.WAVEFORMS)),
        "patient_max_amplitude": st.one_of(st.none(), amplitude),
    }
    corrupt = draw(st.sampled_from([None, None, None, *wide]))
    if corrupt is not None:
        spec[corrupt] = draw(wide[corrupt])
    return spec


def _on_grid(x: float, low: float, step: float) -> bool:
    n = (x - low) / step
    return abs(n - round(n)) < 1e-6


def _assert_within_limits(program: device.Program, generator: PulseGenerator) -> None:
    assert len(program.leads) <= generator.max_leads
    for lp in program.leads:
        lead = LEADS[lp.lead]
        assert lp.n_contacts == lead.n_contacts
        for a in (lp.amplitude, lp.max_amplitude):
            assert 0.0 <= a <= generator.amplitude_max
            assert generator.quantise_amplitude(a) == generator.quantise_amplitude(
                generator.quantise_amplitude(a)
            )
            low, step = (0.0, 25 * u.uA) if a < 2 * u.mA else (2 * u.mA, 50 * u.uA)
            assert _on_grid(a, low, step)
        assert 40 * u.us * (1 - 1e-9) <= lp.pulse_width <= 720 * u.us * (1 + 1e-9)
        assert _on_grid(lp.pulse_width, 40 * u.us, 10 * u.us)
        assert 4 - 1e-9 <= lp.rate <= 100 + 1e-9
        assert _on_grid(lp.rate, 4.0, 2.0)
        assert device.waveform(lp.waveform).is_charge_balanced
        area = lead.geometry.contact_area
        for w in lp.contact_weights():
            q = device.charge_per_phase(float(w) * lp.max_amplitude, lp.pulse_width)
            d = device.charge_density(q, area)
            assert d <= LIMITS.max_charge_density * (1 + 1e-9)
            assert device.shannon_k(q, d) <= LIMITS.max_shannon_k + 1e-9


@given(
    st.lists(st.integers(0, 2), min_size=1, max_size=5, unique=True).flatmap(
        lambda idx: st.tuples(*(lead_programs(i) for i in idx))
    )
)
def test_passing_programs_exceed_no_limit_and_rejections_name_a_field(
    specs: tuple[dict[str, object], ...],
) -> None:
    try:
        lps = tuple(device.LeadProgram(**spec) for spec in specs)  # type: ignore[arg-type]
        program = device.Program(name="p", leads=lps)
        device.check_program(program, GENERATOR, LEADS, LIMITS)
    except ConfigurationError as err:
        assert err.field
        assert err.allowed
        assert (
            err.field in FIELDS | {"leads"}
            or (err.field.startswith("leads[") and err.field.split(".")[-1] in FIELDS)
            or err.field.startswith("polarities[")
        )
        assert err.value is not None
        event(f"rejected: {err.field.split('.')[-1]}")
        return
    event("passed")
    _assert_within_limits(program, GENERATOR)


@given(
    amplitude=st.floats(0, 6 * u.mA),
    pw=st.integers(0, 68).map(lambda n: (40 + 10 * n) * u.us),
    polarity=st.sampled_from([("-", "+", "0", "0"), ("+", "-", "+", "0"), ("-", "-", "+", "0")]),
)
def test_max_safe_amplitude_is_safe_and_tight(
    amplitude: float, pw: float, polarity: tuple[str, ...]
) -> None:
    lp = device.LeadProgram(lead=0, polarities=polarity, amplitude=0.0, pulse_width=pw, rate=20.0)
    safe = device.max_safe_amplitude(lp, LEADS[0], LIMITS, GENERATOR)
    program = device.Program(
        name="p",
        leads=(
            device.LeadProgram(
                lead=0, polarities=polarity, amplitude=safe, pulse_width=pw, rate=20.0
            ),
        ),
    )
    assert device.check_program(program, GENERATOR, LEADS, LIMITS).is_safe
    if safe < GENERATOR.amplitude_max:
        above = safe + GENERATOR.amplitude_step(safe)
        program = device.Program(
            name="p",
            leads=(
                device.LeadProgram(
                    lead=0, polarities=polarity, amplitude=above, pulse_width=pw, rate=20.0
                ),
            ),
        )
        assert not device.evaluate_program(program, GENERATOR, LEADS, LIMITS).is_safe
    assert math.isfinite(safe)
