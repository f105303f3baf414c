"""The rule book's one write path (规章规范性文件库): pages, the catalogue import, the nightly job and the cleanup
campaigns all call these functions, so every rule is applied once.

Each function is atomic and leaves nothing half-written; each refuses bad input with a Chinese `ValidationError`;
each change is in the audit history (auditlog registers every model in `apps.py`); a write that names the
`version` its form was read at is refused when someone else saved the document since (optimistic lock).

Statuses (decided here, see docs/rulebook.md "Status"): an amendment adds a `DocumentVersion` and the document
stays 有效 — its row is the document with its current text. 已修改 is kept for a document whose revision was
re-issued as a new document with its own 文号 (修订后重新公布): the old row is closed as 已修改 and the new one
relates to it with "amends". 已废止 is a repeal by a decision or another document; 失效 a declaration of
invalidity or the end of a normative document's term; 待评估 while its expiry evaluation is open.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, F, Max, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.audit.context import acting_as
from fazhi.cases.fields import EARLIEST_DATE
from fazhi.core.regions import subtree_prefix
from fazhi.rulebook import validity
from fazhi.rulebook.choices import (
    APPLIED,
    DocumentKind,
    EvaluationDecision,
    RelationKind,
    Source,
    Status,
    TaskReason,
)
from fazhi.rulebook.gates import review_refusal
from fazhi.rulebook.models import DocumentRelation, DocumentVersion, EvaluationTask, NormativeDocument
from fazhi.rulebook.search import DOC_NUMBER, index_document, normalise_number, number_variants

log = logging.getLogger(__name__)

# The day the registry went live (上线): a normative document published on or after it was issued while the
# registry existed, so an import must name its legality review like a page registration does (国办发〔2018〕115号;
# docs/rulebook.md "Import"). Settings may move it: FAZHI_RULEBOOK_REVIEW_FROM (a date or "YYYY-MM-DD").
REVIEW_FROM_DEFAULT = date(2026, 12, 1)
# what the metadata form edits; the text changes only by an amendment, the status only by its own steps
METADATA_FIELDS = ("title", "number", "issuer", "adopted_on", "published_on", "effective_on", "provisional")


class StaleEdit(ValidationError):
    """The document was saved by someone else after this form was read."""


def _today() -> date:
    return timezone.localdate()


F_ = TypeVar("F_", bound=Callable[..., Any])


def _service(fn: F_) -> F_:
    """Atomic, with the audit history's entries attributed to the `actor` keyword (None: the system)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with transaction.atomic(), acting_as(kwargs.get("actor")):
            return fn(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def review_from() -> date:
    """The go-live day from which imported normative documents need their review (REVIEW_FROM_DEFAULT)."""
    value = getattr(settings, "FAZHI_RULEBOOK_REVIEW_FROM", None) or REVIEW_FROM_DEFAULT
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def clean_number(number: str) -> str:
    """A 文号 as stored: stripped, and a 发文字号 with GB/T 9704 brackets whatever bracket the clerk typed."""
    number = (number or "").strip()
    return normalise_number(number) if DOC_NUMBER.match(number) else number


def _reindex(doc: NormativeDocument) -> None:
    """Keep `search_tokens` filled: the one place the registry hands a saved document to the search index."""
    index_document(doc)


def _check_dates(doc: NormativeDocument) -> None:
    errors: dict[str, str] = {}
    today = _today()
    for name in ("adopted_on", "published_on", "filed_on"):
        value = getattr(doc, name)
        if value is not None and not EARLIEST_DATE <= value <= today:
            errors[name] = _("日期不能晚于今天，也不能早于1949年10月1日。")
    if doc.effective_on is not None and doc.effective_on < EARLIEST_DATE:
        errors["effective_on"] = _("施行日期不能早于1949年10月1日。")
    if doc.adopted_on and doc.published_on and doc.adopted_on > doc.published_on:
        errors["published_on"] = _("公布日期不能早于通过日期。")
    if doc.filed_on and doc.published_on and doc.filed_on < doc.published_on:
        errors["filed_on"] = _("备案日期不能早于公布日期。")
    if errors:
        raise ValidationError(errors)


def _check_identity(doc: NormativeDocument) -> None:
    errors: dict[str, str] = {}
    if not doc.title.strip():
        errors["title"] = _("请填写标题。")
    if not doc.issuer.strip():
        errors["issuer"] = _("请填写制定机关。")
    if doc.number:
        # 包府发〔2020〕9号 and 包府发[2020]9号 are one number (rows stored before numbers were normalised too)
        spellings = {doc.number, *number_variants(doc.number)} if DOC_NUMBER.match(doc.number) else {doc.number}
        taken = NormativeDocument.objects.filter(region_id=doc.region_id, number__in=spellings).exclude(pk=doc.pk)
        if taken.exists():
            errors["number"] = _("本地区已登记文号为“%(n)s”的文件。") % {"n": doc.number}
    if errors:
        raise ValidationError(errors)


def apply_terms(doc: NormativeDocument, terms: validity.Terms | None = None) -> None:
    """Set the computed dates of a document (its end of term) from its region's validity rule.

    The term runs from `term_starts_on`: the day in force, moved on by an amendment (its text's day in force) and
    by 确认继续实施 (the day after the old term) — so a metadata fix or a changed rule keeps both."""
    terms = terms or validity.terms_for(doc.region_id)
    doc.expires_on = validity.expires_on(
        kind=doc.kind, effective_on=doc.term_starts_on or doc.effective_on, provisional=doc.provisional, terms=terms
    )
    doc.filing_due_on = validity.filing_due_on(doc.published_on, terms)


def _locked(doc: NormativeDocument, version: int | None) -> NormativeDocument:
    """The document re-read inside the transaction; refused when `version` is stale (None: no check, for jobs)."""
    current = NormativeDocument.objects.select_for_update().get(pk=doc.pk)
    if version is not None:
        # the conditional update is the guard on both databases (SQLite has no row locks)
        claimed = NormativeDocument.objects.filter(pk=doc.pk, version=version).update(version=version + 1)
        if not claimed:
            raise StaleEdit(_("该文件已被他人修改，请刷新页面后重新填写。"))
        current.version = version + 1
    else:
        current.version += 1
    return current


def _save(doc: NormativeDocument) -> NormativeDocument:
    doc.save()
    _reindex(doc)
    return doc


def _close_expiry_tasks(doc: NormativeDocument, *, actor, on: date, note: str) -> None:
    """Close the open expiry evaluation of `doc`: the amendment or end that just happened leaves nothing to decide."""
    for task in doc.tasks.select_for_update().filter(decided_on__isnull=True, reason=TaskReason.EXPIRY):
        task.decided_on = max(on, task.opened_on)
        task.decided_by = _user(actor)
        task.note = (task.note + "\n" if task.note else "") + note
        task.save(update_fields=["decided_on", "decided_by", "note"])


@_service
def document_register(
    *,
    actor,
    region_id: str,
    kind: str,
    title: str,
    issuer: str,
    number: str = "",
    adopted_on: date | None = None,
    published_on: date | None = None,
    effective_on: date | None = None,
    provisional: bool | None = None,
    text: str = "",
    review_case=None,
    organisation=None,
    filed_on: date | None = None,
    status: str = Status.IN_FORCE,
    status_changed_on: date | None = None,
    source: str = Source.REGISTERED,
) -> NormativeDocument:
    """Register a document with its first text (version 1).

    A normative document registered as newly issued needs a concluded legality review whose outcome the reviewing
    line declared lawful (国办发〔2018〕115号: not reviewed or found unlawful, it may not be issued;
    `gates.review_refusal`). Local regulations and government rules are made by the people's congress and the
    government under 立法法, not reviewed by the bureau: no review is asked. A catalogue import or the demo records
    documents issued before the registry existed (`source`), so no review is asked of them either — except an
    imported normative document published on or after the go-live day (`review_from`), or one that names its
    review: that one passes the same gate.
    """
    doc = NormativeDocument(
        region_id=region_id,
        kind=kind,
        title=(title or "").strip(),
        number=clean_number(number),
        issuer=(issuer or "").strip(),
        adopted_on=adopted_on,
        published_on=published_on,
        effective_on=effective_on,
        term_starts_on=effective_on,
        provisional=validity.looks_provisional(title) if provisional is None else provisional,
        text=text or "",
        review_case=review_case,
        organisation=organisation,
        filed_on=filed_on,
        status=status,
        status_changed_on=status_changed_on,
        source=source,
    )
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("请选择文件类别。")})
    if kind == DocumentKind.NORMATIVE_DOCUMENT and (
        source == Source.REGISTERED
        or review_case is not None
        or (source == Source.IMPORTED and published_on is not None and published_on >= review_from())
    ):
        refusal = review_refusal(review_case)
        if refusal:
            raise ValidationError({"review_case": refusal})
    _check_identity(doc)
    _check_dates(doc)
    apply_terms(doc)
    _save(doc)
    DocumentVersion.objects.create(
        document=doc, number=1, text=doc.text, effective_on=effective_on, note=_("首次公布"), created_by=_user(actor)
    )
    return doc


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


@_service
def document_update(*, doc: NormativeDocument, actor, version: int | None, **fields: Any) -> NormativeDocument:
    """Correct a document's metadata (title, 文号, issuer, dates, 暂行/试行); its term is recomputed."""
    unknown = set(fields) - set(METADATA_FIELDS)
    if unknown:
        raise ValidationError(_("不能在此修改：%(f)s") % {"f": "、".join(sorted(unknown))})
    current = _locked(doc, version)
    if "effective_on" in fields and current.term_starts_on in (None, current.effective_on):
        current.term_starts_on = fields["effective_on"]  # never amended nor continued: the term follows the fix
    for name, value in fields.items():
        setattr(current, name, value.strip() if isinstance(value, str) else value)
    current.number = clean_number(current.number)
    _check_identity(current)
    _check_dates(current)
    apply_terms(current)
    return _save(current)


def _require_applied(doc: NormativeDocument) -> None:
    if doc.status not in APPLIED:
        raise ValidationError(_("该文件已%(s)s，不能再办理此项。") % {"s": doc.get_status_display()})


def _relate(source: NormativeDocument | None, target: NormativeDocument, kind: str) -> None:
    if source is None:
        return
    if source.pk == target.pk:
        raise ValidationError({"by": _("文件不能与自身建立关系。")})
    DocumentRelation.objects.get_or_create(source=source, target=target, kind=kind)


@_service
def document_amend(
    *,
    doc: NormativeDocument,
    actor,
    version: int | None,
    text: str,
    effective_on: date,
    note: str = "",
    by: NormativeDocument | None = None,
) -> NormativeDocument:
    """Amend a document: a new version with the new text (every old text kept), the document stays in force.

    `by` is the amending document (修改决定), related with "amends". A normative document's term restarts from the
    amended text's day in force ("修改后重新公布的，有效期重新计算" — the common local rule [LOCAL/UNCONFIRMED]);
    its first day in force (`effective_on`, 施行日期) stays. An open expiry evaluation closes: the new term has its own.
    """
    current = _locked(doc, version)
    _require_applied(current)
    if not (text or "").strip():
        raise ValidationError({"text": _("请填写修改后的全文。")})
    if effective_on is None:
        raise ValidationError({"effective_on": _("请填写修改后的施行日期。")})
    started = current.term_starts_on or current.effective_on
    if started and effective_on < started:
        raise ValidationError({"effective_on": _("修改后的施行日期不能早于原施行日期。")})
    number = (current.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    DocumentVersion.objects.create(
        document=current,
        number=number,
        text=text,
        effective_on=effective_on,
        note=(note or "").strip()[:300],
        created_by=_user(actor),
    )
    current.text = text
    current.term_starts_on = effective_on
    _close_expiry_tasks(current, actor=actor, on=_today(), note=_("文件已修改，有效期重新计算，评估任务随之结束。"))
    if current.status == Status.PENDING_EVALUATION and not _open_tasks(current):
        current.status, current.status_changed_on = Status.IN_FORCE, effective_on
    apply_terms(current)
    _relate(by, current, RelationKind.AMENDS)
    return _save(current)


def _open_tasks(doc: NormativeDocument) -> bool:
    return doc.tasks.filter(decided_on__isnull=True).exists()


@_service
def document_end(
    *,
    doc: NormativeDocument,
    actor,
    version: int | None,
    status: str,
    on: date,
    by: NormativeDocument | None = None,
) -> NormativeDocument:
    """Close a document's life: 已废止 (repealed, `by` the repealing document, related with "repeals"), 失效
    (declared invalid, or its term ended) or 已修改 (re-issued as the revised document `by`, related with "amends").

    Open tasks on it close with it: an expiry evaluation has nothing left to decide once the document is gone.
    """
    if status not in (Status.REPEALED, Status.INVALID, Status.AMENDED):
        raise ValidationError({"status": _("请选择废止、失效或已修改。")})
    current = _locked(doc, version)
    _require_applied(current)
    if on is None:
        raise ValidationError({"on": _("请填写日期。")})
    if current.published_on and on < current.published_on:
        raise ValidationError({"on": _("日期不能早于公布日期。")})
    if on > _today() + timedelta(days=366):
        raise ValidationError({"on": _("日期过远，请核对。")})
    if status == Status.AMENDED and by is None:
        raise ValidationError({"by": _("请选择修订后重新公布的文件。")})
    current.status, current.status_changed_on = status, on
    _relate(by, current, RelationKind.AMENDS if status == Status.AMENDED else RelationKind.REPEALS)
    _save(current)
    _close_expiry_tasks(
        current, actor=actor, on=on, note=_("文件已%(s)s，评估任务随之结束。") % {"s": current.get_status_display()}
    )
    return current


@_service
def document_file(*, doc: NormativeDocument, actor, version: int | None, filed_on: date) -> NormativeDocument:
    """Record the day the document was filed (报送备案) with the body above."""
    current = _locked(doc, version)
    if filed_on is None:
        raise ValidationError({"filed_on": _("请填写备案日期。")})
    current.filed_on = filed_on
    _check_dates(current)
    return _save(current)


@_service
def relation_add(*, source: NormativeDocument, target: NormativeDocument, kind: str, actor) -> DocumentRelation:
    """Relate two documents: `source` amends, repeals, implements or is based on `target`."""
    if kind not in RelationKind.values:
        raise ValidationError({"kind": _("请选择关系。")})
    if source.pk == target.pk:
        raise ValidationError({"target": _("文件不能与自身建立关系。")})
    if DocumentRelation.objects.filter(source=source, target=target, kind=kind).exists():
        raise ValidationError({"target": _("该关系已登记。")})
    return DocumentRelation.objects.create(source=source, target=target, kind=kind)


@_service
def relation_remove(*, relation: DocumentRelation, actor) -> None:
    """Remove a relation entered by mistake (the removal is in the audit history)."""
    relation.delete()


# -- evaluation tasks --------------------------------------------------------------------------------------------


@dataclass
class SweepResult:
    opened: int = 0
    expired: int = 0


def _no_open_expiry_task() -> Exists:
    return Exists(
        EvaluationTask.objects.filter(document=OuterRef("pk"), reason=TaskReason.EXPIRY, decided_on__isnull=True)
    )


COMPUTED_FIELDS = ["expires_on", "filing_due_on", "version", "updated_at"]
STATUS_FIELDS = ["status", "status_changed_on", "version", "updated_at"]


def open_due_evaluations(*, today: date | None = None) -> SweepResult:
    """The nightly job: open the expiry evaluation of every normative document whose window has come (its
    region's `evaluation_months` before the last day in force), marking it 待评估; and close as 失效 every one
    whose term ended undecided. Idempotent: a document has at most one open expiry task (the model's constraint),
    and a second run finds nothing left to do.

    Each document is its own transaction, re-read under a row lock and saved by the columns the job changes, so
    an edit saved meanwhile is kept; a document the job cannot process is logged and left for the next night
    without stopping the others."""
    today = today or _today()
    result = SweepResult()
    terms_cache: dict[str, validity.Terms] = {}
    applied = NormativeDocument.objects.filter(
        kind=DocumentKind.NORMATIVE_DOCUMENT, status__in=APPLIED, expires_on__isnull=False
    )
    for pk in list(applied.filter(expires_on__gte=today).exclude(_no_open_expiry_task()).values_list("pk", flat=True)):
        try:
            with transaction.atomic():
                result.opened += _open_evaluation(pk, today, terms_cache)
        except Exception:
            log.exception("rulebook sweep: evaluation of document %s not opened", pk)
    for pk in list(applied.filter(expires_on__lt=today).values_list("pk", flat=True)):
        try:
            with transaction.atomic():
                result.expired += _expire(pk, today)
        except Exception:
            log.exception("rulebook sweep: document %s not closed at the end of its term", pk)
    return result


def _open_evaluation(pk: int, today: date, terms_cache: dict[str, validity.Terms]) -> int:
    doc = NormativeDocument.objects.filter(pk=pk).first()
    if doc is None:
        return 0
    terms = terms_cache.setdefault(doc.region_id, validity.terms_for(doc.region_id))
    doc = _locked(doc, None)
    expiry = doc.expires_on
    if doc.status not in APPLIED or expiry is None or expiry < today:
        return 0
    opens = validity.evaluation_opens_on(expiry, terms)
    if opens > today:
        return 0
    # open already, or decided for this very term (确认继续实施 moved the term on, so it cannot be this one)
    if doc.tasks.filter(reason=TaskReason.EXPIRY).filter(Q(decided_on__isnull=True) | Q(opened_on__gte=opens)).exists():
        return 0
    EvaluationTask.objects.create(
        document=doc,
        reason=TaskReason.EXPIRY,
        opened_on=today,
        due_on=expiry,
        note=_("有效期至%(d)s，届满前%(m)s个月评估（%(basis)s）。")
        % {"d": expiry.isoformat(), "m": terms.evaluation_months, "basis": terms.basis},
    )
    if doc.status != Status.PENDING_EVALUATION:
        doc.status, doc.status_changed_on = Status.PENDING_EVALUATION, today
        doc.save(update_fields=STATUS_FIELDS)
    return 1


def _expire(pk: int, today: date) -> int:
    doc = NormativeDocument.objects.filter(pk=pk).first()
    if doc is None or doc.expires_on is None or doc.expires_on >= today or doc.status not in APPLIED:
        return 0
    # a row imported with its day in force before its publication still ends: never before it was published
    on = max(doc.expires_on + timedelta(days=1), doc.published_on or EARLIEST_DATE)
    document_end(doc=doc, actor=None, version=None, status=Status.INVALID, on=on)
    return 1


@_service
def task_decide(
    *,
    task: EvaluationTask,
    actor,
    decision: str,
    decided_on: date,
    note: str = "",
    text: str = "",
    effective_on: date | None = None,
) -> EvaluationTask:
    """Decide an evaluation task (an expiry evaluation, or the review of a provision a reconsideration found unlawful):
    确认继续实施 (after an expiry evaluation a new term from the day after the old one ends; after an incidental
    review the document simply stays in force), 修改 (the amended text as a new version, its term restarting), 废止
    (the document repealed on the decision day)."""
    task = EvaluationTask.objects.select_for_update().get(pk=task.pk)
    if task.decided_on is not None:
        raise ValidationError(_("该评估任务已办结。"))
    if decision not in EvaluationDecision.values:
        raise ValidationError({"decision": _("请选择评估结论。")})
    if decided_on is None or decided_on > _today() or decided_on < task.opened_on:
        raise ValidationError({"decided_on": _("办结日期应在生成日期与今天之间。")})
    doc = task.document
    task.decision, task.decided_on, task.decided_by = decision, decided_on, _user(actor)
    if note:
        task.note = (task.note + "\n" if task.note else "") + note.strip()
    task.save()  # decided first, so the repeal below does not close it a second time
    if decision == EvaluationDecision.CONTINUE:
        current = _locked(doc, None)
        _require_applied(current)
        if task.reason == TaskReason.EXPIRY:
            if current.expires_on is None:
                raise ValidationError({"decision": _("该文件没有有效期，无需确认继续实施。")})
            # the new term starts the day after the old one ends, and is kept there (a later fix recomputes from it)
            current.term_starts_on = current.expires_on + timedelta(days=1)
            apply_terms(current)
        # an incidental review found no need to change it: back in force, its term untouched — unless its expiry
        # evaluation is still open (待评估 until that one is decided)
        if (current.status == Status.PENDING_EVALUATION or task.reason == TaskReason.EXPIRY) and not _open_tasks(
            current
        ):
            current.status, current.status_changed_on = Status.IN_FORCE, decided_on
        _save(current)
    elif decision == EvaluationDecision.AMEND:
        document_amend(
            doc=doc,
            actor=actor,
            version=None,
            text=text,
            effective_on=effective_on,  # type: ignore[arg-type]  # checked inside
            note=note or _("届满前评估后修改"),
        )
    else:
        document_end(doc=doc, actor=actor, version=None, status=Status.REPEALED, on=decided_on)
    return task


def terms_recompute(*, region_code: str) -> int:
    """After a validity rule changed (or was deleted): recompute the end of term and filing day of the documents it
    governs. Each document is re-read under a row lock and only its computed columns are saved, so an edit saved
    meanwhile is kept."""
    changed = 0
    terms_cache: dict[str, validity.Terms] = {}
    pks = list(
        NormativeDocument.objects.filter(region__code__startswith=subtree_prefix(region_code)).values_list(
            "pk", "region_id"
        )
    )
    for pk, region_id in pks:
        terms = terms_cache.setdefault(region_id, validity.terms_for(region_id))
        with transaction.atomic():
            doc = NormativeDocument.objects.select_for_update().get(pk=pk)
            before = (doc.expires_on, doc.filing_due_on)
            apply_terms(doc, terms)
            if (doc.expires_on, doc.filing_due_on) != before:
                doc.version = F("version") + 1
                doc.save(update_fields=COMPUTED_FIELDS)
                changed += 1
    return changed
