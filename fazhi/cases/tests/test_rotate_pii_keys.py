"""`manage.py rotate_pii_keys`: every value re-encrypted under the newest key, idempotent; --reindex after a new
index key."""

from __future__ import annotations

import io
from datetime import date

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from fazhi.cases.management.commands.rotate_pii_keys import encrypted_models
from fazhi.cases.models import Party
from fazhi.cases.tests.factories import open_reconsideration, org
from fazhi.core.crypto import DecryptionError, _keys
from fazhi.legal_aid.models import Consultation
from fazhi.mediation.models import Committee, Mediator

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def own_media(settings, tmp_path):
    """The command re-wraps every sealed upload in the storage: its own folder, not the one a parallel worker's
    tests write into under other keys (a file sealed there under a key these tests do not hold fails the run)."""
    settings.MEDIA_ROOT = tmp_path / "media"


KEY_A, KEY_B = Fernet.generate_key().decode(), Fernet.generate_key().decode()
# The keys the demo people's TOTP secrets were encrypted under (fazhi.accounts.totp_secrets): a rotation lists
# every key still in use, or it stops at the first value no key opens.
IN_USE = _keys()
ID, PHONE = "11010519491231002X", "13812345678"


def rotate(*args: str) -> str:
    out = io.StringIO()
    call_command("rotate_pii_keys", "--batch-size", "2", *args, stdout=out)
    return out.getvalue()


def raw_tokens() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, phone, address FROM cases_party ORDER BY id")
        return [v for row in cursor.fetchall() for v in row if v]


def test_rotation_moves_every_value_to_the_new_key(city_clerk):
    with override_settings(FAZHI_PII_KEYS=[KEY_A]):
        cases = [open_reconsideration(city_clerk, title=f"案件{i}") for i in range(5)]  # 5 rows: batches of 2
        Party.objects.filter(case=cases[0]).update(address="包头市")  # update() encrypts too
    tokens = raw_tokens()
    assert len(tokens) == 11 and all(Fernet(KEY_A).decrypt(t.encode()) for t in tokens)

    with override_settings(FAZHI_PII_KEYS=[KEY_B, KEY_A, *IN_USE]):
        assert "重新加密 11 项，0 项已是最新密钥" in rotate()
        assert "重新加密 0 项，11 项已是最新密钥" in rotate()  # idempotent: a second run changes nothing
    rotated = raw_tokens()
    assert all(Fernet(KEY_B).decrypt(t.encode()) for t in rotated) and not set(rotated) & set(tokens)

    with override_settings(FAZHI_PII_KEYS=[KEY_B]):  # the old key retired
        party = Party.objects.get(case=cases[0])
        assert (party.id_number, party.phone, party.address) == (ID, PHONE, "包头市")
        assert Party.objects.with_id_number(ID).count() == 5  # indexes do not depend on the encryption key

    with override_settings(FAZHI_PII_KEYS=[KEY_A]), pytest.raises(DecryptionError):
        Party.objects.get(case=cases[0]).id_number  # noqa: B018 — retired key alone no longer reads the data


def test_a_value_written_in_clear_behind_the_orm_is_encrypted_by_the_rotation(city_clerk):
    case = open_reconsideration(city_clerk)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE cases_party SET address = %s", ["包头市青山区"])
    rotate()
    assert all(t.startswith("gAAAAA") for t in raw_tokens())
    assert Party.objects.get(case=case).address == "包头市青山区"


def test_reindex_after_a_new_index_key(city_clerk):
    case = open_reconsideration(city_clerk)
    with override_settings(FAZHI_PII_INDEX_KEY="a-new-long-random-index-key"):
        assert not Party.objects.with_id_number(ID).exists()  # old indexes: searches miss until reindexed
        assert "已重算 2 项检索索引" in rotate("--reindex")
        assert Party.objects.with_id_number(ID).get().case == case
        assert Party.objects.with_phone(PHONE).get().case == case
        assert "已重算 0 项检索索引" in rotate("--reindex")


def test_the_other_lines_phones_are_found_and_rotated_too(city_clerk):
    found = {
        model._meta.label: ([f.name for f in fields], [f.name for f in idx])
        for model, fields, idx in encrypted_models()
    }
    assert found["legal_aid.Consultation"] == (["phone"], ["phone_index"])
    assert found["mediation.Mediator"] == (["phone"], [])

    centre = org("包头市法律援助中心")
    with override_settings(FAZHI_PII_KEYS=[KEY_A]):
        consultation = Consultation.objects.create(
            organisation=centre,
            region_id=centre.region_id,
            channel="hotline_12348",
            on=date(2024, 9, 20),
            summary="咨询",
            phone="13947201234",
            handled_by=city_clerk,
        )
        committee = Committee.objects.create(organisation=org("和平路街道人民调解委员会"), kind="township")
        mediator = Mediator.objects.create(committee=committee, name="孙某", phone="13847201234")
    with override_settings(FAZHI_PII_KEYS=[KEY_B, KEY_A, *IN_USE]):
        out = rotate()
        assert "legal_aid.Consultation: 已用最新密钥重新加密 1 项" in out
        assert "mediation.Mediator: 已用最新密钥重新加密 1 项" in out
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM legal_aid_consultation UNION ALL SELECT phone FROM mediation_mediator")
        tokens = [t for (t,) in cursor.fetchall()]
    assert len(tokens) == 2 and all(Fernet(KEY_B).decrypt(t.encode()) for t in tokens)
    with override_settings(FAZHI_PII_KEYS=[KEY_B]):
        assert Consultation.objects.get(pk=consultation.pk).phone == "13947201234"
        assert Mediator.objects.get(pk=mediator.pk).phone == "13847201234"
    with override_settings(FAZHI_PII_KEYS=[KEY_B], FAZHI_PII_INDEX_KEY="a-new-long-random-index-key"):
        assert not Consultation.objects.with_phone("13947201234").exists()
        assert "legal_aid.Consultation: 已重算 1 项检索索引" in rotate("--reindex")
        assert Consultation.objects.with_phone("13947201234").get() == consultation
