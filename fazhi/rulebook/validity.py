"""How long a normative document stays in force, when it is evaluated, and when it is due for filing (备案).

Every value is a local rule (statutes.md §5.1) read from the `ValidityRule` of the nearest region up the tree from
the document's region; where no rule is entered, `DEFAULT` applies, marked unconfirmed:

- validity term: normative documents (行政规范性文件) 5 years, those titled 暂行 or 试行 2 years — "有效期一般不超过
  5年 … 暂行、试行的有效期不超过2年" is the common provincial rule (statutes.md §5.1, fsou local rule 17332743)
  [UNCONFIRMED/LOCAL]; local regulations and government rules have no fixed term;
- end of term: a document in force from 2024-03-01 for 2 years is in force through 2026-02-28 (the day before
  the anniversary, `ends_on_eve`) — the usual reading of "有效期2年", as 民法典 art. 203 counts a period in years
  to the day before the corresponding day [LOCAL: a jurisdiction that writes "至2026年3月1日" unticks it];
- evaluation: the issuing body evaluates 6 months before expiry and decides 修改 / 废止 / 确认继续实施
  (statutes.md §5.1, same local rule) [UNCONFIRMED/LOCAL];
- filing: within 30 days of publication (国办发〔2018〕37号 for normative documents; 立法法 (2023) art. 109 for
  regulations and rules: "公布后的三十日内" ) [UNCONFIRMED: 37号's text was not obtained].
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from fazhi.core.regions import in_subtree, subtree_prefix
from fazhi.rulebook.choices import DocumentKind


@dataclass(frozen=True)
class Terms:
    """The rule that applies to one region, as plain values (a `ValidityRule`, or the default)."""

    term_years: int = 5
    provisional_term_years: int = 2
    ends_on_eve: bool = True
    evaluation_months: int = 6
    filing_days: int = 30
    basis: str = "默认值（未核对原文）：行政规范性文件有效期5年，暂行、试行2年；届满前6个月评估；公布后30日内备案"
    confirmed: bool = False
    region_code: str = ""  # "" for the default


DEFAULT = Terms()

# 暂行 / 试行 in a title marks a provisional document: 《…管理暂行办法》, 《…(试行)》
_PROVISIONAL = re.compile(r"暂行|试行")


def looks_provisional(title: str) -> bool:
    """Whether the title names the document 暂行 or 试行 (the registry pre-ticks it; staff may correct it)."""
    return bool(_PROVISIONAL.search(title or ""))


def terms_for(region_code: str) -> Terms:
    """The validity rule of the nearest region at or above `region_code`; the default when none is entered."""
    from fazhi.rulebook.models import ValidityRule

    best = None
    for rule in ValidityRule.objects.all():  # a handful of rows: one per jurisdiction that set its own
        if in_subtree(region_code, rule.region_id) and (
            best is None or len(subtree_prefix(rule.region_id)) > len(subtree_prefix(best.region_id))
        ):
            best = rule
    if best is None:
        return DEFAULT
    return Terms(
        term_years=best.term_years,
        provisional_term_years=best.provisional_term_years,
        ends_on_eve=best.ends_on_eve,
        evaluation_months=best.evaluation_months,
        filing_days=best.filing_days,
        basis=best.basis,
        confirmed=best.confirmed,
        region_code=best.region_id,
    )


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier, if negative); the month's last day when it has no such day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def term_end(start: date, years: int, *, ends_on_eve: bool) -> date:
    """The last day in force of a term of `years` starting on `start` (see the module's note on `ends_on_eve`)."""
    anniversary = add_months(start, 12 * years)
    return anniversary - timedelta(days=1) if ends_on_eve else anniversary


def has_term(kind: str) -> bool:
    """Only normative documents have a fixed validity term; local regulations and government rules do not."""
    return kind == DocumentKind.NORMATIVE_DOCUMENT


def expires_on(*, kind: str, effective_on: date | None, provisional: bool, terms: Terms) -> date | None:
    """The last day a document is in force, or None (no term, or no date in force yet)."""
    if not has_term(kind) or effective_on is None:
        return None
    years = terms.provisional_term_years if provisional else terms.term_years
    return term_end(effective_on, years, ends_on_eve=terms.ends_on_eve)


def evaluation_opens_on(expiry: date, terms: Terms) -> date:
    """The day the expiry evaluation opens: `evaluation_months` before the last day in force."""
    return add_months(expiry, -terms.evaluation_months)


def filing_due_on(published_on: date | None, terms: Terms) -> date | None:
    """The last day to file (报送备案): `filing_days` calendar days after publication."""
    return None if published_on is None else published_on + timedelta(days=terms.filing_days)


def filing_overdue(*, published_on: date | None, filed_on: date | None, today: date, terms: Terms) -> bool:
    """Not filed by the due day (still unfiled after it, or filed after it)."""
    due = filing_due_on(published_on, terms)
    if due is None:
        return False
    return (filed_on or today) > due
