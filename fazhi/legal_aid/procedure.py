"""法律援助 under the Legal Aid Law (2021, in force 2022-01-01) as data.

The law has no working-day clause, so its periods are calendar days counted under 民事诉讼法 art. 85 (the 2012
程序规定 used working days for review; its 2023 revision could not be read — statutes.md §3.3, so the unit is a
reading to revisit). Eligibility lives in eligibility.py; the reviewer's decision may depart from the assessment
only with a written reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.models import Role
from fazhi.cases.fields import amount, integer, text
from fazhi.cases.procedure import SYSTEM, Clock, Procedure, Transition
from fazhi.core.lines import Line
from fazhi.core.workdays import Unit
from fazhi.legal_aid.choices import TERMINATION_GROUNDS, AssigneeKind, ClosureResult, QualityGrade
from fazhi.legal_aid.eligibility import ADVANCE_AID_DAYS

STAFF = frozenset({Role.REGISTRAR, Role.HANDLER, Role.SECTION_HEAD})
HEADS = frozenset({Role.SECTION_HEAD, Role.LEADER})
# art. 49 ¶1: an objection is made to the justice bureau that set up the centre, never to the centre that refused:
# supervisory steps, taken in the body directly above the centre. Its staff receive the objection; its leader
# decides it (¶2), in a written decision (异议审查决定书) the applicant needs to seek reconsideration or sue (¶3).
BUREAU_STAFF = frozenset({Role.REGISTRAR, Role.HANDLER, Role.SECTION_HEAD, Role.LEADER})
BUREAU = frozenset({Role.LEADER})
APPLIED = {"route": frozenset({"application", "forwarded"})}
NOTIFIED = {"route": frozenset({"notified"})}
LIFE_OR_DEATH_YEARS = 3  # art. 26


def departure_explained(facts: Mapping[str, Any]) -> list[str]:
    """A grant against a negative eligibility assessment needs a written reason (recorded and audited)."""
    if facts.get("qualifies") is False and not facts.get("override_reason"):
        return [gettext("审查意见为不符合法律援助条件；如决定给予法律援助，请填写书面理由。")]
    return []


def experienced_for_life_or_death(facts: Mapping[str, Any]) -> list[str]:
    """Art. 26: in cases that may end in life imprisonment or death, a lawyer with ≥ 3 years' practice."""
    if facts.get("life_or_death") is not True:
        return []
    years = facts.get("practice_years") or 0  # an integer: the step's data is parsed by its declared field
    if facts.get("assignee_kind") != AssigneeKind.LAWYER or years < LIFE_OR_DEATH_YEARS:
        return [
            gettext("可能被判处无期徒刑、死刑的案件，应当指派具有三年以上相关执业经历的律师（法律援助法第二十六条）。")
        ]
    return []


def advance_aid_allowed(facts: Mapping[str, Any]) -> list[str]:
    """Art. 44: aid before formalities when a limitation period or deadline is under 7 days away, or urgent relief."""
    days = facts.get("days_to_deadline")
    days = 99 if days is None else days
    if days < ADVANCE_AID_DAYS or facts.get("urgent_measure"):
        return []
    return [
        gettext(
            "先行提供法律援助须距法定时效或期限届满不足七日，或需要立即申请财产保全、证据保全、先予执行（法律援助法第四十四条）。"
        )
    ]


ASSIGNEE = {k.value: k.label for k in AssigneeKind}
RESULTS = {r.value: r.label for r in ClosureResult}
GRADES = {g.value: g.label for g in QualityGrade}
ASSIGN_FIELDS = ("assignee_kind", "lawyer", "firm", "practice_years")


class State(models.TextChoices):
    """The states of a case of this line."""

    RECEIVED = "received", _("待审查")
    MATERIALS_REQUESTED = "materials_requested", _("待补充材料")
    GRANTED = "granted", _("准予援助，待指派")
    REFUSED = "refused", _("不予援助")
    ASSIGNED = "assigned", _("承办中")
    CLOSED = "closed", _("已结案")
    TERMINATED = "terminated", _("终止援助")
    WITHDRAWN = "withdrawn", _("视为撤回")
    OBJECTION = "objection", _("异议审查中")
    OBJECTION_DISMISSED = "objection_dismissed", _("异议不成立")


# fmt: off
TRANSITIONS = (
    Transition(code="request_materials", label=_("一次性告知补充材料"), sources=(State.RECEIVED,),
               target=State.MATERIALS_REQUESTED, roles=STAFF, basis="法律援助法第四十三条第二款", required=("items",),
               document="supplement_notice", once=True, multiline=("items",)),
    Transition(code="materials_received", label=_("收到补充材料"), sources=(State.MATERIALS_REQUESTED,),
               target=State.RECEIVED, roles=STAFF, basis="法律援助法第四十三条第二款"),
    Transition(code="deem_withdrawn", label=_("未按要求补充材料，视为撤回申请"), sources=(State.MATERIALS_REQUESTED,),
               target=State.WITHDRAWN, roles=STAFF, basis="法律援助法第四十三条第二款", required=("reasons",),
               outcome="withdrawn", closes=True),
    Transition(code="grant", label=_("决定给予法律援助"), sources=(State.RECEIVED,), target=State.GRANTED, roles=HEADS,
               basis="法律援助法第四十三条第一款", optional=("override_reason",), sets_from_data=("override_reason",),
               checks=(departure_explained,), document="legal_aid_grant", accepts=True, when=APPLIED),
    Transition(code="advance_aid", label=_("先行提供法律援助"), sources=(State.RECEIVED, State.MATERIALS_REQUESTED),
               target=State.GRANTED, roles=HEADS, basis="法律援助法第四十四条",
               optional=("days_to_deadline", "urgent_measure"), checks=(advance_aid_allowed,),
               document="legal_aid_grant", accepts=True, when=APPLIED),
    Transition(code="refuse", label=_("决定不予法律援助"), sources=(State.RECEIVED,), target=State.REFUSED, roles=HEADS,
               basis="法律援助法第四十三条第一款", required=("reasons",), document="legal_aid_refusal",
               outcome="refused", closes=True, when=APPLIED),
    Transition(code="assign", label=_("指派承办人员"), sources=(State.GRANTED,), target=State.ASSIGNED, roles=STAFF,
               basis="法律援助法第四十三条第一款、第二十六条", required=ASSIGN_FIELDS,
               choices={"assignee_kind": ASSIGNEE}, sets_from_data=ASSIGN_FIELDS,
               checks=(experienced_for_life_or_death,), document="assignment_letter"),
    Transition(code="assign_notified", label=_("通知辩护（代理）指派承办人员"), sources=(State.RECEIVED,),
               target=State.ASSIGNED, roles=STAFF, basis="法律援助法第三十六条、第二十六条", required=ASSIGN_FIELDS,
               choices={"assignee_kind": ASSIGNEE}, sets_from_data=ASSIGN_FIELDS,
               checks=(experienced_for_life_or_death,), document="assignment_letter", accepts=True, when=NOTIFIED),
    Transition(code="change_assignee", label=_("更换法律援助人员"), sources=(State.ASSIGNED,), target=None, roles=STAFF,
               basis="法律援助法第五十五条", required=("reasons", *ASSIGN_FIELDS), choices={"assignee_kind": ASSIGNEE},
               sets_from_data=ASSIGN_FIELDS, checks=(experienced_for_life_or_death,), document="assignment_letter",
               repeatable=True),
    Transition(code="terminate", label=_("终止法律援助"), sources=(State.GRANTED, State.ASSIGNED),
               target=State.TERMINATED, roles=HEADS, basis="法律援助法第四十八条", required=("ground", "reasons"),
               choices={"ground": TERMINATION_GROUNDS}, document="legal_aid_termination", outcome="terminated",
               closes=True),
    Transition(code="file_objection", label=_("司法行政部门收到异议"), sources=(State.REFUSED, State.TERMINATED),
               target=State.OBJECTION, roles=BUREAU_STAFF, basis="法律援助法第四十九条第一款",
               required=("objection",), supervisory=True),
    Transition(code="dismiss_objection", label=_("异议不成立，维持原决定"), sources=(State.OBJECTION,),
               target=State.OBJECTION_DISMISSED, roles=BUREAU, basis="法律援助法第四十九条第二款",
               required=("reasons",), optional=("facts",), supervisory=True, document="objection_decision"),
    Transition(code="uphold_objection", label=_("异议成立，责令法律援助机构改正"), sources=(State.OBJECTION,),
               target=State.RECEIVED, roles=BUREAU, basis="法律援助法第四十九条第二款", required=("reasons",),
               optional=("facts",), reopens=True, supervisory=True, document="objection_decision"),
    # art. 50: the assigned lawyer reports to the centre when the matter ends; the centre receives and files the
    # report (the lawyer's document, not the centre's numbered one) and its own act is to close the case
    Transition(code="close", label=_("收到结案报告，结案"), sources=(State.ASSIGNED,), target=State.CLOSED, roles=STAFF,
               basis="法律援助法第五十条", required=("result", "report"),
               optional=("amount_awarded", "amount_collected", "amount_avoided", "basis_document"),
               choices={"result": RESULTS},
               sets_from_data=("result", "amount_awarded", "amount_collected", "amount_avoided", "basis_document"),
               outcome_from="result", closes=True),
    Transition(code="quality_review", label=_("案卷质量评查"), sources=(State.CLOSED,), target=None, roles=HEADS,
               basis="法律援助法第五十七条、第五十九条", required=("quality_grade",), optional=("subsidy_yuan",),
               choices={"quality_grade": GRADES}, sets_from_data=("quality_grade", "subsidy_yuan"), once=True),
)
# fmt: on

# fmt: off
CLOCKS = (
    Clock("review", _("审查决定"), 7, Unit.CALENDAR_DAY, "法律援助法第四十三条第一款",
          starts_on=("received", "uphold_objection"), stops_on=("grant", "advance_aid", "refuse", "deem_withdrawn"),
          pauses_on=("request_materials",), resumes_on=("materials_received",), when=APPLIED),
    Clock("assignment", _("指派"), 3, Unit.CALENDAR_DAY, "法律援助法第四十三条第一款",
          starts_on=("grant", "advance_aid"), stops_on=("assign", "terminate")),
    Clock("notified_assignment", _("通知辩护指派"), 3, Unit.CALENDAR_DAY, "法律援助法第三十六条",
          starts_on=("received",), stops_on=("assign_notified",), when=NOTIFIED),
    Clock("objection", _("异议审查"), 5, Unit.CALENDAR_DAY, "法律援助法第四十九条", starts_on=("file_objection",),
          stops_on=("dismiss_objection", "uphold_objection")),
)
# fmt: on

PROCEDURE = Procedure(
    line=Line.LEGAL_AID,
    number_code="援",
    initial_state=State.RECEIVED,
    intake_roles=STAFF | {SYSTEM},
    states=dict(State.choices),
    final_states=frozenset({State.REFUSED, State.CLOSED, State.TERMINATED, State.WITHDRAWN, State.OBJECTION_DISMISSED}),
    transitions=TRANSITIONS,
    clocks=CLOCKS,
    detail="legal_aid",
    roles=frozenset(Role),
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
    fields={
        "items": text(_("需补充的全部材料")),
        "reasons": text(_("理由")),
        "objection": text(_("异议的内容和理由")),
        "facts": text(_("查明的事实")),
        "override_reason": text(_("不同于审查意见的决定理由")),
        "days_to_deadline": integer(_("距时效或期限届满天数"), 0, 36500),
        "urgent_measure": text(_("需立即申请的保全或先予执行"), 500),
        "assignee_kind": text(_("承办人员类型"), 20),
        "lawyer": text(_("承办人员"), 50),
        "firm": text(_("所在单位"), 100),
        "practice_years": integer(_("执业年限"), 0, 70),
        "ground": text(_("终止情形"), 50),
        "result": text(_("结案结果"), 50),
        "report": text(_("承办人员结案报告摘要")),
        "amount_awarded": amount(_("裁判、调解确定金额（元）")),
        "amount_collected": amount(_("实际执行到位金额（元）")),
        "amount_avoided": amount(_("避免损失金额（元）")),
        "basis_document": text(_("金额依据文书"), 200),
        "quality_grade": text(_("质量评查等级"), 20),
        "subsidy_yuan": amount(_("办案补贴（元）")),
    },
)
