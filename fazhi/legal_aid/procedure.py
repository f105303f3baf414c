"""法律援助 under the Legal Aid Law (2021, in force 2022-01-01) as data.

The law has no working-day clause, so its periods are calendar days counted under 民事诉讼法 art. 85 (the 2012
程序规定 used working days for review; its 2023 revision could not be read — statutes.md §3.3, so the unit is a
reading to revisit). Eligibility lives in eligibility.py; the reviewer's decision may depart from the assessment
only with a written reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from fazhi.cases.procedure import SYSTEM, Clock, Procedure, Transition
from fazhi.core.lines import Line
from fazhi.core.workdays import Unit
from fazhi.legal_aid.choices import TERMINATION_GROUNDS, AssigneeKind, ClosureResult, QualityGrade
from fazhi.legal_aid.eligibility import ADVANCE_AID_DAYS

STAFF = frozenset({"registrar", "handler", "section_head"})
HEADS = frozenset({"section_head", "leader"})
BUREAU = frozenset({"leader"})  # art. 49: the justice bureau, not the centre that refused, decides an objection
APPLIED = {"route": frozenset({"application", "forwarded"})}
NOTIFIED = {"route": frozenset({"notified"})}
LIFE_OR_DEATH_YEARS = 3  # art. 26


def departure_explained(facts: Mapping[str, Any]) -> list[str]:
    """A grant against a negative eligibility assessment needs a written reason (recorded and audited)."""
    if str(facts.get("qualifies")) == "False" and not facts.get("override_reason"):
        return [_g("审查意见为不符合法律援助条件；如决定给予法律援助，请填写书面理由。")]
    return []


def experienced_for_life_or_death(facts: Mapping[str, Any]) -> list[str]:
    """Art. 26: in cases that may end in life imprisonment or death, a lawyer with ≥ 3 years' practice."""
    if str(facts.get("life_or_death")) != "True":
        return []
    try:
        years = int(facts.get("practice_years") or 0)
    except ValueError:
        years = 0
    if facts.get("assignee_kind") != AssigneeKind.LAWYER or years < LIFE_OR_DEATH_YEARS:
        return [_g("可能被判处无期徒刑、死刑的案件，应当指派具有三年以上相关执业经历的律师（法律援助法第二十六条）。")]
    return []


def advance_aid_allowed(facts: Mapping[str, Any]) -> list[str]:
    """Art. 44: aid before formalities when a limitation period or deadline is under 7 days away, or urgent relief."""
    try:
        days = int(facts.get("days_to_deadline") or 99)
    except ValueError:
        days = 99
    if days < ADVANCE_AID_DAYS or facts.get("urgent_measure"):
        return []
    return [
        _g(
            "先行提供法律援助须距法定时效或期限届满不足七日，或需要立即申请财产保全、证据保全、先予执行（法律援助法第四十四条）。"
        )
    ]


ASSIGNEE = {k.value: k.label for k in AssigneeKind}
RESULTS = {r.value: r.label for r in ClosureResult}
GRADES = {g.value: g.label for g in QualityGrade}
ASSIGN_FIELDS = ("assignee_kind", "lawyer", "firm", "practice_years")

# fmt: off
TRANSITIONS = (
    Transition("request_materials", _("一次性告知补充材料"), ("received",), "materials_requested", STAFF,
               "法律援助法第四十三条第二款", required=("items",), document="supplement_notice", once=True),
    Transition("materials_received", _("收到补充材料"), ("materials_requested",), "received", STAFF,
               "法律援助法第四十三条第二款"),
    Transition("deem_withdrawn", _("未按要求补充材料，视为撤回申请"), ("materials_requested",), "withdrawn", STAFF,
               "法律援助法第四十三条第二款", required=("reasons",), outcome="withdrawn", closes=True),
    Transition("grant", _("决定给予法律援助"), ("received",), "granted", HEADS, "法律援助法第四十三条第一款",
               optional=("override_reason",), sets_from_data=("override_reason",), checks=(departure_explained,),
               document="legal_aid_grant", accepts=True, when=APPLIED),
    Transition("advance_aid", _("先行提供法律援助"), ("received", "materials_requested"), "granted", HEADS,
               "法律援助法第四十四条", optional=("days_to_deadline", "urgent_measure"),
               checks=(advance_aid_allowed,), document="legal_aid_grant", accepts=True, when=APPLIED),
    Transition("refuse", _("决定不予法律援助"), ("received",), "refused", HEADS, "法律援助法第四十三条第一款",
               required=("reasons",), document="legal_aid_refusal", outcome="refused", closes=True, when=APPLIED),
    Transition("assign", _("指派承办人员"), ("granted",), "assigned", STAFF, "法律援助法第四十三条第一款、第二十六条",
               required=ASSIGN_FIELDS, choices={"assignee_kind": ASSIGNEE}, sets_from_data=ASSIGN_FIELDS,
               checks=(experienced_for_life_or_death,), document="assignment_letter"),
    Transition("assign_notified", _("通知辩护（代理）指派承办人员"), ("received",), "assigned", STAFF,
               "法律援助法第三十六条、第二十六条", required=ASSIGN_FIELDS, choices={"assignee_kind": ASSIGNEE},
               sets_from_data=ASSIGN_FIELDS, checks=(experienced_for_life_or_death,), document="assignment_letter",
               accepts=True, when=NOTIFIED),
    Transition("change_assignee", _("更换法律援助人员"), ("assigned",), None, STAFF, "法律援助法第五十五条",
               required=("reasons", *ASSIGN_FIELDS), choices={"assignee_kind": ASSIGNEE},
               sets_from_data=ASSIGN_FIELDS, checks=(experienced_for_life_or_death,), document="assignment_letter"),
    Transition("terminate", _("终止法律援助"), ("granted", "assigned"), "terminated", HEADS, "法律援助法第四十八条",
               required=("ground", "reasons"), choices={"ground": TERMINATION_GROUNDS},
               document="legal_aid_termination", outcome="terminated", closes=True),
    Transition("file_objection", _("受理异议"), ("refused", "terminated"), "objection", STAFF, "法律援助法第四十九条",
               required=("reasons",)),
    Transition("dismiss_objection", _("异议不成立，维持原决定"), ("objection",), "objection_dismissed", BUREAU,
               "法律援助法第四十九条", required=("reasons",)),
    Transition("uphold_objection", _("异议成立，责令改正并重新审查"), ("objection",), "received", BUREAU,
               "法律援助法第四十九条", required=("reasons",), reopens=True),
    Transition("close", _("提交结案报告，结案"), ("assigned",), "closed", STAFF, "法律援助法第五十条",
               required=("result", "report"),
               optional=("amount_awarded", "amount_collected", "amount_avoided", "basis_document"),
               choices={"result": RESULTS},
               sets_from_data=("result", "amount_awarded", "amount_collected", "amount_avoided", "basis_document"),
               document="closure_report", outcome_from="result", closes=True),
    Transition("quality_review", _("案卷质量评查"), ("closed",), None, HEADS, "法律援助法第五十七条、第五十九条",
               required=("quality_grade",), optional=("subsidy_yuan",), choices={"quality_grade": GRADES},
               sets_from_data=("quality_grade", "subsidy_yuan"), once=True),
)

CLOCKS = (
    Clock("review", _("审查决定"), 7, Unit.CALENDAR_DAY, "法律援助法第四十三条第一款",
          starts_on=("received", "uphold_objection"), stops_on=("grant", "advance_aid", "refuse", "deem_withdrawn"),
          pauses_on=("request_materials",), resumes_on=("materials_received",), when=APPLIED),
    Clock("assignment", _("指派"), 3, Unit.CALENDAR_DAY, "法律援助法第四十三条第一款",
          starts_on=("grant", "advance_aid"), stops_on=("assign", "terminate")),
    Clock("notified_assignment", _("通知辩护指派"), 3, Unit.CALENDAR_DAY, "法律援助法第三十六条",
          starts_on=("received",), stops_on=("assign_notified",), when=NOTIFIED),
    Clock("objection", _("异议审查"), 5, Unit.CALENDAR_DAY, "法律援助法第四十九条",
          starts_on=("file_objection",), stops_on=("dismiss_objection", "uphold_objection")),
)
# fmt: on

PROCEDURE = Procedure(
    line=Line.LEGAL_AID,
    number_code="援",
    initial_state="received",
    intake_roles=STAFF | {SYSTEM},
    states={
        "received": _("待审查"),
        "materials_requested": _("待补充材料"),
        "granted": _("准予援助，待指派"),
        "refused": _("不予援助"),
        "assigned": _("承办中"),
        "closed": _("已结案"),
        "terminated": _("终止援助"),
        "withdrawn": _("视为撤回"),
        "objection": _("异议审查中"),
        "objection_dismissed": _("异议不成立"),
    },
    final_states=frozenset({"refused", "closed", "terminated", "withdrawn", "objection_dismissed"}),
    transitions=TRANSITIONS,
    clocks=CLOCKS,
    public_rules=("review", "assignment", "objection", "notified_assignment"),
    detail="legal_aid",
    facts=(
        "route",
        "case_category",
        "qualifies",
        "life_or_death",
        "override_reason",
        "assignee_kind",
        "lawyer",
        "firm",
        "practice_years",
        "result",
        "amount_awarded",
        "amount_collected",
        "amount_avoided",
        "basis_document",
        "quality_grade",
        "subsidy_yuan",
    ),
    field_labels={
        "items": _("需补充的全部材料"),
        "reasons": _("理由"),
        "override_reason": _("不同于审查意见的决定理由"),
        "days_to_deadline": _("距时效或期限届满天数"),
        "urgent_measure": _("需立即申请的保全或先予执行"),
        "assignee_kind": _("承办人员类型"),
        "lawyer": _("承办人员"),
        "firm": _("所在单位"),
        "practice_years": _("执业年限"),
        "ground": _("终止情形"),
        "result": _("结案结果"),
        "report": _("结案报告摘要"),
        "amount_awarded": _("裁判、调解确定金额（元）"),
        "amount_collected": _("实际执行到位金额（元）"),
        "amount_avoided": _("避免损失金额（元）"),
        "basis_document": _("金额依据文书"),
        "quality_grade": _("质量评查等级"),
        "subsidy_yuan": _("办案补贴（元）"),
    },
)
