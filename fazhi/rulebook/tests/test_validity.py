"""Validity terms (fazhi.rulebook.validity) and the nightly evaluation job (services.open_due_evaluations)."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.core.models import Region
from fazhi.rulebook import validity
from fazhi.rulebook.choices import DocumentKind, EvaluationDecision, Status, TaskReason
from fazhi.rulebook.models import EvaluationTask, NormativeDocument, ValidityRule
from fazhi.rulebook.services import open_due_evaluations, task_decide
from fazhi.rulebook.tests.registry_factories import CITY, DONGHE, a_document, a_normative_document


def test_a_provisional_term_ends_the_day_before_the_second_anniversary():
    end = validity.expires_on(
        kind=DocumentKind.NORMATIVE_DOCUMENT, effective_on=date(2024, 3, 1), provisional=True, terms=validity.DEFAULT
    )
    assert end == date(2026, 2, 28)
    assert validity.evaluation_opens_on(end, validity.DEFAULT) == date(2025, 8, 28)


def test_a_jurisdiction_that_counts_to_the_anniversary_itself():
    terms = validity.Terms(ends_on_eve=False)
    assert validity.term_end(date(2024, 3, 1), 2, ends_on_eve=terms.ends_on_eve) == date(2026, 3, 1)


def test_an_ordinary_document_runs_five_years_and_a_regulation_has_no_term():
    assert validity.expires_on(
        kind=DocumentKind.NORMATIVE_DOCUMENT, effective_on=date(2024, 3, 1), provisional=False, terms=validity.DEFAULT
    ) == date(2029, 2, 28)
    assert (
        validity.expires_on(
            kind=DocumentKind.LOCAL_REGULATION, effective_on=date(2024, 3, 1), provisional=False, terms=validity.DEFAULT
        )
        is None
    )


def test_month_arithmetic_keeps_to_the_months_last_day():
    assert validity.add_months(date(2024, 8, 31), -6) == date(2024, 2, 29)
    assert validity.add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)


def test_provisional_is_read_from_the_title():
    assert validity.looks_provisional("包头市城市绿化管理办法（试行）")
    assert validity.looks_provisional("包头市物业管理暂行办法")
    assert not validity.looks_provisional("包头市城市绿化管理办法")


@pytest.mark.django_db
def test_filing_is_due_thirty_days_after_publication(baotou):  # counted on the work calendar
    due = validity.filing_due_on(date(2024, 1, 20), validity.DEFAULT)
    assert due == date(2024, 2, 19)
    assert validity.filing_overdue(
        published_on=date(2024, 1, 20), filed_on=None, today=date(2024, 2, 20), terms=validity.DEFAULT
    )
    assert not validity.filing_overdue(
        published_on=date(2024, 1, 20), filed_on=None, today=date(2024, 2, 19), terms=validity.DEFAULT
    )
    assert validity.filing_overdue(
        published_on=date(2024, 1, 20), filed_on=date(2024, 3, 1), today=date(2024, 3, 5), terms=validity.DEFAULT
    )


@pytest.mark.django_db
def test_the_nearest_rule_up_the_tree_applies(baotou):
    ValidityRule.objects.create(region_id=CITY, term_years=4, provisional_term_years=1, basis="市规定")
    ValidityRule.objects.create(region_id=DONGHE, term_years=3, provisional_term_years=2, basis="区规定")
    assert validity.terms_for(DONGHE).term_years == 3
    other_county = Region.objects.filter(code__startswith="1502", level="county").exclude(code=DONGHE).first()
    assert validity.terms_for(other_county.code).term_years == 4
    assert validity.terms_for("110000000000") == validity.DEFAULT


@pytest.mark.django_db
def test_a_trial_document_in_force_from_march_2024_expires_two_years_later_and_is_evaluated_six_months_before(baotou):
    doc = a_normative_document(title="包头市城市绿化管理办法（试行）", effective_on=date(2024, 3, 1))
    assert doc.provisional and doc.expires_on == date(2026, 2, 28)

    assert open_due_evaluations(today=date(2025, 8, 27)).opened == 0
    assert not doc.tasks.exists()

    assert open_due_evaluations(today=date(2025, 8, 28)).opened == 1
    task = doc.tasks.get()
    assert (task.reason, task.opened_on, task.due_on) == (TaskReason.EXPIRY, date(2025, 8, 28), date(2026, 2, 28))
    doc.refresh_from_db()
    assert doc.status == Status.PENDING_EVALUATION

    # the job runs again (next night, or twice): nothing new
    assert open_due_evaluations(today=date(2025, 8, 28)).opened == 0
    assert open_due_evaluations(today=date(2025, 8, 29)).opened == 0
    assert EvaluationTask.objects.filter(document=doc).count() == 1


@pytest.mark.django_db
def test_continuing_gives_a_new_term_and_the_job_does_not_reopen_it(baotou, time_machine):
    time_machine.move_to(date(2025, 9, 1))
    doc = a_normative_document(title="包头市城市绿化管理办法（试行）", effective_on=date(2024, 3, 1))
    open_due_evaluations(today=date(2025, 8, 28))
    task = doc.tasks.get()
    task_decide(task=task, actor=None, decision=EvaluationDecision.CONTINUE, decided_on=date(2025, 9, 1))
    doc.refresh_from_db()
    assert (doc.status, doc.expires_on) == (Status.IN_FORCE, date(2028, 2, 29))
    assert open_due_evaluations(today=date(2025, 9, 2)).opened == 0


@pytest.mark.django_db
def test_repeal_on_evaluation_ends_the_document(baotou, time_machine):
    time_machine.move_to(date(2025, 9, 1))
    doc = a_normative_document(title="包头市城市绿化管理办法（试行）", effective_on=date(2024, 3, 1))
    open_due_evaluations(today=date(2025, 8, 28))
    task_decide(task=doc.tasks.get(), actor=None, decision=EvaluationDecision.REPEAL, decided_on=date(2025, 9, 1))
    doc.refresh_from_db()
    assert (doc.status, doc.status_changed_on) == (Status.REPEALED, date(2025, 9, 1))
    assert doc.tasks.get().decision == EvaluationDecision.REPEAL


@pytest.mark.django_db
def test_amending_on_evaluation_adds_a_version_and_restarts_the_term(baotou, time_machine):
    time_machine.move_to(date(2025, 9, 1))
    doc = a_normative_document(title="包头市城市绿化管理办法（试行）", effective_on=date(2024, 3, 1))
    open_due_evaluations(today=date(2025, 8, 28))
    task_decide(
        task=doc.tasks.get(),
        actor=None,
        decision=EvaluationDecision.AMEND,
        decided_on=date(2025, 9, 1),
        text="第一条 修改后的条文。",
        effective_on=date(2025, 10, 1),
    )
    doc.refresh_from_db()
    assert doc.versions.count() == 2 and doc.text == "第一条 修改后的条文。"
    assert (doc.status, doc.expires_on) == (Status.IN_FORCE, date(2027, 9, 30))


@pytest.mark.django_db
def test_an_amend_decision_without_the_new_text_is_refused_and_leaves_the_task_open(baotou, time_machine):
    from django.core.exceptions import ValidationError

    time_machine.move_to(date(2025, 9, 1))
    doc = a_normative_document(title="包头市城市绿化管理办法（试行）", effective_on=date(2024, 3, 1))
    open_due_evaluations(today=date(2025, 8, 28))
    with pytest.raises(ValidationError):
        task_decide(task=doc.tasks.get(), actor=None, decision=EvaluationDecision.AMEND, decided_on=date(2025, 9, 1))
    assert doc.tasks.get().decided_on is None
    assert doc.versions.count() == 1


@pytest.mark.django_db
def test_a_term_that_ended_undecided_makes_the_document_invalid(baotou):
    doc = a_normative_document(title="包头市城市绿化管理办法（试行）", effective_on=date(2024, 3, 1))
    result = open_due_evaluations(today=date(2026, 3, 1))
    doc.refresh_from_db()
    assert result.expired == 1
    assert (doc.status, doc.status_changed_on) == (Status.INVALID, date(2026, 3, 1))
    assert open_due_evaluations(today=date(2026, 3, 2)).expired == 0


@pytest.mark.django_db
def test_regulations_are_never_evaluated(baotou):
    a_document()
    assert open_due_evaluations(today=date(2040, 1, 1)).opened == 0
    assert NormativeDocument.objects.get().status == Status.IN_FORCE


@pytest.mark.django_db
def test_an_incidental_review_confirmed_keeps_the_term_and_puts_the_document_back_in_force(baotou, time_machine):
    time_machine.move_to(date(2025, 1, 10))
    doc = a_normative_document(effective_on=date(2024, 3, 1))
    NormativeDocument.objects.filter(pk=doc.pk).update(status=Status.PENDING_EVALUATION)
    task = EvaluationTask.objects.create(
        document=doc, reason=TaskReason.INCIDENTAL_REVIEW, opened_on=date(2025, 1, 2), due_on=date(2025, 3, 3)
    )
    task_decide(task=task, actor=None, decision=EvaluationDecision.CONTINUE, decided_on=date(2025, 1, 10))
    doc.refresh_from_db()
    assert (doc.status, doc.expires_on) == (Status.IN_FORCE, date(2029, 2, 28))


@pytest.mark.django_db
def test_the_list_shows_documents_under_evaluation(baotou, login, kundulun_clerk):
    from django.urls import reverse

    doc = a_normative_document(title="包头市城市绿化管理办法（试行）", effective_on=date(2024, 3, 1))
    a_document()
    open_due_evaluations(today=date(2025, 8, 28))
    page = login(kundulun_clerk).get(reverse("rulebook:document_list"), {"due": "evaluation"}).content.decode()
    assert doc.title in page and "包头市大气污染防治条例" not in page and "评估中" in page


@pytest.mark.django_db
def test_a_new_rule_for_a_county_recomputes_its_documents_terms_only(baotou):
    from fazhi.rulebook.services import terms_recompute

    county = a_normative_document(region_id=DONGHE, effective_on=date(2024, 3, 1))
    city = a_normative_document(number="包府发〔2024〕4号", effective_on=date(2024, 3, 1))
    ValidityRule.objects.create(region_id=DONGHE, term_years=3, filing_days=15, basis="东河区规定")
    assert terms_recompute(region_code=DONGHE) == 1
    county.refresh_from_db()
    city.refresh_from_db()
    assert (county.expires_on, county.filing_due_on) == (date(2027, 2, 28), date(2024, 2, 4))
    assert city.expires_on == date(2029, 2, 28)


def test_a_term_from_a_leap_day_ends_on_the_last_day_of_february():
    assert validity.term_end(date(2024, 2, 29), 1, ends_on_eve=True) == date(2025, 2, 28)
    assert validity.term_end(date(2024, 2, 29), 1, ends_on_eve=False) == date(2025, 2, 28)
    assert validity.term_end(date(2024, 2, 29), 4, ends_on_eve=True) == date(2028, 2, 28)


@pytest.mark.django_db
def test_a_filing_day_on_a_holiday_rolls_to_the_next_working_day(baotou):
    # 2024-09-01 + 30 days is 2024-10-01, the National Day holiday (1–7 October 2024)
    assert validity.filing_due_on(date(2024, 9, 1), validity.DEFAULT) == date(2024, 10, 8)
