"""How long a normative document stays in force, when it is evaluated, and when it is due for filing (备案).

Every value is a local rule (statutes.md §5.1) read from the `ValidityRule` of the nearest region up the tree from
the document's region; where no rule is entered, `DEFAULT` applies, marked unconfirmed:

- validity term: normative documents (行政规范性文件) 5 years, those titled 暂行 or 试行 2 years — "有效期一般不超过
  5年 … 暂行、试行的有效期不超过2年" is the common provincial rule (statutes.md §5.1, fsou local rule 17332743)
  [UNCONFIRMED/LOCAL]; local regulations and government rules have no fixed term;
- end of term: by default a document in force from 2024-03-01 for 2 years is in force through 2026-02-28 (the day
  before the anniversary, `ends_on_eve`): the practice of local governments that print "有效期至2026年2月28日"
  on a document in force from 2024-03-01, so its first day counts [LOCAL PRACTICE, UNCONFIRMED]. It is not the
  civil-law count: 民法典 arts. 201–202 do not count the start day and end a period in years on the
  corresponding day, which gives 2026-03-01 — a jurisdiction that follows them unticks `ends_on_eve`. A term from
  29 February in force for a year: with the eve, the anniversary in a common year is 1 March and the term ends
  on 28 February; without it, art. 202 ends a period without a corresponding day on the month's last day, again
  28 February;
- evaluation: the issuing body evaluates 6 months before expiry and decides 修改 / 废止 / 确认继续实施
  (statutes.md §5.1, same local rule) [UNCONFIRMED/LOCAL];
- filing: within 30 days of publication (国办发〔2018〕37号 for normative documents; 立法法 (2023) art. 109 for
  regulations and rules: "公布后的三十日内" ) [UNCONFIRMED: 37号's text was not obtained], counted as every
  statutory period in days is (`fazhi.core.workdays.due_date`: start day not counted, a last day on a rest day
  rolls to the next working day, 民事诉讼法 art. 85 / 民法典 art. 203 — the same count as incidental.py).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from fazhi.core.calendar import work_calendar
from fazhi.core.regions import in_subtree, subtree_prefix
from fazhi.core.workdays import Unit, due_date
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


def anniversary(start: date, years: int) -> date:
    """The same day `years` later; 1 March when `start` is 29 February and that year has none."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February in a common year
        return date(start.year + years, 3, 1)


def term_end(start: date, years: int, *, ends_on_eve: bool) -> date:
    """The last day in force of a term of `years` starting on `start` (see the module's note on `ends_on_eve`)."""
    if ends_on_eve:
        return anniversary(start, years) - timedelta(days=1)
    return add_months(start, 12 * years)  # 民法典 art. 202: no corresponding day, the month's last day


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
    """The last day to file (报送备案): `filing_days` calendar days after publication, the start day not counted
    and a last day on a rest day moved to the next working day (the work calendar's)."""
    return (
        None if published_on is None else due_date(published_on, terms.filing_days, Unit.CALENDAR_DAY, work_calendar())
    )


def filing_overdue(*, published_on: date | None, filed_on: date | None, today: date, terms: Terms) -> bool:
    """Not filed by the due day (still unfiled after it, or filed after it)."""
    due = filing_due_on(published_on, terms)
    if due is None:
        return False
    return (filed_on or today) > due
