"""The test-only line appears everywhere a real line does, though nothing outside its folder names it."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from fazhi.accounts.models import organisation_kind_choices, role_choices
from fazhi.cases.models import Case, Deadline
from fazhi.cases.registry import deadline_rules, procedure_for
from fazhi.cases.runner import case_transition
from fazhi.core.lines import line_choices
from fazhi.documents.kinds import kind
from fazhi.indicators.dashboard import trend_keys
from fazhi.indicators.registry import Period, compute
from fazhi.tests.matrix import line_matrices
from fazhi.tests.sampleline.choices import LINE
from fazhi.tests.sampleline.tests.factories import hold_line, open_sample_case
from fazhi.tests.sampleline.tests.matrix import inspector

FOLDER = Path(__file__).resolve().parents[1]


def _text(response) -> str:
    """The page's words, without tags and with runs of space made one."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def _nav(client) -> str:
    return client.get(reverse("cases:my_tasks")).content.decode()


def test_only_the_test_settings_install_it():
    assert settings.SETTINGS_MODULE == "config.test_settings"
    central = (Path(settings.BASE_DIR) / "config" / "settings.py").read_text()
    assert "sampleline" not in central


def test_the_kernel_choices_include_its_key_kind_and_role():
    assert (LINE, "示例条线") in [(k, str(v)) for k, v in line_choices()]
    assert "sample_office" in dict(organisation_kind_choices())
    assert "sample_inspector" in dict(role_choices())
    assert "sample_line" in dict(Case._meta.get_field("line").choices)


@pytest.mark.django_db
def test_its_nav_entries_show_only_to_its_members(baotou, login):
    assert 'href="/sample-line/"' in _nav(login(inspector(baotou)))
    assert 'href="/sample-line/inspection/"' in _nav(login(inspector(baotou)))
    assert "示例条线" not in _nav(login(baotou["mediator"]))
    assert "示例条线" not in _nav(login(baotou["auditor"]))
    handler = baotou["city_clerk"]
    hold_line(handler)
    page = _nav(login(handler))
    assert 'href="/sample-line/"' in page
    assert 'href="/sample-line/inspection/"' not in page  # narrowed to the line's inspectors


def test_its_pages_and_api_are_mounted_at_its_prefix():
    assert reverse("sample_line:case_list") == "/sample-line/"
    assert reverse("sample-line-cases") == "/api/v1/sample-line/cases/"


@pytest.mark.django_db
def test_the_schema_carries_its_route_and_key(client):
    response = client.get(reverse("api-schema"), {"format": "json"})
    schema = json.loads(response.content)
    assert "/api/v1/sample-line/cases/" in schema["paths"]
    assert LINE in json.dumps(schema["components"]["schemas"])


@pytest.mark.django_db
def test_its_api_lists_its_cases_in_scope(baotou, login):
    hold_line(baotou["donghe_clerk"])
    case = open_sample_case(baotou["donghe_clerk"])
    body = login(inspector(baotou)).get(reverse("sample-line-cases")).json()
    assert [c["number"] for c in body] == [case.number]
    assert login(baotou["kundulun_clerk"]).get(reverse("sample-line-cases")).status_code == 403


def test_its_document_is_a_registered_kind():
    assert kind("sample_decision").line == LINE


def test_its_clock_is_a_deadline_rule():
    rule = deadline_rules()[f"{LINE}.decision"]
    assert (rule.clock.amount, rule.clock.basis) == (20, "示例：行政许可法第四十二条")


@pytest.mark.django_db
def test_the_public_rule_list_and_calculator_answer_for_its_clock(client):
    rules = client.get(reverse("api-deadline-rules")).json()
    assert f"{LINE}.decision" in json.dumps(rules, ensure_ascii=False)
    answer = client.get(reverse("api-deadlines"), {"rule": f"{LINE}.decision", "start": "2024-04-29"})
    assert answer.status_code == 200


@pytest.mark.django_db
def test_a_case_walks_its_procedure_and_issues_its_document(baotou):
    hold_line(baotou["donghe_clerk"])
    clerk = baotou["donghe_clerk"]
    case = open_sample_case(clerk, received_on=date(2024, 5, 6))
    case = case_transition(case=case, code="accept", actor=clerk, on=date(2024, 5, 7))
    assert Deadline.objects.get(case=case, clock="decision").state == "running"
    case = case_transition(case=case, code="grant", actor=clerk, on=date(2024, 5, 20))
    assert (case.state, case.outcome, case.closed_on) == ("granted", "granted", date(2024, 5, 20))
    assert case.documents.get().kind == "sample_decision"
    assert procedure_for(LINE).number_code == "示"


@pytest.mark.django_db
def test_its_figures_are_computed_with_the_other_lines(baotou):
    hold_line(baotou["donghe_clerk"])
    open_sample_case(baotou["donghe_clerk"], received_on=date(2024, 5, 6))
    figures = compute([LINE], Period.year(2024, "1502"))
    assert figures[LINE]["received"] == 1


@pytest.mark.django_db
def test_the_annual_report_and_dashboard_show_it_to_its_members(baotou, login):
    hold_line(baotou["donghe_clerk"])
    open_sample_case(baotou["donghe_clerk"], received_on=date(2024, 5, 6))
    client = login(baotou["donghe_clerk"])
    report = _text(client.get(reverse("indicators:report"), {"year": 2024}))
    assert "一年来，示例许可办理规范有序。全区收到示例许可申请 1 件，作出决定 0 件。" in report
    assert trend_keys(LINE) == ("received", "decided")
    assert "示例条线" in client.get(reverse("indicators:dashboard"), {"year": 2024}).content.decode()
    assert (
        "示例许可" not in login(baotou["mediator"]).get(reverse("indicators:report"), {"year": 2024}).content.decode()
    )


def test_the_permission_matrix_covers_its_routes_and_persona():
    (ours,) = [m for m in line_matrices() if m.line == LINE]
    assert {"sample_line:case_list", "sample_line:inspection", "sample-line-cases"} <= ours.routes.keys()
    assert [p.name for p in ours.personas] == ["sample_inspector"]


def test_nothing_outside_its_folder_and_the_test_settings_names_it():
    root = Path(settings.BASE_DIR)
    named = [
        p.relative_to(root)
        for p in (root / "fazhi").rglob("*")
        if p.is_file()
        and p.suffix in {".py", ".html", ".txt", ".md"}
        and FOLDER not in p.parents
        and ("sampleline" in p.read_text(errors="ignore") or LINE in p.read_text(errors="ignore"))
    ]
    # the kernel's own tests use the test-only line for a case (issue 11: kernel tests that need a line use it)
    assert all(str(p).startswith("fazhi/tests/") or "/tests/" in str(p) for p in named), named
