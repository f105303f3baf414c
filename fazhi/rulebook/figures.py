"""The rule book's figures for a region and a year, under the keys of baotou-2024-figures.json's `rules_cleanup`.

The seed's sentence (包头市司法局 2024 review): "开展了涉不平等对待企业、罚款、延迟退休、文物保护等地方性法规、政府
规章、规范性文件清理工作10次，废止文件12件、修改4件。制定、修改《包头市治理货物运输超限超载条例》《包头市大气
污染防治条例》等8部地方性法规，废止《包头市劳动者工资保障条例》等5部地方性法规，废止《包头市再生水管理办法》等
4部政府规章。" Each function below says which part of it it counts. A region counts its whole subtree (a city
counts its counties); a year is 1 January to 31 December. The legality line declares them as its `Computed`
indicators; `*_records(prefix, start, end)` give the records behind each figure for any date range (a `Period`), and
`PERIOD_FIGURES` the `fn(period, line)` each `Computed` declaration takes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from fazhi.core.regions import subtree_prefix
from fazhi.rulebook.choices import CleanupResult, DocumentKind, Status, TaskReason
from fazhi.rulebook.models import CleanupCampaign, CleanupItem, DocumentVersion, EvaluationTask, NormativeDocument


def _year(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


# -- the records behind each figure, over a date range and a region-code prefix (the drill-down reads these) ----
def cleanup_rounds_records(prefix: str, start: date, end: date) -> QuerySet[CleanupCampaign]:
    return CleanupCampaign.objects.filter(region__code__startswith=prefix, started_on__range=(start, end))


def _applied(prefix: str, start: date, end: date, result: str) -> QuerySet[NormativeDocument]:
    items = CleanupItem.objects.filter(
        campaign__region__code__startswith=prefix, result=result, applied_on__range=(start, end)
    )
    return NormativeDocument.objects.filter(pk__in=items.values("document_id"))


def documents_repealed_records(prefix: str, start: date, end: date) -> QuerySet[NormativeDocument]:
    return _applied(prefix, start, end, CleanupResult.REPEAL)


def documents_amended_records(prefix: str, start: date, end: date) -> QuerySet[NormativeDocument]:
    return _applied(prefix, start, end, CleanupResult.AMEND)


def local_regulations_enacted_or_amended_records(prefix: str, start: date, end: date) -> QuerySet[NormativeDocument]:
    amended = DocumentVersion.objects.filter(number__gt=1, effective_on__range=(start, end)).values("document_id")
    return NormativeDocument.objects.filter(
        Q(published_on__range=(start, end)) | Q(pk__in=amended),
        region__code__startswith=prefix,
        kind=DocumentKind.LOCAL_REGULATION,
    )


def _repealed(prefix: str, start: date, end: date, kind: str) -> QuerySet[NormativeDocument]:
    return NormativeDocument.objects.filter(
        region__code__startswith=prefix, kind=kind, status=Status.REPEALED, status_changed_on__range=(start, end)
    )


def local_regulations_repealed_records(prefix: str, start: date, end: date) -> QuerySet[NormativeDocument]:
    return _repealed(prefix, start, end, DocumentKind.LOCAL_REGULATION)


def government_rules_repealed_records(prefix: str, start: date, end: date) -> QuerySet[NormativeDocument]:
    return _repealed(prefix, start, end, DocumentKind.GOVERNMENT_RULE)


def evaluations_due_records(prefix: str, start: date, end: date) -> QuerySet[NormativeDocument]:
    tasks = EvaluationTask.objects.filter(reason=TaskReason.EXPIRY, opened_on__range=(start, end))
    return NormativeDocument.objects.filter(region__code__startswith=prefix, pk__in=tasks.values("document_id"))


def unfiled_documents_records(prefix: str, start: date, end: date) -> QuerySet[NormativeDocument]:
    return NormativeDocument.objects.filter(
        region__code__startswith=prefix,
        kind=DocumentKind.NORMATIVE_DOCUMENT,
        published_on__range=(start, end),
        filed_on__isnull=True,
    )


# -- the seed's figures: (region code, year) → count ------------------------------------------------------------
def cleanup_rounds(region_code: str, year: int) -> int:
    """清理工作N次: cleanup campaigns of the region's subtree started in the year, whatever their state (the seed
    counts the rounds the bureau "开展了", one campaign each; a round started in December and completed in January
    is a round of the year it started in)."""
    return cleanup_rounds_records(subtree_prefix(region_code), *_year(year)).count()


def documents_repealed(region_code: str, year: int) -> int:
    """废止文件N件: documents whose cleanup result 废止 took effect in the year (the campaign's completion date), in
    campaigns of the region's subtree; a document counts once. Any kind counts: the sentence's 文件 are the
    地方性法规、政府规章、规范性文件 it names as the cleanup's scope. Repeals outside a cleanup are not counted here."""
    return documents_repealed_records(subtree_prefix(region_code), *_year(year)).count()


def documents_amended(region_code: str, year: int) -> int:
    """修改N件: documents whose cleanup result 修改 (to be amended) took effect in the year, as `documents_repealed`
    counts 废止. The count is of results, not of amendments adopted: the sentence reports the cleanup's results."""
    return documents_amended_records(subtree_prefix(region_code), *_year(year)).count()


def local_regulations_enacted_or_amended(region_code: str, year: int) -> int:
    """制定、修改N部地方性法规: local regulations of the region's subtree published in the year (制定) or given a new
    version (a DocumentVersion after the first) taking effect in the year (修改); a regulation both enacted and
    amended in the year counts once, as the sentence counts regulations ("8部"), not acts."""
    return local_regulations_enacted_or_amended_records(subtree_prefix(region_code), *_year(year)).count()


def local_regulations_repealed(region_code: str, year: int) -> int:
    """废止N部地方性法规: local regulations of the region's subtree whose status became 已废止 in the year
    (status_changed_on), by a cleanup or by the registry's repeal alike; a regulation declared 失效 is not repealed."""
    return local_regulations_repealed_records(subtree_prefix(region_code), *_year(year)).count()


def government_rules_repealed(region_code: str, year: int) -> int:
    """废止N部政府规章: government rules whose status became 已废止 in the year, as `local_regulations_repealed`."""
    return government_rules_repealed_records(subtree_prefix(region_code), *_year(year)).count()


def evaluations_due(region_code: str, year: int) -> int:
    """Documents due for evaluation (not in the seed): documents of the region's subtree for which an evaluation
    before expiry (有效期届满前评估) was opened in the year, decided or not (a document counts once)."""
    return evaluations_due_records(subtree_prefix(region_code), *_year(year)).count()


def unfiled_documents(region_code: str, year: int) -> int:
    """Unfiled documents (not in the seed): normative documents of the region's subtree published in the year and
    with no filing date (备案日期) recorded, whether the 30-day filing period has run out or not."""
    return unfiled_documents_records(subtree_prefix(region_code), *_year(year)).count()


# the seed's key → its function (what the legality line's indicators declare)
RULES_CLEANUP = {
    "cleanup_rounds": cleanup_rounds,
    "documents_repealed": documents_repealed,
    "documents_amended": documents_amended,
    "local_regulations_enacted_or_amended": local_regulations_enacted_or_amended,
    "local_regulations_repealed": local_regulations_repealed,
    "government_rules_repealed": government_rules_repealed,
}


# key → the records behind it; the legality line's `Computed(fn=PERIOD_FIGURES[key])` and its drill-down read these
RECORDS = {
    "cleanup_rounds": cleanup_rounds_records,
    "documents_repealed": documents_repealed_records,
    "documents_amended": documents_amended_records,
    "local_regulations_enacted_or_amended": local_regulations_enacted_or_amended_records,
    "local_regulations_repealed": local_regulations_repealed_records,
    "government_rules_repealed": government_rules_repealed_records,
    "documents_due_for_evaluation": evaluations_due_records,
    "unfiled_documents": unfiled_documents_records,
}


def _for_period(records: Callable[[str, date, date], QuerySet]) -> Callable[[Any, Any], int]:
    def fn(period: Any, line: Any) -> int:
        return records(period.region_prefix, period.start, period.end).count()

    return fn


PERIOD_FIGURES = {key: _for_period(records) for key, records in RECORDS.items()}

# key → (name, English key description): the dashboard's figure and the drill-down page's title say the same
LABELS: dict[str, tuple[Any, str]] = {
    "cleanup_rounds": (_("清理次数"), "cleanup rounds"),
    "documents_repealed": (_("清理废止文件"), "documents repealed in cleanups"),
    "documents_amended": (_("清理修改文件"), "documents amended in cleanups"),
    "local_regulations_enacted_or_amended": (_("制定、修改地方性法规"), "local regulations enacted or amended"),
    "local_regulations_repealed": (_("废止地方性法规"), "local regulations repealed"),
    "government_rules_repealed": (_("废止政府规章"), "government rules repealed"),
    "documents_due_for_evaluation": (_("待评估文件"), "documents due for evaluation"),
    "unfiled_documents": (_("未备案文件"), "documents not filed"),
}
