"""The declared types of a step's data: what each accepts, how it is stored, and the message for what it refuses."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fazhi.cases.fields import FieldError, amount, boolean, day, integer, text


@pytest.mark.parametrize(
    ("field", "value", "stored"),
    [
        (text("理由", 10), "  事实不清  ", "事实不清"),
        (day("听证日期"), "2024-10-22", "2024-10-22"),
        (day("听证日期"), date(2024, 10, 22), "2024-10-22"),
        (integer("延长天数", 1, 30), "30", 30),
        (integer("延长天数", 1, 30), 1, 1),
        (amount("金额"), "1250.50", "1250.50"),
        (amount("金额"), 3000, "3000"),
        (amount("金额"), Decimal("0.01"), "0.01"),
        (boolean("同意"), "on", True),
        (boolean("同意"), "否", False),
        (boolean("同意"), False, False),
    ],
)
def test_a_well_formed_value_is_stored_in_its_plain_form(field, value, stored):
    assert field.parse(value) == stored


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (text("理由", 10), "长" * 11, "不得超过10个字"),
        (text("理由"), {"a": 1}, "应为文字"),
        (text("理由"), "a\x00b", "无效字符"),
        (day("听证日期"), "20241022", "YYYY-MM-DD"),
        (day("听证日期"), "2024-W43-2", "YYYY-MM-DD"),
        (day("听证日期"), "２０２４-１０-２２", "YYYY-MM-DD"),
        (day("听证日期"), "2024-02-30", "YYYY-MM-DD"),
        (day("听证日期"), "9999-12-31", "之间"),
        (integer("延长天数", 1, 30), "31", "不得大于30"),
        (integer("延长天数", 1, 30), "0", "不得小于1"),
        (integer("延长天数", 1, 30), True, "整数"),
        (integer("延长天数", 1, 30), "1.5", "整数"),
        (amount("金额"), "-1", "不得小于0"),
        (amount("金额"), "1.234", "最多保留2位小数"),
        (amount("金额"), "NaN", "应为数字"),
        (amount("金额"), "1e20", "应为数字"),
        (boolean("同意"), "也许", "是"),
    ],
)
def test_a_malformed_value_is_refused_with_its_label_and_reason(field, value, message):
    with pytest.raises(FieldError) as caught:
        field.parse(value)
    assert str(caught.value).startswith(f"{field.label}：") and message in caught.value.reason
