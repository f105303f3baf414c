"""The network's figures read at a day from the history: bodies in being, supervisors in force (issued, not expired,
not suspended or ended on that day), their growth on a year earlier, certificates expiring; a region counts its
subtree. Built from a handful of records here, not the demo."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.test import override_settings

from fazhi.accounts.models import Organisation
from fazhi.enforcement import figures, services
from fazhi.enforcement.history import in_force_on
from fazhi.enforcement.tests.factories import agency, an_officer, issued

pytestmark = pytest.mark.django_db


def _period(end: date, prefix: str = "1502") -> SimpleNamespace:
    return SimpleNamespace(start=date(end.year, 1, 1), end=end, region_prefix=prefix)


def _value(key: str, end: date, prefix: str = "1502"):
    return figures.PERIOD_FIGURES[key](_period(end, prefix), None)


def _move(cert, code, on, **data):
    return services.certificate_move(actor=None, certificate=cert, code=code, on=on, data=data)


def test_in_force_on_a_day_is_read_from_the_history_not_the_current_state(baotou):
    cert = issued(on=date(2023, 3, 1), valid_to=date(2028, 2, 28))
    _move(cert, "suspend", date(2024, 5, 1), reason="暂扣待查")
    _move(cert, "reinstate", date(2024, 7, 1), reason="发还")
    _move(cert, "withdraw", date(2024, 11, 1), reason="取消执法资格")
    expected = {
        date(2023, 2, 28): False,  # approved, not yet issued
        date(2023, 3, 1): True,
        date(2024, 4, 30): True,
        date(2024, 5, 1): False,  # suspended that day
        date(2024, 6, 30): False,
        date(2024, 7, 1): True,  # given back
        date(2024, 10, 31): True,
        date(2024, 11, 1): False,  # withdrawn
    }
    assert {day: in_force_on(day).filter(pk=cert.pk).exists() for day in expected} == expected


def test_an_expired_certificate_is_not_in_force_and_a_renewal_puts_it_back(baotou):
    cert = issued(on=date(2019, 3, 1), valid_to=date(2024, 2, 28))
    assert in_force_on(date(2024, 2, 28)).filter(pk=cert.pk).exists()
    assert not in_force_on(date(2024, 2, 29)).filter(pk=cert.pk).exists()
    _move(cert, "renew", date(2024, 3, 10), number="JD2400002", valid_to="2029-03-09")
    assert not in_force_on(date(2024, 3, 9)).filter(pk=cert.pk).exists()
    assert in_force_on(date(2024, 3, 10)).filter(pk=cert.pk).exists()
    assert in_force_on(date(2024, 2, 1)).filter(pk=cert.pk).exists()  # the history before the renewal stands


def test_certified_supervisors_and_their_growth_on_a_year_earlier(baotou):
    for seq in range(1, 5):  # four supervisors certified in 2023, one of them leaves in 2024
        issued(an_officer(seq), on=date(2023, 3, seq), number=f"JD23{seq:05d}")
    for seq in range(5, 7):  # two more in 2024
        issued(an_officer(seq), on=date(2024, 4, 1), number=f"JD24{seq:05d}")
    issued(an_officer(9), kind="enforcement", on=date(2024, 4, 1), number="ZF2400009")  # not a supervisor
    leaver = in_force_on(date(2024, 1, 1)).filter(number="JD2300001").get()
    _move(leaver, "cancel", date(2024, 6, 1), reason="退休")
    assert _value("certified_supervisors", date(2023, 12, 31)) == 4
    assert _value("certified_supervisors", date(2024, 12, 31)) == 5
    assert _value("certified_supervisors_growth_pct", date(2024, 12, 31)) == Decimal("25")
    assert _value("certified_supervisors_growth_pct", date(2023, 12, 31)) is None  # none a year earlier
    assert _value("certified_supervisors", date(2024, 12, 31), prefix="150203") == 0  # 昆都仑区 has none
    assert set(
        figures.certified_supervisors_records("1502", date(2024, 1, 1), date(2024, 12, 31)).values_list(
            "number", flat=True
        )
    ) == {"JD2300002", "JD2300003", "JD2300004", "JD2400005", "JD2400006"}


def test_growth_is_a_whole_percent_rounded_half_up(baotou):
    for seq in range(1, 9):  # eight a year earlier
        issued(an_officer(seq), on=date(2023, 3, 1), number=f"JD23{seq:05d}")
    for seq in range(9, 12):  # eleven now: 37.5 → 38
        issued(an_officer(seq), on=date(2024, 3, 1), number=f"JD24{seq:05d}")
    growth = _value("certified_supervisors_growth_pct", date(2024, 12, 31))
    assert growth == Decimal("38") and str(growth) == "38"


def test_certificates_expiring_within_ninety_days_of_the_periods_end(baotou):
    issued(an_officer(1), on=date(2020, 3, 1), valid_to=date(2025, 3, 31), number="A1")  # 90 days after 2024-12-31
    issued(an_officer(2), on=date(2020, 3, 1), valid_to=date(2025, 4, 1), number="A2")  # 91 days
    issued(an_officer(3), on=date(2020, 3, 1), valid_to=date(2024, 12, 30), number="A3")  # expired already
    records = figures.certificates_expiring_records("1502", date(2024, 1, 1), date(2024, 12, 31))
    assert list(records.values_list("number", flat=True)) == ["A1"]
    assert _value("certificates_expiring", date(2024, 12, 31)) == 1


def test_a_later_renewal_does_not_change_what_was_expiring_at_a_past_periods_end(baotou):
    cert = issued(an_officer(1), on=date(2020, 3, 1), valid_to=date(2025, 3, 31), number="A1")
    _move(cert, "renew", date(2025, 3, 1), number="A1R", valid_to="2030-02-28")
    records = figures.certificates_expiring_records("1502", date(2024, 1, 1), date(2024, 12, 31))
    assert list(records.values_list("pk", flat=True)) == [cert.pk]  # on 2024-12-31 it ended 2025-03-31
    assert _value("certificates_expiring", date(2024, 12, 31)) == 1


@override_settings(FAZHI_CERTIFICATE_REMINDER_DAYS=30)
def test_the_expiring_window_is_the_reminder_setting(baotou):
    issued(an_officer(1), on=date(2020, 3, 1), valid_to=date(2025, 1, 30), number="A1")  # 30 days after
    issued(an_officer(2), on=date(2020, 3, 1), valid_to=date(2025, 1, 31), number="A2")  # 31 days
    assert _value("certificates_expiring", date(2024, 12, 31)) == 1


def test_bodies_count_per_tier_from_set_up_until_dissolved(baotou):
    city_host = Organisation.objects.get(name="包头市司法局行政执法协调监督科")
    services.body_register(actor=None, name="市级一", host=city_host, established_on=date(2023, 5, 1))
    services.body_register(
        actor=None, name="市级二", host=agency("包头市交通运输局", "150200000000"), established_on=date(2024, 5, 1)
    )
    county = services.body_register(
        actor=None,
        name="东河区机构",
        host=Organisation.objects.get(name="东河区司法局"),
        established_on=date(2022, 1, 1),
    )
    services.body_register(
        actor=None, name="和平路站", host=Organisation.objects.get(name="和平路司法所"), established_on=date(2024, 2, 1)
    )
    services.body_dissolve(actor=None, body=county, dissolved_on=date(2024, 9, 1))
    at = {
        end: [_value(f"supervision_bodies_{t}", end) for t in ("city", "county", "township")]
        for end in (date(2023, 12, 31), date(2024, 12, 31))
    }
    assert at == {date(2023, 12, 31): [1, 1, 0], date(2024, 12, 31): [2, 0, 1]}
    assert _value("supervision_bodies_township", date(2024, 12, 31), prefix="150203") == 0


def test_every_figure_has_its_labels_records_and_unit():
    assert set(figures.PERIOD_FIGURES) == set(figures.LABELS) == set(figures.RECORDS) == set(figures.UNITS)
    assert figures.UNITS["certified_supervisors_growth_pct"] == "percent"


def test_a_period_not_yet_ended_is_read_today_not_at_its_future_end(baotou):
    from datetime import timedelta

    from django.utils import timezone

    today = timezone.localdate()
    issued(an_officer(1), on=today - timedelta(days=400), valid_to=today + timedelta(days=10), number="A1")
    end = today + timedelta(days=60)  # e.g. the current year's 31 December
    assert figures.stock_day(end) == today and figures.stock_day(date(2024, 12, 31)) == date(2024, 12, 31)
    assert _value("certified_supervisors", end) == 1  # in force today, though its validity ends before `end`
    assert _value("certificates_expiring", end) == 1
    assert _value("certified_supervisors_growth_pct", end) == 0  # one today, one a year before today


def test_the_records_page_says_the_figures_value_in_data_total(baotou, login):
    from django.contrib.auth import get_user_model

    from fazhi.enforcement.figure_views import figure_records_url

    for seq in range(1, 5):
        issued(an_officer(seq), on=date(2023, 3, seq), number=f"JD23{seq:05d}")
    for seq in range(5, 7):
        issued(an_officer(seq), on=date(2024, 4, 1), number=f"JD24{seq:05d}")
    admin = get_user_model().objects.create_superuser(username="root", password="x", full_name="管理员")
    client = login(admin)
    page = client.get(figure_records_url("certified_supervisors", date(2024, 1, 1), date(2024, 12, 31), "1502"))
    assert 'data-total="6"' in page.content.decode()
    growth = client.get(
        figure_records_url("certified_supervisors_growth_pct", date(2024, 1, 1), date(2024, 12, 31), "1502")
    ).content.decode()
    assert 'data-total="50"' in growth and 'data-rows="6"' in growth  # 6 on 4: +50%
