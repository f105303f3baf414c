"""Schema-driven fuzzing of every API operation (schemathesis against /api/v1/schema/): no 500, no schema violation.

Each operation gets its own test, fed by schemathesis's strategies for data that fits the schema and data that does
not, through the real WSGI application (every middleware, the token authentication, the throttles). A staff member
whose roles pass the operation's permission calls it with a machine token, on a small seeded data set; a path id is
half the time a seeded case, so detail and transition calls reach the code behind the 404. Bounded and deterministic:
derandomized Hypothesis, a fixed number of examples per operation, no example database. A deeper run:
FAZHI_FUZZ_EXAMPLES=300 pytest fazhi/api/tests/test_fuzz.py
"""

from __future__ import annotations

import os
import traceback
from contextlib import contextmanager
from datetime import date

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from rest_framework.throttling import SimpleRateThrottle
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from fazhi.accounts.models import ApiToken
from fazhi.cases.tests.factories import open_county_case, open_reconsideration

pytestmark = pytest.mark.django_db

SCHEMA_URL = "/api/v1/schema/?format=json"
EXAMPLES = int(os.environ.get("FAZHI_FUZZ_EXAMPLES", "30"))  # per operation; raise it for a deeper run
CHECKS = [not_a_server_error, response_schema_conformance]
# who calls each API area: a persona whose roles pass its permission, so the fuzzing reaches the input handling
CALLER = {
    "/api/v1/mediation/": "donghe_clerk",
    "/api/v1/legal-aid/": "donghe_clerk",
    # the supervision line and the registries it keeps: the city's supervision body (city_clerk only gets 403)
    "/api/v1/supervision/": "supervision_clerk",
    "/api/v1/enforcement/": "supervision_clerk",
    "/api/v1/lenient/": "supervision_clerk",
    "/api/v1/business/": "supervision_clerk",
}
DEFAULT_CALLER = "city_clerk"


def _operations() -> list[tuple[str, str]]:
    """(METHOD, path) of every operation in the schema, read once at collection time for the test ids."""
    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    methods = {"get", "post", "put", "patch", "delete"}
    return sorted((m.upper(), path) for path, ops in paths.items() for m in ops if m in methods)


OPERATIONS = _operations()


@contextmanager
def in_test_transaction():
    """Keep Django from closing the test's connection between requests (its test client does the same)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@contextmanager
def server_errors():
    """Tracebacks of exceptions the views raised (Django turns them into a bare 500), for the failure message."""
    seen: list[str] = []

    def record(sender, request=None, **kwargs):
        seen.append(traceback.format_exc())

    signals.got_request_exception.connect(record)
    try:
        yield seen
    finally:
        signals.got_request_exception.disconnect(record)


@pytest.fixture
def seeded(baotou):
    """One case of each line the callers can reach: a city reconsideration and a 东河区 mediation and legal-aid case."""
    return [
        open_reconsideration(baotou["city_clerk"], received_on=date(2024, 9, 30)).pk,
        open_county_case(baotou["donghe_clerk"], "东河区司法局", received_on=date(2024, 5, 6)).pk,
        open_county_case(baotou["donghe_clerk"], "东河区司法局", line="legal_aid", received_on=date(2024, 5, 6)).pk,
    ]


def test_every_api_operation_is_fuzzed():
    assert len(OPERATIONS) >= 10, OPERATIONS
    assert ("GET", "/api/v1/cases/{id}/") in OPERATIONS and ("POST", "/api/v1/cases/{id}/transitions/") in OPERATIONS


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_no_server_error_and_no_schema_violation(method, path, baotou, seeded, monkeypatch):
    from config.wsgi import application

    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "user", None)  # no throttle: the fuzz calls in a burst
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "anon", None)
    caller = next((who for prefix, who in CALLER.items() if path.startswith(prefix)), DEFAULT_CALLER)
    _, key = ApiToken.issue(user=baotou[caller], name="fuzz", scopes=["read", "write"])
    headers = {"Authorization": f"Bearer {key}"}

    with in_test_transaction():
        schema = schemathesis.openapi.from_wsgi(SCHEMA_URL, application)
        operation = schema[path][method]
        strategy = st.one_of(
            operation.as_strategy(schemathesis.GenerationMode.POSITIVE),
            operation.as_strategy(schemathesis.GenerationMode.NEGATIVE),
        )
        if "{id}" in path:
            strategy = st.one_of(
                strategy,
                st.sampled_from(seeded).flatmap(lambda pk: operation.as_strategy(path_parameters={"id": pk})),
            )

        @settings(
            max_examples=EXAMPLES,
            derandomize=True,
            database=None,
            deadline=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy)
        def fuzz(case):
            with server_errors() as raised:
                response = case.call(headers=headers)
            assert not raised, f"{case.method} {case.formatted_path}: {raised[0]}"
            case.validate_response(response, checks=CHECKS, headers=headers)

        fuzz()
