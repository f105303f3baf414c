"""The registry's services after the review (R1): the term's start kept apart from the day in force, the nightly job
per document, open expiry tasks closed by an amendment, the review gate on late imports, 文号 compared normalised,
the audit actor, and the list's due-soon filter by region."""

from __future__ import annotations

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db.models import F

from fazhi.rulebook import registry, search, validity
from fazhi.rulebook.admin import ValidityRuleAdmin
from fazhi.rulebook.choices import DocumentKind, EvaluationDecision, Source, Status, TaskReason
from fazhi.rulebook.models import EvaluationTask, NormativeDocument, ValidityRule
from fazhi.rulebook.services import (
    document_amend,
    document_update,
    open_due_evaluations,
    task_decide,
    terms_recompute,
)
from fazhi.rulebook.tests.registry_factories import (
    CITY,
    a_document,
    a_normative_document,
    legality_member,
)

pytestmark = pytest.mark.django_db

TRIAL = "包头市城市绿化管理办法（试行）"


def _continued(time_machine) -> NormativeDocument:
    """A trial document in force from 2024-03-01 (to 2026-02-28), continued on evaluation to 2028-02-29."""
    time_machine.move_to(date(2025, 9, 1))
    doc = a_normative_document(title=TRIAL, effective_on=date(2024, 3, 1))
    open_due_evaluations(today=date(2025, 8, 28))
    task_decide(task=doc.tasks.get(), actor=None, decision=EvaluationDecision.CONTINUE, decided_on=date(2025, 9, 1))
    doc.refresh_from_db()
    assert doc.expires_on == date(2028, 2, 29)
    return doc


# 1 -----------------------------------------------------------------------------------------------------------------


def test_a_metadata_fix_keeps_the_term_a_continuation_gave(baotou, time_machine):
    doc = _continued(time_machine)
    doc = document_update(doc=doc, actor=None, version=doc.version, issuer="包头市人民政府办公室")
    assert doc.expires_on == date(2028, 2, 29)
    assert terms_recompute(region_code=CITY) == 0
    assert open_due_evaluations(today=date(2026, 3, 2)).expired == 0
    doc.refresh_from_db()
    assert (doc.status, doc.expires_on, doc.effective_on) == (Status.IN_FORCE, date(2028, 2, 29), date(2024, 3, 1))


def test_correcting_the_day_in_force_of_a_document_never_amended_moves_its_term(baotou):
    doc = a_normative_document(title=TRIAL, effective_on=date(2024, 3, 1))
    doc = document_update(doc=doc, actor=None, version=doc.version, effective_on=date(2024, 4, 1))
    assert (doc.term_starts_on, doc.expires_on) == (date(2024, 4, 1), date(2026, 3, 31))


# 2 -----------------------------------------------------------------------------------------------------------------


def test_an_amendment_keeps_the_first_day_in_force_and_restarts_the_term(baotou, time_machine):
    time_machine.move_to(date(2024, 8, 1))
    regulation = a_document(published_on=date(2014, 12, 1), effective_on=date(2015, 1, 1))
    regulation = document_amend(
        doc=regulation, actor=None, version=regulation.version, text="修改后的条例。", effective_on=date(2024, 7, 1)
    )
    assert regulation.effective_on == date(2015, 1, 1)
    assert NormativeDocument.objects.filter(search.in_force_on(date(2020, 1, 1)), pk=regulation.pk).exists()

    doc = a_normative_document(effective_on=date(2024, 3, 1))
    doc = document_amend(doc=doc, actor=None, version=doc.version, text="修改后。", effective_on=date(2024, 7, 1))
    assert (doc.effective_on, doc.term_starts_on, doc.expires_on) == (
        date(2024, 3, 1),
        date(2024, 7, 1),
        date(2029, 6, 30),
    )


# 4, 5 --------------------------------------------------------------------------------------------------------------


def test_one_bad_row_does_not_stop_the_nightly_job(baotou):
    bad = a_normative_document(title=TRIAL, number="包府发〔2024〕1号", effective_on=date(2024, 3, 1))
    # imported with its day in force years before its publication: its term ended before it was published
    NormativeDocument.objects.filter(pk=bad.pk).update(
        effective_on=date(2010, 1, 1), expires_on=date(2011, 12, 31), published_on=date(2024, 1, 20)
    )
    good = a_normative_document(title=TRIAL, number="包府发〔2024〕2号", effective_on=date(2024, 3, 1))
    result = open_due_evaluations(today=date(2026, 3, 1))
    assert result.expired == 2
    bad.refresh_from_db()
    good.refresh_from_db()
    assert (bad.status, bad.status_changed_on) == (Status.INVALID, date(2024, 1, 20))
    assert (good.status, good.status_changed_on) == (Status.INVALID, date(2026, 3, 1))


def test_the_job_is_not_fooled_by_a_decided_expiry_task_and_another_open_task(baotou):
    doc = a_normative_document(title=TRIAL, effective_on=date(2024, 3, 1))
    EvaluationTask.objects.create(
        document=doc,
        reason=TaskReason.EXPIRY,
        opened_on=date(2024, 3, 2),
        due_on=date(2024, 9, 1),
        decided_on=date(2024, 3, 3),
        decision=EvaluationDecision.CONTINUE,
    )
    EvaluationTask.objects.create(
        document=doc, reason=TaskReason.INCIDENTAL_REVIEW, opened_on=date(2025, 8, 1), due_on=date(2025, 10, 1)
    )
    assert open_due_evaluations(today=date(2025, 8, 28)).opened == 1
    assert doc.tasks.filter(reason=TaskReason.EXPIRY, decided_on__isnull=True).count() == 1


# 6 -----------------------------------------------------------------------------------------------------------------


def _edit_meanwhile(monkeypatch, doc: NormativeDocument) -> None:
    """Another user saves the title while the job is between reading and writing the document."""
    real = validity.terms_for

    def terms_for(region_code):
        NormativeDocument.objects.filter(pk=doc.pk).update(title="包头市园林绿化管理办法", version=F("version") + 1)
        return real(region_code)

    monkeypatch.setattr(validity, "terms_for", terms_for)


def test_recomputing_terms_keeps_an_edit_saved_meanwhile(baotou, monkeypatch):
    doc = a_normative_document(effective_on=date(2024, 3, 1))
    ValidityRule.objects.create(region_id=CITY, term_years=3, basis="市规定")
    _edit_meanwhile(monkeypatch, doc)
    assert terms_recompute(region_code=CITY) == 1
    fresh = NormativeDocument.objects.get(pk=doc.pk)
    assert (fresh.title, fresh.expires_on, fresh.version) == (
        "包头市园林绿化管理办法",
        date(2027, 2, 28),
        doc.version + 2,
    )


def test_the_nightly_job_keeps_an_edit_saved_meanwhile(baotou, monkeypatch):
    doc = a_normative_document(title=TRIAL, effective_on=date(2024, 3, 1))
    _edit_meanwhile(monkeypatch, doc)
    assert open_due_evaluations(today=date(2025, 8, 28)).opened == 1
    fresh = NormativeDocument.objects.get(pk=doc.pk)
    assert (fresh.title, fresh.status) == ("包头市园林绿化管理办法", Status.PENDING_EVALUATION)
    assert fresh.version == doc.version + 2


# 7 -----------------------------------------------------------------------------------------------------------------


def test_a_direct_amendment_closes_the_open_expiry_evaluation(baotou, time_machine):
    time_machine.move_to(date(2025, 9, 1))
    doc = a_normative_document(title=TRIAL, effective_on=date(2024, 3, 1))
    open_due_evaluations(today=date(2025, 8, 28))
    doc.refresh_from_db()
    doc = document_amend(doc=doc, actor=None, version=doc.version, text="修改后。", effective_on=date(2025, 10, 1))
    task = doc.tasks.get()
    assert task.decided_on == date(2025, 9, 1)
    assert doc.status == Status.IN_FORCE
    # the amended text's term is evaluated in its own time
    assert open_due_evaluations(today=date(2027, 3, 30)).opened == 1


def test_continuing_an_incidental_review_leaves_an_open_expiry_evaluation_pending(baotou, time_machine):
    time_machine.move_to(date(2025, 9, 1))
    doc = a_normative_document(title=TRIAL, effective_on=date(2024, 3, 1))
    open_due_evaluations(today=date(2025, 8, 28))
    incidental = EvaluationTask.objects.create(
        document=doc, reason=TaskReason.INCIDENTAL_REVIEW, opened_on=date(2025, 8, 29), due_on=date(2025, 10, 28)
    )
    task_decide(task=incidental, actor=None, decision=EvaluationDecision.CONTINUE, decided_on=date(2025, 9, 1))
    doc.refresh_from_db()
    assert doc.status == Status.PENDING_EVALUATION


# 9 -----------------------------------------------------------------------------------------------------------------


def test_an_import_published_after_go_live_needs_its_review(baotou, time_machine, settings):
    time_machine.move_to(date(2026, 12, 5))
    settings.FAZHI_RULEBOOK_REVIEW_FROM = "2026-12-01"
    with pytest.raises(ValidationError) as refused:
        a_normative_document(published_on=date(2026, 12, 1), effective_on=date(2026, 12, 1))
    assert "合法性审核" in refused.value.message_dict["review_case"][0]
    assert not NormativeDocument.objects.exists()
    earlier = a_normative_document(published_on=date(2026, 11, 30), effective_on=date(2026, 12, 1))
    assert earlier.source == Source.IMPORTED


# 10 ----------------------------------------------------------------------------------------------------------------


def test_a_number_with_other_brackets_is_the_same_number(baotou):
    first = a_normative_document(number="包府发[2020]9号")
    assert first.number == "包府发〔2020〕9号"
    with pytest.raises(ValidationError) as refused:
        a_normative_document(number="包府发〔2020〕9号", title="另一文件")
    assert "number" in refused.value.message_dict
    # a row stored with other brackets before numbers were normalised is found too
    NormativeDocument.objects.filter(pk=first.pk).update(number="包府发(2020)9号")
    with pytest.raises(ValidationError):
        a_normative_document(number="包府发 〔2020〕 9号", title="另一文件")


# 13 ----------------------------------------------------------------------------------------------------------------


def test_every_service_names_its_actor_in_the_audit_history(baotou, time_machine):
    time_machine.move_to(date(2024, 8, 1))
    clerk = legality_member("sun_shenhe")
    doc = a_document(actor=clerk)
    doc = document_update(doc=doc, actor=clerk, version=doc.version, issuer="包头市人大常委会")
    entries = list(LogEntry.objects.get_for_object(doc))
    assert len(entries) >= 2 and all(e.actor == clerk for e in entries)


# 17 ----------------------------------------------------------------------------------------------------------------


def test_the_due_soon_filter_uses_the_regions_evaluation_window(baotou):
    today = date(2025, 3, 1)
    doc = a_normative_document(title=TRIAL, effective_on=date(2024, 3, 1))  # to 2026-02-28
    # the default window opens on 2025-08-28
    assert not registry.document_list({"due": "evaluation"}, today=today).exists()
    ValidityRule.objects.create(region_id=CITY, evaluation_months=12, basis="市规定：届满前12个月评估")
    listed = registry.document_list({"due": "evaluation"}, today=today)
    assert list(listed.values_list("pk", flat=True)) == [doc.pk]


def test_a_validity_rule_of_zero_years_is_refused(baotou):
    rule = ValidityRule(region_id=CITY, term_years=0, provisional_term_years=0, basis="x")
    with pytest.raises(ValidationError) as refused:
        rule.full_clean()
    assert {"term_years", "provisional_term_years"} <= set(refused.value.message_dict)


def test_deleting_a_rule_recomputes_the_terms_it_governed(baotou):
    from django.contrib import admin

    rule = ValidityRule.objects.create(region_id=CITY, term_years=3, basis="市规定")
    doc = a_normative_document(effective_on=date(2024, 3, 1))
    assert doc.expires_on == date(2027, 2, 28)
    ValidityRuleAdmin(ValidityRule, admin.site).delete_model(None, rule)
    doc.refresh_from_db()
    assert doc.expires_on == date(2029, 2, 28)
    assert doc.kind == DocumentKind.NORMATIVE_DOCUMENT
