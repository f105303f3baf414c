"""Who qualifies for legal aid (法律援助法 arts. 24–34, 41–42), and which hardship standard is in force where."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fazhi.core.models import Region
from fazhi.legal_aid.eligibility import EXEMPT, MATTERS, NO_MEANS_TEST, NOTIFIED_GROUNDS, HardshipStandard, assess
from fazhi.legal_aid.models import HardshipStandardRecord

STANDARD = HardshipStandard(date(2024, 1, 1), Decimal("1500.00"))


def civil(matter: str, income, **facts) -> dict:
    base = {"route": "application", "case_category": "civil", "matter": matter, "monthly_income_per_capita": income}
    return base | facts


def text(assessment) -> str:
    return assessment.explanation()


# --- art. 31: civil and administrative matters, with the means test (art. 34) ---------------------------------


@pytest.mark.parametrize("matter", sorted(MATTERS))
@pytest.mark.parametrize(
    ("income", "qualifies"), [("1200", True), ("1500", True), ("1500.00", True), ("1500.01", False), ("3000", False)]
)
def test_each_art_31_matter_qualifies_at_or_below_the_standard_only(matter, income, qualifies):
    result = assess(civil(matter, income), STANDARD)
    assert result.qualifies is qualifies
    assert result.means_test_applies
    assert f"申请事项：{MATTERS[matter]}（法律援助法第三十一条）" in text(result)
    assert "法律援助法第三十四条" in text(result)
    assert ("不高于本地经济困难标准1500.00元" in text(result)) is qualifies
    assert ("，高于本地经济困难标准1500.00元（法律援助法第三十四条）" in text(result)) is not qualifies
    if qualifies:
        assert "2024-01-01起执行" in text(result)


def test_the_verification_method_is_cited_from_art_41():
    result = assess(civil("labour", "800", verification="integrity_undertaking"), STANDARD)
    assert result.qualifies
    assert "核查方式：个人诚信承诺（第四十一条）" in text(result)


def test_a_civil_matter_outside_the_art_31_list_does_not_qualify():
    result = assess({"route": "application", "case_category": "civil", "monthly_income_per_capita": "100"}, STANDARD)
    assert not result.qualifies
    assert "不在法律援助法第三十一条所列范围内" in text(result)


def test_a_criminal_application_rests_on_art_24_and_the_means_test():
    facts = {"route": "application", "case_category": "criminal", "monthly_income_per_capita": "900"}
    result = assess(facts, STANDARD)
    assert result.qualifies
    assert "法律援助法第二十四条" in text(result)
    assert not assess({**facts, "monthly_income_per_capita": "2000"}, STANDARD).qualifies


# --- art. 32: no means test -------------------------------------------------------------------------------------


@pytest.mark.parametrize("ground", sorted(NO_MEANS_TEST))
def test_an_art_32_ground_qualifies_whatever_the_income_or_standard(ground):
    for standard in (STANDARD, None):
        result = assess(civil("", "99999", no_means_test_ground=ground), standard)
        assert result.qualifies
        assert not result.means_test_applies
        assert text(result) == f"不受经济困难条件限制：{NO_MEANS_TEST[ground]}（法律援助法第三十二条）"


# --- art. 42: hardship presumed on proof of status ----------------------------------------------------------------


@pytest.mark.parametrize("ground", sorted(EXEMPT))
def test_an_art_42_exemption_qualifies_without_checking_income(ground):
    result = assess(civil("labour", None, exemption_ground=ground), None)
    assert result.qualifies
    assert f"免予核查经济困难状况：{EXEMPT[ground]}（法律援助法第四十二条）" in text(result)
    assert "法律援助法第三十一条" in text(result)  # the matter is still within the list


def test_a_migrant_worker_claiming_wages_qualifies_above_the_standard():
    facts = civil(
        "labour", "5000", exemption_ground="migrant_worker_wages", recipient_group="migrant_worker", claim_kind="wages"
    )
    result = assess(facts, STANDARD)
    assert result.qualifies
    assert "进城务工人员" in text(result) and "第四十二条" in text(result)
    assert "高于本地经济困难标准" not in text(result)  # income was not weighed


def test_an_exemption_does_not_cure_a_matter_outside_art_31():
    result = assess(civil("", None, exemption_ground="social_assistance"), STANDARD)
    assert not result.qualifies
    assert "第三十一条" in text(result)


# --- arts. 25 and 28: notified by the court, procuratorate or police ----------------------------------------------


@pytest.mark.parametrize("ground", sorted(NOTIFIED_GROUNDS))
def test_a_notified_case_qualifies_without_a_means_test(ground):
    facts = {"route": "notified", "case_category": "criminal", "notified_ground": ground}
    result = assess(facts, None)
    assert result.qualifies
    assert not result.means_test_applies
    assert str(NOTIFIED_GROUNDS[ground]) in text(result)
    assert "法律援助法第二十五条、第二十八条" in text(result)


def test_compulsory_medical_treatment_is_notified_under_art_28():
    result = assess({"route": "notified", "case_category": "criminal", "notified_ground": "compulsory_treatment"}, None)
    assert result.qualifies and "强制医疗" in text(result) and "第二十八条" in text(result)


# --- what the assessment cannot decide -----------------------------------------------------------------------


def test_without_a_standard_in_force_the_assessment_says_so_and_does_not_qualify():
    result = assess(civil("maintenance", "100"), None)
    assert not result.qualifies
    assert "本地区经济困难标准尚未设定" in text(result) and "第三十四条" in text(result)


@pytest.mark.parametrize("income", [None, "", "不详"])
def test_without_an_income_the_assessment_says_so_and_does_not_qualify(income):
    result = assess(civil("maintenance", income), STANDARD)
    assert not result.qualifies
    assert "未提供家庭人均月收入" in text(result) and "第三十四条" in text(result)


# --- the standard in force: nearest region, dated record ----------------------------------------------------------


@pytest.fixture
def province(db):
    region, _ = Region.objects.get_or_create(
        code="150000000000", defaults={"name": "内蒙古自治区", "level": "province"}
    )
    return region


def record(region_id: str, effective_from: date, amount: str) -> HardshipStandardRecord:
    return HardshipStandardRecord.objects.create(
        region_id=region_id, effective_from=effective_from, monthly_income_per_capita=Decimal(amount)
    )


def test_the_province_standard_applies_to_every_region_below_it(baotou, province):
    record(province.code, date(2022, 1, 1), "1200")
    for code in ("150200000000", "150202000000", "150202001000", "150202001012"):
        assert HardshipStandardRecord.for_region(code, date(2024, 5, 6)) == HardshipStandard(
            date(2022, 1, 1), Decimal("1200.00")
        )


def test_the_nearest_region_with_a_standard_wins(baotou, province):
    record(province.code, date(2022, 1, 1), "1200")
    record("150200000000", date(2023, 1, 1), "1500")  # the city adopted a higher line
    on = date(2024, 5, 6)
    assert HardshipStandardRecord.for_region("150202001012", on).monthly_income_per_capita == Decimal("1500")
    assert HardshipStandardRecord.for_region("150203000000", on).monthly_income_per_capita == Decimal("1500")
    record("150202000000", date(2024, 1, 1), "1600")  # 东河区 alone
    assert HardshipStandardRecord.for_region("150202001012", on).monthly_income_per_capita == Decimal("1600")
    assert HardshipStandardRecord.for_region("150203000000", on).monthly_income_per_capita == Decimal("1500")


def test_the_dated_record_in_force_on_the_day_is_picked(baotou, province):
    record(province.code, date(2022, 1, 1), "1200")
    record(province.code, date(2024, 7, 1), "1400")
    assert HardshipStandardRecord.for_region("150202000000", date(2024, 6, 30)).monthly_income_per_capita == 1200
    assert HardshipStandardRecord.for_region("150202000000", date(2024, 7, 1)).monthly_income_per_capita == 1400
    assert HardshipStandardRecord.for_region("150202000000", date(2021, 12, 31)) is None


def test_a_future_city_record_falls_back_to_the_province_until_it_takes_effect(baotou, province):
    record(province.code, date(2022, 1, 1), "1200")
    record("150200000000", date(2025, 1, 1), "1500")
    assert HardshipStandardRecord.for_region("150202000000", date(2024, 12, 31)).monthly_income_per_capita == 1200
    assert HardshipStandardRecord.for_region("150202000000", date(2025, 1, 1)).monthly_income_per_capita == 1500


def test_no_record_anywhere_gives_none(baotou):
    assert HardshipStandardRecord.for_region("150202000000", date(2024, 5, 6)) is None
