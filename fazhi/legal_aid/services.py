"""Legal-aid writes beyond one step: consultations, and applications registered with their eligibility assessment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from fazhi.accounts.models import Organisation
from fazhi.cases.models import Case
from fazhi.cases.runner import PartyInput, case_open
from fazhi.core.lines import Line
from fazhi.legal_aid.eligibility import assess
from fazhi.legal_aid.models import Consultation, HardshipStandardRecord


@dataclass
class AidApplication:
    """An application by the person, one forwarded within 24 hours, or a criminal case notified by the organ."""

    applicant: PartyInput
    case_category: str
    summary: str
    received_on: date
    route: str = "application"
    matter: str = ""
    no_means_test_ground: str = ""
    exemption_ground: str = ""
    monthly_income_per_capita: Decimal | None = None
    verification: str = ""
    forwarded_by: str = ""
    notifier: str = ""
    notified_ground: str = ""
    life_or_death: bool = False
    recipient_group: str = ""
    claim_kind: str = ""
    channel: str = "walk_in"
    consultation: Consultation | None = None


def aid_application_register(*, organisation: Organisation, application: AidApplication, actor) -> Case:
    """Register the application with the eligibility assessment (art. 31–34, 41–42) written beside it."""
    a = application
    facts: dict[str, Any] = {
        k: getattr(a, k)
        for k in (
            "route",
            "case_category",
            "matter",
            "no_means_test_ground",
            "exemption_ground",
            "monthly_income_per_capita",
            "verification",
            "notified_ground",
        )
    }
    standard = HardshipStandardRecord.for_region(organisation.region_id, a.received_on)
    result = assess(facts, standard)
    case = case_open(
        line=Line.LEGAL_AID,
        organisation=organisation,
        title=f"{a.applicant.name}：{a.summary}"[:200],
        received_on=a.received_on,
        actor=actor,
        channel="referral" if a.route != "application" else a.channel,
        parties=(a.applicant,),
        data={"assessment": result.explanation(), "qualifies": result.qualifies},
        detail={
            **{k: v for k, v in facts.items() if v is not None},
            "monthly_income_per_capita": a.monthly_income_per_capita,
            "forwarded_by": a.forwarded_by,
            "notifier": a.notifier,
            "life_or_death": a.life_or_death,
            "recipient_group": a.recipient_group,
            "claim_kind": a.claim_kind,
            "qualifies": result.qualifies,
            "assessment": result.explanation(),
        },
    )
    if a.consultation is not None:
        Consultation.objects.filter(pk=a.consultation.pk).update(application=case)
    return case
