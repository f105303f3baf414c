"""法律援助 under the Legal Aid Law (2021, in force 2022-01-01) as data.

The law has no working-day clause, so its periods are calendar days counted under 民事诉讼法 art. 85.
Eligibility, assignment and closure detail are declared by the legal-aid issue.
"""

from django.utils.translation import gettext_lazy as _

from fazhi.cases.procedure import Clock, Procedure, Transition
from fazhi.core.lines import Line
from fazhi.core.workdays import Unit

STAFF = frozenset({"registrar", "handler", "section_head"})
HEADS = frozenset({"section_head", "leader"})

PROCEDURE = Procedure(
    line=Line.LEGAL_AID,
    number_code="援",
    initial_state="received",
    states={
        "received": _("待审查"),
        "granted": _("准予援助"),
        "refused": _("不予援助"),
        "assigned": _("已指派"),
        "closed": _("已结案"),
        "terminated": _("终止援助"),
    },
    final_states=frozenset({"refused", "closed", "terminated"}),
    transitions=(
        Transition(
            "grant",
            _("决定给予法律援助"),
            ("received",),
            "granted",
            HEADS,
            "法律援助法第四十三条",
            document="legal_aid_grant",
            accepts=True,
        ),
        Transition(
            "refuse",
            _("决定不予法律援助"),
            ("received",),
            "refused",
            HEADS,
            "法律援助法第四十三条",
            required=("reasons",),
            document="legal_aid_refusal",
            outcome="refused",
            closes=True,
        ),
        Transition(
            "assign",
            _("指派承办人员"),
            ("granted",),
            "assigned",
            STAFF,
            "法律援助法第四十三条",
            required=("lawyer",),
            document="assignment_letter",
        ),
        Transition(
            "close", _("结案"), ("assigned",), "closed", STAFF, "法律援助法第五十条", outcome="closed", closes=True
        ),
        Transition(
            "terminate",
            _("终止法律援助"),
            ("granted", "assigned"),
            "terminated",
            HEADS,
            "法律援助法第四十八条",
            required=("ground",),
            outcome="terminated",
            closes=True,
        ),
    ),
    clocks=(
        Clock(
            "review",
            _("审查决定"),
            7,
            Unit.CALENDAR_DAY,
            "法律援助法第四十三条",
            starts_on=("received",),
            stops_on=("grant", "refuse"),
        ),
        Clock(
            "assignment",
            _("指派"),
            3,
            Unit.CALENDAR_DAY,
            "法律援助法第四十三条",
            starts_on=("grant",),
            stops_on=("assign", "terminate"),
        ),
        Clock("objection", _("异议审查"), 5, Unit.CALENDAR_DAY, "法律援助法第四十九条"),
    ),
)
