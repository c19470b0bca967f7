"""Scenario (program) files: any text, and any mutation of a valid file, either loads or raises
the declared ConfigurationError naming a field; nothing else escapes the parser."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from drgsim.errors import ConfigurationError
from drgsim.therapy.scenario import Scenario, bundled_scenario_text, load_scenario_text

DEFAULT_TEXT = bundled_scenario_text("crps-foot")
NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?![\w.])")
NUMBERS = list(NUMBER.finditer(DEFAULT_TEXT))


def _load(text: str) -> None:
    try:
        scenario = load_scenario_text(text, "fuzz.toml")
    except ConfigurationError as err:
        assert err.field
        assert err.allowed
    else:
        assert isinstance(scenario, Scenario)


@settings(max_examples=300)
@given(st.text(max_size=400))
def test_arbitrary_text_raises_only_configuration_errors(text: str) -> None:
    _load(text)


@settings(max_examples=300)
@given(
    st.integers(min_value=0, max_value=len(NUMBERS) - 1),
    st.one_of(
        st.floats(allow_nan=False, allow_infinity=False, width=32).map(repr),
        st.sampled_from(["nan", "inf", "-inf", '"x"', "[]", "{}", "true", "1e308", "-0"]),
    ),
)
def test_mutated_numbers_raise_only_configuration_errors(index: int, replacement: str) -> None:
    match = NUMBERS[index]
    _load(DEFAULT_TEXT[: match.start()] + replacement + DEFAULT_TEXT[match.end() :])


@settings(max_examples=200)
@given(st.data())
def test_deleted_lines_raise_only_configuration_errors(data: st.DataObject) -> None:
    lines = DEFAULT_TEXT.splitlines()
    start = data.draw(st.integers(min_value=0, max_value=len(lines) - 1))
    stop = data.draw(st.integers(min_value=start + 1, max_value=min(len(lines), start + 4)))
    _load("\n".join(lines[:start] + lines[stop:]))
