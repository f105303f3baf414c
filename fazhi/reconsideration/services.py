"""Reconsideration writes that are more than one step: intake with its application-window warnings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from fazhi.accounts.models import Organisation
from fazhi.cases.models import Case
from fazhi.cases.runner import PartyInput, case_open
from fazhi.core.calendar import work_calendar
from fazhi.core.lines import Line
from fazhi.reconsideration.procedure import application_window_warnings


@dataclass
class Application:
    """What the registrar records at intake (walk-in, post, online or an oral application put on record)."""

    applicant: PartyInput
    act_description: str
    received_on: date
    respondent_agency: Organisation | None = None
    respondent_name: str = ""
    act_type: str = "other"
    act_on: date | None = None
    knew_on: date | None = None
    rights_notified: bool = True
    real_property: bool = False
    on_the_spot: bool = False
    amount: Decimal | None = None
    all_parties_agree_simplified: bool = False
    major_complex: bool = False
    enterprise_applicant: bool = False
    liaison_point: Organisation | None = None
    channel: str = "walk_in"
    third_parties: list[PartyInput] = field(default_factory=list)
    agents: list[PartyInput] = field(default_factory=list)


def reconsideration_intake(*, organisation: Organisation, application: Application, actor) -> Case:
    """Register an application; a late-looking one is registered with warnings for the reviewer (art. 20–21)."""
    a = application
    warnings = application_window_warnings(
        received_on=a.received_on,
        knew_on=a.knew_on,
        act_on=a.act_on,
        rights_notified=a.rights_notified,
        real_property=a.real_property,
        calendar=work_calendar(),
    )
    respondent_name = a.respondent_name or (a.respondent_agency.name if a.respondent_agency else "")
    parties = [a.applicant, *a.third_parties, *a.agents]
    if respondent_name:
        parties.append(PartyInput(role="respondent", name=respondent_name, kind="organisation"))
    return case_open(
        line=Line.RECONSIDERATION,
        organisation=organisation,
        title=f"{a.applicant.name}不服{respondent_name}{a.act_description}"[:200],
        received_on=a.received_on,
        actor=actor,
        channel=a.channel,
        parties=tuple(parties),
        data={"warnings": warnings} if warnings else None,
        detail={
            "respondent_agency": a.respondent_agency,
            "act_type": a.act_type,
            "act_description": a.act_description,
            "act_on": a.act_on,
            "knew_on": a.knew_on,
            "rights_notified": a.rights_notified,
            "real_property": a.real_property,
            "on_the_spot": a.on_the_spot,
            "amount": a.amount,
            "all_parties_agree_simplified": a.all_parties_agree_simplified,
            "major_complex": a.major_complex,
            "enterprise_applicant": a.enterprise_applicant,
            "liaison_point": a.liaison_point,
            "window_warnings": warnings,
        },
    )
