"""Tests for fazhi.core.validators.

Runs without Django settings (``-p no:django``): lazy messages are never
rendered, so assertions use ``ValidationError.code`` and, where the message
content matters, the untranslated msgid held by the lazy proxy.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError

from fazhi.core import validators as v
from fazhi.core.validators import (
    id_number_birth_date,
    id_number_check_char,
    id_number_sex,
    normalize_id_number,
    uscc_check_char,
    uscc_org_code_ok,
    validate_id_number,
    validate_uscc,
)

STANDARD_SAMPLE_ID = "11010519491231002X"  # GB 11643-1999 example
USCC_SAMPLE = "91350100M000100Y43"


def _msgid(exc: ValidationError) -> str:
    """Untranslated message of a gettext_lazy proxy, without needing settings."""
    return exc.message._args[0]  # type: ignore[union-attr]


def _code(func, value) -> str:
    with pytest.raises(ValidationError) as excinfo:
        func(value)
    return str(excinfo.value.code)


def _with_check(first17: str) -> str:
    return first17 + id_number_check_char(first17)


# --- ID number: check character -------------------------------------------


def test_id_weights_match_standard():
    assert v.ID_WEIGHTS == (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def test_id_check_char_standard_sample():
    assert id_number_check_char(STANDARD_SAMPLE_ID[:17]) == "X"


def test_id_check_char_remainder_10_gives_2():
    # S mod 11 == 10 must map to "2" (the last entry of "10X98765432").
    # 00000000000000005: S = 5 * 2 = 10          -> "2"
    # 30000000000000000: S = 3 * 7 = 21 -> 10    -> "2"
    # 00000000000000006: S = 6 * 2 = 12 -> 1     -> "0"
    # 10000000000000001: S = 7 + 2 = 9           -> "3"
    assert id_number_check_char("00000000000000005") == "2"
    assert id_number_check_char("30000000000000000") == "2"
    assert id_number_check_char("00000000000000006") == "0"
    assert id_number_check_char("10000000000000001") == "3"


@pytest.mark.parametrize("bad", ["", "1234567890123456", "1101051949123100X", "110105194912310021"])
def test_id_check_char_rejects_bad_input(bad):
    with pytest.raises(ValueError):
        id_number_check_char(bad)


# --- ID number: normalisation ----------------------------------------------


def test_normalize_strips_and_uppercases():
    assert normalize_id_number("  11010519491231002x \n") == STANDARD_SAMPLE_ID


def test_normalize_none_and_empty():
    assert normalize_id_number(None) == ""
    assert normalize_id_number("   ") == ""


def test_normalize_legacy_15_digit():
    # 150202800101123 -> insert "19" after the 6-digit area code:
    #   1 5 0 2 0 2 1 9 8 0 0 1 0 1 1 2 3
    # x 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2
    # = 7+45+0+10+0+8+2+9+48+0+0+9+0+5+8+8+6 = 165; 165 mod 11 = 0 -> "1"
    assert normalize_id_number("150202800101123") == "150202198001011231"
    assert validate_id_number(" 150202800101123 ") == "150202198001011231"


def test_normalize_leaves_other_lengths_alone():
    assert normalize_id_number("12345") == "12345"


# --- ID number: validation -------------------------------------------------


def test_validate_standard_sample():
    assert validate_id_number(STANDARD_SAMPLE_ID) == STANDARD_SAMPLE_ID


def test_validate_lowercase_x_normalised():
    assert validate_id_number("11010519491231002x") == STANDARD_SAMPLE_ID


@pytest.mark.parametrize(
    "bad",
    [
        "",
        None,
        "1101051949123100",  # 16 chars
        "1101051949123100200",  # 19 chars
        "11010519491231002Y",  # wrong final letter
        "1101051949123100X2",  # X not in last position
        "11010519491231 02X",
        "１１０１０５１９４９１２３１００２Ｘ",  # full-width digits
    ],
)
def test_validate_format_errors(bad):
    assert _code(validate_id_number, bad) == "id_number_format"


def test_validate_wrong_check_digit():
    with pytest.raises(ValidationError) as excinfo:
        validate_id_number("110105194912310021")
    exc = excinfo.value
    assert exc.code == "id_number_checksum"
    # The message must not disclose the expected check character.
    assert exc.params is None
    assert "X" not in _msgid(exc)


def test_validate_feb_30_birth_date():
    number = _with_check("11010519800230100")
    assert _code(validate_id_number, number) == "id_number_birth_date"


def test_validate_feb_29_leap_and_non_leap():
    assert validate_id_number(_with_check("11010520000229100")) == _with_check("11010520000229100")
    assert _code(validate_id_number, _with_check("11010519000229100")) == "id_number_birth_date"


def test_validate_birth_date_before_1900():
    assert _code(validate_id_number, _with_check("11010518991231100")) == "id_number_birth_date"
    assert validate_id_number(_with_check("11010519000101100"))


def test_validate_birth_date_in_future(monkeypatch):
    monkeypatch.setattr(v, "_today", lambda: datetime.date(2024, 6, 1))
    assert validate_id_number(_with_check("11010520240601100"))
    assert _code(validate_id_number, _with_check("11010520240602100")) == "id_number_birth_date"


def test_validate_month_00_and_13():
    assert _code(validate_id_number, _with_check("11010519800001100")) == "id_number_birth_date"
    assert _code(validate_id_number, _with_check("11010519801301100")) == "id_number_birth_date"


def test_validate_usable_as_field_validator():
    # Django/DRF call validators with the raw value and ignore the return.
    from django.core.exceptions import ValidationError as DjangoValidationError

    with pytest.raises(DjangoValidationError):
        validate_id_number("not an id")


# --- ID number: helpers ----------------------------------------------------


def test_birth_date_helper():
    assert id_number_birth_date(STANDARD_SAMPLE_ID) == datetime.date(1949, 12, 31)
    assert id_number_birth_date("150202800101123") == datetime.date(1980, 1, 1)
    assert _code(id_number_birth_date, _with_check("11010519800230100")) == "id_number_birth_date"
    assert _code(id_number_birth_date, "abc") == "id_number_format"


def test_sex_helper():
    assert id_number_sex(STANDARD_SAMPLE_ID) == "female"  # sequence 002
    assert id_number_sex("150202198001011231") == "male"  # sequence 123
    assert id_number_sex("150202800101123") == "male"
    assert _code(id_number_sex, "") == "id_number_format"


# --- USCC ------------------------------------------------------------------


def test_uscc_weights_match_standard():
    assert v.USCC_WEIGHTS == (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def test_uscc_sample_valid():
    assert uscc_check_char(USCC_SAMPLE[:17]) == "3"
    assert validate_uscc(USCC_SAMPLE) == USCC_SAMPLE


def test_uscc_strip_and_upper():
    assert validate_uscc("  91350100m000100y43 ") == USCC_SAMPLE


@pytest.mark.parametrize(
    "changed",
    [
        "91350100M000100Y44",  # check char changed
        "91350100M000100Y53",  # org-code check char changed
        "92350100M000100Y43",  # type code changed
        "91350100N000100Y43",  # body char changed
    ],
)
def test_uscc_one_char_change_invalid(changed):
    assert _code(validate_uscc, changed) == "uscc_checksum"


def test_uscc_checksum_message_does_not_reveal_expected():
    with pytest.raises(ValidationError) as excinfo:
        validate_uscc("91350100M000100Y44")
    assert excinfo.value.params is None
    assert "3" not in _msgid(excinfo.value)


def test_uscc_sum_divisible_by_31_gives_check_char_0():
    # Found by brute force. Values (charset index) x weights:
    #   9*1 + 1*3 + 1*9 + 1*27 + 0*19 + 1*26 + 0*16 + 8*17
    #   + M(21)*20 + A(10)*29 + 0*... + 7*28
    #   = 9+3+9+27+26+136+420+290+196 = 1116 = 31 * 36
    # so (31 - 0) % 31 = 0 -> "0" (a missing outer "% 31" would index 31).
    assert uscc_check_char("91110108MA0000007") == "0"
    assert validate_uscc("91110108MA00000070") == "91110108MA00000070"
    assert uscc_org_code_ok("91110108MA00000070")


@pytest.mark.parametrize(
    "bad",
    [
        "",
        None,
        "91350100M000100Y4",  # 17 chars
        "91350100M000100Y433",  # 19 chars
        "91350100M000100I43",  # I not in charset
        "91350100M000100O43",  # O not in charset
        "913501Z0M000100Y43",  # letter in area code
        "S1350100M000100Y43",  # S not in charset
        "91350100M000100Y4-",
    ],
)
def test_uscc_format_errors(bad):
    assert _code(validate_uscc, bad) == "uscc_format"


def test_uscc_check_char_rejects_bad_input():
    with pytest.raises(ValueError):
        uscc_check_char("91350100M000100Y")
    with pytest.raises(ValueError):
        uscc_check_char("91350100M000100I4")


def test_uscc_org_code_helper():
    # Sample org code M000100Y4 (A-Z -> 10-35, so M=22, Y=34):
    # 22*3 + 1*5 + 34*2 = 66 + 5 + 68 = 139; 139 mod 11 = 7; 11 - 7 = 4 -> "4".
    assert uscc_org_code_ok(USCC_SAMPLE)
    # Re-check the overall USCC so only the org-code check fails.
    first17 = "91350100M000100Y5"
    bad_org = first17 + uscc_check_char(first17)
    assert validate_uscc(bad_org) == bad_org  # valid USCC ...
    assert not uscc_org_code_ok(bad_org)  # ... but org code warns
    assert not uscc_org_code_ok("garbage")
    assert not uscc_org_code_ok(None)
