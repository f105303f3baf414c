"""Who qualifies for legal aid, as data, with the reason for each decision (法律援助法 arts. 24–34, 41–42, 44).

`assess(facts)` answers whether the applicant qualifies and why, article by article. It never refuses on its own:
the reviewer decides, and a grant against a negative assessment needs a written reason (the override is logged).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# art. 25 ¶1 and art. 28: the handling organ MUST notify; no means test.
NOTIFIED_GROUNDS = {
    "minor": _("未成年人"),
    "disabled_sensory": _("视力、听力、言语残疾人"),
    "mental": _("不能完全辨认自己行为的成年人"),
    "life_or_death": _("可能被判处无期徒刑、死刑的人"),
    "death_review": _("申请法律援助的死刑复核案件被告人"),
    "absentia": _("缺席审判案件的被告人"),
    "compulsory_treatment": _("强制医疗案件的被申请人或者被告人"),  # art. 28
    "other": _("法律法规规定的其他人员"),
}

# art. 31: civil and administrative matters open to people in economic hardship.
MATTERS = {
    "state_compensation": _("依法请求国家赔偿"),
    "social_insurance": _("请求给予社会保险待遇或者社会救助"),
    "pension": _("请求发给抚恤金"),
    "maintenance": _("请求给付赡养费、抚养费、扶养费"),
    "labour": _("请求确认劳动关系或者支付劳动报酬"),
    "capacity": _("请求认定公民无民事行为能力或者限制民事行为能力"),
    "injury": _("请求工伤事故、交通事故、食品药品安全事故、医疗事故人身损害赔偿"),
    "environment": _("请求环境污染、生态破坏损害赔偿"),
    "other": _("法律、法规、规章规定的其他情形"),
}

# art. 32: no economic-hardship test.
NO_MEANS_TEST = {
    "martyr": _("英雄烈士近亲属为维护英雄烈士的人格权益"),
    "good_samaritan": _("因见义勇为行为主张相关民事权益"),
    "retrial_acquittal": _("再审改判无罪请求国家赔偿"),
    "abuse_victim": _("遭受虐待、遗弃或者家庭暴力的受害人主张相关权益"),
    "other": _("法律、法规、规章规定的其他情形"),
}

# art. 42: hardship presumed on proof of status — no verification of means.
EXEMPT = {
    "minor_elderly_disabled": _("无固定生活来源的未成年人、老年人、残疾人等特定群体"),
    "social_assistance": _("社会救助、司法救助或者优抚对象"),
    "migrant_worker_wages": _("申请支付劳动报酬或者请求工伤事故人身损害赔偿的进城务工人员"),
    "other": _("法律、法规、规章规定的其他人员"),
}

VERIFICATION = {
    "information_check": _("信息共享查询核实"),  # art. 41 ¶1
    "integrity_undertaking": _("个人诚信承诺"),  # art. 41 ¶2
}

ADVANCE_AID_DAYS = 7  # art. 44: fewer than 7 days before a limitation period or deadline


@dataclass(frozen=True)
class HardshipStandard:
    """The province's economic-hardship line in force from a date (art. 34: set by the province, adjusted)."""

    effective_from: date
    monthly_income_per_capita: Decimal


@dataclass
class Assessment:
    qualifies: bool
    reasons: list[str | Promise] = field(default_factory=list)
    means_test_applies: bool = True

    def explanation(self) -> str:
        return "；".join(str(r) for r in self.reasons)


def _money(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value)) if value not in (None, "") else None
    except InvalidOperation:
        return None


def assess(facts: Mapping[str, Any], standard: HardshipStandard | None) -> Assessment:
    """Whether the applicant qualifies and the article behind each reason; the reviewer has the last word."""
    route, category = facts.get("route"), facts.get("case_category")
    if route == "notified" or facts.get("notified_ground"):
        ground = NOTIFIED_GROUNDS.get(str(facts.get("notified_ground")), "")
        return Assessment(
            True,
            [_("通知辩护（代理），无需审查经济状况：%(g)s（法律援助法第二十五条、第二十八条）") % {"g": ground}],
            means_test_applies=False,
        )
    if facts.get("no_means_test_ground"):
        ground = NO_MEANS_TEST.get(str(facts["no_means_test_ground"]), "")
        return Assessment(
            True, [_("不受经济困难条件限制：%(g)s（法律援助法第三十二条）") % {"g": ground}], means_test_applies=False
        )
    reasons: list = []
    if category not in ("criminal",) and not facts.get("matter"):
        return Assessment(False, [_("申请事项不在法律援助法第三十一条所列范围内。")])
    if facts.get("matter"):
        reasons.append(_("申请事项：%(m)s（法律援助法第三十一条）") % {"m": MATTERS.get(str(facts["matter"]), "")})
    elif category == "criminal":
        reasons.append(_("刑事案件犯罪嫌疑人、被告人因经济困难没有委托辩护人（法律援助法第二十四条）"))
    if facts.get("exemption_ground"):
        reasons.append(
            _("免予核查经济困难状况：%(g)s（法律援助法第四十二条）")
            % {"g": EXEMPT.get(str(facts["exemption_ground"]), "")}
        )
        return Assessment(True, reasons)
    income = _money(facts.get("monthly_income_per_capita"))
    if standard is None:
        return Assessment(
            False, [*reasons, _("本地区经济困难标准尚未设定，请管理员在系统中录入（法律援助法第三十四条）。")]
        )
    if income is None:
        return Assessment(False, [*reasons, _("未提供家庭人均月收入，无法判断是否经济困难（法律援助法第三十四条）。")])
    method = VERIFICATION.get(str(facts.get("verification") or ""), "")
    if income <= standard.monthly_income_per_capita:
        reasons.append(
            _("家庭人均月收入%(i)s元，不高于本地经济困难标准%(s)s元（%(d)s起执行，法律援助法第三十四条）%(m)s")
            % {
                "i": income,
                "s": standard.monthly_income_per_capita,
                "d": standard.effective_from.isoformat(),
                "m": f"；核查方式：{method}（第四十一条）" if method else "",
            }
        )
        return Assessment(True, reasons)
    reasons.append(
        _("家庭人均月收入%(i)s元，高于本地经济困难标准%(s)s元（法律援助法第三十四条）")
        % {"i": income, "s": standard.monthly_income_per_capita}
    )
    return Assessment(False, reasons)
