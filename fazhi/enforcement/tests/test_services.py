"""The network's services: the certificate lifecycle as declared, each refusal in Chinese with nothing saved, the
ID number encrypted, the bodies' tiers, and a keeper acting only within their region."""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from fazhi.accounts.models import Organisation
from fazhi.enforcement import lifecycle, services
from fazhi.enforcement.choices import CertificateKind, State, Tier
from fazhi.enforcement.models import Certificate, CertificateEvent, Officer
from fazhi.enforcement.tests.factories import agency, an_officer, id_number, issued, keeper

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(baotou):
    """A supervisor of 东河区司法局 (keeps 东河区)."""
    return keeper("alice")


def _messages(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def test_a_certificate_walks_the_declared_lifecycle_with_a_history_row_per_move(alice):
    officer = an_officer()
    cert = services.certificate_apply(actor=alice, officer=officer, kind="enforcement", applied_on=date(2024, 1, 5))
    for code, data in [
        ("train", {"training_hours": "56", "exam_score": "88"}),
        ("approve", {"note": "资格审核通过"}),
        ("issue", {"number": "ZF2400001", "valid_from": date(2024, 2, 1), "valid_to": date(2029, 1, 31)}),
    ]:
        cert = services.certificate_move(actor=alice, certificate=cert, code=code, on=date(2024, 2, 1), data=data)
    assert cert.state == State.VALID
    assert (cert.number, cert.valid_from, cert.valid_to) == ("ZF2400001", date(2024, 2, 1), date(2029, 1, 31))
    assert cert.training_hours == 56 and cert.exam_score == 88
    events = list(cert.events.order_by("id"))
    assert [e.code for e in events] == ["apply", "train", "approve", "issue"]
    assert [e.state_after for e in events] == ["applied", "trained", "approved", "valid"]
    assert all(e.actor == alice for e in events)
    assert events[-1].basis == lifecycle.MOVES["issue"].basis and "第十七条" in events[-1].basis
    assert events[-1].data == {"number": "ZF2400001", "valid_from": "2024-02-01", "valid_to": "2029-01-31"}
    assert LogEntry.objects.get_for_object(cert).filter(actor=alice).exists()


@pytest.mark.parametrize(
    ("code", "data", "message"),
    [
        ("issue", {"number": "X1", "valid_from": "2024-02-01", "valid_to": "2029-01-31"}, "不能办理“制发证件”"),
        ("suspend", {"reason": "违规"}, "不能办理“暂扣”"),
        ("train", {"training_hours": "40", "exam_score": "45"}, "未通过资格考试"),
        ("train", {"training_hours": "40"}, "请填写考试成绩"),
        ("train", {"training_hours": "abc", "exam_score": "70"}, "培训学时应为"),
        ("train", {"training_hours": "40", "exam_score": "70", "number": "X"}, "不接受这些内容"),
        ("promote", {}, "没有这项证件办理事项"),
    ],
)
def test_a_refused_move_says_why_in_chinese_and_saves_nothing(alice, code, data, message):
    cert = services.certificate_apply(
        actor=alice, officer=an_officer(), kind="enforcement", applied_on=date(2024, 1, 5)
    )
    with pytest.raises(ValidationError) as refused:
        services.certificate_move(actor=alice, certificate=cert, code=code, on=date(2024, 1, 20), data=data)
    assert message in _messages(refused.value)
    cert.refresh_from_db()
    assert cert.state == State.APPLIED and cert.training_hours == 0
    assert list(cert.events.values_list("code", flat=True)) == ["apply"]


def test_a_move_is_dated_between_the_last_move_and_today(alice):
    cert = issued(on=date(2024, 3, 1))
    with pytest.raises(ValidationError, match="不能早于上一次办理的日期"):
        services.certificate_move(
            actor=alice, certificate=cert, code="suspend", on=date(2024, 2, 1), data={"reason": "x"}
        )
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError, match="至今天之间"):
        services.certificate_move(actor=alice, certificate=cert, code="suspend", on=tomorrow, data={"reason": "x"})
    assert Certificate.objects.get(pk=cert.pk).state == State.VALID


def test_a_number_is_given_once_and_a_renewal_takes_a_new_one_and_a_new_token(alice):
    first = issued(number="JD2300001")
    second = services.certificate_apply(
        actor=alice, officer=an_officer(2, name="宋监督"), kind="supervision", applied_on=date(2024, 1, 2)
    )
    services.certificate_move(
        actor=alice,
        certificate=second,
        code="train",
        on=date(2024, 1, 3),
        data={"training_hours": 40, "exam_score": 90},
    )
    services.certificate_move(actor=alice, certificate=second, code="approve", on=date(2024, 1, 3))
    data = {"number": "JD2300001", "valid_from": "2024-01-04", "valid_to": "2029-01-03"}
    with pytest.raises(ValidationError, match="已被使用"):
        services.certificate_move(actor=alice, certificate=second, code="issue", on=date(2024, 1, 4), data=data)
    with pytest.raises(ValidationError, match="新的证件编号"):
        services.certificate_move(
            actor=alice,
            certificate=first,
            code="renew",
            on=date(2024, 5, 1),
            data={"number": "JD2300001", "valid_to": "2029-05-01"},
        )
    token = first.token
    renewed = services.certificate_move(
        actor=alice,
        certificate=first,
        code="renew",
        on=date(2024, 5, 1),
        data={"number": "JD2400009", "valid_to": "2029-04-30"},
    )
    assert (renewed.number, renewed.valid_from, renewed.valid_to) == ("JD2400009", date(2024, 5, 1), date(2029, 4, 30))
    assert renewed.token != token


def test_another_countys_keeper_cannot_act_and_the_city_can(baotou, alice):
    cert = issued()  # 东河区市场监督管理局's officer
    bob = keeper("bob", organisation="昆都仑区司法局")
    with pytest.raises(PermissionDenied):
        services.certificate_move(
            actor=bob, certificate=cert, code="suspend", on=date(2024, 5, 1), data={"reason": "x"}
        )
    reporter = baotou["agency_reporter"]  # reads the supervision line, keeps nothing
    with pytest.raises(PermissionDenied):
        services.certificate_move(
            actor=reporter, certificate=cert, code="suspend", on=date(2024, 5, 1), data={"reason": "x"}
        )
    assert CertificateEvent.objects.filter(certificate=cert, code="suspend").count() == 0
    city = baotou["supervision_clerk"]  # the city's 行政执法协调监督科 keeps its counties
    services.certificate_move(
        actor=city, certificate=cert, code="suspend", on=date(2024, 5, 1), data={"reason": "违规执法"}
    )
    assert Certificate.objects.get(pk=cert.pk).state == State.SUSPENDED


def test_one_open_certificate_of_a_kind_per_person(alice):
    cert = issued()
    with pytest.raises(ValidationError, match="已有未注销、未收回"):
        services.certificate_apply(actor=alice, officer=cert.officer, kind="supervision", applied_on=date(2024, 1, 2))
    services.certificate_move(
        actor=alice, certificate=cert, code="cancel", on=date(2024, 1, 2), data={"reason": "退休"}
    )
    again = services.certificate_apply(
        actor=alice, officer=cert.officer, kind="supervision", applied_on=date(2024, 1, 3)
    )
    assert again.state == State.APPLIED


def test_the_id_number_is_encrypted_at_rest_and_one_person_is_registered_once(alice):
    officer = an_officer(7)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM enforcement_officer WHERE id = %s", [officer.pk])
        stored = cursor.fetchone()[0]
    assert officer.id_number not in stored and Officer.objects.get(pk=officer.pk).id_number == id_number(7)
    assert Officer.objects.with_id_number(id_number(7)).get() == officer
    with pytest.raises(ValidationError, match="已登记"):
        services.officer_register(actor=alice, name="另一人", id_number=id_number(7), organisation=agency())
    with pytest.raises(ValidationError) as bad:
        services.officer_register(actor=alice, name="", id_number="150202198503120", organisation=agency())
    assert set(bad.value.message_dict) == {"name", "id_number"}


def test_a_bodys_tier_is_its_hosts_region_level(alice):
    bureau = Organisation.objects.get(name="东河区司法局")
    body = services.body_register(
        actor=alice, name="东河区行政执法监督机构", host=bureau, established_on=date(2024, 1, 2)
    )
    assert (body.tier, body.region_id) == (Tier.COUNTY, "150202000000")
    with pytest.raises(ValidationError, match="不符"):
        services.body_register(actor=alice, name="错层级", host=bureau, tier=Tier.CITY, established_on=date(2024, 1, 2))
    with pytest.raises(PermissionDenied):
        services.body_register(
            actor=alice,
            name="昆区",
            host=Organisation.objects.get(name="昆都仑区司法局"),
            established_on=date(2024, 1, 2),
        )
    with pytest.raises(ValidationError, match="不能早于"):
        services.body_dissolve(actor=alice, body=body, dissolved_on=date(2023, 12, 1))
    services.body_dissolve(actor=alice, body=body, dissolved_on=date(2024, 6, 1))
    assert not body.__class__.objects.get(pk=body.pk).in_being_on(date(2024, 6, 1))
    assert body.__class__.objects.get(pk=body.pk).in_being_on(date(2024, 5, 31))


def test_kinds_are_the_glossarys():
    assert set(CertificateKind.values) == {"enforcement", "supervision"}


def test_a_registration_racing_past_the_id_number_check_gets_the_chinese_refusal(baotou, monkeypatch):
    services.officer_register(actor=None, name="韩执法", id_number=id_number(7), organisation=agency())
    real, calls = Officer.objects.with_id_number, []

    def blind_first(value):  # the other registration commits between the check and the save
        calls.append(value)
        return Officer.objects.none() if len(calls) == 1 else real(value)

    monkeypatch.setattr(Officer.objects, "with_id_number", blind_first)
    with pytest.raises(ValidationError) as refused:
        services.officer_register(actor=None, name="韩执法", id_number=id_number(7), organisation=agency())
    assert refused.value.message_dict == {"id_number": ["该身份证号的人员已登记。"]}
    assert Officer.objects.count() == 1


def test_an_issue_racing_past_the_number_check_gets_the_chinese_refusal(baotou, monkeypatch):
    issued(an_officer(1), number="JD2400123")
    monkeypatch.setattr(services, "_apply", partial(services._apply, check_number=False))  # the check saw nothing
    with pytest.raises(ValidationError) as refused:
        issued(an_officer(2), number="JD2400123")
    assert refused.value.message_dict == {"number": ["证件编号“JD2400123”已被使用。"]}


def test_suspension_and_withdrawal_cite_the_provincial_rule_and_art_32_only_as_a_proposal():
    for code in ("suspend", "withdraw"):
        basis = lifecycle.MOVES[code].basis
        assert basis.startswith("省级行政执法证件管理办法") and "地方规定，原文待核" in basis
        assert "依据行政执法监督条例第三十二条提出处理建议" in basis
        assert "行政执法监督条例第三十二条（" not in basis  # art. 32 grants the supervision body no measure of its own
