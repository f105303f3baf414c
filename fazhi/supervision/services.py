"""The supervision line's writes: a lead registered as a case, a health check from plan to verification, interviews
proposed from reconsideration's corrections and lost suits, scheduled, held and followed up.

Each function is atomic, refuses bad input with a Chinese `ValidationError` and nothing half-written, takes the row
it changes with `select_for_update` and refuses a write that names a `version` someone else has moved on from.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.models import Organisation, OrganisationKind
from fazhi.audit.context import acting_as
from fazhi.cases.fields import EARLIEST_DATE
from fazhi.cases.models import Case
from fazhi.cases.runner import PartyInput, case_open
from fazhi.supervision import signals
from fazhi.supervision.choices import LINE, CheckState, FindingItem, InterviewState, Source
from fazhi.supervision.models import Finding, HealthCheck, HealthCheckPlan, Interview

MAX_DAYS = 365


# ------------------------------------------------------------------------------------------------ supervision cases
@dataclass
class Lead:
    """A lead (线索): where it came from, the agency it concerns, the matter, the day it was received; whether the
    dispute is already in reconsideration or litigation (art. 33 ¶3) if known at intake."""

    source: str
    agency: Organisation
    title: str
    matter: str
    received_on: date
    informant: str = ""
    in_review_or_litigation: bool = False
    parallel_proceedings: str = ""
    channel: str = "walk_in"


def case_register(*, organisation: Organisation, lead: Lead, actor) -> Case:
    """Register a lead as a supervision case of `organisation` (the supervision body); the agency concerned is a
    party (被监督机关), the informant, if any, another."""
    if lead.source not in Source.values:
        raise ValidationError(_("请选择线索来源。"))
    if lead.agency.kind != OrganisationKind.ENFORCEMENT_AGENCY:
        raise ValidationError(_("被监督单位应为行政执法机关。"))
    if lead.in_review_or_litigation and not lead.parallel_proceedings.strip():
        raise ValidationError(_("已进入行政复议或者行政诉讼的，请写明案件情况。"))
    parties = [PartyInput(role="respondent", name=lead.agency.name, kind="organisation")]
    if lead.informant.strip():
        parties.append(PartyInput(role="applicant", name=lead.informant.strip()[:100], kind="person"))
    return case_open(
        line=LINE,
        organisation=organisation,
        title=lead.title[:200],
        received_on=lead.received_on,
        actor=actor,
        channel=lead.channel,
        parties=tuple(parties),
        detail={
            "source": lead.source,
            "agency": lead.agency,
            "matter": lead.matter,
            "in_review_or_litigation": lead.in_review_or_litigation,
            "parallel_proceedings": lead.parallel_proceedings[:300],
        },
    )


# ---------------------------------------------------------------------------------------------- health checks
def _day(value: date, label: str, *, not_after_today: bool = True) -> date:
    if not isinstance(value, date):
        raise ValidationError(_("%(label)s格式应为 YYYY-MM-DD。") % {"label": label})
    if value < EARLIEST_DATE or (not_after_today and value > timezone.localdate()):
        raise ValidationError(_("%(label)s应在 1949-10-01 至今天之间。") % {"label": label})
    return value


def _locked(check: HealthCheck, version: int | None) -> HealthCheck:
    fresh = HealthCheck.objects.select_for_update().get(pk=check.pk)
    if version is not None and fresh.version != version:
        raise ValidationError(_("该体检记录已被他人修改，请刷新后重试，您填写的内容未保存。"))
    return fresh


def _save(check: HealthCheck, fields: list[str]) -> HealthCheck:
    check.version += 1
    check.save(update_fields=[*fields, "version"])
    return check


@transaction.atomic
def plan_create(
    *, organisation: Organisation, year: int, title: str, agencies: list[Organisation], actor, scope: str = ""
) -> HealthCheckPlan:
    """A year's plan and a check per department; the departments are enforcement agencies, each listed once."""
    if not 2000 <= int(year) <= 2099:
        raise ValidationError(_("年度应在2000至2099之间。"))
    if not title.strip():
        raise ValidationError(_("请填写方案名称。"))
    if not agencies:
        raise ValidationError(_("请至少选择一个受检部门。"))
    if any(a.kind != OrganisationKind.ENFORCEMENT_AGENCY for a in agencies):
        raise ValidationError(_("受检部门应为行政执法机关。"))
    if len({a.pk for a in agencies}) != len(agencies):
        raise ValidationError(_("受检部门重复。"))
    with acting_as(actor):
        plan = HealthCheckPlan.objects.create(
            organisation=organisation,
            region_id=organisation.region_id,
            year=year,
            title=title.strip()[:200],
            scope=scope,
            created_by=actor,
        )
        HealthCheck.objects.bulk_create([HealthCheck(plan=plan, agency=a) for a in agencies])
    return plan


@dataclass
class FindingInput:
    item: str
    conforming: bool
    problem: str = ""
    examined: int | None = None
    defective: int | None = None


@transaction.atomic
def check_record(
    *, check: HealthCheck, checked_on: date, findings: list[FindingInput], actor, version: int | None = None
) -> HealthCheck:
    """The findings of the check, one per item; a check with no problem closes, one with problems awaits its
    rectification notice. A 三项制度 item that does not conform states its problem."""
    check = _locked(check, version)
    if check.state != CheckState.PLANNED:
        raise ValidationError(_("该部门已检查，不能重复记录检查结果。"))
    _day(checked_on, _("检查日期"))
    if not findings:
        raise ValidationError(_("请至少记录一个检查项目的结果。"))
    items = [f.item for f in findings]
    if len(set(items)) != len(items):
        raise ValidationError(_("同一检查项目只能记录一次。"))
    for f in findings:
        if f.item not in FindingItem.values:
            raise ValidationError(_("未知的检查项目。"))
        if not f.conforming and not f.problem.strip():
            raise ValidationError(_("“%(item)s”不符合要求的，请写明发现的问题。") % {"item": FindingItem(f.item).label})
        if f.examined is not None and f.defective is not None and f.defective > f.examined:
            raise ValidationError(_("不符合数量不能大于抽查数量。"))
    with acting_as(actor):
        Finding.objects.bulk_create(
            [
                Finding(
                    check_record=check,
                    item=f.item,
                    conforming=f.conforming,
                    problem=f.problem.strip(),
                    examined=f.examined,
                    defective=f.defective,
                )
                for f in findings
            ]
        )
        check.checked_on = checked_on
        check.state = CheckState.CHECKED if any(not f.conforming for f in findings) else CheckState.CLOSED
        return _save(check, ["checked_on", "state"])


@transaction.atomic
def notice_issue(
    *, check: HealthCheck, notice_on: date, due_on: date, text: str, actor, version: int | None = None
) -> HealthCheck:
    """The rectification notice (整改通知) with the deadline the supervision body sets."""
    check = _locked(check, version)
    if check.state != CheckState.CHECKED:
        raise ValidationError(_("只有检查发现问题的部门才能下达整改通知。"))
    _day(notice_on, _("整改通知日期"))
    _day(due_on, _("整改期限"), not_after_today=False)
    if due_on <= notice_on:
        raise ValidationError(_("整改期限应晚于整改通知日期。"))
    if (due_on - notice_on).days > MAX_DAYS:
        raise ValidationError(_("整改期限不能超过一年。"))
    if not text.strip():
        raise ValidationError(_("请填写整改要求。"))
    if check.checked_on and notice_on < check.checked_on:
        raise ValidationError(_("整改通知日期不能早于检查日期。"))
    with acting_as(actor):
        check.notice_on, check.due_on, check.notice_text = notice_on, due_on, text.strip()
        check.state = CheckState.RECTIFYING
        return _save(check, ["notice_on", "due_on", "notice_text", "state"])


@transaction.atomic
def report_receive(
    *, check: HealthCheck, reported_on: date, text: str, actor, version: int | None = None
) -> HealthCheck:
    """The department's rectification report (整改报告)."""
    check = _locked(check, version)
    if check.state != CheckState.RECTIFYING:
        raise ValidationError(_("该部门当前没有待报送的整改。"))
    _day(reported_on, _("整改报告日期"))
    if check.notice_on and reported_on < check.notice_on:
        raise ValidationError(_("整改报告日期不能早于整改通知日期。"))
    if not text.strip():
        raise ValidationError(_("请填写整改报告内容。"))
    with acting_as(actor):
        check.reported_on, check.report_text, check.state = reported_on, text.strip(), CheckState.REPORTED
        return _save(check, ["reported_on", "report_text", "state"])


@transaction.atomic
def rectification_verify(
    *,
    check: HealthCheck,
    verified_on: date,
    passed: bool,
    opinion: str,
    actor,
    due_on: date | None = None,
    version: int | None = None,
) -> HealthCheck:
    """Verification (验收): passed closes the check; not passed sends it back with a new deadline."""
    check = _locked(check, version)
    if check.state != CheckState.REPORTED:
        raise ValidationError(_("收到整改报告后才能验收。"))
    _day(verified_on, _("验收日期"))
    if check.reported_on and verified_on < check.reported_on:
        raise ValidationError(_("验收日期不能早于整改报告日期。"))
    if not opinion.strip():
        raise ValidationError(_("请填写验收意见。"))
    with acting_as(actor):
        if passed:
            check.verified_on, check.verification, check.state = verified_on, opinion.strip(), CheckState.VERIFIED
            return _save(check, ["verified_on", "verification", "state"])
        if due_on is None or due_on <= verified_on:
            raise ValidationError(_("验收未通过的，请重新确定晚于验收日期的整改期限。"))
        check.notice_text = f"{check.notice_text}\n{opinion.strip()}"
        check.due_on, check.reported_on, check.report_text = due_on, None, ""
        check.state = CheckState.RECTIFYING
        return _save(check, ["notice_text", "due_on", "reported_on", "report_text", "state"])


# -------------------------------------------------------------------------------------------------- interviews
@transaction.atomic
def interviews_propose(
    *, organisation: Organisation, start: date, end: date, actor=None, threshold: int = 1
) -> list[Interview]:
    """Propose an interview of each agency of the body's region whose decisions reconsideration corrected, or
    whose suits after reconsideration were lost, in [start, end], `threshold` times or more (signals.py reads
    them without importing that line). An agency already proposed for the same period is not proposed again."""
    if end < start:
        raise ValidationError(_("统计截止日期不能早于起始日期。"))
    counts = signals.corrections_by_agency(organisation.region_id, start, end)
    existing = set(
        Interview.objects.filter(organisation=organisation, period_start=start, period_end=end).values_list(
            "agency_id", flat=True
        )
    )
    new = [
        Interview(
            organisation=organisation,
            region_id=organisation.region_id,
            agency_id=agency_id,
            period_start=start,
            period_end=end,
            corrected=corrected,
            lost_suits=lost,
        )
        for agency_id, (corrected, lost) in sorted(counts.items())
        if corrected + lost >= threshold and agency_id not in existing
    ]
    with acting_as(actor):
        return Interview.objects.bulk_create(new)


def _locked_interview(interview: Interview, version: int | None) -> Interview:
    fresh = Interview.objects.select_for_update().get(pk=interview.pk)
    if version is not None and fresh.version != version:
        raise ValidationError(_("该约谈记录已被他人修改，请刷新后重试，您填写的内容未保存。"))
    return fresh


def _save_interview(interview: Interview, fields: list[str]) -> Interview:
    interview.version += 1
    interview.save(update_fields=[*fields, "version"])
    return interview


@transaction.atomic
def interview_schedule(
    *, interview: Interview, on: date, head_name: str, actor, version: int | None = None
) -> Interview:
    """A proposal becomes an interview when staff schedule it: the day and the head to be interviewed."""
    interview = _locked_interview(interview, version)
    if interview.state not in (InterviewState.PROPOSED, InterviewState.SCHEDULED):
        raise ValidationError(_("该约谈已举行或已不予约谈，不能再安排。"))
    _day(on, _("约谈日期"), not_after_today=False)
    if on < interview.period_start:
        raise ValidationError(_("约谈日期不能早于统计起始日期。"))
    if not head_name.strip():
        raise ValidationError(_("请填写被约谈负责人。"))
    with acting_as(actor):
        interview.scheduled_on, interview.head_name = on, head_name.strip()[:50]
        interview.state = InterviewState.SCHEDULED
        return _save_interview(interview, ["scheduled_on", "head_name", "state"])


@transaction.atomic
def interview_hold(*, interview: Interview, on: date, minutes: str, actor, version: int | None = None) -> Interview:
    """The interview held, with its minutes (约谈记录)."""
    interview = _locked_interview(interview, version)
    if interview.state != InterviewState.SCHEDULED:
        raise ValidationError(_("请先安排约谈。"))
    _day(on, _("实际约谈日期"))
    if on < interview.period_start:
        raise ValidationError(_("约谈日期不能早于统计起始日期。"))
    if not minutes.strip():
        raise ValidationError(_("请填写约谈记录。"))
    with acting_as(actor):
        interview.held_on, interview.minutes, interview.state = on, minutes.strip(), InterviewState.HELD
        return _save_interview(interview, ["held_on", "minutes", "state"])


@transaction.atomic
def interview_follow_up(*, interview: Interview, on: date, text: str, actor, version: int | None = None) -> Interview:
    """What the agency did after the interview (跟踪落实)."""
    interview = _locked_interview(interview, version)
    if interview.state != InterviewState.HELD:
        raise ValidationError(_("约谈举行后才能记录跟踪落实情况。"))
    _day(on, _("跟踪日期"))
    if interview.held_on and on < interview.held_on:
        raise ValidationError(_("跟踪日期不能早于约谈日期。"))
    if not text.strip():
        raise ValidationError(_("请填写跟踪落实情况。"))
    with acting_as(actor):
        interview.follow_up_on, interview.follow_up = on, text.strip()
        return _save_interview(interview, ["follow_up_on", "follow_up"])


@transaction.atomic
def interview_dismiss(*, interview: Interview, reason: str, actor, version: int | None = None) -> Interview:
    """A proposal staff decide not to pursue, with the reason."""
    interview = _locked_interview(interview, version)
    if interview.state != InterviewState.PROPOSED:
        raise ValidationError(_("只有建议约谈的记录可以不予约谈。"))
    if not reason.strip():
        raise ValidationError(_("请填写不予约谈的理由。"))
    with acting_as(actor):
        interview.reason, interview.state = reason.strip(), InterviewState.DISMISSED
        return _save_interview(interview, ["reason", "state"])
