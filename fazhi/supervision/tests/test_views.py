"""The line's pages: who opens them, the intake refusing art. 33 cases without the facts, the check page refusing a
step taken meanwhile, the figure records page listing what the figure counts."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from fazhi.cases.models import Case
from fazhi.cases.tests.factories import org
from fazhi.supervision import services
from fazhi.supervision.models import HealthCheck
from fazhi.supervision.tests.factories import AGENCY, BODY

pytestmark = pytest.mark.django_db


def test_the_reporter_and_other_lines_do_not_open_the_lines_pages(baotou, login):
    for name in ("supervision:case_list", "supervision:plan_list", "supervision:interview_list"):
        assert login(baotou["supervision_clerk"]).get(reverse(name)).status_code == 200
        assert login(baotou["agency_reporter"]).get(reverse(name)).status_code == 403
        assert login(baotou["legality_clerk"]).get(reverse(name)).status_code == 403


def test_the_menu_names_the_lines_pages_for_a_supervisor_only(baotou, login):
    html = login(baotou["supervision_clerk"]).get(reverse("supervision:case_list")).content.decode()
    for label in ("监督案件", "登记监督线索", "法治体检", "约谈"):
        assert label in html


def test_the_intake_registers_a_lead_and_keeps_the_input_on_a_refusal(baotou, login):
    client = login(baotou["supervision_clerk"])
    body = {
        "organisation": org(BODY).pk,
        "source": "complaint",
        "agency": org(AGENCY).pk,
        "title": "投诉执法检查未出示证件",
        "matter": "企业反映检查人员未出示执法证件",
        "received_on": "2024-03-04",
        "channel": "walk_in",
        "in_review_or_litigation": "on",
        "parallel_proceedings": "",
    }
    response = client.post(reverse("supervision:intake"), body)
    assert response.status_code == 200 and "请写明案件情况" in response.content.decode()
    assert not Case.objects.filter(line="supervision").exists()
    response = client.post(reverse("supervision:intake"), body | {"parallel_proceedings": "已申请行政复议"})
    case = Case.objects.get(line="supervision")
    assert response.status_code == 302 and case.supervision.in_review_or_litigation


def test_a_check_step_posted_after_the_state_moved_is_refused(baotou, login):
    clerk = baotou["supervision_clerk"]
    plan = services.plan_create(organisation=org(BODY), year=2024, title="方案", agencies=[org(AGENCY)], actor=clerk)
    check = plan.checks.get()
    url = reverse("supervision:check_detail", args=[check.pk])
    client = login(clerk)
    stale = {"step": "notice", "notice_on": "2024-04-01", "due_on": "2024-05-01", "text": "x"}
    response = client.post(url, stale, follow=True)
    assert "状态已经变化" in response.content.decode()
    assert HealthCheck.objects.get().state == "planned"
    assert login(baotou["leader"]).get(url).status_code == 200  # the city's leader reads it
    county = baotou["donghe_clerk"]
    county.memberships.update(lines=["supervision"])
    assert login(county).get(url).status_code == 404  # a county's body does not reach the city's


def test_the_records_page_lists_what_the_figure_counts(baotou, login):
    clerk = baotou["supervision_clerk"]
    plan = services.plan_create(organisation=org(BODY), year=2024, title="方案", agencies=[org(AGENCY)], actor=clerk)
    services.check_record(
        check=plan.checks.get(),
        checked_on=date(2024, 4, 8),
        findings=[services.FindingInput("publicity", True)],
        actor=clerk,
    )
    url = reverse("supervision:figure_records", args=["rule_of_law_health_checks"])
    page = login(clerk).get(url, {"start": "2024-01-01", "end": "2024-12-31", "prefix": "1502"}).content.decode()
    assert 'data-total="1"' in page and AGENCY in page
    page = login(clerk).get(url, {"start": "2023-01-01", "end": "2023-12-31", "prefix": "1502"}).content.decode()
    assert 'data-total="0"' in page
    assert login(clerk).get(url, {"start": "x", "end": "2023-12-31", "prefix": "1502"}).status_code == 400
    assert login(clerk).get(reverse("supervision:figure_records", args=["nope"])).status_code == 404


def test_the_top_bar_leads_a_reporter_to_the_register_and_a_supervisor_to_the_line(baotou, login):
    from fazhi.accounts.templatetags.line_nav import line_menu, line_nav

    reporter = [str(link.label) for link in line_nav(baotou["agency_reporter"])]
    supervisor = [str(link.label) for link in line_nav(baotou["supervision_clerk"])]
    menu = [str(link.label) for link in line_menu(baotou["supervision_clerk"], "supervision")]
    assert menu == ["监督案件", "登记监督线索", "法治体检", "约谈", "执法证件", "免罚轻罚", "营商环境"]
    assert "免罚轻罚" in reporter and "行政执法监督" not in reporter
    assert "行政执法监督" in supervisor and "免罚轻罚" in supervisor
