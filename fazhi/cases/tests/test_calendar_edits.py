"""Editing the work calendar recomputes the open deadlines it touches, and says why on each case."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.accounts.models import User
from fazhi.cases.models import CaseEvent, Deadline
from fazhi.cases.tests.factories import open_reconsideration
from fazhi.core.calendar import calendar_day_set
from fazhi.core.models import CalendarDay
from fazhi.core.signals import calendar_changed

pytestmark = pytest.mark.django_db


def test_a_new_holiday_moves_a_running_working_day_deadline(city_clerk):
    case = open_reconsideration(city_clerk, received_on=date(2024, 11, 4))  # Mon; 5 WD → Mon 2024-11-11
    review = case.deadlines.get(clock="acceptance_review")
    assert review.due_on == date(2024, 11, 11)
    moved = calendar_day_set(day=date(2024, 11, 8), kind="holiday", name="临时休假")
    review.refresh_from_db()
    assert moved == 1
    assert review.due_on == date(2024, 11, 12)
    event = case.events.get(code="deadline_recomputed")
    assert event.data["from"] == "2024-11-11" and event.data["to"] == "2024-11-12"
    assert "2024-11-08" in event.data["reason"]


def test_removing_the_holiday_moves_it_back_and_closed_clocks_stay(city_clerk):
    case = open_reconsideration(city_clerk, received_on=date(2024, 11, 4))
    calendar_day_set(day=date(2024, 11, 8), kind="holiday", name="临时休假")
    calendar_day_set(day=date(2024, 11, 8), kind=None)
    assert case.deadlines.get(clock="acceptance_review").due_on == date(2024, 11, 11)
    Deadline.objects.filter(case=case).update(state=Deadline.State.MET)
    assert calendar_day_set(day=date(2024, 11, 8), kind="holiday") == 0


def test_a_failing_listener_undoes_the_calendar_edit(city_clerk):
    open_reconsideration(city_clerk, received_on=date(2024, 11, 4))

    def broken(sender, **kwargs):
        raise RuntimeError("listener failed")

    calendar_changed.connect(broken, dispatch_uid="test.broken")
    try:
        with pytest.raises(RuntimeError):
            calendar_day_set(day=date(2024, 11, 8), kind="holiday", name="临时休假")
    finally:
        calendar_changed.disconnect(dispatch_uid="test.broken")
    assert not CalendarDay.objects.filter(date=date(2024, 11, 8)).exists()
    assert not CaseEvent.objects.filter(code="deadline_recomputed").exists()


def test_a_holiday_added_in_the_admin_moves_the_deadline(city_clerk, login):
    case = open_reconsideration(city_clerk, received_on=date(2024, 11, 4))
    admin = User.objects.create_superuser("calendar_admin", password="x" * 16)
    response = login(admin).post(
        "/admin/core/calendarday/add/", {"date": "2024-11-08", "kind": "holiday", "name": "临时休假", "source": "x"}
    )
    assert response.status_code == 302
    assert case.deadlines.get(clock="acceptance_review").due_on == date(2024, 11, 12)
    assert CalendarDay.objects.get(date=date(2024, 11, 8)).source == "admin:calendar_admin"
