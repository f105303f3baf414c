"""人民调解 under the People's Mediation Law (2010, in force 2011-01-01) as data.

The law has no working-day clause, so its periods are calendar days counted under 民事诉讼法 art. 85.
Committees, mediators and the full dispute record are declared by the mediation issue.
"""

from django.utils.translation import gettext_lazy as _

from fazhi.cases.procedure import Clock, Procedure, Transition
from fazhi.core.lines import Line
from fazhi.core.workdays import Unit

MEDIATORS = frozenset({"mediator", "handler", "registrar"})

PROCEDURE = Procedure(
    line=Line.MEDIATION,
    number_code="调",
    initial_state="received",
    states={
        "received": _("待受理"),
        "mediating": _("调解中"),
        "declined": _("不予调解"),
        "agreed": _("调解成功"),
        "terminated": _("终止调解"),
    },
    final_states=frozenset({"declined", "agreed", "terminated"}),
    intake_roles=MEDIATORS,
    transitions=(
        Transition("accept", _("受理调解"), ("received",), "mediating", MEDIATORS, "人民调解法第十七条", accepts=True),
        Transition(
            "decline",
            _("当事人拒绝调解"),
            ("received",),
            "declined",
            MEDIATORS,
            "人民调解法第十七条",
            outcome="declined",
            closes=True,
        ),
        Transition(
            "agree",
            _("达成调解协议"),
            ("mediating",),
            "agreed",
            MEDIATORS,
            "人民调解法第二十八条、第二十九条",
            required=("agreement",),
            document="mediation_agreement",
            outcome="success",
            closes=True,
        ),
        Transition(
            "terminate",
            _("终止调解"),
            ("mediating",),
            "terminated",
            MEDIATORS,
            "人民调解法第二十六条",
            required=("reasons",),
            document="mediation_termination_notice",
            outcome="failed",
            closes=True,
        ),
    ),
    clocks=(
        Clock(
            "judicial_confirmation",
            _("申请司法确认"),
            30,
            Unit.CALENDAR_DAY,
            "人民调解法第三十三条；民事诉讼法第二百零五条",
            starts_on=("agree",),
        ),
    ),
)
