"""合法性审核 as data: legality review of normative documents, major administrative decisions and government contracts.

Sources (statutes.md §5, laws in reference/laws/):
- 行政规范性文件: 国办发〔2018〕115号. Its operative clauses could not be read: the review time "一般不少于5个工作日，
  最长不超过15个工作日" and the outcomes are [UNCONFIRMED]; the 15-day default below is that reading, set per
  jurisdiction in `ReviewPeriod` (fazhi.legality.periods).
- 重大行政决策: 重大行政决策程序暂行条例 (国务院令第713号) [confirmed text]: public comment ≥ 30 days or a stated
  reason (art. 15), expert review and risk assessment (arts. 19–24), review before collective discussion and not
  replaced by a request for comments (art. 25), ≥ 7 working days allowed (art. 26), opinions of 法律顾问 and
  公职律师 (art. 28). The outcome labels are local practice [LOCAL].
- 政府合同: no national rule; a typical local rule gives 5 working days from receipt of the materials, not counting
  investigation and expert time [LOCAL], and the outcomes 同意签订 / 修改后签订 / 不同意签订 [LOCAL].

The review clock runs from receipt of the materials (the request's received date), pauses while materials are
awaited (补充材料, art. 26 ¶1) and, for a contract, while experts review it; its period comes from the case's kind and
jurisdiction (`Clock.amount_from`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.models import Role
from fazhi.cases.fields import day, integer, text
from fazhi.cases.procedure import SYSTEM, Clock, DateCheck, Procedure, Transition
from fazhi.core.workdays import Unit
from fazhi.legality.choices import LINE, Capacity, LineRole, Outcome, ReviewKind

# Default review periods in working days, used where no jurisdiction has set its own (ReviewPeriod).
DEFAULT_REVIEW_DAYS: Mapping[str, int] = {
    ReviewKind.NORMATIVE_DOCUMENT: 15,  # 国办发〔2018〕115号 "最长不超过15个工作日" [UNCONFIRMED]
    ReviewKind.MAJOR_DECISION: 7,  # 重大行政决策程序暂行条例第二十六条第二款: generally ≥ 7 WD
    ReviewKind.CONTRACT: 5,  # local rule: 5 WD from receipt of materials, expert time excluded [LOCAL]
}
MIN_COMMENT_DAYS = 30  # 重大行政决策程序暂行条例第十五条
MIN_DECISION_REVIEW_DAYS = 7  # 重大行政决策程序暂行条例第二十六条第二款

REVIEWERS = frozenset({LineRole.REVIEWER, Role.HANDLER, Role.SECTION_HEAD})
HEADS = frozenset({Role.SECTION_HEAD, Role.LEADER})  # the opinion is the reviewing body's: its head signs it
DOCUMENTS = {"kind": frozenset({ReviewKind.NORMATIVE_DOCUMENT.value, ReviewKind.MAJOR_DECISION.value})}
NOT_DECISION = {"kind": frozenset({ReviewKind.NORMATIVE_DOCUMENT.value, ReviewKind.CONTRACT.value})}
DECISION = {"kind": frozenset({ReviewKind.MAJOR_DECISION.value})}
CONTRACT = {"kind": frozenset({ReviewKind.CONTRACT.value})}
CAPACITIES = {c.value: c.label for c in Capacity}


def public_comment_heard(facts: Mapping[str, Any]) -> list[str]:
    """Art. 15: the public comment period is generally ≥ 30 days; a shorter one (or none) needs a stated reason."""
    days = facts.get("comment_days")
    if (days is None or days < MIN_COMMENT_DAYS) and not facts.get("comment_shortened_reason"):
        return [
            gettext(
                "公开征求意见的期限一般不少于30日；期限不足30日或者未公开征求意见的，应当说明理由"
                "（重大行政决策程序暂行条例第十五条）。"
            )
        ]
    return []


def lawyers_heard(facts: Mapping[str, Any]) -> list[str]:
    """Art. 28: a major decision's review hears 法律顾问 or 公职律师 before its opinion is given."""
    if facts.get("kind") == ReviewKind.MAJOR_DECISION and "legal_opinion" not in facts.get("events", ()):
        return [
            gettext(
                "重大行政决策的合法性审查应当组织法律顾问、公职律师提出法律意见，请先记录其法律意见"
                "（重大行政决策程序暂行条例第二十八条）。"
            )
        ]
    return []


class State(models.TextChoices):
    """The states of a review."""

    RECEIVED = "received", _("待受理")
    UNDER_REVIEW = "under_review", _("审核中")
    AWAITING_MATERIALS = "awaiting_materials", _("待补充材料")
    EXPERT_REVIEW = "expert_review", _("专家论证中")
    RETURNED = "returned", _("已退回")
    CONCLUDED = "concluded", _("已出具审核意见")


# The conclusions each kind is offered (local practice, statutes.md §5.2–5.3); the written opinion says them in words.
DOCUMENT_OUTCOMES = {o.value: o.label for o in (Outcome.LAWFUL, Outcome.LAWFUL_IF_AMENDED, Outcome.UNLAWFUL)}
CONTRACT_OUTCOMES = {o.value: o.label for o in (Outcome.SIGN, Outcome.SIGN_IF_AMENDED, Outcome.DO_NOT_SIGN)}
AMENDED = frozenset({Outcome.LAWFUL_IF_AMENDED.value, Outcome.SIGN_IF_AMENDED.value})
REFUSED = frozenset({Outcome.UNLAWFUL.value, Outcome.DO_NOT_SIGN.value})


def outcome_explained(facts: Mapping[str, Any]) -> list[str]:
    """A conclusion "after amendment" states the amendments; a negative one states its reasons."""
    outcome = str(facts.get("outcome", ""))
    if outcome in AMENDED and not facts.get("conditions"):
        return [gettext("结论为修改后合法或修改后签订的，请填写修改意见。")]
    if outcome in REFUSED and not facts.get("reasons"):
        return [gettext("结论为不合法或不同意签订的，请填写理由。")]
    if outcome not in AMENDED and facts.get("conditions"):  # the opinion would print amendments it did not ask for
        return [gettext("只有结论为修改后合法或修改后签订的，才填写修改意见。")]
    if outcome not in REFUSED and facts.get("reasons"):
        return [gettext("只有结论为不合法或不同意签订的，才填写理由；审核的理由请写在审核意见中。")]
    return []


def _conclusion(code: str, label: Any, outcomes: Mapping[str, Any], when: Mapping[str, frozenset[str]], basis: str):
    """The section head's conclusion, which issues the written opinion (审核意见书) with the outcome chosen."""
    return Transition(
        code=code,
        label=label,
        sources=(State.UNDER_REVIEW,),
        target=State.CONCLUDED,
        roles=HEADS,
        basis=basis,
        required=("outcome", "opinion"),
        optional=("conditions", "reasons", "legal_basis"),
        choices={"outcome": outcomes},
        multiline=("conditions", "reasons"),
        sets_from_data=("conditions",),
        checks=(lawyers_heard, outcome_explained),
        when=when,
        document="legality_opinion",
        outcome_from="outcome",
        closes=True,
    )


_DOCUMENT_BASIS = "国办发〔2018〕115号；重大行政决策程序暂行条例第二十七条、第二十八条"
_CONTRACT_BASIS = "政府合同合法性审查地方规定"  # [LOCAL]: each jurisdiction's own rule

# fmt: off
TRANSITIONS = (
    Transition(code="accept", label=_("受理"), sources=(State.RECEIVED,), target=State.UNDER_REVIEW, roles=REVIEWERS,
               basis="国办发〔2018〕115号；政府合同合法性审查地方规定", accepts=True, when=NOT_DECISION),
    # arts. 15, 19–22, 25–26: the decision's procedure so far is recorded when its review is accepted, and the
    # collective discussion may not be scheduled before the review has had its 7 working days
    Transition(code="accept_decision", label=_("受理（重大行政决策）"), sources=(State.RECEIVED,),
               target=State.UNDER_REVIEW, roles=REVIEWERS,
               basis="重大行政决策程序暂行条例第十五条、第二十五条、第二十六条",
               required=("catalogue_item", "discussion_on"),
               optional=("comment_days", "comment_shortened_reason", "expert_review", "risk_assessment"),
               sets_from_data=("catalogue_item", "discussion_on", "comment_days", "comment_shortened_reason",
                               "expert_review", "risk_assessment"),
               date_checks=(DateCheck("discussion_on", MIN_DECISION_REVIEW_DAYS, Unit.WORKING_DAY,
                                      "重大行政决策程序暂行条例第二十六条第二款"),),
               checks=(public_comment_heard,), accepts=True, when=DECISION),
    # a request whose materials never come is returned from waiting too (art. 26 ¶1: 退回 or 补充)
    Transition(code="return_request", label=_("退回"),
               sources=(State.RECEIVED, State.UNDER_REVIEW, State.AWAITING_MATERIALS),
               target=State.RETURNED, roles=REVIEWERS, basis="重大行政决策程序暂行条例第二十六条第一款",
               required=("reasons",), outcome=Outcome.RETURNED.value, closes=True),
    Transition(code="request_materials", label=_("要求补充材料"), sources=(State.UNDER_REVIEW,),
               target=State.AWAITING_MATERIALS, roles=REVIEWERS, basis="重大行政决策程序暂行条例第二十六条第一款",
               required=("items",), multiline=("items",)),
    Transition(code="materials_received", label=_("收到补充材料"), sources=(State.AWAITING_MATERIALS,),
               target=State.UNDER_REVIEW, roles=REVIEWERS, basis="重大行政决策程序暂行条例第二十六条第一款"),
    Transition(code="start_expert_review", label=_("组织专家论证"), sources=(State.UNDER_REVIEW,),
               target=State.EXPERT_REVIEW, roles=REVIEWERS, basis=_CONTRACT_BASIS + "（专家论证时间不计入审查期限）",
               required=("matter",), when=CONTRACT),
    Transition(code="expert_review_done", label=_("专家论证完成"), sources=(State.EXPERT_REVIEW,),
               target=State.UNDER_REVIEW, roles=REVIEWERS, basis=_CONTRACT_BASIS, optional=("expert_opinion",),
               when=CONTRACT),
    Transition(code="comment", label=_("审核人员意见"), sources=(State.UNDER_REVIEW,), target=None, roles=REVIEWERS,
               basis="国办发〔2018〕115号；重大行政决策程序暂行条例第二十七条", required=("reviewer", "opinion"),
               repeatable=True),  # each reviewer's view is its own record
    Transition(code="legal_opinion", label=_("法律顾问、公职律师法律意见"), sources=(State.UNDER_REVIEW,),
               target=None, roles=REVIEWERS, basis="重大行政决策程序暂行条例第二十八条",
               required=("reviewer", "capacity", "opinion"),
               choices={"capacity": CAPACITIES}, repeatable=True),  # art. 28: each one heard
    _conclusion("conclude", _("出具审核意见"), DOCUMENT_OUTCOMES, DOCUMENTS, _DOCUMENT_BASIS),
    _conclusion("conclude_contract", _("出具合同审核意见"), CONTRACT_OUTCOMES, CONTRACT, _CONTRACT_BASIS),
)
# fmt: on
CONCLUSIONS = tuple(t.code for t in TRANSITIONS if t.document == "legality_opinion")

CLOCKS = (
    Clock(
        "review",
        _("合法性审核"),
        DEFAULT_REVIEW_DAYS[ReviewKind.NORMATIVE_DOCUMENT],  # the default; each case's comes from `amount_from`
        Unit.WORKING_DAY,
        "国办发〔2018〕115号；重大行政决策程序暂行条例第二十六条；政府合同合法性审查地方规定（期限按地区、事项配置）",
        starts_on=("received",),
        stops_on=(*CONCLUSIONS, "return_request"),
        pauses_on=("request_materials", "start_expert_review"),
        resumes_on=("materials_received", "expert_review_done"),
        amount_from="fazhi.legality.periods.review_days",
    ),
)

PROCEDURE = Procedure(
    line=LINE,
    number_code="审",
    initial_state=State.RECEIVED,
    intake_roles=frozenset({LineRole.REVIEWER, Role.REGISTRAR, Role.HANDLER, Role.SECTION_HEAD, SYSTEM}),
    states=dict(State.choices),
    final_states=frozenset({State.RETURNED, State.CONCLUDED}),
    transitions=TRANSITIONS,
    clocks=CLOCKS,
    detail="legality",
    roles=frozenset(Role) | frozenset(LineRole),
    facts=(
        "kind",
        "catalogue_item",
        "comment_days",
        "comment_shortened_reason",
        "expert_review",
        "risk_assessment",
        "discussion_on",
        "conditions",
    ),
    fields={
        "reasons": text(_("理由")),
        "items": text(_("需补充的材料")),
        "matter": text(_("论证事项"), 500),
        "expert_opinion": text(_("专家论证意见")),
        "reviewer": text(_("提出意见人员"), 50),
        "capacity": text(_("身份"), 20),
        "outcome": text(_("审核结论"), 30),
        "opinion": text(_("审核意见")),
        "conditions": text(_("修改意见")),
        "legal_basis": text(_("审核依据"), 500),
        "catalogue_item": text(_("决策事项目录项"), 200),
        "comment_days": integer(_("公开征求意见期限（日）"), 0, 365),
        "comment_shortened_reason": text(_("征求意见期限不足30日或未公开征求意见的理由")),
        "expert_review": text(_("专家论证情况")),
        "risk_assessment": text(_("风险评估情况")),
        "discussion_on": day(_("拟提交集体讨论日期")),
    },
)
