"""The public verification page: anonymous, by token only, the card's face and today's status and nothing else,
noindex, never cached, rate-limited like every anonymous page; a revocation shows at once."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import override_settings
from django.urls import reverse

from fazhi.enforcement import services
from fazhi.enforcement.tests.factories import an_officer, id_number, issued

pytestmark = pytest.mark.django_db


def _url(cert) -> str:
    return reverse("enforcement:verify", args=[cert.token])


def test_anyone_sees_the_card_and_its_status_and_nothing_else(baotou, login):
    cert = issued(an_officer(3, name="韩执法"), on=date(2024, 3, 1), valid_to=date(2029, 2, 28), number="JD2400777")
    response = login(None).get(_url(cert))
    assert response.status_code == 200
    page = response.content.decode()
    for shown in ("韩执法", "东河区市场监督管理局", "JD2400777", "行政执法监督证", "2024-03-01", "2029-02-28", "有效"):
        assert shown in page
    for hidden in (id_number(3), id_number(3)[-4:], "第十七条", "培训", "85", f"/certificates/{cert.pk}/"):
        assert hidden not in page  # no ID number, no history or basis, no exam, no staff link
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert response["X-Robots-Tag"] == "noindex, nofollow" and response["Cache-Control"] == "no-store"


def test_the_page_reflects_a_revocation_at_once(baotou, login):
    cert = issued()
    client = login(None)
    assert 'class="status-valid"' in client.get(_url(cert)).content.decode()
    services.certificate_move(
        actor=None, certificate=cert, code="withdraw", on=date(2024, 6, 1), data={"reason": "取消执法资格"}
    )
    page = client.get(_url(cert)).content.decode()
    assert 'class="status-withdrawn"' in page and "已收回" in page


def test_suspended_cancelled_and_expired_cards_say_so(baotou, login):
    suspended = issued(an_officer(1), number="S1")
    services.certificate_move(
        actor=None, certificate=suspended, code="suspend", on=date(2024, 6, 1), data={"reason": "x"}
    )
    expired = issued(an_officer(2), on=date(2019, 3, 1), valid_to=date(2024, 2, 29), number="S2")
    cancelled = issued(an_officer(4), number="S4")
    services.certificate_move(
        actor=None, certificate=cancelled, code="cancel", on=date(2024, 6, 1), data={"reason": "退休"}
    )
    client = login(None)
    for cert, label in ((suspended, "已暂扣"), (expired, "已过期"), (cancelled, "已注销")):
        assert f"<strong>{label}</strong>" in client.get(_url(cert)).content.decode()


def test_an_unknown_token_the_id_or_an_unissued_certificate_finds_nothing(baotou, login):
    cert = issued()
    pending = services.certificate_apply(
        actor=None, officer=an_officer(8), kind="enforcement", applied_on=date(2024, 1, 2)
    )
    client = login(None)
    assert client.get(reverse("enforcement:verify", args=["not-a-token"])).status_code == 404
    assert client.get(reverse("enforcement:verify", args=[str(cert.pk)])).status_code == 404
    assert client.get(_url(pending)).status_code == 404
    assert client.get(reverse("enforcement:verify_photo", args=[cert.token])).status_code == 404  # no photo given


@override_settings(FAZHI_ANON_RATE="3/m")
def test_the_page_is_rate_limited_for_anonymous_callers(baotou, login):
    cert = issued()
    client = login(None)
    statuses = [client.get(_url(cert)).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_a_card_issued_ahead_of_its_validity_reads_not_yet_valid(baotou, login):
    from django.utils import timezone

    from fazhi.enforcement.choices import Status

    today = timezone.localdate()
    cert = issued(on=today, valid_to=today.replace(year=today.year + 5), number="JD2400901")
    starts = today + timedelta(days=30)
    cert.valid_from = starts  # printed ahead of its start: 制发 today, 有效期自 a month later
    cert.save(update_fields=["valid_from"])
    assert cert.status_on(today) == Status.NOT_YET_VALID and cert.status_on(starts) == Status.VALID
    page = login(None).get(_url(cert)).content.decode()
    assert 'class="status-not_yet_valid"' in page and "<strong>未生效</strong>" in page


def test_a_renewed_cards_old_qr_code_says_it_was_replaced(baotou, login):
    cert = issued(on=date(2023, 3, 1), valid_to=date(2028, 2, 28), number="JD2300001")
    old_url = _url(cert)
    renewed = services.certificate_move(
        actor=None,
        certificate=cert,
        code="renew",
        on=date(2024, 6, 1),
        data={"number": "JD2400002", "valid_to": "2029-05-31"},
    )
    client = login(None)
    old = client.get(old_url)
    page = old.content.decode()
    assert (
        old.status_code == 200 and "<strong>已换发新证，原证失效</strong>" in page and 'class="status-replaced"' in page
    )
    assert "JD2300001" in page and "JD2400002" not in page and renewed.token not in page  # leads nowhere else
    assert old["Cache-Control"] == "no-store"
    assert "<strong>有效</strong>" in client.get(_url(renewed)).content.decode()
    assert client.get(reverse("enforcement:verify", args=["x" * 40])).status_code == 404
