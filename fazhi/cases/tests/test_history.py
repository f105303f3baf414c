"""The history writer: a past case is written as the runner would have left it, or not at all."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from fazhi.accounts.models import Organisation
from fazhi.cases import hooks
from fazhi.cases.history import HistoryError, PastCase, Step, Summary, history_write, history_write_many, steps_to
from fazhi.cases.models import Case, CaseEvent, Deadline, NumberSequence, Party
from fazhi.cases.runner import PartyInput, case_open, case_transition
from fazhi.cases.tests.factories import org
from fazhi.mediation.models import MediationDetail
from fazhi.reconsideration.models import ReconsiderationDetail
from fazhi.tests.sampleline.choices import LINE as SAMPLE_LINE

pytestmark = pytest.mark.django_db
RECEIVED = date(2024, 3, 4)
OFFICE = "包头市人民政府行政复议办公室"


def application(received: date = RECEIVED, number: str = "", **detail) -> tuple[Case, ReconsiderationDetail]:
    office = org(OFFICE)
    case = Case(
        line="reconsideration",
        organisation=office,
        region_id=office.region_id,
        title="不服罚款决定",
        received_on=received,
        number=number,
    )
    return case, ReconsiderationDetail(act_type="penalty", act_description="罚款决定", **detail)


def decided(received: date = RECEIVED, **kwargs) -> PastCase:
    case, detail = application(received)
    steps = [
        Step("accept", received + timedelta(days=2), data={"procedure_type": "ordinary"}),
        Step("send_copy", received + timedelta(days=5)),
        Step("hear_parties", received + timedelta(days=20), data={"method": "电话", "record": "已听取双方意见"}),
        Step("decide", received + timedelta(days=40), data={"decision": "revoked", "reasons": "事实不清"}),
    ]
    return PastCase(case, detail, steps=steps, **kwargs)


def clocks(case: Case) -> list[tuple]:
    return sorted(case.deadlines.values_list("clock", "started_on", "due_on", "state", "stopped_on"))


def test_a_past_case_reaches_the_state_outcome_and_dates_its_steps_declare(city_clerk):
    past = decided(parties=[PartyInput(role="applicant", name="张三")], received_by=city_clerk)
    case = history_write(past)
    case.refresh_from_db()
    assert (case.state, case.outcome) == ("decided", "revoked")
    assert (case.accepted_on, case.closed_on) == (date(2024, 3, 6), date(2024, 4, 13))
    assert case.number == "包复〔2024〕1号"
    assert case.reconsideration.procedure_type == "ordinary" and case.reconsideration.decision == "revoked"
    events = list(case.events.values_list("code", "label", "on", "from_state", "to_state", "basis"))
    assert [e[0] for e in events] == ["received", "accept", "send_copy", "hear_parties", "decide"]
    assert events[1] == ("accept", "受理", date(2024, 3, 6), "received", "accepted", "行政复议法第三十条第一款")
    assert events[4][3:5] == ("accepted", "decided") and events[4][5]
    assert case.events.get(code="received").actor == city_clerk
    assert list(case.parties.values_list("role", "name")) == [("applicant", "张三")]


def test_its_clocks_are_the_ones_the_runner_makes_for_the_same_steps(city_clerk, city_head):
    live = case_open(
        line="reconsideration",
        organisation=org(OFFICE),
        title="不服罚款决定",
        received_on=RECEIVED,
        actor=city_clerk,
        detail={"act_type": "penalty", "act_description": "罚款决定"},
    )
    for step in decided().steps:
        actor = city_head if step.code == "decide" else city_clerk
        live = case_transition(case=live, code=step.code, actor=actor, on=step.on, data=dict(step.data))
    past = history_write(decided())
    assert clocks(past) == clocks(live)
    assert {c[0] for c in clocks(past)} >= {"acceptance_review", "copy_to_respondent", "decision"}
    assert not Deadline.objects.filter(case=past, state__in=Deadline.OPEN_STATES).exists()


def test_an_open_case_keeps_its_running_clocks():
    case, detail = application()
    accept = Step("accept", RECEIVED, data={"procedure_type": "ordinary"})
    written = history_write(PastCase(case, detail, steps=[accept]))
    running = set(written.deadlines.filter(state="running").values_list("clock", flat=True))
    assert running == {"copy_to_respondent", "decision"}
    assert written.state == "accepted" and written.closed_on is None


def test_numbers_continue_the_series_and_a_kept_number_raises_it():
    kept, kept_detail = application(number="包复〔2024〕40号")
    history_write_many([PastCase(kept, kept_detail), decided(), decided()])
    numbers = sorted(Case.objects.values_list("number", flat=True))
    assert numbers == ["包复〔2024〕40号", "包复〔2024〕41号", "包复〔2024〕42号"]
    sequence = NumberSequence.objects.get(organisation=org(OFFICE), series="reconsideration", year=2024)
    assert sequence.last == 42


def test_the_rollups_hear_of_the_cases_in_the_same_transaction(monkeypatch):
    heard: list[list[int]] = []
    monkeypatch.setattr(hooks, "_open", [lambda ids, lines=None, clocks=None: heard.append(list(ids))])
    cases = history_write_many([decided() for _ in range(5)], chunk=2)
    assert heard == [[c.pk for c in cases[:2]], [c.pk for c in cases[2:4]], [cases[4].pk]]


@pytest.mark.parametrize(
    ("step", "message"),
    [
        (Step("approve", RECEIVED), "不是行政复议的办理步骤"),
        (Step("decide", RECEIVED, data={"decision": "revoked"}), "不能“作出行政复议决定”"),
        (Step("accept", RECEIVED - timedelta(days=1), data={"procedure_type": "ordinary"}), "早于收到日期"),
        (Step("accept", RECEIVED, data={"procedure_type": "ordinary", "amount": "1"}), "不接受"),
    ],
)
def test_a_step_the_procedure_does_not_allow_writes_nothing(step, message):
    case, detail = application()
    with pytest.raises(HistoryError, match=message):
        history_write_many([decided(), PastCase(case, detail, steps=[step])])
    assert not Case.objects.exists() and not NumberSequence.objects.filter(last__gt=0).exists()


def test_a_step_in_the_future_is_refused():
    case, detail = application()
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(HistoryError, match="晚于今天"):
        history_write(PastCase(case, detail, steps=[Step("accept", tomorrow, data={"procedure_type": "ordinary"})]))


def test_a_summary_stands_for_the_steps_on_the_timeline(city_clerk):
    summary = Summary("imported", "历史数据导入", date(2024, 4, 13), city_clerk, {"row": 7})
    case = history_write(decided(summary=summary, clocks=False))
    assert list(case.events.values_list("code", "from_state", "to_state", "data")) == [
        ("imported", "", "decided", {"row": 7})
    ]
    assert not case.deadlines.exists() and case.state == "decided"


def test_personal_data_is_encrypted_and_found_by_its_blind_index():
    past = decided(parties=[PartyInput(role="applicant", name="李四", id_number="11010519491231002X")])
    case = history_write(past)
    party = Party.objects.with_id_number("11010519491231002X").get()
    assert party.case == case and party.name == "李四"
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM cases_party WHERE id = %s", [party.pk])
        assert cursor.fetchone()[0] != "11010519491231002X"


def test_the_change_record_is_written_when_asked(city_clerk):
    from auditlog.models import LogEntry

    history_write(decided(parties=[PartyInput(role="applicant", name="王五")]), record_changes_by=city_clerk)
    logged = {e.content_type.model for e in LogEntry.objects.filter(actor=city_clerk)}
    assert {"case", "party"} <= logged


def test_the_shortest_declared_path_leads_to_a_recorded_outcome():
    _case, detail = application()
    found = steps_to(
        "reconsideration",
        detail,
        received_on=RECEIVED,
        accepted_on=date(2024, 3, 6),
        closed_on=date(2024, 4, 1),
        outcome="upheld",
    )
    assert [(s.code, s.on, dict(s.data)) for s in found] == [
        ("accept", date(2024, 3, 6), {}),
        ("decide", date(2024, 4, 1), {"decision": "upheld"}),
    ]
    abandoned = steps_to(
        "reconsideration", detail, received_on=RECEIVED, accepted_on=None, closed_on=RECEIVED, outcome="abandoned"
    )
    assert [s.code for s in abandoned] == ["request_correction", "correction_lapsed"]
    with pytest.raises(HistoryError):
        steps_to(
            "reconsideration", detail, received_on=RECEIVED, accepted_on=None, closed_on=RECEIVED, outcome="upheld"
        )


def test_a_path_never_sets_a_fact_contrary_to_the_recorded_one():
    def agreement(kind: str) -> list[str]:
        detail = MediationDetail(dispute_type="neighbour", agreement_kind=kind)
        steps = steps_to(
            "mediation", detail, received_on=RECEIVED, accepted_on=RECEIVED, closed_on=RECEIVED, outcome="success"
        )
        return [s.code for s in steps]

    assert agreement("oral") == ["accept", "agree_oral"]
    assert agreement("written") == ["accept", "agree_written"]


def test_a_mediation_history_is_written_for_the_committee():
    committee = Organisation.objects.get(name="和平路街道人民调解委员会")
    case = Case(
        line="mediation", organisation=committee, region_id=committee.region_id, title="邻里纠纷", received_on=RECEIVED
    )
    detail = MediationDetail(dispute_type="neighbour")
    steps = [
        Step("accept", RECEIVED),
        Step("agree_written", RECEIVED, data={"terms": "赔偿", "agreement_effective_on": RECEIVED.isoformat()}),
    ]
    written = history_write(PastCase(case, detail, steps=steps, note={"source": "test"}))
    assert (written.state, written.outcome, written.mediation.agreement_kind) == ("agreed", "success", "written")
    assert all(d["source"] == "test" for d in CaseEvent.objects.filter(case=written).values_list("data", flat=True))
    assert written.deadlines.filter(clock="judicial_confirmation", advisory=True).exists()


def test_any_registered_line_is_written_the_same_way():
    """The test-only line (no detail, one clock) through the same path: the kernel names no line."""
    office = org(OFFICE)
    case = Case(line=SAMPLE_LINE, organisation=office, region_id=office.region_id, title="示例", received_on=RECEIVED)
    written = history_write(PastCase(case, steps=[Step("accept", RECEIVED), Step("grant", date(2024, 3, 20))]))
    assert (written.state, written.outcome, written.number) == ("granted", "granted", "包示〔2024〕1号")
    assert list(written.deadlines.values_list("clock", "state")) == [("decision", "met")]


def test_the_parties_own_periods_that_ran_out_are_closed_as_lapsed():
    committee = Organisation.objects.get(name="和平路街道人民调解委员会")
    case = Case(
        line="mediation", organisation=committee, region_id=committee.region_id, title="邻里纠纷", received_on=RECEIVED
    )
    steps = [Step("accept", RECEIVED), Step("agree_oral", RECEIVED, data={"terms": "当场履行"})]
    written = history_write(PastCase(case, MediationDetail(dispute_type="neighbour"), steps=steps))
    confirmation = written.deadlines.get(clock="judicial_confirmation")
    assert (confirmation.state, confirmation.stopped_on) == ("lapsed", confirmation.due_on)
