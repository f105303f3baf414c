"""Mediation writes beyond one step: registering a dispute, and the mediator's quick entry of a simple one."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction

from fazhi.accounts.models import Organisation
from fazhi.cases.models import Case
from fazhi.cases.runner import PartyInput, case_open, case_transition
from fazhi.core.lines import Line
from fazhi.core.models import Region
from fazhi.mediation.models import Campaign, Mediator


@dataclass
class Dispute:
    """What a mediator records about a dispute (art. 17–19, 25)."""

    parties: list[PartyInput]
    dispute_type: str
    summary: str
    received_on: date
    source: str = "application"
    amount: Decimal | None = None
    persons_involved: int = 2
    escalation_risk: bool = False
    campaign: Campaign | None = None
    mediator: Mediator | None = None
    mediator_chosen_by_parties: bool = False
    channel: str = "walk_in"
    region_code: str = ""
    extra: dict = field(default_factory=dict)


def dispute_register(*, organisation: Organisation, dispute: Dispute, actor) -> Case:
    """Register a dispute with its detail; the committee then accepts it or records a refusal."""
    d = dispute
    names = "、".join(p.name for p in d.parties if p.role == "applicant") or d.parties[0].name
    region = None
    if d.region_code:
        region = Region.objects.get(code=d.region_code)
    return case_open(
        line=Line.MEDIATION,
        organisation=organisation,
        region=region,
        title=f"{names}{d.summary}"[:200],
        received_on=d.received_on,
        actor=actor,
        channel=d.channel,
        parties=tuple(d.parties),
        data={"summary": d.summary},  # the summary as recorded, for the registration form (the title adds names)
        detail={
            "source": d.source,
            "dispute_type": d.dispute_type,
            "amount": d.amount,
            "persons_involved": d.persons_involved,
            "escalation_risk": d.escalation_risk,
            "campaign": d.campaign,
            "mediator": d.mediator,
            "mediator_chosen_by_parties": d.mediator_chosen_by_parties,
        },
    )


@dataclass
class QuickOutcome:
    """How a simple dispute ended on the day: an oral or written agreement, or termination."""

    kind: str  # agree_oral | agree_written | terminate
    on: date
    terms: str = ""
    agreement_amount: Decimal | None = None
    reasons: str = ""
    routes: str = ""


def dispute_quick_record(*, organisation: Organisation, dispute: Dispute, outcome: QuickOutcome, actor) -> Case:
    """The field mediator's one-screen entry: register, accept and close a simple dispute in one transaction.

    It takes the same statutory steps as the full workbench (受理, then 协议 or 终止), so the timeline, clocks and
    documents are the same as if each step had been taken on its own page.
    """
    with transaction.atomic():
        case = dispute_register(organisation=organisation, dispute=dispute, actor=actor)
        case = case_transition(case=case, code="accept", actor=actor, on=dispute.received_on)
        data: dict = {}
        if outcome.kind == "agree_written":
            data = {"terms": outcome.terms, "agreement_effective_on": outcome.on.isoformat()}
        elif outcome.kind == "agree_oral":
            data = {"terms": outcome.terms}
        else:
            data = {"reasons": outcome.reasons, "routes": outcome.routes}
        if outcome.agreement_amount is not None and outcome.kind != "terminate":
            data["agreement_amount"] = str(outcome.agreement_amount)
        return case_transition(case=case, code=outcome.kind, actor=actor, on=outcome.on, data=data)
