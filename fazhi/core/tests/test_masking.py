"""Tests for fazhi.core.masking."""

import pytest

from fazhi.core.masking import mask_address, mask_id_number, mask_name, mask_phone


@pytest.mark.parametrize("func", [mask_id_number, mask_phone, mask_name, mask_address])
@pytest.mark.parametrize("empty", [None, "", "   "])
def test_empty_values(func, empty):
    assert func(empty) == ""


def test_mask_id_number_18():
    assert mask_id_number("15020219800101123X") == "150202********123X"


def test_mask_id_number_lowercase_and_whitespace():
    assert mask_id_number(" 15020219800101123x ") == "150202********123X"


def test_mask_id_number_15():
    assert mask_id_number("150202800101123") == "150202*****1123"


def test_mask_id_number_short_fully_masked():
    assert mask_id_number("1234567890") == "**********"


def test_mask_mobile():
    assert mask_phone("13812345678") == "138****5678"


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("138 1234 5678", "138****5678"),
        ("138-1234-5678", "138****5678"),
        ("+8613812345678", "+86 138****5678"),
        ("+86 138 1234 5678", "+86 138****5678"),
    ],
)
def test_mask_mobile_variants(raw, expected):
    assert mask_phone(raw) == expected


def test_mask_landline():
    assert mask_phone("0472-1234567") == "0472-***4567"
    assert mask_phone("010-12345678") == "010-****5678"


def test_mask_phone_other():
    assert mask_phone("12345678") == "****5678"
    assert mask_phone("12345") == "*****"


def test_mask_name():
    assert mask_name("张三丰") == "张**"
    assert mask_name("张三") == "张*"
    assert mask_name("欧阳娜娜") == "欧***"
    assert mask_name("张") == "*"


def test_mask_address():
    assert mask_address("内蒙古包头市东河区和平路街道xx号") == "内蒙古包头市东河区****"


def test_mask_address_short_never_fully_revealed():
    assert mask_address("内蒙古包头市东河区") == "内蒙古包头****"
    assert mask_address("包头市") == "包头****"
    assert mask_address("包") == "****"
