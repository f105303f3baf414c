"""The mediator's quick entry: one form registers, accepts and closes a simple dispute with the full law applied."""

from __future__ import annotations

import re
from datetime import date

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from fazhi.cases.models import Case
from fazhi.cases.tests.factories import org
from fazhi.mediation.models import Committee, Mediator

pytestmark = pytest.mark.django_db

URL = "/mediation/quick/"
COMMITTEE = "和平路街道人民调解委员会"


def entry(**overrides) -> dict:
    data = {
        "applicant_name": "王大妈",
        "applicant_phone": "13812345678",
        "respondent_name": "李师傅",
        "respondent_phone": "",
        "dispute_type": "neighbour",
        "summary": "楼上漏水",
        "amount": "800",
        "outcome": "agree_oral",
        "terms": "李师傅当日修好水管，赔偿800元",
        "reasons": "",
        "routes": "",
        "on": "2024-05-06",
    }
    return {k: v for k, v in {**data, **overrides}.items() if v is not None}


def kinds(case: Case) -> dict[str, str]:
    return {d.kind: d.number for d in case.documents.all()}


def test_the_page_offers_one_short_form_with_today_and_three_outcomes(login, mediator):
    html = login(mediator).get(URL).content.decode()
    assert "快速录入" in html
    assert f'value="{timezone.localdate():%Y-%m-%d}"' in html  # the date defaults to today
    for label in ("口头协议", "书面协议", "调解不成"):
        assert label in html
    assert 'name="organisation"' not in html  # one committee: nothing to choose
    # works without JavaScript: the only script is the site-wide focus helper, which the form does not need
    assert all("focus-first-error.js" in tag for tag in re.findall(r"<script\b[^>]*>", html))


def test_an_oral_agreement_closes_the_case_with_its_record(login, mediator):
    response = login(mediator).post(URL, entry())
    case = Case.objects.get()
    assert response.status_code == 302 and response.url == f"{URL}?case={case.pk}"
    assert case.number == "和调〔2024〕1号"
    assert (case.line, case.state, case.outcome, case.channel) == ("mediation", "agreed", "success", "field")
    assert (case.received_on, case.accepted_on, case.closed_on) == (date(2024, 5, 6),) * 3
    assert case.organisation.name == COMMITTEE
    assert case.title == "王大妈楼上漏水"
    assert sorted((p.role, p.name, p.phone) for p in case.parties.all()) == [
        ("applicant", "王大妈", "13812345678"),
        ("respondent", "李师傅", ""),
    ]
    detail = case.mediation
    assert (detail.dispute_type, detail.amount, detail.agreement_kind, detail.agreement_effective_on) == (
        "neighbour",
        800,
        "oral",
        None,
    )
    assert list(case.events.order_by("id").values_list("code", flat=True)) == ["received", "accept", "agree_oral"]
    assert kinds(case) == {
        "mediation_registration": "和调登〔2024〕1号",
        "oral_agreement_record": "和调口〔2024〕1号",
    }
    assert case.events.get(code="agree_oral").data == {"terms": "李师傅当日修好水管，赔偿800元"}
    mediation_clock = case.deadlines.get(clock="mediation")
    assert (mediation_clock.state, mediation_clock.stopped_on) == ("met", date(2024, 5, 6))
    assert LogEntry.objects.get_for_object(case).filter(actor=mediator).exists()


def test_the_success_page_shows_the_case_number_and_a_link_to_record_another(login, mediator):
    client = login(mediator)
    response = client.post(URL, entry(), follow=True)
    html = response.content.decode()
    assert "和调〔2024〕1号" in html and "调解成功" in html
    assert "再录一件" in html and f'href="{URL}"' in html


def test_a_written_agreement_starts_the_judicial_confirmation_clock_rolled_past_national_day(login, mediator):
    login(mediator).post(URL, entry(outcome="agree_written", on="2024-09-02"))
    case = Case.objects.get()
    assert (case.state, case.mediation.agreement_kind) == ("agreed", "written")
    assert case.mediation.agreement_effective_on == date(2024, 9, 2)
    assert kinds(case) == {
        "mediation_registration": "和调登〔2024〕1号",
        "mediation_agreement": "和调协〔2024〕1号",
    }
    # 30 calendar days from the agreement's effective date, Mon 2024-09-02 (the day itself not counted):
    # Sep 3–30 are days 1–28, Oct 1 is day 29, Wed Oct 2 is day 30 — inside the National Day holiday
    # (Oct 1–7, 2024), so the period ends on the next working day, Tue 2024-10-08 (民事诉讼法 art. 85 ¶3).
    clock = case.deadlines.get(clock="judicial_confirmation")
    assert (clock.started_on, clock.due_on, clock.state) == (date(2024, 9, 2), date(2024, 10, 8), "running")


def test_a_failed_mediation_is_terminated_with_reasons_and_routes(login, mediator):
    login(mediator).post(
        URL,
        entry(outcome="terminate", terms="", reasons="双方分歧过大", routes="可向人民法院起诉"),
    )
    case = Case.objects.get()
    assert (case.state, case.outcome) == ("terminated", "failed")
    assert list(case.events.order_by("id").values_list("code", flat=True)) == ["received", "accept", "terminate"]
    assert "mediation_termination_notice" in kinds(case)
    assert not case.deadlines.filter(clock="judicial_confirmation").exists()


def test_the_mediators_own_record_is_set_as_the_disputes_mediator(login, mediator):
    committee = Committee.objects.create(organisation=org(COMMITTEE), kind="township")
    own = Mediator.objects.create(committee=committee, user=mediator, name="孙调解员")
    login(mediator).post(URL, entry())
    assert Case.objects.get().mediation.mediator == own


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"applicant_name": ""}, "applicant_name", "请填写一方当事人姓名。"),
        ({"dispute_type": ""}, "dispute_type", "请选择纠纷类型。"),
        ({"outcome": ""}, "outcome", "请选择调解结果。"),
        ({"terms": ""}, "terms", "达成协议的，请填写协议内容"),
        ({"outcome": "terminate", "reasons": "", "routes": ""}, "reasons", "请填写终止调解的理由"),
        ({"amount": "八百"}, "amount", "请填写数字金额"),
        ({"on": "2099-01-01"}, "on", "日期不能晚于今天。"),
    ],
)
def test_bad_input_comes_back_in_chinese_and_writes_nothing(login, mediator, overrides, field, message):
    response = login(mediator).post(URL, entry(**overrides))
    assert response.status_code == 400
    html = response.content.decode()
    assert "未保存，请修改标出的内容。" in html and message in html
    assert f'id="id_{field}_error"' in html
    assert 'value="王大妈"' in html or field == "applicant_name"  # the input is kept
    assert not Case.objects.exists()


def test_a_leader_without_a_mediation_intake_role_is_refused(login, leader, citizen):
    assert login(leader).get(URL).status_code == 403
    assert login(citizen).get(URL).status_code == 403
    assert login(None).get(URL).status_code == 302


def test_the_success_page_does_not_show_another_countys_case(login, mediator, kundulun_clerk):
    login(mediator).post(URL, entry())
    case = Case.objects.get()
    html = login(kundulun_clerk).get(f"{URL}?case={case.pk}").content.decode()
    assert case.number not in html and "再录一件" not in html
