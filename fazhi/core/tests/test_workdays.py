"""Period counting against the State Council holiday schedules for 2024, 2025 and 2026.

Every expected date below was counted by hand from the State Council 节假日安排 notices for each year:
  2024  New Year 1-1; Spring Festival 2-10..2-17 (make-up Sun 2-4, Sun 2-18); Qingming 4-4..4-6 (Sun 4-7);
        Labour Day 5-1..5-5 (Sun 4-28, Sat 5-11); Dragon Boat 6-10; Mid-autumn 9-15..9-17 (Sat 9-14);
        National Day 10-1..10-7 (Sun 9-29, Sat 10-12).
  2025  New Year 1-1; Spring Festival 1-28..2-4 (Sun 1-26, Sat 2-8); Qingming 4-4..4-6;
        Labour Day 5-1..5-5 (Sun 4-27); Dragon Boat 5-31..6-2; National Day + Mid-autumn 10-1..10-8
        (Sun 9-28, Sat 10-11).
  2026  New Year 1-1..1-3 (Sun 1-4); Spring Festival 2-15..2-23 (Sat 2-14, Sat 2-28); Qingming 4-4..4-6;
        Labour Day 5-1..5-5 (Sat 5-9); Dragon Boat 6-19..6-21; Mid-autumn 9-25..9-27 (Sun 9-20);
        National Day 10-1..10-7 (Sat 10-10).
In the counts, "(n)" marks the nth working day after the start day, "MU" a make-up working day.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta, timezone

import pytest

from fazhi.core.workdays import Unit, WorkCalendar, add_months, due_date, due_datetime, elapsed, explain

D = date
WD, CD, M = Unit.WORKING_DAY, Unit.CALENDAR_DAY, Unit.MONTH


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar.from_chinese_calendar(2024, 2026)


# --- the calendar itself ---


def test_from_chinese_calendar_covers_loaded_years_only(cal: WorkCalendar) -> None:
    assert cal.years == frozenset({2024, 2025, 2026})
    assert cal.covers(D(2024, 1, 1)) and cal.covers(D(2026, 12, 31))
    assert not cal.covers(D(2023, 12, 31)) and not cal.covers(D(2027, 1, 1))


def test_from_chinese_calendar_loads_holidays_make_up_days_and_chinese_names(cal: WorkCalendar) -> None:
    assert D(2024, 10, 5) in cal.holidays  # a Saturday inside the National Day run is stored too
    assert D(2024, 10, 12) in cal.make_up_working_days
    assert D(2026, 1, 4) in cal.make_up_working_days
    assert D(2024, 10, 13) not in cal.holidays  # ordinary Sunday: rest day, but not a holiday
    assert D(2023, 12, 31) not in cal.holidays  # New Year 2024 bridge day lies outside the loaded years
    assert cal.names[D(2025, 10, 6)] == "中秋节"
    assert cal.names[D(2026, 2, 17)] == "春节"
    assert cal.names[D(2025, 1, 1)] == "元旦"
    assert all(d.weekday() >= 5 for d in cal.make_up_working_days)


def test_from_chinese_calendar_rejects_years_without_schedule() -> None:
    with pytest.raises(ValueError):
        WorkCalendar.from_chinese_calendar(2100, 2100)


def test_calendar_rejects_a_day_that_is_both_holiday_and_make_up() -> None:
    with pytest.raises(ValueError):
        WorkCalendar(holidays=frozenset({D(2024, 10, 12)}), make_up_working_days=frozenset({D(2024, 10, 12)}))


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2024, 10, 12), True),  # Sat, MU
        (D(2024, 10, 5), False),  # Sat, National Day
        (D(2024, 10, 7), False),  # Mon, National Day
        (D(2024, 10, 13), False),  # ordinary Sunday
        (D(2024, 10, 14), True),  # ordinary Monday
        (D(2026, 1, 4), True),  # Sun, MU
        (D(2027, 1, 1), True),  # Fri, year not loaded: only weekends are rest days
        (D(2027, 1, 2), False),  # Sat, year not loaded
    ],
)
def test_is_working_day(cal: WorkCalendar, day: date, working: bool) -> None:
    assert cal.is_working_day(day) is working
    assert cal.is_rest_day(day) is not working


def test_next_working_day_returns_same_day_or_first_after_rest(cal: WorkCalendar) -> None:
    assert cal.next_working_day(D(2024, 10, 8)) == D(2024, 10, 8)
    assert cal.next_working_day(D(2024, 10, 1)) == D(2024, 10, 8)
    assert cal.next_working_day(D(2026, 1, 1)) == D(2026, 1, 4)  # Sun 1-4 is MU


# --- working-day periods ---

WD_CASES = [
    # Spring Festival 2024. Fri 2-2: Sat 2-3 rest, Sun 2-4 MU(1), 2-5(2), 2-6(3), 2-7(4), 2-8(5), Fri 2-9(6),
    # 2-10..2-17 holiday, Sun 2-18 MU(7), 2-19(8), 2-20(9), 2-21(10).
    (D(2024, 2, 2), 5, D(2024, 2, 8)),
    (D(2024, 2, 2), 7, D(2024, 2, 18)),
    (D(2024, 2, 2), 10, D(2024, 2, 21)),
    # Wed 2-7: 2-8(1), 2-9(2), holiday, Sun 2-18 MU(3), 2-19(4), 2-20(5), 2-21(6), 2-22(7), 2-23(8),
    # weekend, 2-26(9), 2-27(10).
    (D(2024, 2, 7), 5, D(2024, 2, 20)),
    (D(2024, 2, 7), 7, D(2024, 2, 22)),
    (D(2024, 2, 7), 10, D(2024, 2, 27)),
    # Spring Festival 2025. Fri 1-24: Sat rest, Sun 1-26 MU(1), Mon 1-27(2), 1-28..2-4 holiday, 2-5(3),
    # 2-6(4), 2-7(5), Sat 2-8 MU(6), Sun rest, 2-10(7), 2-11(8), 2-12(9), 2-13(10).
    (D(2025, 1, 24), 5, D(2025, 2, 7)),
    (D(2025, 1, 24), 7, D(2025, 2, 10)),
    (D(2025, 1, 24), 10, D(2025, 2, 13)),
    # Spring Festival 2026. Thu 2-12: 2-13(1), Sat 2-14 MU(2), 2-15..2-23 holiday, 2-24(3), 2-25(4),
    # 2-26(5), 2-27(6), Sat 2-28 MU(7), Sun 3-1 rest, 3-2(8), 3-3(9), 3-4(10).
    (D(2026, 2, 12), 5, D(2026, 2, 26)),
    (D(2026, 2, 12), 7, D(2026, 2, 28)),
    (D(2026, 2, 12), 10, D(2026, 3, 4)),
    # National Day 2024. Fri 9-27: Sat rest, Sun 9-29 MU(1), Mon 9-30(2), 10-1..10-7 holiday, 10-8(3),
    # 10-9(4), 10-10(5), 10-11(6), Sat 10-12 MU(7), Sun rest, 10-14(8), 10-15(9), 10-16(10).
    (D(2024, 9, 27), 5, D(2024, 10, 10)),
    (D(2024, 9, 27), 7, D(2024, 10, 12)),
    (D(2024, 9, 27), 10, D(2024, 10, 16)),
    # Mon 9-30: 10-8(1), 10-9(2), 10-10(3), 10-11(4), Sat 10-12 MU(5), 10-14(6), 10-15(7), ... 10-18(10).
    (D(2024, 9, 30), 5, D(2024, 10, 12)),
    (D(2024, 9, 30), 7, D(2024, 10, 15)),
    (D(2024, 9, 30), 10, D(2024, 10, 18)),
    # National Day 2025. Fri 9-26: Sat rest, Sun 9-28 MU(1), 9-29(2), 9-30(3), 10-1..10-8 holiday, 10-9(4),
    # 10-10(5), Sat 10-11 MU(6), Sun rest, 10-13(7), 10-14(8), 10-15(9), 10-16(10).
    (D(2025, 9, 26), 5, D(2025, 10, 10)),
    (D(2025, 9, 26), 7, D(2025, 10, 13)),
    (D(2025, 9, 26), 10, D(2025, 10, 16)),
    # National Day 2026. Thu 9-24: 9-25..9-27 Mid-autumn, 9-28(1), 9-29(2), 9-30(3), 10-1..10-7 holiday,
    # 10-8(4), 10-9(5), Sat 10-10 MU(6), Sun rest, 10-12(7), 10-13(8), 10-14(9), 10-15(10).
    (D(2026, 9, 24), 5, D(2026, 10, 9)),
    (D(2026, 9, 24), 7, D(2026, 10, 12)),
    (D(2026, 9, 24), 10, D(2026, 10, 15)),
    # Labour Day 2024. Fri 4-26: Sat rest, Sun 4-28 MU(1), 4-29(2), 4-30(3), 5-1..5-5 holiday, 5-6(4),
    # 5-7(5), 5-8(6), 5-9(7), 5-10(8), Sat 5-11 MU(9), Sun rest, 5-13(10).
    (D(2024, 4, 26), 5, D(2024, 5, 7)),
    (D(2024, 4, 26), 7, D(2024, 5, 9)),
    (D(2024, 4, 26), 10, D(2024, 5, 13)),
    # Labour Day 2025. Wed 4-30: 5-1..5-5 holiday, 5-6(1), 5-7(2), 5-8(3), 5-9(4), weekend, 5-12(5).
    (D(2025, 4, 30), 5, D(2025, 5, 12)),
    # Labour Day 2026. Thu 4-30: 5-1..5-5 holiday, 5-6(1), 5-7(2), 5-8(3), Sat 5-9 MU(4), Sun rest, 5-11(5).
    (D(2026, 4, 30), 5, D(2026, 5, 11)),
    # Dragon Boat 2025. Thu 5-29: 5-30(1), 5-31..6-2 holiday, 6-3(2), 6-4(3), 6-5(4), 6-6(5).
    (D(2025, 5, 29), 5, D(2025, 6, 6)),
    # Mid-autumn 2024. Thu 9-12: 9-13(1), Sat 9-14 MU(2), 9-15..9-17 holiday, 9-18(3), 9-19(4), 9-20(5).
    (D(2024, 9, 12), 5, D(2024, 9, 20)),
    # New Year 2026. Wed 12-31-2025: 1-1..1-3 holiday, Sun 1-4 MU(1), 1-5(2), 1-6(3), 1-7(4), 1-8(5).
    (D(2025, 12, 31), 5, D(2026, 1, 8)),
    # Around Sat 2026-02-28 MU. Thu 2-26: 2-27(1), Sat 2-28 MU(2), Sun rest, 3-2(3), 3-3(4), 3-4(5).
    (D(2026, 2, 26), 5, D(2026, 3, 4)),
    # Start on a holiday. Thu 2024-10-03: rest of run, 10-8(1), ..., 10-11(4), Sat 10-12 MU(5).
    (D(2024, 10, 3), 5, D(2024, 10, 12)),
    # Wed 2025-01-29 (Spring Festival): 2-5(1), 2-6(2), 2-7(3), Sat 2-8 MU(4), Sun rest, 2-10(5).
    (D(2025, 1, 29), 5, D(2025, 2, 10)),
    # Start on a make-up day. Sat 2024-10-12: Sun rest, 10-14(1), ..., 10-18(5).
    (D(2024, 10, 12), 5, D(2024, 10, 18)),
    # Sun 2026-01-04: 1-5(1), ..., Fri 1-9(5).
    (D(2026, 1, 4), 5, D(2026, 1, 9)),
    # Sat 2026-02-14: 2-15..2-23 holiday, 2-24(1), 2-25(2), 2-26(3), 2-27(4), Sat 2-28 MU(5).
    (D(2026, 2, 14), 5, D(2026, 2, 28)),
    # Start on an ordinary Friday. Fri 2024-03-01: 3-4(1) .. 3-8(5); 3-11(6) .. 3-15(10).
    (D(2024, 3, 1), 5, D(2024, 3, 8)),
    (D(2024, 3, 1), 10, D(2024, 3, 15)),
    # Zero days: the start day itself.
    (D(2024, 3, 1), 0, D(2024, 3, 1)),
]


@pytest.mark.parametrize(("start", "amount", "expected"), WD_CASES)
def test_working_day_period_skips_holidays_and_counts_make_up_days(
    cal: WorkCalendar, start: date, amount: int, expected: date
) -> None:
    assert due_date(start, amount, WD, cal) == expected


def test_working_day_period_skips_national_day(cal: WorkCalendar) -> None:
    # Mon 2024-09-30, 行政复议法 art. 30's 5 WD: the whole 10-1..10-7 run is skipped, Sat 10-12 counts.
    assert due_date(D(2024, 9, 30), 5, WD, cal) == D(2024, 10, 12)


def test_working_day_period_beyond_loaded_years_counts_weekends_only(cal: WorkCalendar) -> None:
    # Fri 2026-12-25: 12-28(1), 12-29(2), 12-30(3), 12-31(4), Fri 2027-01-01(5: no 2027 data, so a working
    # day here although New Year will be a holiday), 1-4(6) .. 1-8(10). The caller checks covers() and warns.
    assert due_date(D(2026, 12, 25), 10, WD, cal) == D(2027, 1, 8)
    assert not cal.covers(D(2027, 1, 8))


def test_hand_built_calendar_without_chinesecalendar() -> None:
    # One holiday (Wed 2024-05-01), one MU (Sat 2024-05-04). Tue 4-30: 5-2(1), 5-3(2), Sat 5-4 MU(3).
    cal = WorkCalendar(holidays=frozenset({D(2024, 5, 1)}), make_up_working_days=frozenset({D(2024, 5, 4)}))
    assert due_date(D(2024, 4, 30), 3, WD, cal) == D(2024, 5, 4)
    assert not cal.covers(D(2024, 5, 4))


# --- calendar-day periods ---

CD_CASES = [
    # 60 CD from Fri 2024-08-02: 8-31 is day 29, 10-1 is day 60, National Day -> first working day 10-8.
    (D(2024, 8, 2), 60, D(2024, 10, 8)),
    # 60 CD from Mon 2025-01-06: 1-31 day 25, 2-28 day 53, 3-7 (Fri) day 60: no rollover.
    (D(2025, 1, 6), 60, D(2025, 3, 7)),
    # 60 CD from Mon 2026-11-02: 11-30 day 28, 12-31 day 59, 2027-01-01 (Fri) day 60; 2027 not loaded.
    (D(2026, 11, 2), 60, D(2027, 1, 1)),
    # 30 CD from 2024-09-03: 9-30 day 27, 10-3 day 30, National Day -> 10-8.
    (D(2024, 9, 3), 30, D(2024, 10, 8)),
    # 30 CD from 2025-05-16: 5-31 day 15, 6-15 (Sun) day 30 -> Mon 6-16.
    (D(2025, 5, 16), 30, D(2025, 6, 16)),
    # 30 CD from 2025-12-02: 2026-01-01 day 30, New Year 1-1..1-3 -> Sun 1-4, a MU, is the first working day.
    (D(2025, 12, 2), 30, D(2026, 1, 4)),
    # 7 CD from Sat 2024-10-05 ends on Sat 10-12, a MU: no rollover.
    (D(2024, 10, 5), 7, D(2024, 10, 12)),
    # 7 CD from Sat 2026-02-07 ends on Sat 2-14, a MU: no rollover.
    (D(2026, 2, 7), 7, D(2026, 2, 14)),
    # 7 CD from Sun 2024-09-08 ends on Sun 9-15 (Mid-autumn) -> 9-16, 9-17 holiday -> Wed 9-18.
    (D(2024, 9, 8), 7, D(2024, 9, 18)),
    # 3 CD from Wed 2024-03-06 ends on Sat 3-9 -> Mon 3-11.
    (D(2024, 3, 6), 3, D(2024, 3, 11)),
    # 3 CD from Fri 2026-02-13 ends on Mon 2-16 (Spring Festival to 2-23) -> Tue 2-24.
    (D(2026, 2, 13), 3, D(2026, 2, 24)),
    # 5 CD from Mon 2025-03-03 ends on Sat 3-8 -> Mon 3-10.
    (D(2025, 3, 3), 5, D(2025, 3, 10)),
    # 5 CD from Sun 2025-09-28 ends on Fri 10-3, holiday run to 10-8 -> Thu 10-9.
    (D(2025, 9, 28), 5, D(2025, 10, 9)),
    # 5 CD from Fri 2024-03-01 ends on Wed 3-6, a normal weekday.
    (D(2024, 3, 1), 5, D(2024, 3, 6)),
]


@pytest.mark.parametrize(("start", "amount", "expected"), CD_CASES)
def test_calendar_day_period_rolls_over_rest_days(cal: WorkCalendar, start: date, amount: int, expected: date) -> None:
    assert due_date(start, amount, CD, cal) == expected


def test_calendar_day_period_ending_on_national_day_rolls_to_october_8(cal: WorkCalendar) -> None:
    # 2024-09-30 + 1 = 10-1, a holiday; 10-1..10-7 -> 10-8.
    assert due_date(D(2024, 9, 30), 1, CD, cal) == D(2024, 10, 8)


# --- month periods ---

MONTH_CASES = [
    (D(2024, 1, 31), 1, D(2024, 2, 29)),  # leap year: Feb has no 31st -> last day 2-29 (Thu)
    (D(2025, 1, 31), 1, D(2025, 2, 28)),  # 2-28 (Fri)
    (D(2024, 12, 31), 2, D(2025, 2, 28)),  # across the year end
    (D(2024, 2, 29), 12, D(2025, 2, 28)),  # 2025 has no 2-29
    (D(2025, 8, 31), 1, D(2025, 9, 30)),  # Tue
    (D(2024, 9, 1), 1, D(2024, 10, 8)),  # 10-1 National Day -> 10-8
    (D(2025, 7, 5), 3, D(2025, 10, 9)),  # 10-5 in the 10-1..10-8 run -> 10-9
    (D(2025, 3, 5), 1, D(2025, 4, 7)),  # 4-5 Sat Qingming, 4-6 Sun Qingming -> Mon 4-7
    (D(2025, 2, 15), 1, D(2025, 3, 17)),  # 3-15 Sat -> Mon 3-17
    (D(2025, 6, 10), 6, D(2025, 12, 10)),  # Wed, no rollover
]


@pytest.mark.parametrize(("start", "amount", "expected"), MONTH_CASES)
def test_month_period_uses_corresponding_day_or_month_end_then_rolls_over(
    cal: WorkCalendar, start: date, amount: int, expected: date
) -> None:
    assert due_date(start, amount, M, cal) == expected


def test_add_months_clamps_to_month_end() -> None:
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2024, 3, 31), 1) == D(2024, 4, 30)
    assert add_months(D(2024, 11, 15), 14) == D(2026, 1, 15)


# --- hour periods ---


def test_hour_period_has_no_rollover() -> None:
    start = datetime(2024, 9, 30, 9, 30, tzinfo=timezone(timedelta(hours=8)))
    assert due_datetime(start, 24) == datetime(2024, 10, 1, 9, 30, tzinfo=timezone(timedelta(hours=8)))
    assert due_datetime(datetime(2024, 2, 28, 23, 0), 48) == datetime(2024, 3, 1, 23, 0)  # leap day passed


def test_invalid_arguments_raise(cal: WorkCalendar) -> None:
    with pytest.raises(ValueError):
        due_date(D(2024, 1, 1), 24, Unit.HOUR, cal)
    with pytest.raises(ValueError):
        due_date(D(2024, 1, 1), -1, WD, cal)
    with pytest.raises(ValueError):
        due_datetime(datetime(2024, 1, 1), -1)
    with pytest.raises(ValueError):
        elapsed(D(2024, 1, 1), D(2024, 1, 2), Unit.HOUR, cal)


# --- elapsed and pausing ---


def test_elapsed_counts_units_after_the_start_day(cal: WorkCalendar) -> None:
    # Mon 2024-09-30 to Sat 10-12: 10-8, 10-9, 10-10, 10-11, 10-12 (MU) = 5 working days.
    assert elapsed(D(2024, 9, 30), D(2024, 10, 12), WD, cal) == 5
    assert elapsed(D(2024, 9, 30), D(2024, 10, 7), WD, cal) == 0  # only holidays
    assert elapsed(D(2024, 10, 12), D(2024, 10, 12), WD, cal) == 0
    assert elapsed(D(2024, 10, 12), D(2024, 9, 30), CD, cal) == 0
    assert elapsed(D(2024, 9, 3), D(2024, 10, 8), CD, cal) == 35
    assert elapsed(D(2024, 1, 31), D(2024, 2, 29), M, cal) == 1
    assert elapsed(D(2024, 1, 31), D(2024, 2, 28), M, cal) == 0


def test_paused_working_day_clock_resumes_with_remaining_days(cal: WorkCalendar) -> None:
    # 5 WD from Mon 2024-09-30, paused on Wed 10-9 after 10-8, 10-9 (2 used), resumed Mon 10-14:
    # 3 left -> 10-15(1), 10-16(2), 10-17(3).
    remaining = 5 - elapsed(D(2024, 9, 30), D(2024, 10, 9), WD, cal)
    assert remaining == 3
    assert due_date(D(2024, 10, 14), remaining, WD, cal) == D(2024, 10, 17)


def test_elapsed_inverts_due_date_for_random_working_day_periods(cal: WorkCalendar) -> None:
    rng = random.Random(20240930)
    for _ in range(60):
        start = D(2024, 1, 1) + timedelta(days=rng.randrange(3 * 365 + 1))
        for amount in range(1, 61):
            due = due_date(start, amount, WD, cal)
            assert cal.is_working_day(due)
            assert elapsed(start, due, WD, cal) == amount
            assert elapsed(start, due - timedelta(days=1), WD, cal) == amount - 1


def test_calendar_day_due_date_is_first_working_day_on_or_after_the_last_day(cal: WorkCalendar) -> None:
    rng = random.Random(85)
    for _ in range(500):
        start = D(2024, 1, 1) + timedelta(days=rng.randrange(3 * 365 + 1))
        amount = rng.randint(1, 60)
        due, last = due_date(start, amount, CD, cal), start + timedelta(days=amount)
        assert due >= last and cal.is_working_day(due)
        assert all(cal.is_rest_day(last + timedelta(days=i)) for i in range((due - last).days))
        assert elapsed(start, due, CD, cal) == (due - start).days


# --- explanations ---


def test_explain_working_days_names_skipped_holidays_and_make_up_days(cal: WorkCalendar) -> None:
    text = explain(D(2024, 9, 30), 5, WD, cal, basis="行政复议法第三十条")
    assert text == (
        "自2024年9月30日的次日起算5个工作日（跳过国庆节假日10月1日至7日，计入调休上班日10月12日），"
        "于2024年10月12日届满。依据：行政复议法第三十条"
    )


def test_explain_working_days_groups_ranges_and_counts_weekends(cal: WorkCalendar) -> None:
    text = explain(D(2025, 9, 26), 10, WD, cal)
    assert "国庆节、中秋节假日10月1日至8日" in text
    assert "周末2天" in text  # Sat 9-27 and Sun 10-12
    assert "调休上班日9月28日、10月11日" in text
    assert text.endswith("于2025年10月16日届满。")
    across_months = explain(D(2025, 1, 24), 5, WD, cal)
    assert "春节假日1月28日至2月4日" in across_months
    assert "2025年2月7日届满" in across_months


def test_explain_calendar_days_states_the_rollover(cal: WorkCalendar) -> None:
    text = explain(D(2024, 9, 3), 30, CD, cal)
    assert "最后一日2024年10月3日为法定节假日（国庆节），顺延至2024年10月8日届满" in text
    weekend = explain(D(2024, 3, 6), 3, CD, cal)
    assert "最后一日2024年3月9日为休息日（星期六），顺延至2024年3月11日届满" in weekend
    plain = explain(D(2024, 3, 1), 5, CD, cal, basis="人民调解法")
    assert plain == "自2024年3月1日的次日起算5日，于2024年3月6日届满。依据：人民调解法"


def test_explain_months_mentions_month_end(cal: WorkCalendar) -> None:
    text = explain(D(2024, 1, 31), 1, M, cal)
    assert "以月末2024年2月29日为最后一日" in text and "于2024年2月29日届满" in text
    rolled = explain(D(2024, 9, 1), 1, M, cal)
    assert "顺延至2024年10月8日届满" in rolled


def test_explain_warns_when_a_year_is_not_loaded(cal: WorkCalendar) -> None:
    text = explain(D(2026, 12, 25), 10, WD, cal)
    assert "于2027年1月8日届满" in text
    assert "2027年节假日安排未载入日历" in text
