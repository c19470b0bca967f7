"""Schemathesis over the programmer's OpenAPI schema: no server error, responses match it.

Every API operation is called with generated requests (valid and invalid) as each identity
(an administrator, the assigned clinician, the patient, and anonymously); the server must never
answer 5xx, and every response must match the status codes, content types and bodies the
schema documents.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from programmer_world import World, make_world
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

IDENTITIES = ("admin", "clin1", "pat1", "")
CHECKS = (
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
)


@pytest.fixture(scope="module")
def api_world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    w = make_world(tmp_path_factory.mktemp("schema"))
    with w.client:
        yield w


def test_no_server_error_and_responses_match_the_schema(api_world: World) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", api_world.app)
    n_operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        n_operations += 1

        @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def check(case: schemathesis.Case) -> None:
            for who in IDENTITIES:
                headers = dict(case.headers or {})
                headers.update(api_world.as_(who))
                response = case.call(headers=headers)
                case.validate_response(response, checks=CHECKS)

        check()
    assert n_operations >= 20
