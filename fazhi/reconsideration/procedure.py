"""行政复议 under the Administrative Reconsideration Law (2023-09-01, in force 2024-01-01) as data.

Periods of 3, 5, 7 and 10 days in this law are working days (art. 88 ¶2); others are calendar days.
This is the acceptance stage, the decision clock with its extension, and suspension; the hearing,
committee, simplified-procedure and mediation steps are declared by the reconsideration issue.
"""

from django.utils.translation import gettext_lazy as _

from fazhi.cases.procedure import SYSTEM, AutoTransition, Clock, Procedure, Transition
from fazhi.core.lines import Line
from fazhi.core.workdays import Unit

REGISTRAR, HANDLER, HEAD, LEADER = "registrar", "handler", "section_head", "leader"
STAFF = frozenset({REGISTRAR, HANDLER, HEAD})

STATES = {
    "received": _("待审查"),
    "correction_requested": _("待补正"),
    "accepted": _("已受理"),
    "suspended": _("已中止"),
    "not_accepted": _("不予受理"),
    "abandoned": _("视为放弃"),
    "decided": _("已决定"),
    "terminated": _("已终止"),
}

TRANSITIONS = (
    Transition(
        "request_correction",
        _("补正通知"),
        ("received",),
        "correction_requested",
        STAFF,
        "行政复议法第三十一条第一款",
        required=("items",),
        document="补正通知书",
    ),
    Transition(
        "correction_received",
        _("收到补正材料"),
        ("correction_requested",),
        "received",
        STAFF,
        "行政复议法第三十一条第二款",
    ),
    Transition(
        "correction_lapsed",
        _("逾期未补正，视为放弃"),
        ("correction_requested",),
        "abandoned",
        frozenset({SYSTEM}),
        "行政复议法第三十一条第二款",
        outcome="abandoned",
        closes=True,
    ),
    Transition(
        "accept",
        _("受理"),
        ("received",),
        "accepted",
        STAFF,
        "行政复议法第三十条第一款",
        document="受理通知书",
        accepts=True,
    ),
    Transition(
        "deemed_accept",
        _("审查期限届满，视为受理"),
        ("received",),
        "accepted",
        frozenset({SYSTEM}),
        "行政复议法第三十条第三款",
        accepts=True,
    ),
    Transition(
        "not_accept",
        _("不予受理"),
        ("received",),
        "not_accepted",
        frozenset({HEAD, LEADER}),
        "行政复议法第三十条第二款",
        required=("reasons",),
        document="不予受理决定书",
        outcome="not_accepted",
        closes=True,
    ),
    Transition(
        "extend_decision",
        _("延期审理"),
        ("accepted",),
        None,
        frozenset({HEAD, LEADER}),
        "行政复议法第六十二条第一款",
        required=("reasons",),
        document="延期审理通知书",
        extends="decision",
    ),
    Transition(
        "suspend",
        _("中止"),
        ("accepted",),
        "suspended",
        frozenset({HEAD, LEADER}),
        "行政复议法第三十九条",
        required=("ground",),
        document="中止通知书",
    ),
    Transition(
        "resume",
        _("恢复审理"),
        ("suspended",),
        "accepted",
        frozenset({HEAD, LEADER}),
        "行政复议法第三十九条、第四十条",
        document="恢复审理通知书",
    ),
    Transition(
        "decide",
        _("作出复议决定"),
        ("accepted",),
        "decided",
        frozenset({HEAD, LEADER}),
        "行政复议法第六十一条至第七十二条",
        required=("decision",),
        document="行政复议决定书",
        closes=True,
    ),
    Transition(
        "terminate",
        _("终止"),
        ("accepted", "suspended"),
        "terminated",
        frozenset({HEAD, LEADER}),
        "行政复议法第四十一条",
        required=("ground",),
        document="终止通知书",
        outcome="terminated",
        closes=True,
    ),
)

CLOCKS = (
    Clock("application", _("申请期限"), 60, Unit.CALENDAR_DAY, "行政复议法第二十条第一款"),
    Clock(
        "acceptance_review",
        _("受理审查"),
        5,
        Unit.WORKING_DAY,
        "行政复议法第三十条第一款",
        starts_on=("received", "correction_received"),
        stops_on=("accept", "deemed_accept", "not_accept", "request_correction"),
    ),
    Clock(
        "correction",
        _("补正期限"),
        10,
        Unit.WORKING_DAY,
        "行政复议法第三十一条第一款",
        starts_on=("request_correction",),
        stops_on=("correction_received", "correction_lapsed"),
    ),
    Clock("copy_to_respondent", _("发送申请书副本"), 7, Unit.WORKING_DAY, "行政复议法第四十八条"),
    Clock("reply", _("被申请人答复"), 10, Unit.WORKING_DAY, "行政复议法第四十八条"),
    Clock("hearing_notice", _("听证通知"), 5, Unit.WORKING_DAY, "行政复议法第五十一条"),
    Clock(
        "decision",
        _("复议决定"),
        60,
        Unit.CALENDAR_DAY,
        "行政复议法第六十二条第一款",
        starts_on=("accept", "deemed_accept"),
        stops_on=("decide", "terminate"),
        pauses_on=("suspend",),
        resumes_on=("resume",),
        max_extension=30,
        extension_basis="行政复议法第六十二条第一款",
    ),
    Clock("decision_simplified", _("复议决定（简易程序）"), 30, Unit.CALENDAR_DAY, "行政复议法第六十二条第二款"),
)

PROCEDURE = Procedure(
    line=Line.RECONSIDERATION,
    number_code="复",
    initial_state="received",
    states=STATES,
    final_states=frozenset({"not_accepted", "abandoned", "decided", "terminated"}),
    transitions=TRANSITIONS,
    clocks=CLOCKS,
    auto=(
        AutoTransition("acceptance_review", "deemed_accept", "行政复议法第三十条第三款"),
        AutoTransition("correction", "correction_lapsed", "行政复议法第三十一条第二款"),
    ),
)
