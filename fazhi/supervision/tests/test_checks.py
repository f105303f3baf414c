"""A health check from plan to verified rectification, through the services: every bad input refused in Chinese,
nothing half-written, a stale form refused."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from fazhi.cases.tests.factories import org
from fazhi.indicators.registry import Period, compute
from fazhi.supervision import services
from fazhi.supervision.models import Finding, HealthCheck, HealthCheckPlan
from fazhi.supervision.services import FindingInput
from fazhi.supervision.tests.factories import AGENCY, BODY

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(baotou):
    return baotou["supervision_clerk"]


@pytest.fixture
def plan(clerk):
    return services.plan_create(
        organisation=org(BODY), year=2024, title="2024年法治体检工作方案", agencies=[org(AGENCY)], actor=clerk
    )


FAILING = [
    FindingInput("publicity", False, "部分处罚决定超过7个工作日公示", examined=20, defective=3),
    FindingInput("legal_review", True),
]


def test_a_plan_takes_only_enforcement_agencies_each_once(clerk):
    with pytest.raises(ValidationError, match="行政执法机关"):
        services.plan_create(organisation=org(BODY), year=2024, title="方案", agencies=[org(BODY)], actor=clerk)
    with pytest.raises(ValidationError, match="重复"):
        services.plan_create(
            organisation=org(BODY), year=2024, title="方案", agencies=[org(AGENCY), org(AGENCY)], actor=clerk
        )
    assert not HealthCheckPlan.objects.exists()


def test_from_plan_to_verified_rectification(plan, clerk):
    check = plan.checks.get()
    check = services.check_record(check=check, checked_on=date(2024, 4, 8), findings=FAILING, actor=clerk)
    assert check.state == "checked"
    check = services.notice_issue(
        check=check, notice_on=date(2024, 4, 15), due_on=date(2024, 5, 15), text="限期整改公示问题", actor=clerk
    )
    check = services.report_receive(check=check, reported_on=date(2024, 5, 10), text="已整改", actor=clerk)
    assert check.on_time is True
    check = services.rectification_verify(
        check=check, verified_on=date(2024, 5, 20), passed=True, opinion="整改到位", actor=clerk
    )
    assert check.state == "verified"
    figures = compute(["supervision"], Period.year(2024, "1502"))["supervision"]
    assert figures["rule_of_law_health_checks"] == 1
    assert (figures["rectifications_reported"], figures["rectifications_on_time"]) == (1, 1)
    assert figures["rectification_on_time_pct"] == 100.0
    assert figures["three_systems_nonconforming"] == 1


def test_a_failed_verification_sends_it_back_with_a_new_deadline(plan, clerk):
    check = services.check_record(check=plan.checks.get(), checked_on=date(2024, 4, 8), findings=FAILING, actor=clerk)
    check = services.notice_issue(
        check=check, notice_on=date(2024, 4, 15), due_on=date(2024, 5, 15), text="限期整改", actor=clerk
    )
    check = services.report_receive(check=check, reported_on=date(2024, 5, 20), text="已整改", actor=clerk)
    assert check.on_time is False
    with pytest.raises(ValidationError, match="重新确定"):
        services.rectification_verify(
            check=check, verified_on=date(2024, 5, 25), passed=False, opinion="未到位", actor=clerk
        )
    check = services.rectification_verify(
        check=check,
        verified_on=date(2024, 5, 25),
        passed=False,
        opinion="未到位",
        due_on=date(2024, 6, 25),
        actor=clerk,
    )
    assert (check.state, check.due_on, check.reported_on) == ("rectifying", date(2024, 6, 25), None)


def test_a_department_without_problems_needs_no_notice(plan, clerk):
    check = services.check_record(
        check=plan.checks.get(), checked_on=date(2024, 4, 8), findings=[FindingInput("publicity", True)], actor=clerk
    )
    assert check.state == "closed"
    with pytest.raises(ValidationError, match="发现问题"):
        services.notice_issue(check=check, notice_on=date(2024, 4, 9), due_on=date(2024, 5, 9), text="x", actor=clerk)


@pytest.mark.parametrize(
    ("findings", "message"),
    [
        ([FindingInput("publicity", False)], "写明发现的问题"),
        ([FindingInput("publicity", True), FindingInput("publicity", True)], "只能记录一次"),
        ([FindingInput("nope", True)], "未知的检查项目"),
        ([FindingInput("publicity", False, "问题", examined=2, defective=3)], "不能大于"),
        ([], "至少记录"),
    ],
)
def test_bad_findings_are_refused_and_nothing_is_saved(plan, clerk, findings, message):
    check = plan.checks.get()
    with pytest.raises(ValidationError, match=message):
        services.check_record(check=check, checked_on=date(2024, 4, 8), findings=findings, actor=clerk)
    assert not Finding.objects.exists() and HealthCheck.objects.get().state == "planned"


def test_dates_and_stale_versions_are_refused(plan, clerk):
    check = plan.checks.get()
    with pytest.raises(ValidationError, match="已被他人修改"):
        services.check_record(check=check, checked_on=date(2024, 4, 8), findings=FAILING, actor=clerk, version=5)
    with pytest.raises(ValidationError, match="至今天"):
        services.check_record(check=check, checked_on=date(2099, 4, 8), findings=FAILING, actor=clerk)
    check = services.check_record(check=check, checked_on=date(2024, 4, 8), findings=FAILING, actor=clerk)
    with pytest.raises(ValidationError, match="晚于"):
        services.notice_issue(check=check, notice_on=date(2024, 4, 15), due_on=date(2024, 4, 15), text="x", actor=clerk)
    with pytest.raises(ValidationError, match="早于检查日期"):
        services.notice_issue(check=check, notice_on=date(2024, 4, 1), due_on=date(2024, 5, 1), text="x", actor=clerk)
