"""The test-only line's rules as data: three steps, one clock (modelled on 行政许可法 arts. 32, 38, 42)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fazhi.accounts.models import Role
from fazhi.cases.procedure import Clock, Procedure, Transition
from fazhi.core.workdays import Unit
from fazhi.tests.sampleline.choices import LINE, LineRole, State

HANDLERS = frozenset({Role.HANDLER, Role.SECTION_HEAD, LineRole.INSPECTOR})

TRANSITIONS = (
    Transition(
        code="accept",
        label=_("受理"),
        sources=(State.RECEIVED,),
        target=State.ACCEPTED,
        roles=HANDLERS,
        basis="示例：行政许可法第三十二条",
        accepts=True,
    ),
    Transition(
        code="grant",
        label=_("准予"),
        sources=(State.ACCEPTED,),
        target=State.GRANTED,
        roles=HANDLERS,
        basis="示例：行政许可法第三十八条第一款",
        document="sample_decision",
        outcome="granted",
        closes=True,
    ),
    Transition(
        code="refuse",
        label=_("不予准予"),
        sources=(State.ACCEPTED,),
        target=State.REFUSED,
        roles=HANDLERS,
        basis="示例：行政许可法第三十八条第二款",
        outcome="refused",
        closes=True,
    ),
)

CLOCKS = (
    Clock(
        key="decision",
        label=_("作出决定"),
        amount=20,
        unit=Unit.WORKING_DAY,
        basis="示例：行政许可法第四十二条",
        starts_on=("accept",),
        stops_on=("grant", "refuse"),
    ),
)

PROCEDURE = Procedure(
    line=LINE,
    number_code="示",
    initial_state=State.RECEIVED,
    states=dict(State.choices),
    final_states=frozenset({State.GRANTED, State.REFUSED}),
    transitions=TRANSITIONS,
    clocks=CLOCKS,
    roles=frozenset(Role) | frozenset(LineRole),
)
