"""Statutory period counting in working days, calendar days, months, hours (民事诉讼法 85; 行政复议法 88).

Framework-free: callers pass a WorkCalendar in, so the rules are tested without a database.
"""

from __future__ import annotations

import calendar as _cal
import enum
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

_ONE_DAY = timedelta(days=1)
_WEEKDAY_ZH = "一二三四五六日"

# chinese_calendar gives English holiday names; these are the seven statutory ones.
HOLIDAY_NAMES_ZH: dict[str, str] = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
}


class Unit(enum.StrEnum):
    """Unit of a statutory period (statutes.md section 0, implementation note 1)."""

    CALENDAR_DAY = "CD"
    WORKING_DAY = "WD"
    MONTH = "M"
    HOUR = "H"


@dataclass(frozen=True)
class WorkCalendar:
    """Official rest days and 调休 working days from the State Council's yearly 节假日安排通知."""

    holidays: frozenset[date] = frozenset()
    make_up_working_days: frozenset[date] = frozenset()
    years: frozenset[int] = frozenset()
    names: Mapping[date, str] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        clash = self.holidays & self.make_up_working_days
        if clash:
            raise ValueError(f"dates both holiday and make-up working day: {sorted(clash)}")

    def is_rest_day(self, d: date) -> bool:
        """A legal holiday, or a Saturday/Sunday not declared a 调休 working day (民事诉讼法 art. 85)."""
        if d in self.holidays:
            return True
        return d.weekday() >= 5 and d not in self.make_up_working_days

    def is_working_day(self, d: date) -> bool:
        """A day that is not a rest day, 调休 weekends included (行政复议法 art. 88 ¶2)."""
        return not self.is_rest_day(d)

    def next_working_day(self, d: date) -> date:
        """The first working day on or after d, the rollover target (民事诉讼法 art. 85)."""
        while self.is_rest_day(d):
            d += _ONE_DAY
        return d

    def covers(self, d: date) -> bool:
        """Whether d's year has an official schedule loaded; otherwise only weekends are rest days."""
        return d.year in self.years

    @classmethod
    def from_chinese_calendar(cls, first_year: int, last_year: int) -> WorkCalendar:
        """Seed from the chinesecalendar package, which transcribes the State Council notices."""
        import chinese_calendar

        holidays: set[date] = set()
        make_up: set[date] = set()
        names: dict[date, str] = {}
        d, end = date(first_year, 1, 1), date(last_year, 12, 31)
        while d <= end:
            try:
                is_holiday, name = chinese_calendar.get_holiday_detail(d)
            except NotImplementedError as exc:  # the package has no schedule for that year
                raise ValueError(str(exc)) from exc
            if is_holiday and name is not None:  # ordinary weekends have no name
                holidays.add(d)
                names[d] = HOLIDAY_NAMES_ZH.get(str(name), str(name))
            elif not is_holiday and d.weekday() >= 5:
                make_up.add(d)
            d += _ONE_DAY
        years = frozenset(range(first_year, last_year + 1))
        return cls(frozenset(holidays), frozenset(make_up), years, names)


def add_months(start: date, months: int) -> date:
    """Corresponding day of the Nth month, else that month's last day (民事诉讼法 art. 85 practice)."""
    y, m = divmod(start.month - 1 + months, 12)
    year, month = start.year + y, m + 1
    return date(year, month, min(start.day, _cal.monthrange(year, month)[1]))


def _days_between(start: date, end: date) -> Iterator[date]:
    d = start + _ONE_DAY
    while d <= end:
        yield d
        d += _ONE_DAY


def due_date(start: date, amount: int, unit: Unit, calendar: WorkCalendar) -> date:
    """Last day of the period, start day not counted, rest-day rollover for CD/M (民事诉讼法 art. 85)."""
    if amount < 0:
        raise ValueError("amount must be >= 0")
    if unit == Unit.WORKING_DAY:
        d, left = start, amount
        while left:
            d += _ONE_DAY
            left -= calendar.is_working_day(d)
        return d
    if unit == Unit.CALENDAR_DAY:
        return calendar.next_working_day(start + timedelta(days=amount))
    if unit == Unit.MONTH:
        return calendar.next_working_day(add_months(start, amount))
    raise ValueError(f"unit {unit} needs due_datetime()")


def due_datetime(start: datetime, amount: int) -> datetime:
    """End of an hour period, counted from the next hour with no rollover (民事诉讼法 art. 85)."""
    if amount < 0:
        raise ValueError("amount must be >= 0")
    return start + timedelta(hours=amount)


def elapsed(start: date, end: date, unit: Unit, calendar: WorkCalendar) -> int:
    """Units used in (start, end], to pause a clock: remaining = amount - elapsed (行政复议法 art. 20 ¶2)."""
    if end <= start:
        return 0
    if unit == Unit.WORKING_DAY:
        return sum(calendar.is_working_day(d) for d in _days_between(start, end))
    if unit == Unit.CALENDAR_DAY:
        return (end - start).days
    if unit == Unit.MONTH:  # whole months whose corresponding day has passed
        n = (end.year - start.year) * 12 + end.month - start.month
        return n if add_months(start, n) <= end else n - 1
    raise ValueError(f"unit {unit} is not a day-based unit")


def _fmt(d: date, ref_year: int | None = None) -> str:
    return f"{d.month}月{d.day}日" if d.year == ref_year else f"{d.year}年{d.month}月{d.day}日"


def _fmt_range(a: date, b: date, ref_year: int) -> str:
    if a == b:
        return _fmt(a, ref_year)
    if (a.year, a.month) == (b.year, b.month):
        return f"{_fmt(a, ref_year)}至{b.day}日"
    return f"{_fmt(a, ref_year)}至{_fmt(b, a.year if a.year == b.year else None)}"


def _runs(days: list[date]) -> list[tuple[date, date]]:
    runs: list[tuple[date, date]] = []
    for d in days:
        if runs and runs[-1][1] + _ONE_DAY == d:
            runs[-1] = (runs[-1][0], d)
        else:
            runs.append((d, d))
    return runs


def _holiday_label(a: date, b: date, calendar: WorkCalendar) -> str:
    days = (a + timedelta(days=i) for i in range((b - a).days + 1))
    names = list(dict.fromkeys(n for d in days if (n := calendar.names.get(d))))
    return f"{'、'.join(names)}假日" if names else "法定节假日"


def explain(
    start: date, amount: int, unit: Unit, calendar: WorkCalendar, *, basis: str = "", due: date | None = None
) -> str:
    """Chinese explanation of a period's end, naming skipped holidays and rollover (民事诉讼法 art. 85).

    `due`: the period's end when the caller has already counted it with `due_date` (saves counting twice).
    """
    if due is None:
        due = due_date(start, amount, unit, calendar)
    y = start.year
    if unit == Unit.WORKING_DAY:
        holidays, make_up = calendar.holidays, calendar.make_up_working_days
        skipped: list[date] = []
        made: list[date] = []
        weekends = 0
        for d in _days_between(start, due):  # one pass: each day is a holiday, a make-up day, a weekend or neither
            if d in holidays:
                skipped.append(d)
            elif d in make_up:
                made.append(d)
            elif d.weekday() >= 5:
                weekends += 1
        parts = [f"{_holiday_label(a, b, calendar)}{_fmt_range(a, b, y)}" for a, b in _runs(skipped)]
        skipped_text = "、".join(parts)
        if weekends:
            skipped_text += ("及" if skipped_text else "") + f"周末{weekends}天"
        notes = [f"跳过{skipped_text}"] if skipped_text else []
        if made:
            notes.append("计入调休上班日" + "、".join(_fmt(d, y) for d in made))
        detail = f"（{'，'.join(notes)}）" if notes else ""
        text = f"自{_fmt(start)}的次日起算{amount}个工作日{detail}，于{_fmt(due)}届满。"
    else:
        last = add_months(start, amount) if unit == Unit.MONTH else start + timedelta(days=amount)
        what = f"{amount}个月" if unit == Unit.MONTH else f"{amount}日"
        text = f"自{_fmt(start)}的次日起算{what}，"
        if unit == Unit.MONTH and last.day != start.day:
            text += f"该月无对应日，以月末{_fmt(last)}为最后一日，"
        if last != due:
            if last in calendar.holidays:
                kind = f"法定节假日（{calendar.names[last]}）" if last in calendar.names else "法定节假日"
            else:
                kind = f"休息日（星期{_WEEKDAY_ZH[last.weekday()]}）"
            text += f"最后一日{_fmt(last)}为{kind}，顺延至{_fmt(due)}届满。"
        else:
            text += f"于{_fmt(due)}届满。"
    missing = [str(yr) for yr in range(start.year, due.year + 1) if yr not in calendar.years]
    if missing:
        text += f"（注意：{'、'.join(missing)}年节假日安排未载入日历，仅按周末计算。）"
    return text + (f"依据：{basis}" if basis else "")
