"""Hypothesis: malformed values of any type are refused with the offending field named."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from drgsim import device
from drgsim import units as u
from drgsim.errors import ConfigurationError

VALID: dict[str, object] = {
    "lead": 0,
    "polarities": ("-", "+", "0", "0"),
    "amplitude": 0.8 * u.mA,
    "pulse_width": 300 * u.us,
    "rate": 20 * u.Hz,
    "waveform": "biphasic-passive",
    "enabled": True,
    "patient_max_amplitude": None,
}

junk = st.one_of(
    st.none(),
    st.text(max_size=5),
    st.lists(st.integers(), max_size=3),
    st.floats(),
    st.integers(-(10**6), 10**6),
    st.booleans(),
    st.dictionaries(st.text(max_size=2), st.integers(), max_size=2),
)


@given(field=st.sampled_from(sorted(VALID)), value=junk)
def test_lead_program_junk_names_its_field(field: str, value: object) -> None:
    spec = dict(VALID)
    spec[field] = value
    try:
        device.LeadProgram(**spec)  # type: ignore[arg-type]
    except ConfigurationError as err:
        assert err.field.split("[")[0] == field or (
            field == "enabled" and err.field == "polarities"
        )
        assert err.allowed


@given(
    field=st.sampled_from(["level", "side", "tip", "direction"]),
    value=junk,
)
def test_lead_junk_names_its_field(field: str, value: object) -> None:
    spec: dict[str, object] = {
        "geometry": device.lead_geometry(device.DEFAULT_LEAD),
        "level": "L5",
        "side": "left",
        "tip": (0.0, 0.0, 0.0),
        "direction": (0.0, 0.0, 1.0),
    }
    spec[field] = value
    try:
        device.Lead(**spec)  # type: ignore[arg-type]
    except ConfigurationError as err:
        assert err.field == field


@given(value=junk)
def test_program_junk_names_its_field(value: object) -> None:
    try:
        device.Program(name="p", leads=value)  # type: ignore[arg-type]
    except ConfigurationError as err:
        assert err.field.split("[")[0] == "leads"
