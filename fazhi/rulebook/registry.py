"""The registry's reads (selectors): the filtered list, one document with everything its page shows, the marks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from fazhi.core.models import Region
from fazhi.rulebook import validity
from fazhi.rulebook.choices import APPLIED, CleanupResult
from fazhi.rulebook.models import CleanupItem, DocumentVersion, EvaluationTask, NormativeDocument


def open_task() -> Exists:
    """An evaluation task still open on the document (an expiry evaluation, or an incidental review's)."""
    return Exists(EvaluationTask.objects.filter(document=OuterRef("pk"), decided_on__isnull=True))


def pending_amendment() -> Exists:
    """A cleanup decided 修改 (to be amended) and applied, with no amended text in force since (拟修改（清理）)."""
    amended_since = DocumentVersion.objects.filter(
        document=OuterRef("document"), number__gt=1, effective_on__gte=OuterRef("applied_on")
    )
    return Exists(
        CleanupItem.objects.filter(
            document=OuterRef("pk"), result=CleanupResult.AMEND, applied_on__isnull=False
        ).exclude(Exists(amended_since))
    )


def filing_overdue_q(today: date) -> Q:
    """Not filed by its due day: still unfiled after it, or filed after it."""
    return Q(filing_due_on__isnull=False) & (
        Q(filed_on__isnull=True, filing_due_on__lt=today) | Q(filed_on__gt=F("filing_due_on"))
    )


def due_soon_ids(today: date) -> list[int]:
    """Documents in force whose expiry evaluation window (their region's `evaluation_months`) has come."""
    from fazhi.rulebook.models import ValidityRule

    widest = max(
        [validity.DEFAULT.evaluation_months, *ValidityRule.objects.values_list("evaluation_months", flat=True)]
    )
    candidates = NormativeDocument.objects.filter(
        status__in=APPLIED, expires_on__gte=today, expires_on__lte=validity.add_months(today, widest)
    ).values_list("pk", "region_id", "expires_on")
    terms: dict[str, validity.Terms] = {}
    due: list[int] = []
    for pk, region_id, expires_on in candidates:
        rule = terms.setdefault(region_id, validity.terms_for(region_id))
        if expires_on is not None and validity.evaluation_opens_on(expires_on, rule) <= today:
            due.append(pk)
    return due


def document_list(criteria: dict[str, Any], *, today: date) -> QuerySet[NormativeDocument]:
    """Documents matching the list's filters, newest publication first; every staff member reads them all."""
    qs = NormativeDocument.objects.select_related("region").defer("text", "search_tokens")
    if q := (criteria.get("q") or "").strip():
        qs = qs.filter(Q(title__icontains=q) | Q(number__icontains=q))
    if kind := criteria.get("kind"):
        qs = qs.filter(kind=kind)
    if status := criteria.get("status"):
        qs = qs.filter(status=status)
    if issuer := (criteria.get("issuer") or "").strip():
        qs = qs.filter(issuer__icontains=issuer)
    if region := criteria.get("region"):
        qs = qs.filter(region__code__startswith=validity.subtree_prefix(region))
    if year := criteria.get("year"):
        qs = qs.filter(published_on__year=year)
    due = criteria.get("due")
    if due == "evaluation":
        # an open evaluation, or a term that ends within its own region's evaluation window
        qs = qs.filter(open_task() | Q(pk__in=due_soon_ids(today)))
    elif due == "unfiled":
        qs = qs.filter(filed_on__isnull=True)
    elif due == "filing_overdue":
        qs = qs.filter(filing_overdue_q(today))
    return qs.annotate(evaluating=open_task(), to_amend=pending_amendment()).order_by("-published_on", "-id")


def list_regions() -> QuerySet[Region]:
    """The regions the list filters by: provinces, cities and counties (a document's subtree is included)."""
    levels = (Region.Level.PROVINCE, Region.Level.CITY, Region.Level.COUNTY)
    return Region.objects.filter(level__in=levels).order_by("code")


@dataclass(frozen=True)
class Marks:
    """What the list and the page flag on a document."""

    filing_due_on: date | None
    filing_overdue: bool
    evaluation_opens_on: date | None
    terms: validity.Terms
    to_amend: bool


def marks_of(doc: NormativeDocument, *, today: date) -> Marks:
    terms = validity.terms_for(doc.region_id)
    return Marks(
        filing_due_on=doc.filing_due_on,
        filing_overdue=is_filing_overdue(doc, today),  # the stored due day, counted on the work calendar
        evaluation_opens_on=validity.evaluation_opens_on(doc.expires_on, terms) if doc.expires_on else None,
        terms=terms,
        to_amend=NormativeDocument.objects.filter(pk=doc.pk).filter(pending_amendment()).exists(),
    )


def is_filing_overdue(doc: NormativeDocument, today: date) -> bool:
    """From the stored due day (the list's cheap check, no rule lookup)."""
    if doc.filing_due_on is None:
        return False
    return (doc.filed_on or today) > doc.filing_due_on
