"""行政执法监督案件 as data: a supervision case on the kernel, every rule with its article.

Source: 行政执法监督条例 (国务院令第825号, in force 2026-02-01), full text in reference/laws/. The 条例 fixes no day
counts: the 督办函 (art. 27) and the 监督意见书 (art. 28) set the time within which the agency reports its
correction, so the rectification clock's period is the one the issuing step records (`Clock.amount_from`); the
监督决定书 is the government's (art. 29), recorded with its own deadline; an objection is handled promptly (art. 30;
the clock pauses meanwhile); a dispute already in reconsideration or litigation is not supervised again (art. 33 ¶3:
a fact the case records, checked before filing and before any document).

线索 (art. 20: complaints, referrals, findings) → 立案 → 调查 (art. 22) → 督办函 / 监督意见书 → 整改报告 → 结案.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.models import Role
from fazhi.cases.fields import integer, text
from fazhi.cases.procedure import SYSTEM, Clock, Procedure, Transition
from fazhi.core.workdays import Unit
from fazhi.supervision.choices import LINE, LineRole, Outcome

SUPERVISORS = frozenset({LineRole.SUPERVISOR, Role.HANDLER, Role.SECTION_HEAD})
HEADS = frozenset({Role.SECTION_HEAD, Role.LEADER})  # a document goes out in the bureau's name: its head signs it
MAX_RECTIFY_DAYS = 365
PARALLEL = {"in_review_or_litigation": frozenset({"True"})}
ART_33 = "行政执法监督条例第三十三条第三款"


class State(models.TextChoices):
    """The states of a supervision case."""

    RECEIVED = "received", _("线索待研判")
    INVESTIGATING = "investigating", _("调查中")
    RECTIFYING = "rectifying", _("整改中")
    OBJECTION = "objection", _("异议处理中")
    REPORTED = "reported", _("已报送纠正情况")
    REFERRED = "referred", _("已报请政府决定")
    CLOSED = "closed", _("已结案")
    DECLINED = "declined", _("不予立案")


def not_in_review_or_litigation(facts: Mapping[str, Any]) -> list[str]:
    """Art. 33 ¶3: a dispute already in reconsideration or litigation is not supervised again."""
    if facts.get("in_review_or_litigation"):
        return [
            gettext(
                "该行政争议已经进入行政复议或者行政诉讼程序，行政执法监督机构不重复监督"
                "（行政执法监督条例第三十三条第三款）；请作不重复监督处理。"
            )
        ]
    return []


def rectify_days(case: Any, facts: Mapping[str, Any]) -> int:
    """The rectification clock's period: the days the document just issued gave the agency (arts. 27–29)."""
    return int(facts.get("rectify_days") or 0)


def _document(code: str, label: Any, document: str, basis: str) -> Transition:
    """A 督办函 (art. 27) or a 监督意见书 (art. 28): the problem, what the agency is to do, and by when."""
    return Transition(
        code=code,
        label=label,
        sources=(State.INVESTIGATING,),
        target=State.RECTIFYING,
        roles=HEADS,
        basis=basis,
        required=("problem", "requirement", "rectify_days"),
        optional=("legal_basis",),
        multiline=("requirement",),
        sets_from_data=("rectify_days",),
        checks=(not_in_review_or_litigation,),
        document=document,
    )


# fmt: off
TRANSITIONS = (
    Transition(code="file_case", label=_("立案"), sources=(State.RECEIVED,), target=State.INVESTIGATING,
               roles=SUPERVISORS, basis="行政执法监督条例第二十条、第二十二条；" + ART_33,
               optional=("note",), checks=(not_in_review_or_litigation,), accepts=True),
    Transition(code="decline", label=_("不予立案"), sources=(State.RECEIVED,), target=State.DECLINED,
               roles=SUPERVISORS, basis="行政执法监督条例第二十条第二款", required=("reasons",),
               outcome=Outcome.DECLINED.value, closes=True),
    # art. 33 ¶3: the case records that the dispute is in reconsideration or litigation (a fact, its own step)…
    Transition(code="record_parallel_proceedings", label=_("记录已进入行政复议或者行政诉讼"),
               sources=(State.RECEIVED, State.INVESTIGATING), target=None, roles=SUPERVISORS, basis=ART_33,
               required=("parallel_proceedings",), sets={"in_review_or_litigation": True},
               sets_from_data=("parallel_proceedings",)),
    # …and closes it without supervising it again, guiding the party to those proceedings
    Transition(code="not_duplicated", label=_("不重复监督"), sources=(State.RECEIVED, State.INVESTIGATING),
               target=State.DECLINED, roles=SUPERVISORS, basis=ART_33, optional=("reasons",), when=PARALLEL,
               outcome=Outcome.NOT_DUPLICATED.value, closes=True),
    Transition(code="investigate", label=_("调查核实"), sources=(State.INVESTIGATING,), target=None,
               roles=SUPERVISORS, basis="行政执法监督条例第二十二条", required=("measure", "findings"),
               repeatable=True),  # each measure (自查说明、调阅案卷、访谈…) is its own record
    Transition(code="close_no_violation", label=_("结案（未发现违法或者不当）"), sources=(State.INVESTIGATING,),
               target=State.CLOSED, roles=HEADS, basis="行政执法监督条例第二十六条", required=("conclusion",),
               outcome=Outcome.NO_VIOLATION.value, closes=True),
    _document("issue_urging_letter", _("制发行政执法监督督办函"), "supervision_urging_letter",
              "行政执法监督条例第二十六条、第二十七条"),
    _document("issue_opinion", _("制发行政执法监督意见书"), "supervision_opinion",
              "行政执法监督条例第二十六条、第二十八条"),
    Transition(code="raise_objection", label=_("收到异议"), sources=(State.RECTIFYING,), target=State.OBJECTION,
               roles=SUPERVISORS, basis="行政执法监督条例第三十条", required=("objection",)),
    Transition(code="objection_rejected", label=_("异议不成立"), sources=(State.OBJECTION,),
               target=State.RECTIFYING, roles=HEADS, basis="行政执法监督条例第三十条", required=("reasons",)),
    Transition(code="objection_upheld", label=_("异议成立，撤回处理结果"), sources=(State.OBJECTION,),
               target=State.INVESTIGATING, roles=HEADS, basis="行政执法监督条例第三十条", required=("reasons",)),
    Transition(code="rectification_report", label=_("收到纠正情况报告"), sources=(State.RECTIFYING,),
               target=State.REPORTED, roles=SUPERVISORS,
               basis="行政执法监督条例第二十七条第二款、第二十八条第二款", required=("report",)),
    Transition(code="report_insufficient", label=_("纠正不到位，重新限期"), sources=(State.REPORTED,),
               target=State.RECTIFYING, roles=HEADS,
               basis="行政执法监督条例第二十七条第二款、第二十八条第二款",
               required=("reasons", "rectify_days"), sets_from_data=("rectify_days",)),
    Transition(code="refer_to_government", label=_("提出处理建议报请本级人民政府决定"),
               sources=(State.RECTIFYING, State.REPORTED), target=State.REFERRED, roles=HEADS,
               basis="行政执法监督条例第二十九条", required=("proposal",)),
    Transition(code="government_decision", label=_("记录行政执法监督决定书"), sources=(State.REFERRED,),
               target=State.RECTIFYING, roles=SUPERVISORS, basis="行政执法监督条例第二十九条",
               required=("decision_number", "decision", "rectify_days"), sets_from_data=("rectify_days",)),
    Transition(code="government_declined", label=_("本级人民政府决定不予纠正"), sources=(State.REFERRED,),
               target=State.CLOSED, roles=SUPERVISORS, basis="行政执法监督条例第二十九条",
               required=("decision",), outcome=Outcome.GOVERNMENT_DECIDED.value, closes=True),
    Transition(code="close_corrected", label=_("结案（已纠正）"), sources=(State.REPORTED,), target=State.CLOSED,
               roles=HEADS, basis="行政执法监督条例第二十六条", required=("verification",),
               outcome=Outcome.CORRECTED.value, closes=True),
)
# fmt: on
DOCUMENT_STEPS = ("issue_urging_letter", "issue_opinion")

CLOCKS = (
    Clock(
        "rectification",
        _("纠正期限"),
        30,  # shown in the rule list only: each run's period is the one its document set (rectify_days)
        Unit.CALENDAR_DAY,
        "行政执法监督条例第二十七条第二款、第二十八条第二款、第二十九条（期限由督办函、监督意见书、监督决定书确定）",
        starts_on=(*DOCUMENT_STEPS, "report_insufficient", "government_decision"),
        stops_on=("rectification_report", "objection_upheld", "refer_to_government"),
        pauses_on=("raise_objection",),
        resumes_on=("objection_rejected",),
        amount_from="fazhi.supervision.procedure.rectify_days",
    ),
)

PROCEDURE = Procedure(
    line=LINE,
    number_code="督",
    initial_state=State.RECEIVED,
    intake_roles=frozenset({LineRole.SUPERVISOR, Role.REGISTRAR, Role.HANDLER, Role.SECTION_HEAD, SYSTEM}),
    states=dict(State.choices),
    final_states=frozenset({State.CLOSED, State.DECLINED}),
    transitions=TRANSITIONS,
    clocks=CLOCKS,
    detail="supervision",
    roles=frozenset(Role) | frozenset(LineRole),
    facts=("source", "in_review_or_litigation", "parallel_proceedings", "rectify_days"),
    fields={
        "note": text(_("立案意见"), 500),
        "reasons": text(_("理由")),
        "parallel_proceedings": text(_("行政复议或者行政诉讼情况"), 300),
        "measure": text(_("调查措施"), 100),
        "findings": text(_("调查情况")),
        "conclusion": text(_("结论")),
        "problem": text(_("发现的问题")),
        "requirement": text(_("纠正要求")),
        "rectify_days": integer(_("纠正期限（日）"), 1, MAX_RECTIFY_DAYS),
        "legal_basis": text(_("依据"), 500),
        "objection": text(_("异议及理由")),
        "report": text(_("纠正情况")),
        "proposal": text(_("处理建议")),
        "decision_number": text(_("决定书文号"), 60),
        "decision": text(_("决定内容")),
        "verification": text(_("核查意见")),
    },
)
