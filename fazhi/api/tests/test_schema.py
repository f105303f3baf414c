"""The OpenAPI schema says what the server does: every status, the step declarations, strings and dates as parsed."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from fazhi.api.schema import date_pattern
from fazhi.api.steps import TransitionInput, step_example, steps
from fazhi.cases.procedure import SYSTEM
from fazhi.cases.registry import procedures
from fazhi.cases.tests.factories import open_reconsideration

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def operation(schema: dict, method: str, path: str) -> dict:
    return schema["paths"][path][method]


@pytest.mark.parametrize(
    ("earliest", "latest"),
    [
        (date(1949, 10, 1), date(2099, 12, 31)),
        (date(2024, 2, 1), date(2024, 11, 30)),
        (date(1999, 1, 1), date(2001, 3, 31)),
    ],
)
def test_the_date_pattern_matches_exactly_the_months_between_its_bounds(earliest, latest):
    pattern = re.compile(date_pattern(earliest, latest))
    day = earliest - timedelta(days=400)
    while day <= latest + timedelta(days=400):
        assert bool(pattern.fullmatch(day.isoformat())) == (earliest <= day <= latest), day
        day += timedelta(days=1)
    for text in ["2024-1-01", "02024-01-01", "２０２４-01-01", "2024-01-01 ", "2024-00-10", "2024-13-01"]:
        assert not pattern.fullmatch(text), text


def test_date_pattern_takes_whole_months():
    with pytest.raises(ValueError):
        date_pattern(date(2024, 1, 2), date(2024, 12, 31))


@pytest.mark.parametrize(
    ("method", "path", "statuses"),
    [
        ("get", "/api/v1/cases/", {"200", "400", "401", "403", "404", "429"}),
        ("get", "/api/v1/cases/{id}/", {"200", "401", "403", "404", "429"}),
        ("post", "/api/v1/cases/{id}/transitions/", {"200", "400", "401", "403", "404", "409", "415", "429"}),
        ("post", "/api/v1/cases/{id}/parties/{party_pk}/reveal/", {"200", "400", "401", "403", "404", "415", "429"}),
        ("get", "/api/v1/deadlines/", {"200", "400", "429"}),  # public: no authentication, no permission
        ("get", "/api/v1/deadlines/rules/", {"200", "429"}),
        ("post", "/api/v1/reconsideration/applications/", {"201", "400", "401", "403", "415", "429"}),
    ],
)
def test_each_operation_documents_every_status_it_answers(schema, method, path, statuses):
    assert set(operation(schema, method, path)["responses"]) == statuses


def test_every_error_response_has_the_error_body(schema):
    responses = schema["components"]["responses"]
    for name in ["Unauthorized", "Forbidden", "NotFound", "Conflict", "UnsupportedMediaType", "TooManyRequests"]:
        body = responses[name]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
        assert schema["components"]["schemas"][body]["required"] == ["detail"], name
    assert "Retry-After" in responses["TooManyRequests"]["headers"]
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            for code, response in op["responses"].items():
                if code >= "400":
                    assert "$ref" in response or "content" in response, (method, path, code)


def test_request_bodies_are_json_only(schema):
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            if "requestBody" in op:
                assert list(op["requestBody"]["content"]) == ["application/json"], (method, path)


def test_optional_query_parameters_may_be_sent_empty(schema):
    parameters = {p["name"]: p for p in operation(schema, "get", "/api/v1/cases/")["parameters"]}
    assert parameters["received_before"]["allowEmptyValue"] is True
    assert parameters["party"]["schema"]["pattern"] == "^[^\\x00]*$"
    deadline = {p["name"]: p for p in operation(schema, "get", "/api/v1/deadlines/")["parameters"]}
    assert "allowEmptyValue" not in deadline["start"] and deadline["start"]["required"] is True


def test_the_server_reads_an_empty_query_parameter_as_not_given(city_clerk):
    api = APIClient()
    api.force_authenticate(city_clerk)
    open_reconsideration(city_clerk)
    assert api.get("/api/v1/cases/", {"received_before": "", "is_open": "", "line": ""}).json()["count"] == 1
    response = api.get("/api/v1/cases/", {"overdue": "maybe"})
    assert response.status_code == 400 and response.json() == {"overdue": ["应为 true 或 false。"]}


def test_an_unknown_api_path_is_a_json_404(client):
    for method in (client.get, client.post):
        response = method("/api/v1/cases/abc/transitions/")
        assert response.status_code == 404 and response.json() == {"detail": "未找到。"}


def test_the_api_refuses_a_form_encoded_body_with_415(city_clerk):
    api = APIClient()
    api.force_authenticate(city_clerk)
    case = open_reconsideration(city_clerk)
    response = api.post(f"/api/v1/cases/{case.pk}/transitions/", {"code": "accept", "version": "1"}, format="multipart")
    assert response.status_code == 415


def test_the_transition_request_offers_every_step_people_take_of_every_line(schema):
    request = operation(schema, "post", "/api/v1/cases/{id}/transitions/")["requestBody"]
    assert request["required"] is True
    transition = schema["components"]["schemas"]["TransitionRequest"]
    people_steps = {t.code for proc in procedures().values() for t in proc.transitions if t.roles - {SYSTEM}}
    assert set(transition["discriminator"]["mapping"]) == people_steps
    assert "deemed_accept" not in people_steps  # the system's own step
    assert len(transition["oneOf"]) == len(people_steps)


def test_each_steps_data_lists_its_declared_keys_with_types_bounds_and_required(schema):
    components = schema["components"]["schemas"]
    extend = components["ReconsiderationExtendDecisionData"]
    assert extend["required"] == ["reasons", "extension_days"] and extend["additionalProperties"] is False
    assert extend["properties"]["extension_days"] | {"description": ""} == {
        "type": "integer",
        "minimum": 1,
        "maximum": 365,
        "description": "",
    }
    decide = components["ReconsiderationDecideData"]["properties"]
    assert decide["written_review_reason"]["nullable"] is True  # optional: null or absent means not given
    decision_enum = decide["decision"]["allOf"][0]["$ref"].rsplit("/", 1)[1]
    assert "upheld" in components[decision_enum]["enum"]
    # two lines name a step `accept`: its data is either line's
    accept = components["AcceptStep"]["properties"]["data"]
    assert {"MediationAcceptData", "ReconsiderationAcceptData"} <= {
        ref["$ref"].rsplit("/", 1)[1] for ref in accept["anyOf"]
    }
    assert components["AcceptStep"]["required"] == ["code", "version"]  # mediation's accept takes no data


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"code": "extend_decision", "version": 1, "data": {"reasons": "复杂", "extension_days": "30"}}, "data"),
        ({"code": "extend_decision", "version": 1, "data": {"reasons": "复杂", "extension_days": 366}}, "data"),
        ({"code": "extend_decision", "version": 1, "data": {"reasons": "  \u3000", "extension_days": 30}}, "data"),
        (
            {"code": "extend_decision", "version": 1, "data": {"reasons": "复杂", "extension_days": 30, "x": None}},
            "data",
        ),
        ({"code": "accept", "version": 1, "data": {"procedure_type": "ordinary"}, "extra": 1}, "extra"),
        ({"code": "accept", "version": True}, "version"),
        ({"code": "accept", "version": 1, "on": "2024-1-1"}, "on"),
        ({"code": "accept", "version": 1, "on": "2100-01-01"}, "on"),
        ({"code": "accept", "version": 1, "on": None}, "on"),
        ({"code": "correction_lapsed", "version": 1}, "code"),
    ],
)
def test_the_api_refuses_what_the_schema_calls_invalid(body, field):
    payload = TransitionInput(data=body, context={"line": "reconsideration"})
    assert not payload.is_valid()
    assert field in payload.errors


@pytest.mark.parametrize(
    "body",
    [
        {"code": "extend_decision", "version": 3, "data": {"reasons": "复杂", "extension_days": 30}},
        {
            "code": "decide",
            "version": 1,
            "data": {"decision": "upheld", "reasons": "清楚", "written_review_reason": None},
        },
        {"code": "accept", "version": 1},  # mediation's accept
        {"code": "accept", "version": 1, "on": "2024-10-08", "data": {"procedure_type": "simplified"}},
    ],
)
def test_the_api_parses_what_the_schema_calls_valid(body):
    assert TransitionInput(data=body, context={"line": "reconsideration"}).is_valid()


def test_every_step_example_is_valid():
    for code, declared in steps().items():
        for step in declared:
            example = step_example(step)
            assert TransitionInput(data=example, context={"line": step.line}).is_valid(), (step.line, code, example)
