"""人民调解 under the People's Mediation Law (2010, in force 2011-01-01) as data.

The law has no working-day clause, so its periods are calendar days counted under 民事诉讼法 art. 85. The law
sets no time limit for mediating; MOJ 《人民调解工作若干规定》 (2002) art. 33 says a dispute is "一般在一个月内调结",
extendable when both parties ask (宁波市人民调解条例 art. 27, a local rule): a soft limit, extendable by consent.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.models import Role
from fazhi.cases.fields import amount, day, integer, text
from fazhi.cases.procedure import Clock, Procedure, Transition
from fazhi.core.lines import Line
from fazhi.core.workdays import Unit
from fazhi.mediation.choices import AgreementKind, ConfirmationResult, LineRole, Performance

MEDIATORS = frozenset({LineRole.MEDIATOR, Role.HANDLER, Role.REGISTRAR, Role.SECTION_HEAD})
PERFORMANCE = {p.value: p.label for p in Performance}
CONFIRMATION = {r.value: r.label for r in ConfirmationResult}
AGREED = ("agree_written", "agree_oral")
CLOSING = (*AGREED, "terminate")


class State(models.TextChoices):
    """The states of a case of this line."""

    RECEIVED = "received", _("待受理")
    MEDIATING = "mediating", _("调解中")
    DECLINED = "declined", _("不予调解")
    AGREED = "agreed", _("调解成功")
    TERMINATED = "terminated", _("终止调解")


# fmt: off
TRANSITIONS = (
    Transition(code="accept", label=_("受理调解"), sources=(State.RECEIVED,), target=State.MEDIATING, roles=MEDIATORS,
               basis="人民调解法第十七条", document="mediation_registration", accepts=True),
    Transition(code="decline", label=_("当事人拒绝调解，不予调解"), sources=(State.RECEIVED,), target=State.DECLINED,
               roles=MEDIATORS, basis="人民调解法第十七条", required=("reasons",), outcome="declined", closes=True),
    Transition(code="session", label=_("调解记录"), sources=(State.MEDIATING,), target=None, roles=MEDIATORS,
               basis="人民调解法第二十二条、第二十七条", required=("record",), repeatable=True),
    Transition(code="extend", label=_("经双方同意延长调解期限"), sources=(State.MEDIATING,), target=None,
               roles=MEDIATORS, basis="人民调解工作若干规定第三十三条（经当事人同意延长）",
               required=("consent", "extension_days"), extends="mediation", repeatable=True),  # within the cap
    Transition(code="report_escalation", label=_("纠纷有激化可能，报告公安机关"),
               sources=(State.RECEIVED, State.MEDIATING), target=None, roles=MEDIATORS, basis="人民调解法第二十五条",
               required=("reported_to", "measures"), sets={"escalation_risk": True}, repeatable=True),
    Transition(code="agree_written", label=_("达成书面调解协议"), sources=(State.MEDIATING,), target=State.AGREED,
               roles=MEDIATORS, basis="人民调解法第二十八条、第二十九条", required=("terms", "agreement_effective_on"),
               optional=("facts", "agreement_amount"), date_fields=("agreement_effective_on",),
               sets={"agreement_kind": AgreementKind.WRITTEN.value},
               sets_from_data=("agreement_effective_on", "agreement_amount"), multiline=("terms",),
               document="mediation_agreement",
               outcome="success", closes=True),
    Transition(code="agree_oral", label=_("达成口头调解协议"), sources=(State.MEDIATING,), target=State.AGREED,
               roles=MEDIATORS, basis="人民调解法第二十八条、第三十条", required=("terms",),
               optional=("agreement_amount",), sets={"agreement_kind": AgreementKind.ORAL.value},
               sets_from_data=("agreement_amount",), multiline=("terms",), document="oral_agreement_record",
               outcome="success", closes=True),
    Transition(code="terminate", label=_("调解不成，终止调解"), sources=(State.MEDIATING,), target=State.TERMINATED,
               roles=MEDIATORS, basis="人民调解法第二十六条", required=("reasons", "routes"),
               document="mediation_termination_notice", outcome="failed", closes=True),
    Transition(code="apply_confirmation", label=_("当事人共同申请司法确认"), sources=(State.AGREED,), target=None,
               roles=MEDIATORS, basis="人民调解法第三十三条", required=("court",),
               document="judicial_confirmation_application"),
    Transition(code="record_confirmation", label=_("登记司法确认结果"), sources=(State.AGREED,), target=None,
               roles=MEDIATORS, basis="民事诉讼法第二百零六条", required=("confirmation_result",),
               choices={"confirmation_result": CONFIRMATION}, sets_from_data=("confirmation_result",)),
    Transition(code="follow_up", label=_("回访"), sources=(State.AGREED,), target=None, roles=MEDIATORS,
               basis="人民调解法第三十一条（督促履行）", required=("performance", "record"),
               choices={"performance": PERFORMANCE}, sets_from_data=("performance",), repeatable=True),
)
# fmt: on

# fmt: off
CLOCKS = (
    Clock("mediation", _("调解期限（一般一个月）"), 30, Unit.CALENDAR_DAY, "人民调解工作若干规定第三十三条",
          starts_on=("accept",), stops_on=CLOSING, max_extension=30,
          extension_basis="经双方当事人同意可以适当延长（本机关上限30日）"),
    Clock("judicial_confirmation", _("申请司法确认"), 30, Unit.CALENDAR_DAY,
          "人民调解法第三十三条；民事诉讼法第二百零五条", starts_on=AGREED, stops_on=("apply_confirmation",),
          start_from_data="agreement_effective_on", advisory=True),
)
# fmt: on

PROCEDURE = Procedure(
    line=Line.MEDIATION,
    number_code="调",
    initial_state=State.RECEIVED,
    states=dict(State.choices),
    final_states=frozenset({State.DECLINED, State.AGREED, State.TERMINATED}),
    intake_roles=MEDIATORS,
    transitions=TRANSITIONS,
    clocks=CLOCKS,
    detail="mediation",
    roles=frozenset(Role) | frozenset(LineRole),
    facts=(
        "escalation_risk",
        "agreement_kind",
        "agreement_effective_on",
        "agreement_amount",
        "confirmation_result",
        "performance",
    ),
    fields={
        "reasons": text(_("理由")),
        "record": text(_("调解记录")),
        "consent": text(_("双方同意延期的记录")),
        "extension_days": integer(_("延长天数"), 1, 365),
        "reported_to": text(_("报告的公安机关"), 200),
        "measures": text(_("采取的预防措施")),
        "facts": text(_("纠纷主要事实、争议事项及各方责任（调解协议书载明，第二十九条）")),
        "terms": text(_("协议内容（履行方式、期限）")),
        "agreement_effective_on": day(_("协议生效日期（各方签名、盖章之日）")),
        "agreement_amount": amount(_("协议金额（元）")),
        "routes": text(_("已告知的其他途径（仲裁、行政、司法）")),
        "court": text(_("受理法院"), 200),
        "confirmation_result": text(_("司法确认结果"), 20),
        "performance": text(_("履行情况"), 20),
    },
)
