"""The staff pages: the supervision line reads within its region, keepers act for theirs, everyone else is refused;
the QR code on the detail page carries the public address; a refused move comes back in Chinese with nothing saved."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from fazhi.enforcement import reminders, services
from fazhi.enforcement.choices import State
from fazhi.enforcement.models import Certificate, ExpiryReminder, Officer
from fazhi.enforcement.tests.factories import agency, an_officer, id_number, issued, keeper

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(baotou):
    return keeper("alice")  # 东河区司法局


@pytest.fixture
def bob(baotou):
    return keeper("bob", organisation="昆都仑区司法局")


def test_anonymous_is_sent_to_login_and_other_staff_are_refused(baotou, login, alice):
    cert = issued()
    pages = [
        reverse("enforcement:certificate_list"),
        reverse("enforcement:certificate_detail", args=[cert.pk]),
        reverse("enforcement:officer_list"),
        reverse("enforcement:body_list"),
        reverse("enforcement:expiring"),
        reverse("enforcement:officer_register"),
    ]
    for url in pages:
        assert login(None).get(url).status_code == 302
        assert login(baotou["citizen"]).get(url).status_code == 403
        assert login(baotou["mediator"]).get(url).status_code == 403  # another line's staff
    assert login(alice).get(pages[1]).status_code == 200


def test_another_countys_keeper_neither_sees_nor_acts_and_the_city_does(login, alice, bob, baotou):
    cert = issued()  # 东河区
    detail = reverse("enforcement:certificate_detail", args=[cert.pk])
    move = reverse("enforcement:certificate_move", args=[cert.pk, "suspend"])
    assert login(bob).get(detail).status_code == 404
    assert login(bob).post(move, {"suspend-on": "2024-06-01", "suspend-reason": "x"}).status_code == 404
    assert "JD2300001" not in login(bob).get(reverse("enforcement:certificate_list")).content.decode()
    reporter = login(baotou["agency_reporter"])  # the city agency's 报送员 reports lenient decisions only
    assert reporter.get(detail).status_code == 403
    assert reporter.post(move, {"suspend-on": "2024-06-01", "suspend-reason": "x"}).status_code == 403
    assert Certificate.objects.get(pk=cert.pk).state == State.VALID
    city = login(baotou["supervision_clerk"])
    response = city.post(move, {"suspend-on": "2024-06-01", "suspend-reason": "违规执法"})
    assert response.status_code == 302
    assert Certificate.objects.get(pk=cert.pk).state == State.SUSPENDED


def test_the_detail_shows_the_history_the_moves_and_the_qr_code_of_the_public_address(login, alice):
    cert = issued()
    page = login(alice).get(reverse("enforcement:certificate_detail", args=[cert.pk])).content.decode()
    assert "<svg" in page and f"/enforcement/verify/{cert.token}/" in page
    assert id_number(1) not in page and "150202********" in page  # masked
    for shown in ("申领", "登记培训考试", "审核通过", "制发证件", "第十七条"):
        assert shown in page
    for offered in ('id="move-annual_review"', 'id="move-suspend"', 'id="move-cancel"', 'id="move-withdraw"'):
        assert offered in page
    assert 'id="move-issue"' not in page and "LOCAL" not in page


def test_a_refused_move_comes_back_with_its_reason_and_saves_nothing(login, alice):
    cert = services.certificate_apply(
        actor=alice, officer=an_officer(), kind="enforcement", applied_on=date(2024, 1, 5)
    )
    url = reverse("enforcement:certificate_move", args=[cert.pk, "train"])
    response = login(alice).post(
        url, {"train-on": "2024-01-10", "train-training_hours": "40", "train-exam_score": "30"}
    )
    assert response.status_code == 400
    assert "未通过资格考试" in response.content.decode()
    issue = reverse("enforcement:certificate_move", args=[cert.pk, "issue"])
    response = login(alice).post(
        issue,
        {
            "issue-on": "2024-01-10",
            "issue-number": "X",
            "issue-valid_from": "2024-01-10",
            "issue-valid_to": "2029-01-09",
        },
    )
    assert response.status_code == 400 and "不能办理“制发证件”" in response.content.decode()
    cert.refresh_from_db()
    assert cert.state == State.APPLIED and cert.events.count() == 1


def test_a_keeper_registers_an_officer_with_a_photo_and_an_application(login, alice):
    unit = agency()
    photo = SimpleUploadedFile("p.png", b"\x89PNG\r\n\x1a\n" + b"0" * 50, content_type="image/png")
    response = login(alice).post(
        reverse("enforcement:officer_register"),
        {"name": "韩执法", "id_number": id_number(5), "organisation": unit.pk, "photo": photo, "kind": "enforcement"},
    )
    assert response.status_code == 302
    officer = Officer.objects.get(name="韩执法")
    assert officer.photo and officer.certificates.get().state == State.APPLIED
    again = login(alice).post(
        reverse("enforcement:officer_register"), {"name": "韩执法", "id_number": id_number(5), "organisation": unit.pk}
    )
    assert again.status_code == 400 and "该身份证号的人员已登记" in again.content.decode()
    kundulun_unit = agency("昆都仑区市场监督管理局", "150203000000")
    refused = login(alice).post(
        reverse("enforcement:officer_register"),
        {"name": "王", "id_number": id_number(6), "organisation": kundulun_unit.pk},
    )
    assert refused.status_code == 400 and not Officer.objects.filter(name="王").exists()  # not a unit alice keeps


def test_a_refused_certificate_shows_no_qr_code(login, alice):
    cert = services.certificate_apply(actor=None, officer=an_officer(), kind="enforcement", applied_on=date(2024, 3, 1))
    services.certificate_move(actor=None, certificate=cert, code="refuse", on=date(2024, 3, 2), data={"reason": "x"})
    page = login(alice).get(reverse("enforcement:certificate_detail", args=[cert.pk])).content.decode()
    assert "<svg" not in page and f"/enforcement/verify/{cert.token}/" not in page  # it would be a 404


def test_the_qr_code_carries_the_public_base_url_when_set(login, alice):
    cert = issued()
    with override_settings(FAZHI_PUBLIC_BASE_URL="https://fazhi.example.gov.cn/"):
        page = login(alice).get(reverse("enforcement:certificate_detail", args=[cert.pk])).content.decode()
    assert f'href="https://fazhi.example.gov.cn/enforcement/verify/{cert.token}/"' in page
    page = login(alice).get(reverse("enforcement:certificate_detail", args=[cert.pk])).content.decode()
    assert f'href="http://testserver/enforcement/verify/{cert.token}/"' in page  # unset: the request's own host


def test_a_refused_application_leaves_no_officer_registered(login, alice, monkeypatch):
    from django.core.exceptions import ValidationError

    def refuse(**kwargs):
        raise ValidationError({"kind": "申领被拒绝。"})

    monkeypatch.setattr(services, "certificate_apply", refuse)
    response = login(alice).post(
        reverse("enforcement:officer_register"),
        {"name": "韩执法", "id_number": id_number(5), "organisation": agency().pk, "kind": "enforcement"},
    )
    assert response.status_code == 400 and "申领被拒绝" in response.content.decode()
    assert not Officer.objects.filter(name="韩执法").exists()  # one transaction: the officer went with it


def test_the_photo_shows_on_the_public_page_when_given(login, alice):
    officer = services.officer_register(
        actor=alice, name="韩执法", id_number=id_number(5), organisation=agency(),
        photo=SimpleUploadedFile("p.jpg", b"\xff\xd8\xff\xe0" + b"0" * 50, content_type="image/jpeg"),
    )  # fmt: skip
    cert = issued(officer)
    photo = login(None).get(reverse("enforcement:verify_photo", args=[cert.token]))
    assert photo.status_code == 200 and photo["Content-Type"] == "image/jpeg"
    with pytest.raises(Exception, match="JPG 或 PNG"):
        services.officer_register(
            actor=alice, name="假图", id_number=id_number(6), organisation=agency(),
            photo=SimpleUploadedFile("p.jpg", b"GIF89a0000", content_type="image/jpeg"),
        )  # fmt: skip


def test_the_expiring_page_lists_what_the_nightly_job_listed(login, alice):
    today = timezone.localdate()
    soon = issued(an_officer(1), on=today - timedelta(days=400), valid_to=today + timedelta(days=30), number="SOON")
    issued(an_officer(2), on=today - timedelta(days=400), valid_to=today + timedelta(days=200), number="LATER")
    assert reminders.list_expiring(today) == 1
    assert reminders.list_expiring(today) == 0  # a re-run lists nothing twice
    assert ExpiryReminder.objects.get().certificate == soon
    page = login(alice).get(reverse("enforcement:expiring")).content.decode()
    assert "SOON" in page and "LATER" not in page and "即将到期证件" in page


def test_the_nightly_task_lists_and_reschedules(baotou, alice):
    from fazhi.enforcement.tasks import NIGHTLY, remind_expiring_certificates

    today = timezone.localdate()
    issued(an_officer(1), on=today - timedelta(days=400), valid_to=today + timedelta(days=10), number="SOON")
    assert remind_expiring_certificates.call(reschedule=False) == 1
    assert NIGHTLY[0][0] is remind_expiring_certificates


def test_lists_filter_and_a_body_is_registered(login, alice):
    issued(an_officer(1, name="甲"), number="JD1")
    issued(an_officer(2, name="乙"), kind="enforcement", number="ZF2")
    page = login(alice).get(reverse("enforcement:certificate_list") + "?kind=enforcement").content.decode()
    assert "ZF2" in page and "JD1" not in page
    response = login(alice).post(
        reverse("enforcement:body_register"),
        {"name": "东河区行政执法监督机构", "host": agency().pk, "established_on": "2024-01-02"},
    )
    assert response.status_code == 302
    listing = login(alice).get(reverse("enforcement:body_list") + "?tier=county").content.decode()
    assert "东河区行政执法监督机构" in listing


def test_a_reporter_membership_widens_no_read_of_a_user_who_also_holds_another(login, baotou):
    from fazhi.accounts.models import Membership
    from fazhi.enforcement import access
    from fazhi.enforcement.choices import REPORTER_ROLE
    from fazhi.enforcement.tests.factories import KUNDULUN

    user = keeper("both", role="viewer")  # reads 东河区 as the bureau's viewer
    unit = agency("昆都仑区市场监督管理局", KUNDULUN)
    Membership.objects.create(user=user, organisation=unit, role=REPORTER_ROLE, lines=["supervision"])
    other = issued(an_officer(2, unit=unit), number="K1")  # 昆都仑区, the reporter's own agency
    own = issued(an_officer(1), number="D1")  # 东河区
    assert access.read_prefixes(user) == ["150202"]
    client = login(user)
    page = client.get(reverse("enforcement:certificate_list")).content.decode()
    assert "D1" in page and "K1" not in page
    assert client.get(reverse("enforcement:certificate_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("enforcement:certificate_detail", args=[own.pk])).status_code == 200
    query = "?start=2024-01-01&end=2024-12-31&prefix=150203"
    assert client.get(reverse("enforcement:figure_records", args=["certified_supervisors"]) + query).status_code == 403


def test_the_history_names_who_recorded_each_move_in_chinese(login, alice):
    cert = issued()  # by the system
    clerk = keeper("zhangsan_clerk")
    clerk.full_name = ""
    clerk.save(update_fields=["full_name"])
    services.certificate_move(actor=clerk, certificate=cert, code="suspend", on=date(2024, 6, 1), data={"reason": "x"})
    services.certificate_move(
        actor=alice, certificate=cert, code="reinstate", on=date(2024, 7, 1), data={"reason": "y"}
    )
    page = login(alice).get(reverse("enforcement:certificate_detail", args=[cert.pk])).content.decode()
    assert "<td>系统</td>" in page and "<td>经办人（未填写姓名）</td>" in page and f"<td>{alice.full_name}</td>" in page
    assert "zhangsan_clerk" not in page and f"<td>{alice.username}</td>" not in page
