"""Incidental review (附带审查, 行政复议法 arts. 13, 56–60): the finding on a challenged normative document, and the
review task an unlawful finding opens in the rule book, written with the step or not at all."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.cases.models import CaseEvent
from fazhi.cases.runner import TransitionError, TransitionForbidden, case_transition
from fazhi.cases.tests.factories import open_reconsideration
from fazhi.core.models import Region
from fazhi.rulebook import incidental
from fazhi.rulebook.choices import DocumentKind, Status, TaskReason
from fazhi.rulebook.models import EvaluationTask, NormativeDocument
from fazhi.rulebook.search import index_document, search

pytestmark = pytest.mark.django_db

FOUND_ON = date(2024, 10, 21)


@pytest.fixture
def case(city_clerk):
    case = open_reconsideration(city_clerk, received_on=date(2024, 10, 8))
    return case_transition(
        case=case, code="accept", actor=city_clerk, on=date(2024, 10, 9), data={"procedure_type": "ordinary"}
    )


@pytest.fixture
def parking_rule(baotou):
    doc = NormativeDocument.objects.create(
        region=Region.objects.get(code="150200000000"),
        kind=DocumentKind.NORMATIVE_DOCUMENT,
        title="包头市机动车停放管理规定",
        number="包府发〔2023〕15号",
        issuer="包头市人民政府",
        published_on=date(2023, 3, 1),
        effective_on=date(2023, 3, 1),
        text="第十条 违反规定停放机动车的，处五百元罚款。",
    )
    index_document(doc)
    return doc


def finding(case, actor, **data):
    data = {
        "document_title": "包头市机动车停放管理规定",
        "document_number": "包府发[2023]15号",  # as the applicant wrote it
        "finding": "unlawful",
        "reasons": "第十条设定的罚款数额超出上位法规定的幅度。",
    } | data
    return case_transition(case=case, code="incidental_review", actor=actor, on=FOUND_ON, data=data)


def test_an_unlawful_finding_opens_a_review_task_on_the_document_with_that_number(case, city_head, parking_rule):
    finding(case, city_head)
    task = EvaluationTask.objects.get()
    assert (task.document, task.reason, task.source_case) == (parking_rule, TaskReason.INCIDENTAL_REVIEW, case)
    assert task.opened_on == FOUND_ON
    # 60 calendar days after Mon 2024-10-21 (art. 60): Fri 2024-12-20, a working day
    assert task.due_on == date(2024, 12, 20)
    assert "超出上位法规定的幅度" in task.note and case.number in task.note
    event = case.events.get(code="incidental_review")
    assert event.basis == incidental.BASIS and event.data["finding"] == "unlawful"


def test_a_due_date_on_a_rest_day_moves_to_the_next_working_day(baotou):
    # 60 days after 2024-10-05 is Wed 2024-12-04; after 2024-10-19 it is Wed 2024-12-18; after Fri 2024-08-02 it is
    # Tue 2024-10-01 (国庆 holiday): the period ends on Tue 2024-10-08, the first working day after it
    assert incidental.task_due(date(2024, 8, 2)) == date(2024, 10, 8)


def test_a_lawful_finding_is_recorded_and_opens_nothing(case, city_head, parking_rule):
    finding(case, city_head, finding="lawful", reasons="该条款与上位法一致。")
    assert not EvaluationTask.objects.exists()
    assert case.events.filter(code="incidental_review").count() == 1


def test_a_document_missing_from_the_rule_book_is_registered_as_a_placeholder_with_the_task(case, city_head):
    finding(case, city_head, document_number="包府办发〔2022〕7号", document_title="《包头市占道经营管理办法》")
    task = EvaluationTask.objects.get()
    placeholder = task.document
    assert (placeholder.title, placeholder.number) == ("包头市占道经营管理办法", "包府办发〔2022〕7号")
    assert placeholder.status == Status.PENDING_EVALUATION and placeholder.region_id == case.region_id
    assert "未找到该文号" in task.note


def test_a_document_of_another_city_does_not_match(case, city_head, parking_rule):
    wuhai = Region.objects.create(code="150300000000", name="乌海市", level=Region.Level.CITY)
    parking_rule.region = wuhai
    parking_rule.save()
    finding(case, city_head)
    assert EvaluationTask.objects.get().document != parking_rule


def test_the_finding_must_be_lawful_or_unlawful_and_nothing_is_saved_otherwise(case, city_head, parking_rule):
    with pytest.raises(TransitionError):
        finding(case, city_head, finding="部分合法")
    with pytest.raises(TransitionError):
        finding(case, city_head, document_title="")
    with pytest.raises(TransitionError):  # a key the step does not declare
        finding(case, city_head, decision="revoked")
    assert not case.events.filter(code="incidental_review").exists()
    assert not EvaluationTask.objects.exists()


def test_only_the_head_decides_the_finding(case, city_clerk, parking_rule):
    with pytest.raises(TransitionForbidden):
        finding(case, city_clerk)
    assert not EvaluationTask.objects.exists()


def test_a_failure_in_the_rule_book_undoes_the_whole_step(case, city_head, parking_rule, monkeypatch):
    def broken(found_on):
        raise RuntimeError("calendar unavailable")

    monkeypatch.setattr(incidental, "task_due", broken)
    version = case.version
    with pytest.raises(RuntimeError):
        finding(case, city_head, document_number="包府办发〔2022〕7号")
    assert not CaseEvent.objects.filter(case=case, code="incidental_review").exists()
    assert not EvaluationTask.objects.exists()
    assert not NormativeDocument.objects.filter(number="包府办发〔2022〕7号").exists()  # the placeholder too
    case.refresh_from_db()
    assert case.version == version


def test_the_finding_may_be_recorded_while_the_case_is_suspended_for_the_review(case, city_head, parking_rule):
    case = case_transition(case=case, code="suspend", actor=city_head, on=date(2024, 10, 14), data={"ground": "9"})
    assert case.state == "suspended"
    finding(case, city_head)
    assert EvaluationTask.objects.filter(source_case=case).count() == 1


def test_the_case_page_offers_the_step_and_shows_the_finding_in_words(case, city_head, parking_rule, login):
    from django.urls import reverse

    from fazhi.tests.leaks import leaks_in_page, page_text

    url = reverse("cases:case_detail", args=[case.pk])
    before = login(city_head).get(url).content.decode()
    assert "规范性文件附带审查结论" in before and "被审查的规范性文件名称" in before
    finding(case, city_head)
    page = login(city_head).get(url).content.decode()
    assert "不合法" in page and "包头市机动车停放管理规定" in page
    assert not leaks_in_page(page) and "unlawful" not in page_text(page)


def clock(case, key):
    return case.deadlines.filter(clock=key).latest("id")


def test_a_suspension_for_the_review_runs_the_article_56_and_58_periods(case, city_clerk, city_head, parking_rule):
    case = case_transition(case=case, code="suspend", actor=city_head, on=date(2024, 10, 14), data={"ground": "9"})
    # art. 56: 30 days after Mon 10-14 is Wed 11-13; art. 58: notice 3 WD after 10-14 is Thu 10-17
    assert clock(case, "incidental_handling").due_on == date(2024, 11, 13)
    assert clock(case, "issuer_notice").due_on == date(2024, 10, 17)
    case = case_transition(
        case=case,
        code="notify_issuer",
        actor=city_clerk,
        on=date(2024, 10, 16),
        data={"document_title": "包头市机动车停放管理规定", "document_number": "包府发〔2023〕15号"},
    )
    assert clock(case, "issuer_notice").state == "met"
    # the issuer's reply: 10 WD after Wed 10-16 is Wed 10-30
    assert clock(case, "issuer_reply").due_on == date(2024, 10, 30)
    case = case_transition(case=case, code="receive_issuer_reply", actor=city_clerk, on=date(2024, 10, 25))
    assert clock(case, "issuer_reply").state == "met"
    finding(case, city_head)
    assert clock(case, "incidental_handling").state == "met"


def test_a_suspension_on_another_ground_runs_no_review_period(case, city_head):
    case = case_transition(case=case, code="suspend", actor=city_head, on=date(2024, 10, 14), data={"ground": "7"})
    assert not case.deadlines.filter(clock__in=["incidental_handling", "issuer_notice"]).exists()


def test_without_a_number_the_exact_title_matches(case, city_head, parking_rule):
    finding(case, city_head, document_number="", document_title="《包头市机动车停放管理规定》")
    assert EvaluationTask.objects.get().document == parking_rule


def test_a_placeholder_is_registered_through_the_registry_with_its_first_version_and_normalised_number(
    case, city_clerk, city_head
):
    finding(case, city_head, document_number="包府办发[2022]7号", document_title="包头市占道经营管理办法")
    placeholder = EvaluationTask.objects.get().document
    assert placeholder.number == "包府办发〔2022〕7号"  # stored as GB/T 9704 writes it, whatever the applicant typed
    assert list(placeholder.versions.values_list("number", flat=True)) == [1]
    assert placeholder.kind == DocumentKind.NORMATIVE_DOCUMENT and placeholder.issuer == "（待核实）"
    assert placeholder in search("占道经营管理办法")[0]  # indexed: the legality office finds it by its title
    # a second finding naming it with the other brackets finds the placeholder, not a second one
    again = open_reconsideration(city_clerk, received_on=date(2024, 10, 10))
    again = case_transition(
        case=again, code="accept", actor=city_clerk, on=date(2024, 10, 11), data={"procedure_type": "ordinary"}
    )
    finding(again, city_head, document_number="包府办发〔2022〕7号", document_title="包头市占道经营管理办法")
    assert NormativeDocument.objects.filter(title="包头市占道经营管理办法").count() == 1
    assert EvaluationTask.objects.filter(document=placeholder).count() == 2  # one per case


def test_recording_the_finding_again_opens_no_second_task(case, city_head, parking_rule):
    finding(case, city_head)
    finding(case, city_head, reasons="复核后仍认定第十条超出上位法规定的幅度。")
    assert case.events.filter(code="incidental_review").count() == 2  # both findings on the case's timeline
    assert EvaluationTask.objects.filter(document=parking_rule, source_case=case).count() == 1
    task = EvaluationTask.objects.get()
    task.decided_on = date(2024, 11, 1)
    task.save()
    finding(case, city_head)  # found unlawful again after the first task was decided: a new task
    assert EvaluationTask.objects.filter(document=parking_rule, decided_on__isnull=True).count() == 1


def test_a_government_rule_with_the_same_title_is_not_what_the_review_reaches(case, city_head):
    rule = NormativeDocument.objects.create(
        region=Region.objects.get(code="150200000000"),
        kind=DocumentKind.GOVERNMENT_RULE,  # 规章: outside art. 13's incidental review
        title="包头市机动车停放管理规定",
        number="包头市人民政府令第15号",
        issuer="包头市人民政府",
        published_on=date(2023, 3, 1),
    )
    finding(case, city_head, document_number="", document_title="包头市机动车停放管理规定")
    task = EvaluationTask.objects.get()
    assert task.document != rule and task.document.kind == DocumentKind.NORMATIVE_DOCUMENT
    rule.refresh_from_db()
    assert rule.status == Status.IN_FORCE
