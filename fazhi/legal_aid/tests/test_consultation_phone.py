"""A consultation's caller phone: encrypted at rest, found by blind index, masked in the list and the API, given in
full only to the intake form (with an access record); the migration encrypts the rows already there."""

from __future__ import annotations

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from rest_framework.test import APIClient

from fazhi.audit.models import AccessRecord
from fazhi.cases.tests.factories import org
from fazhi.core.crypto import blind_index, is_token
from fazhi.legal_aid.models import Consultation

pytestmark = pytest.mark.django_db

CENTRE = "包头市法律援助中心"
PHONE, MASKED = "13947201234", "139****1234"


def consult(actor, phone: str = PHONE, **kwargs) -> Consultation:
    o = org(CENTRE)
    fields = {"channel": "hotline_12348", "on": date(2024, 9, 20), "summary": "咨询拖欠工资如何维权", **kwargs}
    return Consultation.objects.create(organisation=o, region_id=o.region_id, handled_by=actor, phone=phone, **fields)


def stored(consultation: Consultation) -> tuple[str, str]:
    """(phone, phone_index) as the database holds them, read past the ORM."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone, phone_index FROM legal_aid_consultation WHERE id = %s", [consultation.pk])
        return cursor.fetchone()


def test_the_phone_is_stored_encrypted_and_found_by_its_blind_index(city_clerk):
    c = consult(city_clerk)
    phone, index = stored(c)
    assert is_token(phone) and PHONE not in phone and index == blind_index("phone", PHONE)
    assert Consultation.objects.get(pk=c.pk).phone == PHONE
    assert list(Consultation.objects.with_phone("+86 139-4720-1234")) == [c]  # normalised like a party's phone
    assert not Consultation.objects.with_phone("13947209999").exists()
    assert not Consultation.objects.with_phone("").exists()  # an empty phone never matches the empty index
    consult(city_clerk, phone="")  # no phone: stored empty, no index
    assert stored(Consultation.objects.get(phone=""))[1] == ""


def test_the_change_record_masks_the_phone_and_leaves_out_its_index(city_clerk):
    c = consult(city_clerk)
    changes = LogEntry.objects.get_for_object(c).get().changes_dict
    assert changes["phone"] == ["None", MASKED] and "phone_index" not in changes
    assert PHONE not in str(changes)


def test_save_with_update_fields_bulk_create_and_update_keep_the_index(city_clerk):
    c = consult(city_clerk)
    c.phone = "0472-5123456"
    c.save(update_fields=["phone"])
    assert stored(c)[1] == blind_index("phone", "0472-5123456")
    Consultation.objects.filter(pk=c.pk).update(phone="13900000001")
    assert is_token(stored(c)[0]) and Consultation.objects.with_phone("13900000001").get() == c
    Consultation.objects.filter(pk=c.pk).update(phone="")
    assert stored(c) == ("", "")
    o = org(CENTRE)
    made = Consultation.objects.bulk_create(
        Consultation(
            organisation=o,
            region_id=o.region_id,
            handled_by=city_clerk,
            channel="online",
            on=date(2024, 9, 21),
            summary="批量",
            phone=f"1390000010{i}",
        )
        for i in range(3)
    )
    for i, m in enumerate(made):
        assert is_token(stored(m)[0]) and Consultation.objects.with_phone(f"1390000010{i}").get() == m


def test_the_list_and_the_api_show_the_phone_masked(login, city_clerk):
    consult(city_clerk)
    html = login(city_clerk).get("/legal-aid/consultations/").content.decode()
    assert MASKED in html and PHONE not in html
    api = APIClient()
    api.force_authenticate(city_clerk)
    body = api.get("/api/v1/legal-aid/consultations/").content.decode()
    assert MASKED in body and PHONE not in body


def test_the_admin_does_not_show_the_phone(login, baotou, city_clerk):
    c = consult(city_clerk)
    html = login(baotou["admin"]).get(f"/admin/legal_aid/consultation/{c.pk}/change/").content.decode()
    assert "咨询拖欠工资如何维权" in html and PHONE not in html and MASKED not in html and "gAAAAA" not in html


def test_the_intake_form_gets_the_full_phone_and_the_read_is_recorded(login, city_clerk):
    c = consult(city_clerk)
    html = login(city_clerk).get(f"/legal-aid/new/?consultation={c.pk}").content.decode()
    assert f'value="{PHONE}"' in html  # it becomes the applicant's phone: the intake staff need it in full
    record = AccessRecord.objects.get(action="reveal", object_type="legal_aid.consultation")
    assert (record.user, record.object_id, record.detail["field"]) == (city_clerk, str(c.pk), "phone")
    assert PHONE not in str(record.detail)
    c2 = consult(city_clerk, phone="")
    login(city_clerk).get(f"/legal-aid/new/?consultation={c2.pk}")
    assert AccessRecord.objects.filter(action="reveal").count() == 1  # nothing to reveal, nothing recorded


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_existing_rows_and_reverses(baotou):
    clerk, o = baotou["city_clerk"], org(CENTRE)
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate([("legal_aid", "0002_duty_lawyer_channel")])
    try:
        with connection.cursor() as cursor:  # rows as they were before the migration
            cursor.executemany(
                "INSERT INTO legal_aid_consultation (organisation_id, region_id, channel, on, matter, summary, "
                "person_name, phone, handled_by_id) VALUES (%s, %s, 'hotline_12348', '2024-09-20', '', '旧咨询', "
                "'', %s, %s)".replace(" on,", f" {connection.ops.quote_name('on')},"),
                [[o.pk, o.region_id, phone, clerk.pk] for phone in (PHONE, "", "0472-5123456")],
            )
        executor = MigrationExecutor(connection)
        executor.migrate([("legal_aid", "0004_consultation_phone_encrypt_rows")])
        rows = list(Consultation.objects.order_by("id"))
        assert [c.phone for c in rows] == [PHONE, "", "0472-5123456"]
        assert is_token(stored(rows[0])[0]) and stored(rows[1]) == ("", "")
        assert Consultation.objects.with_phone("04725123456").get() == rows[2]

        executor = MigrationExecutor(connection)
        executor.migrate([("legal_aid", "0002_duty_lawyer_channel")])  # backwards: clear again
        with connection.cursor() as cursor:
            cursor.execute("SELECT phone FROM legal_aid_consultation ORDER BY id")
            assert [r[0] for r in cursor.fetchall()] == [PHONE, "", "0472-5123456"]
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(leaves)
    assert is_token(stored(Consultation.objects.order_by("id").first())[0])


def test_the_list_finds_a_callers_consultations_by_phone_without_the_number_in_the_url(login, city_clerk):
    mine = consult(city_clerk, summary="第一次来电")
    again = consult(city_clerk, phone="+86 139 4720 1234", summary="第二次来电", on=date(2024, 9, 22))
    consult(city_clerk, phone="13900000000", summary="别人的来电")
    client = login(city_clerk)
    response = client.get("/legal-aid/consultations/", {"phone": "139-4720-1234", "channel": "hotline_12348"})
    assert response.status_code == 302 and PHONE not in response["Location"] and "4720" not in response["Location"]
    assert "phone=~" in response["Location"] and "channel=hotline_12348" in response["Location"]
    page = client.get(response["Location"])
    assert list(page.context["page"]) == [again, mine]
    html = page.content.decode()
    assert "已按来电号码筛选" in html and PHONE not in html
    record = AccessRecord.objects.get(object_type="legal_aid.consultation", action="view")
    assert PHONE not in record.path and PHONE not in str(record.detail)
    bare = client.get("/legal-aid/consultations/", {"phone": "~"})  # a bare or forged token matches nothing
    assert bare.status_code == 200 and not list(bare.context["page"])
