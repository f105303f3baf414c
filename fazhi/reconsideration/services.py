"""Reconsideration writes that are more than one step: intake with its application-window warnings, and the
administrative suit that follows a reconsideration."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.access import step_roles
from fazhi.accounts.models import Organisation
from fazhi.cases.models import Case
from fazhi.cases.runner import PartyInput, case_open
from fazhi.core.calendar import work_calendar
from fazhi.core.lines import Line
from fazhi.reconsideration.models import Litigation
from fazhi.reconsideration.procedure import LITIGABLE_STATES, LITIGATION_RECORDERS, application_window_warnings


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


def litigation_record(*, case: Case, actor, litigation: Litigation) -> Litigation:
    """Record a suit brought after the reconsideration (行政复议法 art. 10 ¶1, 34; 行政诉讼法 art. 26).

    Only after a decision, a 调解书, a termination or a refusal to accept; only by the staff of the office that
    owns the case; dated after the case closed and not in the future, a judgment not before the filing.
    """
    if not LITIGATION_RECORDERS & step_roles(actor, line=case.line, organisation_id=case.organisation_id):
        raise PermissionDenied(_("您没有登记复议后行政诉讼的权限。"))
    if case.state not in LITIGABLE_STATES:
        raise ValidationError(_("本案尚未作出复议决定、调解结案或终止，不能登记复议后行政诉讼。"))
    errors: dict[str, str] = {}
    filed_on, judged_on, today = litigation.filed_on, litigation.judged_on, timezone.localdate()
    if filed_on and case.closed_on and filed_on < case.closed_on:
        errors["filed_on"] = _("起诉日期不能早于复议办结日期（%(d)s）。") % {"d": case.closed_on}
    elif filed_on and filed_on > today:
        errors["filed_on"] = _("起诉日期不能晚于今天。")
    if filed_on and judged_on and judged_on < filed_on:
        errors["judged_on"] = _("裁判日期不能早于起诉日期。")
    elif judged_on and judged_on > today:
        errors["judged_on"] = _("裁判日期不能晚于今天。")
    if litigation.result and litigation.result != "pending" and not judged_on:
        errors["judged_on"] = _("已有裁判结果的，请填写裁判日期。")
    if errors:
        raise ValidationError(errors)
    litigation.case, litigation.recorded_by = case, actor
    with transaction.atomic():
        litigation.full_clean()
        litigation.save()
    return litigation
