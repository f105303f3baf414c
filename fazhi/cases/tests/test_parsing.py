"""One reading of a clerk's numbers: the import's cells and the case pages' step fields accept the same writing
("5年", "28,000元", full-width digits) and refuse the same, in words a clerk understands."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fazhi.cases.fields import FieldError, amount, integer
from fazhi.cases.imports.reading import parse_amount, parse_count
from fazhi.cases.parsing import CellError


@pytest.mark.parametrize(
    ("written", "number"), [("5年", 5), ("5 年", 5), ("５年", 5), ("3人", 3), ("12", 12), (7, 7), (7.0, 7)]
)
def test_a_whole_number_is_read_alike_by_the_import_and_the_step_field(written, number):
    assert parse_count(written, 70) == number
    assert integer("执业年限", 0, 70).parse(written) == number


@pytest.mark.parametrize(
    ("written", "yuan"),
    [
        ("28,000元", "28000"),
        ("28，000元", "28000"),
        ("￥1,250.50", "1250.50"),
        ("人民币3000元", "3000"),
        ("3000", "3000"),
    ],
)
def test_an_amount_is_read_alike_by_the_import_and_the_step_field(written, yuan):
    assert parse_amount(written) == Decimal(yuan)
    assert amount("协议金额（元）").parse(written) == yuan


@pytest.mark.parametrize("written", ["五年", "5年半", "about 5"])
def test_a_number_neither_reads_is_refused_in_plain_words(written):
    with pytest.raises(CellError):
        parse_count(written, 70)
    with pytest.raises(FieldError) as caught:
        integer("执业年限", 0, 70).parse(written)
    assert str(caught.value) == "执业年限：应为整数，如 5 或 5年。"
    assert "整型" not in str(caught.value)


def test_an_amount_in_wan_is_refused_rather_than_read_as_yuan():
    with pytest.raises(CellError):
        parse_amount("2.8万元")
    with pytest.raises(FieldError) as caught:
        amount("协议金额（元）").parse("2.8万元")
    assert "单位：元" in str(caught.value)


def test_the_intake_forms_read_numbers_as_the_import_does():
    from fazhi.cases.form_fields import WholeNumberField, YuanField

    assert YuanField(min_value=0, decimal_places=2, max_digits=14).clean("28,000元") == Decimal("28000")
    assert WholeNumberField(min_value=1).clean("3人") == 3
    field = WholeNumberField(error_messages={"invalid": "请填写整数。"})
    with pytest.raises(Exception, match="请填写整数"):
        field.clean("三人")
    assert 'inputmode="numeric"' in field.widget.render("n", "3", attrs=field.widget_attrs(field.widget))
