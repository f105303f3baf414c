"""行政复议 under the Administrative Reconsideration Law (revised 2023-09-01, in force 2024-01-01) as data.

Periods of 3, 5, 7 and 10 days in this law are working days (art. 88 ¶2); the others are calendar days, and a
calendar-day period ending on a rest day ends on the next working day (art. 88 ¶1 → 民事诉讼法 art. 85).
Reading notes where the law is silent (statutes.md §1): the review runs again in full once corrections arrive
(art. 31, inference); suspended time does not count against the decision period (practice); after a conversion
from the simplified procedure the 60 days run from the original acceptance (art. 55, assumption).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.models import Role
from fazhi.cases.fields import day, integer, text
from fazhi.cases.procedure import SYSTEM, AutoTransition, Clock, DateCheck, Procedure, Transition
from fazhi.core.lines import Line
from fazhi.core.workdays import Unit, WorkCalendar, add_months, due_date
from fazhi.reconsideration.choices import (
    NOT_ACCEPTED_GROUNDS,
    SUSPENSION_GROUNDS,
    SUSPENSION_GROUNDS_LAPSING,
    TERMINATION_GROUNDS,
    ActType,
    Decision,
    ProcedureType,
)
from fazhi.rulebook import incidental

REGISTRAR, HANDLER, HEAD, LEADER = Role.REGISTRAR, Role.HANDLER, Role.SECTION_HEAD, Role.LEADER
ROLES = frozenset(Role)
STAFF = frozenset({REGISTRAR, HANDLER, HEAD})
CASEWORK = frozenset({HANDLER, HEAD})
APPROVERS = frozenset({HEAD, LEADER})  # the 复议机构 head approves extension, hearing, decision (art. 61–62)
ONLY_SYSTEM = frozenset({SYSTEM})

ORDINARY = {"procedure_type": frozenset({ProcedureType.ORDINARY.value})}
SIMPLIFIED = {"procedure_type": frozenset({ProcedureType.SIMPLIFIED.value})}
INCIDENTAL_SUSPENSION = {"ground": frozenset({"9"})}  # suspended for an incidental review (art. 39 ¶1 (9))
SIMPLIFIED_AMOUNT_CAP = Decimal(3000)  # art. 53 ¶1 (3)


class State(models.TextChoices):
    """The states of a case of this line."""

    RECEIVED = "received", _("待审查")
    CORRECTION_REQUESTED = "correction_requested", _("待补正")
    ACCEPTED = "accepted", _("审理中")
    HEARING_SCHEDULED = "hearing_scheduled", _("待听证")
    SUSPENDED = "suspended", _("已中止")
    NOT_ACCEPTED = "not_accepted", _("不予受理")
    ABANDONED = "abandoned", _("视为放弃")
    MEDIATED = "mediated", _("调解结案")
    DECIDED = "decided", _("已决定")
    TERMINATED = "terminated", _("已终止")


OPEN = (State.ACCEPTED, State.HEARING_SCHEDULED, State.SUSPENDED)
# After these an administrative suit may follow and is recorded for the agency analysis: a decision or
# termination (art. 10 ¶1; 行政诉讼法 art. 26), a refusal to accept (art. 34), a 调解书 challenged as involuntary.
LITIGABLE_STATES = frozenset({State.DECIDED, State.MEDIATED, State.TERMINATED, State.NOT_ACCEPTED})
LITIGATION_RECORDERS = frozenset({REGISTRAR, HANDLER, HEAD})  # the owning office's staff record the suit


# --- checks: rules that need more than a table lookup, each with its article ------------------------------


def simplified_procedure_allowed(facts: Mapping[str, Any]) -> list[str]:
    """Art. 53: simplified only for on-the-spot acts, 警告/通报批评, ≤ 3,000 yuan, 政府信息公开, or consent."""
    if facts.get("procedure_type") != ProcedureType.SIMPLIFIED or facts.get("all_parties_agree_simplified") is True:
        return []
    if facts.get("on_the_spot") is True or facts.get("act_type") in {ActType.WARNING, ActType.INFORMATION_DISCLOSURE}:
        return []
    amount = facts.get("amount")  # the recorded Decimal (facts are typed; a step never posts it)
    if amount is not None and amount <= SIMPLIFIED_AMOUNT_CAP:
        return []
    return [
        gettext(
            "本案不符合适用简易程序的条件：须为当场作出、警告或通报批评、涉案金额三千元以下或政府信息公开案件，"
            "或者当事各方同意适用简易程序（行政复议法第五十三条）。"
        )
    ]


def competent_body_named(facts: Mapping[str, Any]) -> list[str]:
    """Art. 30 ¶2: a refusal for lack of jurisdiction must name the competent body."""
    if facts.get("ground") == "not_competent" and not facts.get("competent_body"):
        return [
            gettext("以不属于本机关管辖为由不予受理的，应当告知有管辖权的行政复议机关（行政复议法第三十条第二款）。")
        ]
    return []


def parties_heard(facts: Mapping[str, Any]) -> list[str]:
    """Art. 49–52: ordinary cases hear the parties; 重大疑难复杂 cases need a hearing and the committee's opinion."""
    events = facts.get("events", frozenset())
    problems = []
    if facts.get("procedure_type") == ProcedureType.ORDINARY and not (
        {"hear_parties", "hold_hearing"} & events or facts.get("written_review_reason")
    ):
        problems.append(
            gettext(
                "普通程序案件应当当面或者通过互联网、电话等方式听取当事人意见（行政复议法第四十九条）；"
                "因当事人原因不能听取的，请填写书面审查理由。"
            )
        )
    if facts.get("major_complex") is True:
        if "hold_hearing" not in events:
            problems.append(gettext("重大、疑难、复杂案件应当组织听证（行政复议法第五十条第一款）。"))
        if "committee_opinion" not in events:
            problems.append(gettext("重大、疑难、复杂案件应当提请行政复议委员会提出咨询意见（行政复议法第五十二条）。"))
    return problems


def application_window_warnings(
    *,
    received_on: date,
    knew_on: date | None,
    act_on: date | None,
    rights_notified: bool,
    real_property: bool,
    calendar: WorkCalendar,
) -> list[str]:
    """Warnings (never a silent refusal) when an application looks late under art. 20–21; staff decide."""
    warnings = []
    if knew_on:
        clock = APPLICATION_WINDOW  # the declared clock (art. 20 ¶1), so the warning and the calculator agree
        window = due_date(knew_on, clock.amount, clock.unit, calendar)
        if rights_notified and received_on > window:
            warnings.append(
                gettext(
                    "申请日已超过知道行政行为之日起%(days)s日的申请期限（届满日%(due)s，%(basis)s）；"
                    "如有不可抗力或其他正当理由，期限自障碍消除之日起继续计算（第二十条第二款）。"
                )
                % {"days": clock.amount, "due": window.isoformat(), "basis": clock.basis}
            )
        if not rights_notified and received_on > add_months(knew_on, 12):
            warnings.append(
                gettext(
                    "行政机关未告知申请权利和期限的，申请期限最长不得超过知道行政行为内容之日起一年"
                    "（行政复议法第二十条第三款）。"
                )
            )
    if act_on:
        years = 20 if real_property else 5
        if received_on > add_months(act_on, 12 * years):
            warnings.append(
                gettext("自行政行为作出之日起超过%(years)s年，行政复议机关不予受理（行政复议法第二十一条）。")
                % {"years": years}
            )
    return warnings


# The article (and paragraph) each decision rests on (arts. 63–71, 33): the decision's document cites it.
DECISION_ARTICLES = {
    Decision.VARIED.value: "第六十三条第一款",
    Decision.REVOKED.value: "第六十四条第一款",
    Decision.REMAKE_ORDERED.value: "第六十四条第一款",
    Decision.CONFIRMED_UNLAWFUL.value: "第六十五条",
    Decision.PERFORMANCE_ORDERED.value: "第六十六条",
    Decision.CONFIRMED_INVALID.value: "第六十七条",
    Decision.UPHELD.value: "第六十八条",
    Decision.CLAIM_REJECTED.value: "第六十九条",
    Decision.AGREEMENT_ORDER.value: "第七十一条",
    Decision.APPLICATION_REJECTED.value: "第三十三条",
}
# The items of those articles a decision may rest on, down to the paragraph and item it cites
# (《中华人民共和国行政复议法》第六十四条第一款第一项): key → (the article's words, the decisions it grounds).
DECISION_GROUNDS: dict[str, tuple[str, str, frozenset[str]]] = {
    "63-1-1": (
        "第六十三条第一款第一项",
        "事实清楚，证据确凿，适用依据正确，程序合法，但是内容不适当",
        frozenset({"varied"}),
    ),
    "63-1-2": ("第六十三条第一款第二项", "事实清楚，证据确凿，程序合法，但是未正确适用依据", frozenset({"varied"})),
    "63-1-3": ("第六十三条第一款第三项", "事实不清、证据不足，经行政复议机关查清事实和证据", frozenset({"varied"})),
    "64-1-1": ("第六十四条第一款第一项", "主要事实不清、证据不足", frozenset({"revoked", "remake_ordered"})),
    "64-1-2": ("第六十四条第一款第二项", "违反法定程序", frozenset({"revoked", "remake_ordered"})),
    "64-1-3": ("第六十四条第一款第三项", "适用的依据不合法", frozenset({"revoked", "remake_ordered"})),
    "64-1-4": ("第六十四条第一款第四项", "超越职权或者滥用职权", frozenset({"revoked", "remake_ordered"})),
    "65-1-1": (
        "第六十五条第一款第一项",
        "依法应予撤销，但是撤销会给国家利益、社会公共利益造成重大损害",
        frozenset({"confirmed_unlawful"}),
    ),
    "65-1-2": (
        "第六十五条第一款第二项",
        "程序轻微违法，但是对申请人权利不产生实际影响",
        frozenset({"confirmed_unlawful"}),
    ),
    "65-2-1": ("第六十五条第二款第一项", "行政行为违法，但是不具有可撤销内容", frozenset({"confirmed_unlawful"})),
    "65-2-2": (
        "第六十五条第二款第二项",
        "被申请人改变原违法行政行为，申请人仍要求撤销或者确认该行政行为违法",
        frozenset({"confirmed_unlawful"}),
    ),
    "65-2-3": (
        "第六十五条第二款第三项",
        "被申请人不履行或者拖延履行法定职责，责令履行没有意义",
        frozenset({"confirmed_unlawful"}),
    ),
    "71-1": (
        "第七十一条第一款",
        "被申请人不依法订立、不依法履行、未按照约定履行或者违法变更、解除行政协议",
        frozenset({"agreement_order"}),
    ),
    "71-2": (
        "第七十一条第二款",
        "被申请人变更、解除行政协议合法，但是未依法给予补偿或者补偿不合理",
        frozenset({"agreement_order"}),
    ),
}
DECISION_GROUND_CHOICES = {key: f"{article}：{words}" for key, (article, words, _d) in DECISION_GROUNDS.items()}


def decision_ground_fits(facts: Mapping[str, Any]) -> list[str]:
    """Arts. 63–71: the item a decision cites must be one of the article its decision rests on."""
    ground = facts.get("decision_ground")
    if not ground or ground not in DECISION_GROUNDS or facts.get("decision") in DECISION_GROUNDS[ground][2]:
        return []
    return [
        gettext("所选法定情形（%(ground)s）不是“%(decision)s”决定所依据的条款（行政复议法第%(article)s）。")
        % {
            "ground": DECISION_GROUNDS[ground][0],
            "decision": dict(Decision.choices).get(facts.get("decision", ""), ""),
            "article": DECISION_ARTICLES.get(facts.get("decision", ""), "六十三条至第七十一条").removeprefix("第"),
        }
    ]


# --- the procedure --------------------------------------------------------------------------------------------


DECISIONS = {d.value: d.label for d in Decision}
PROCEDURE_TYPES = {p.value: p.label for p in ProcedureType}
# 行政复议法第四十九条: 当面或者通过互联网、电话等方式听取当事人的意见 (the values are the words the record keeps)
HEARING_METHODS = {"当面": _("当面"), "网络视频": _("通过互联网（视频）"), "电话": _("电话")}
CLOSE_CLOCKS = ("decide", "mediate", "settle_withdraw", "withdraw", "terminate", "terminate_lapsed")

# fmt: off
TRANSITIONS = (
    # Acceptance review (art. 30–31)
    Transition(code="request_correction", label=_("补正通知"), sources=(State.RECEIVED,),
               target=State.CORRECTION_REQUESTED, roles=STAFF, basis="行政复议法第三十一条第一款", required=("items",),
               document="correction_notice", once=True, multiline=("items",)),
    Transition(code="correction_received", label=_("收到补正材料"), sources=(State.CORRECTION_REQUESTED,),
               target=State.RECEIVED, roles=STAFF, basis="行政复议法第三十一条第二款"),
    Transition(code="extend_correction", label=_("延长补正期限"), sources=(State.CORRECTION_REQUESTED,), target=None,
               roles=STAFF, basis="行政复议法第三十一条第一款", required=("reasons", "extension_days"),
               extends="correction", repeatable=True),  # more than once, within the period's cap
    Transition(code="correction_lapsed", label=_("无正当理由逾期不补正，视为放弃"),
               sources=(State.CORRECTION_REQUESTED,), target=State.ABANDONED, roles=ONLY_SYSTEM,
               basis="行政复议法第三十一条第二款", outcome="abandoned", closes=True),
    Transition(code="accept", label=_("受理"), sources=(State.RECEIVED,), target=State.ACCEPTED, roles=STAFF,
               basis="行政复议法第三十条第一款", required=("procedure_type",),
               choices={"procedure_type": PROCEDURE_TYPES}, sets_from_data=("procedure_type",),
               checks=(simplified_procedure_allowed,), document="acceptance_notice", accepts=True),
    Transition(code="deemed_accept", label=_("审查期限届满，视为受理"), sources=(State.RECEIVED,),
               target=State.ACCEPTED, roles=ONLY_SYSTEM, basis="行政复议法第三十条第三款", accepts=True),
    Transition(code="not_accept", label=_("不予受理"), sources=(State.RECEIVED,), target=State.NOT_ACCEPTED,
               roles=APPROVERS, basis="行政复议法第三十条第二款", required=("ground", "reasons"),
               optional=("competent_body",), choices={"ground": NOT_ACCEPTED_GROUNDS}, checks=(competent_body_named,),
               document="non_acceptance_decision", outcome="not_accepted", closes=True),
    # Hearing the case (art. 48–55)
    Transition(code="send_copy", label=_("向被申请人发送申请书副本"), sources=(State.ACCEPTED, State.HEARING_SCHEDULED),
               target=None, roles=STAFF, basis="行政复议法第四十八条、第五十四条"),
    Transition(code="receive_reply", label=_("收到被申请人答复"), sources=(State.ACCEPTED, State.HEARING_SCHEDULED),
               target=None, roles=STAFF, basis="行政复议法第四十八条、第五十四条"),
    Transition(code="hear_parties", label=_("听取当事人意见"), sources=(State.ACCEPTED,), target=None, roles=CASEWORK,
               basis="行政复议法第四十九条", required=("method", "record"), choices={"method": HEARING_METHODS},
               repeatable=True),
    Transition(code="schedule_hearing", label=_("决定听证"), sources=(State.ACCEPTED,), target=State.HEARING_SCHEDULED,
               roles=APPROVERS, basis="行政复议法第五十条、第五十一条", required=("hearing_on", "place"),
               optional=("hearing_time", "matters"), when=ORDINARY,
               date_checks=(DateCheck("hearing_on", 5, Unit.WORKING_DAY, "行政复议法第五十一条"),),
               document="hearing_notice"),
    Transition(code="reschedule_hearing", label=_("改期听证"), sources=(State.HEARING_SCHEDULED,),
               target=State.HEARING_SCHEDULED, roles=APPROVERS, basis="行政复议法第五十一条",
               required=("hearing_on", "reasons"), optional=("hearing_time", "place", "matters"),
               date_checks=(DateCheck("hearing_on", 5, Unit.WORKING_DAY, "行政复议法第五十一条"),),
               document="hearing_notice"),
    Transition(code="hold_hearing", label=_("举行听证"), sources=(State.HEARING_SCHEDULED,), target=State.ACCEPTED,
               roles=CASEWORK, basis="行政复议法第五十一条", required=("record",)),
    Transition(code="committee_opinion", label=_("行政复议委员会咨询意见"), sources=(State.ACCEPTED,), target=None,
               roles=APPROVERS, basis="行政复议法第五十二条", required=("opinion",), when=ORDINARY),
    Transition(code="convert_to_ordinary", label=_("转为普通程序"), sources=(State.ACCEPTED,), target=None,
               roles=APPROVERS, basis="行政复议法第五十五条", required=("reasons",), when=SIMPLIFIED,
               sets={"procedure_type": ProcedureType.ORDINARY.value}),
    Transition(code="extend_decision", label=_("延期审理"), sources=(State.ACCEPTED, State.HEARING_SCHEDULED),
               target=None, roles=APPROVERS, basis="行政复议法第六十二条第一款", required=("reasons", "extension_days"),
               when=ORDINARY, extends="decision", document="extension_notice", once=True),
    # Suspension and termination (art. 39–41)
    Transition(code="suspend", label=_("中止审理"), sources=(State.ACCEPTED, State.HEARING_SCHEDULED),
               target=State.SUSPENDED, roles=APPROVERS, basis="行政复议法第三十九条", required=("ground",),
               choices={"ground": SUSPENSION_GROUNDS}, document="suspension_notice"),
    Transition(code="resume", label=_("恢复审理"), sources=(State.SUSPENDED,), target=State.ACCEPTED, roles=APPROVERS,
               basis="行政复议法第三十九条第二款", document="resumption_notice"),
    # A superior body's power over a subordinate's suspended case (art. 40): declared, never implied by region
    Transition(code="order_resumption", label=_("上级机关责令恢复审理"), sources=(State.SUSPENDED,),
               target=State.ACCEPTED, roles=APPROVERS, basis="行政复议法第四十条", required=("reasons",),
               supervisory=True),
    Transition(code="terminate_lapsed", label=_("中止满六十日原因仍未消除，终止"), sources=(State.SUSPENDED,),
               target=State.TERMINATED, roles=ONLY_SYSTEM, basis="行政复议法第四十一条第一款第五项",
               document="termination_notice", outcome="terminated", closes=True),
    Transition(code="terminate", label=_("终止"), sources=OPEN, target=State.TERMINATED, roles=APPROVERS,
               basis="行政复议法第四十一条", required=("ground",),
               choices={"ground": {k: v for k, v in TERMINATION_GROUNDS.items() if k != "1"}},
               document="termination_notice", outcome="terminated", closes=True),
    Transition(code="withdraw", label=_("准予撤回申请，终止"), sources=OPEN, target=State.TERMINATED, roles=APPROVERS,
               basis="行政复议法第四十一条第一款第一项", required=("reasons",), document="termination_notice",
               outcome="withdrawn", closes=True),
    # Incidental review of a normative document the applicant challenged (art. 13, 56–59): the finding; an unlawful
    # one opens a review task in the rule book (fazhi.rulebook.incidental: its due date and matching by 文号)
    Transition(code="notify_issuer", label=_("书面通知制定机关答复（附带审查）"), sources=(State.SUSPENDED,),
               target=None, roles=STAFF, basis="行政复议法第五十八条", required=(incidental.TITLE,),
               optional=(incidental.NUMBER, incidental.ISSUER), repeatable=True),
    Transition(code="receive_issuer_reply", label=_("收到制定机关书面答复"), sources=(State.SUSPENDED,), target=None,
               roles=STAFF, basis="行政复议法第五十八条", repeatable=True),
    Transition(code=incidental.STEP, label=_("规范性文件附带审查结论"), sources=OPEN, target=None, roles=APPROVERS,
               basis=incidental.BASIS, required=(incidental.TITLE, incidental.FINDING, "reasons"),
               optional=(incidental.NUMBER, incidental.ISSUER), choices={incidental.FINDING: incidental.FINDINGS},
               repeatable=True),
    # Mediation and settlement (art. 73–74)
    Transition(code="mediate", label=_("调解结案（行政复议调解书）"), sources=OPEN, target=State.MEDIATED,
               roles=CASEWORK, basis="行政复议法第七十三条", required=("agreement",), multiline=("agreement",),
               document="mediation_statement", outcome="mediation_statement", closes=True),
    Transition(code="mediation_failed", label=_("调解未达成协议"), sources=(State.ACCEPTED,), target=None,
               roles=CASEWORK, basis="行政复议法第七十三条第二款", required=("record",), repeatable=True),
    Transition(code="settle_withdraw", label=_("和解后撤回申请，终止"), sources=OPEN, target=State.TERMINATED,
               roles=APPROVERS, basis="行政复议法第七十四条、第四十一条第一款第一项", required=("settlement",),
               document="termination_notice", outcome="settled_withdrawn", closes=True),
    # Decision (art. 61–72; 33)
    Transition(code="decide", label=_("作出行政复议决定"), sources=(State.ACCEPTED,), target=State.DECIDED,
               roles=APPROVERS, basis="行政复议法第六十一条至第七十二条", required=("decision", "reasons"),
               optional=("decision_ground", "facts", "disposition", "written_review_reason"),
               choices={"decision": DECISIONS, "decision_ground": DECISION_GROUND_CHOICES},
               sets_from_data=("decision",), checks=(parties_heard, decision_ground_fits), document="decision",
               outcome_from="decision", closes=True),
    # Opinion letter to the respondent (art. 76)
    Transition(code="issue_opinion_letter", label=_("制发行政复议意见书"),
               sources=(State.DECIDED, State.MEDIATED, State.TERMINATED), target=None, roles=APPROVERS,
               basis="行政复议法第七十六条", required=("content",), repeatable=True),
    Transition(code="receive_opinion_report", label=_("收到整改情况报告"),
               sources=(State.DECIDED, State.MEDIATED, State.TERMINATED), target=None, roles=STAFF,
               basis="行政复议法第七十六条", repeatable=True),
)
# fmt: on

APPLICATION_WINDOW = Clock("application", _("申请期限"), 60, Unit.CALENDAR_DAY, "行政复议法第二十条第一款")
# fmt: off
CLOCKS = (
    APPLICATION_WINDOW,
    Clock("acceptance_review", _("受理审查"), 5, Unit.WORKING_DAY, "行政复议法第三十条第一款",
          starts_on=("received", "correction_received"),
          stops_on=("accept", "deemed_accept", "not_accept", "request_correction")),
    Clock("correction", _("补正期限"), 10, Unit.WORKING_DAY, "行政复议法第三十一条第一款",
          starts_on=("request_correction",), stops_on=("correction_received", "correction_lapsed"), max_extension=10,
          extension_basis="行政复议法第三十一条第一款（正当理由，合理延期；本机关上限10个工作日）"),
    Clock("copy_to_respondent", _("发送申请书副本"), 7, Unit.WORKING_DAY, "行政复议法第四十八条",
          starts_on=("accept", "deemed_accept"), stops_on=("send_copy", *CLOSE_CLOCKS), when=ORDINARY),
    Clock("copy_to_respondent_simplified", _("发送申请书副本（简易程序）"), 3, Unit.WORKING_DAY, "行政复议法第五十四条",
          starts_on=("accept",), stops_on=("send_copy", *CLOSE_CLOCKS), when=SIMPLIFIED),
    Clock("reply", _("被申请人答复"), 10, Unit.WORKING_DAY, "行政复议法第四十八条", starts_on=("send_copy",),
          stops_on=("receive_reply", *CLOSE_CLOCKS), when=ORDINARY),
    Clock("reply_simplified", _("被申请人答复（简易程序）"), 5, Unit.WORKING_DAY, "行政复议法第五十四条",
          starts_on=("send_copy",), stops_on=("receive_reply", *CLOSE_CLOCKS), when=SIMPLIFIED),
    Clock("hearing_notice", _("听证通知（提前）"), 5, Unit.WORKING_DAY, "行政复议法第五十一条"),
    Clock("decision", _("作出复议决定"), 60, Unit.CALENDAR_DAY, "行政复议法第六十二条第一款",
          starts_on=("accept", "deemed_accept", "convert_to_ordinary"), stops_on=CLOSE_CLOCKS, pauses_on=("suspend",),
          resumes_on=("resume", "order_resumption"), when=ORDINARY, start_from="accepted_on", max_extension=30,
          extension_basis="行政复议法第六十二条第一款"),
    Clock("decision_simplified", _("作出复议决定（简易程序）"), 30, Unit.CALENDAR_DAY, "行政复议法第六十二条第二款",
          starts_on=("accept",), stops_on=(*CLOSE_CLOCKS, "convert_to_ordinary"), pauses_on=("suspend",),
          resumes_on=("resume", "order_resumption"), when=SIMPLIFIED),
    Clock("suspension_limit", _("中止满六十日终止"), 60, Unit.CALENDAR_DAY, "行政复议法第四十一条第一款第五项",
          starts_on=("suspend",), stops_on=("resume", "order_resumption", *CLOSE_CLOCKS),
          when={"ground": SUSPENSION_GROUNDS_LAPSING}),
    Clock("opinion_report", _("意见书整改报告"), 60, Unit.CALENDAR_DAY, "行政复议法第七十六条",
          starts_on=("issue_opinion_letter",), stops_on=("receive_opinion_report",)),
    # Incidental review (art. 56–58), from the suspension for it (art. 39 ¶1 (9)): the body handles the request within
    # 30 days (art. 56; counted from the suspension: the request itself is not a step of its own, an assumption),
    # notifies the issuer in writing within 3 working days, and the issuer replies within 10 (its own period).
    Clock("incidental_handling", _("附带审查处理"), 30, Unit.CALENDAR_DAY, "行政复议法第五十六条",
          starts_on=("suspend",), stops_on=(incidental.STEP, "resume", "order_resumption", *CLOSE_CLOCKS),
          when=INCIDENTAL_SUSPENSION),
    Clock("issuer_notice", _("书面通知制定机关"), 3, Unit.WORKING_DAY, "行政复议法第五十八条",
          starts_on=("suspend",), stops_on=("notify_issuer", incidental.STEP, "resume", "order_resumption",
                                            *CLOSE_CLOCKS), when=INCIDENTAL_SUSPENSION),
    Clock("issuer_reply", _("制定机关书面答复"), 10, Unit.WORKING_DAY, "行政复议法第五十八条",
          starts_on=("notify_issuer",), stops_on=("receive_issuer_reply", incidental.STEP, *CLOSE_CLOCKS),
          advisory=True),
)
# fmt: on

PROCEDURE = Procedure(
    line=Line.RECONSIDERATION,
    number_code="复",
    initial_state=State.RECEIVED,
    states=dict(State.choices),
    final_states=frozenset({State.NOT_ACCEPTED, State.ABANDONED, State.MEDIATED, State.DECIDED, State.TERMINATED}),
    transitions=TRANSITIONS,
    clocks=CLOCKS,
    auto=(
        AutoTransition("acceptance_review", "deemed_accept", "行政复议法第三十条第三款"),
        AutoTransition("correction", "correction_lapsed", "行政复议法第三十一条第二款"),
        AutoTransition("suspension_limit", "terminate_lapsed", "行政复议法第四十一条第一款第五项"),
    ),
    detail="reconsideration",
    roles=ROLES,
    fields={
        "items": text(_("需补正的全部事项")),
        "reasons": text(_("理由")),
        "extension_days": integer(_("延长天数"), 1, 365),
        "procedure_type": text(_("审理程序"), 20),
        "ground": text(_("事由"), 50),
        "competent_body": text(_("有管辖权的行政复议机关"), 200),
        "method": text(_("听取方式"), 200),
        "record": text(_("记录")),
        "hearing_on": day(_("听证日期")),
        "place": text(_("听证地点"), 200),
        "hearing_time": text(_("听证开始时间（如上午9时）"), 20),
        "matters": text(_("拟听证事项（书面通知当事人，第五十一条）")),
        "opinion": text(_("咨询意见")),
        "agreement": text(_("调解协议内容")),
        "settlement": text(_("和解内容")),
        "decision": text(_("决定类型"), 50),
        "decision_ground": text(_("决定所依据的法定情形"), 20),
        "facts": text(_("经审理查明的事实")),
        "disposition": text(_("决定的具体内容（如变更后的内容、重作或履行的期限）")),
        "written_review_reason": text(_("书面审查理由（当事人原因无法听取意见时）")),
        "content": text(_("意见书内容")),
        incidental.TITLE: text(_("被审查的规范性文件名称"), 300),
        incidental.NUMBER: text(_("文号"), 100),
        incidental.ISSUER: text(_("制定机关"), 200),
        incidental.FINDING: text(_("审查结论"), 20),
    },
    facts=(
        "procedure_type",
        "act_type",
        "amount",
        "on_the_spot",
        "all_parties_agree_simplified",
        "major_complex",
        "decision",
    ),
)
