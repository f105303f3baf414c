"""Encryption with rotatable keys, the blind index, and the deploy check against the public development keys."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import FieldError
from django.test import override_settings

from fazhi.core import crypto

KEY_A, KEY_B = Fernet.generate_key().decode(), Fernet.generate_key().decode()


def test_a_value_round_trips_and_the_token_hides_it():
    token = crypto.encrypt("15020219800101123X")
    assert token != "15020219800101123X" and "1980" not in token and crypto.is_token(token)
    assert crypto.decrypt(token) == "15020219800101123X"


def test_the_same_value_encrypts_differently_each_time():
    assert crypto.encrypt("13812345678") != crypto.encrypt("13812345678")


def test_empty_values_stay_empty():
    assert (crypto.encrypt(""), crypto.decrypt(""), crypto.encrypt(None)) == ("", "", None)


def test_an_old_key_still_decrypts_after_a_new_one_is_put_first():
    with override_settings(FAZHI_PII_KEYS=[KEY_A]):
        token = crypto.encrypt("内蒙古包头市东河区和平路1号")
    with override_settings(FAZHI_PII_KEYS=[KEY_B, KEY_A]):
        assert crypto.decrypt(token) == "内蒙古包头市东河区和平路1号"
        assert not crypto.is_current(token)
        rotated = crypto.rotate(token)
        assert crypto.is_current(rotated)
    with override_settings(FAZHI_PII_KEYS=[KEY_B]):
        assert crypto.decrypt(rotated) == "内蒙古包头市东河区和平路1号"
        with pytest.raises(crypto.DecryptionError) as excinfo:
            crypto.decrypt(token)
    assert "内蒙古" not in str(excinfo.value) and token not in str(excinfo.value)


def test_keys_may_come_as_one_comma_separated_string():
    with override_settings(FAZHI_PII_KEYS=f"{KEY_B}, {KEY_A}"):
        assert crypto.fernet().decrypt(Fernet(KEY_A).encrypt(b"x")) == b"x"


def test_a_malformed_key_is_a_configuration_error():
    with override_settings(FAZHI_PII_KEYS=["not-a-key"]), pytest.raises(crypto.ImproperlyConfigured):
        crypto.encrypt("x")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("15020219800101123x", "15020219800101123X"),
        (" 150202 19800101123X", "15020219800101123X"),
        ("１５０２０２１９８００１０１１２３Ｘ", "15020219800101123X"),  # full-width, as a Chinese IME types it
    ],
)
def test_id_numbers_index_alike_whatever_their_case_and_spacing(a, b):
    assert crypto.blind_index("id_number", a) == crypto.blind_index("id_number", b) != ""


@pytest.mark.parametrize(
    "variant", ["138 1234 5678", "138-1234-5678", "+86 138 1234 5678", "008613812345678", "１３８ １２３４ ５６７８"]
)
def test_phones_index_as_their_digits(variant):
    assert crypto.blind_index("phone", variant) == crypto.blind_index("phone", "13812345678")


def test_the_index_depends_on_the_index_key_and_the_kind():
    digest = crypto.blind_index("id_number", "15020219800101123X")
    assert len(digest) == 64 and "15020219800101123X" not in digest
    assert crypto.blind_index("phone", "150202198001011234") != crypto.blind_index("id_number", "150202198001011234")
    with override_settings(FAZHI_PII_INDEX_KEY="another-secret"):
        assert crypto.blind_index("id_number", "15020219800101123X") != digest
    assert crypto.blind_index("phone", "") == crypto.blind_index("phone", "无") == ""


def test_the_deploy_check_refuses_the_development_keys_without_debug():
    development = {"FAZHI_PII_KEYS": [crypto.DEVELOPMENT_KEY], "FAZHI_PII_INDEX_KEY": crypto.DEVELOPMENT_INDEX_KEY}
    with override_settings(DEBUG=False, **development):
        assert [e.id for e in crypto.check_pii_keys()] == ["fazhi.E001", "fazhi.E002"]
    with override_settings(DEBUG=False, FAZHI_PII_KEYS=[KEY_B, crypto.DEVELOPMENT_KEY], FAZHI_PII_INDEX_KEY="x" * 40):
        assert [e.id for e in crypto.check_pii_keys()] == ["fazhi.E001"]  # still readable by anyone with the source
    with override_settings(DEBUG=False, FAZHI_PII_KEYS=[KEY_B], FAZHI_PII_INDEX_KEY="x" * 40):
        assert crypto.check_pii_keys() == []
    with override_settings(DEBUG=True, **development):
        assert crypto.check_pii_keys() == []


def test_the_deploy_check_runs_with_check_deploy():
    from django.core import checks

    with override_settings(DEBUG=False, FAZHI_PII_KEYS=[crypto.DEVELOPMENT_KEY]):
        ids = {m.id for m in checks.run_checks(include_deployment_checks=True, tags=[checks.Tags.security])}
        plain = {m.id for m in checks.run_checks(include_deployment_checks=False)}
    assert "fazhi.E001" in ids and "fazhi.E001" not in plain


@pytest.mark.django_db
def test_encrypted_fields_refuse_lookups_by_value():
    from fazhi.cases.models import Party

    assert list(Party.objects.filter(id_number="")) == []  # empty values are stored empty: this works
    assert Party.objects.filter(phone__isnull=True).count() == 0
    with pytest.raises(FieldError, match="blind index"):
        list(Party.objects.filter(id_number="15020219800101123X"))
    with pytest.raises(FieldError, match="blind index"):
        list(Party.objects.filter(phone__icontains="1381"))
