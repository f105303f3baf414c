"""Seed the work calendar with every year the chinesecalendar package knows (holidays and 调休 days)."""

import datetime

from django.db import migrations


def seed(apps, schema_editor):
    from fazhi.core.workdays import WorkCalendar

    CalendarDay = apps.get_model("core", "CalendarDay")
    first, last = 2004, datetime.date.today().year + 1
    while last > first:
        try:
            cal = WorkCalendar.from_chinese_calendar(first, last)
            break
        except (ValueError, NotImplementedError):
            last -= 1
    rows = [CalendarDay(date=d, kind="holiday", name=cal.names.get(d, "")) for d in sorted(cal.holidays)]
    rows += [CalendarDay(date=d, kind="make_up_working_day", name="调休上班") for d in sorted(cal.make_up_working_days)]
    CalendarDay.objects.bulk_create(rows, ignore_conflicts=True)


def unseed(apps, schema_editor):
    apps.get_model("core", "CalendarDay").objects.filter(source="chinesecalendar").delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
