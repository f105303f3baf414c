"""Supervision workbench pages: authenticate → scope → permission → call a service or selector → render.

Cases are the kernel's (their page is the kernel's case page, with this line's panel); the line's own pages list
them, register leads, and keep the health checks and interviews.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from fazhi.cases.models import Case
from fazhi.cases.runner import TransitionError, TransitionForbidden
from fazhi.cases.views import staff_required
from fazhi.supervision import forms, selectors, services, signals
from fazhi.supervision.choices import CheckState, InterviewState, Source
from fazhi.supervision.models import HealthCheck, HealthCheckPlan, Interview
from fazhi.supervision.procedure import State


def _readable(request: HttpRequest) -> None:
    if not selectors.may_read(request.user):
        raise PermissionDenied


@staff_required
def case_list(request: HttpRequest) -> HttpResponse:
    """The supervision cases in my scope, newest first, filterable by state and source."""
    _readable(request)
    state = request.GET.get("state", "") if request.GET.get("state", "") in State.values else ""
    source = request.GET.get("source", "") if request.GET.get("source", "") in Source.values else ""
    page = Paginator(selectors.case_list(user=request.user, state=state, source=source), 50).get_page(
        request.GET.get("page")
    )
    context = {"page": page, "states": State.choices, "sources": Source.choices, "state": state, "source": source}
    return render(request, "supervision/case_list.html", context)


@staff_required
def intake(request: HttpRequest) -> HttpResponse:
    """Register a lead (线索): a complaint, a referral or a finding of the supervision body."""
    if not selectors.may_register(request.user):
        raise PermissionDenied(_("仅行政执法监督机构的工作人员可以登记监督线索。"))
    form = forms.IntakeForm(
        request.POST or None,
        organisations=selectors.intake_organisations(request.user),
        agencies=selectors.agencies(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_register(
                organisation=form.cleaned_data["organisation"], lead=form.lead(), actor=request.user
            )
        except TransitionForbidden as exc:
            raise PermissionDenied(str(exc)) from exc
        except ValidationError as exc:
            form.add_error(None, "；".join(exc.messages))
        except TransitionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已登记监督线索：%(number)s") % {"number": case.number})
            return redirect("cases:case_detail", pk=case.pk)
    return render(request, "supervision/case_intake.html", {"form": form})


# ---------------------------------------------------------------------------------------------- health checks
@staff_required
def plan_list(request: HttpRequest) -> HttpResponse:
    _readable(request)
    plans = selectors.plan_list(request.user)
    return render(request, "supervision/plan_list.html", {"plans": plans, "may_work": selectors.may_work(request.user)})


@staff_required
def plan_new(request: HttpRequest) -> HttpResponse:
    """A year's plan: the departments to check."""
    if not selectors.may_work(request.user):
        raise PermissionDenied(_("仅行政执法监督机构的工作人员可以制定法治体检方案。"))
    form = forms.PlanForm(
        request.POST or None,
        organisations=selectors.working_organisations(request.user),
        agencies=selectors.agencies(request.user),
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            plan = services.plan_create(
                organisation=d["organisation"],
                year=d["year"],
                title=d["title"],
                agencies=list(d["agencies"]),
                scope=d["scope"],
                actor=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, "；".join(exc.messages))
        else:
            messages.success(request, _("已制定法治体检方案。"))
            return redirect("supervision:plan_detail", pk=plan.pk)
    return render(request, "supervision/plan_form.html", {"form": form})


def _plan(request: HttpRequest, pk: int) -> HealthCheckPlan:
    _readable(request)
    plan = selectors.plan_list(request.user).filter(pk=pk).first()
    if plan is None:
        raise Http404(_("未找到该法治体检方案。"))
    return plan


@staff_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    context = {
        "plan": plan,
        "checks": selectors.checks_of(request.user, plan),
        "may_write": selectors.may_write_in(request.user, plan.organisation_id),
    }
    return render(request, "supervision/plan_detail.html", context)


# each step of a check: (form, service, the keyword arguments it takes from the form, the state it is offered in)
def _findings(check, form, user):
    return services.check_record(
        check=check, checked_on=form.cleaned_data["checked_on"], findings=form.findings(), actor=user
    )


def _notice(check, form, user):
    d = form.cleaned_data
    return services.notice_issue(check=check, notice_on=d["notice_on"], due_on=d["due_on"], text=d["text"], actor=user)


def _report(check, form, user):
    d = form.cleaned_data
    return services.report_receive(check=check, reported_on=d["reported_on"], text=d["text"], actor=user)


def _verify(check, form, user):
    d = form.cleaned_data
    return services.rectification_verify(
        check=check,
        verified_on=d["verified_on"],
        passed=d["passed"] == "yes",
        opinion=d["opinion"],
        due_on=d["due_on"],
        actor=user,
    )


CHECK_STEPS = {
    "findings": (forms.FindingsForm, _findings, CheckState.PLANNED),
    "notice": (forms.NoticeForm, _notice, CheckState.CHECKED),
    "report": (forms.ReportForm, _report, CheckState.RECTIFYING),
    "verify": (forms.VerifyForm, _verify, CheckState.REPORTED),
}


@staff_required
def check_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One department's check: its findings, and the form of the step its state offers."""
    _readable(request)
    check = (
        HealthCheck.objects.visible_to(request.user)
        .select_related("plan", "agency")
        .prefetch_related("findings")
        .filter(pk=pk)
        .first()
    )
    if check is None:
        raise Http404(_("未找到该体检记录。"))
    may_write = selectors.may_write_in(request.user, check.plan.organisation_id)
    step = next((name for name, (_f, _s, state) in CHECK_STEPS.items() if state == check.state), "")
    form = None
    if step and may_write:
        form_class, service, _state = CHECK_STEPS[step]
        form = form_class(request.POST or None)
        if request.method == "POST":
            if request.POST.get("step") != step:
                messages.error(request, _("该体检记录的状态已经变化，请核对后重新提交。"))
                return redirect("supervision:check_detail", pk=check.pk)
            if form.is_valid():
                try:
                    service(check, form, request.user)
                except ValidationError as exc:
                    form.add_error(None, "；".join(exc.messages))
                else:
                    messages.success(request, _("已保存。"))
                    return redirect("supervision:check_detail", pk=check.pk)
    elif request.method == "POST":
        raise PermissionDenied(_("您无权修改该体检记录。"))
    context = {"check": check, "form": form, "step": step, "may_write": may_write}
    return render(request, "supervision/check_detail.html", context)


# -------------------------------------------------------------------------------------------------- interviews
@staff_required
def interview_list(request: HttpRequest) -> HttpResponse:
    """Interviews proposed, scheduled and held; a supervision body's staff propose those a period calls for."""
    _readable(request)
    organisations = selectors.working_organisations(request.user) if selectors.may_work(request.user) else None
    form = forms.ProposeForm(request.POST or None, organisations=organisations) if organisations is not None else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(_("仅行政执法监督机构的工作人员可以生成约谈建议。"))
        if form.is_valid():
            d = form.cleaned_data
            try:
                made = services.interviews_propose(
                    organisation=d["organisation"], start=d["start"], end=d["end"], actor=request.user
                )
            except ValidationError as exc:
                form.add_error(None, "；".join(exc.messages))
            else:
                messages.success(request, _("新生成约谈建议%(n)s条。") % {"n": len(made)})
                return redirect("supervision:interview_list")
    state = request.GET.get("state", "") if request.GET.get("state", "") in InterviewState.values else ""
    page = Paginator(selectors.interview_list(request.user, state), 50).get_page(request.GET.get("page"))
    context = {"page": page, "form": form, "states": InterviewState.choices, "state": state}
    return render(request, "supervision/interview_list.html", context)


def _schedule(interview, form, user):
    d = form.cleaned_data
    return services.interview_schedule(interview=interview, on=d["on"], head_name=d["head_name"], actor=user)


def _hold(interview, form, user):
    d = form.cleaned_data
    return services.interview_hold(interview=interview, on=d["on"], minutes=d["minutes"], actor=user)


def _follow(interview, form, user):
    d = form.cleaned_data
    return services.interview_follow_up(interview=interview, on=d["on"], text=d["text"], actor=user)


def _dismiss(interview, form, user):
    return services.interview_dismiss(interview=interview, reason=form.cleaned_data["reason"], actor=user)


INTERVIEW_STEPS = {
    "schedule": (forms.ScheduleForm, _schedule, (InterviewState.PROPOSED, InterviewState.SCHEDULED)),
    "dismiss": (forms.DismissForm, _dismiss, (InterviewState.PROPOSED,)),
    "hold": (forms.HoldForm, _hold, (InterviewState.SCHEDULED,)),
    "follow_up": (forms.FollowUpForm, _follow, (InterviewState.HELD,)),
}


@staff_required
def interview_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _readable(request)
    interview = (
        Interview.objects.visible_to(request.user).select_related("agency", "organisation").filter(pk=pk).first()
    )
    if interview is None:
        raise Http404(_("未找到该约谈记录。"))
    may_write = selectors.may_write_in(request.user, interview.organisation_id)
    offered = [name for name, (_f, _s, states) in INTERVIEW_STEPS.items() if interview.state in states]
    step_forms = {name: INTERVIEW_STEPS[name][0]() for name in offered} if may_write else {}
    if request.method == "POST":
        step = request.POST.get("step", "")
        if not may_write:
            raise PermissionDenied(_("您无权修改该约谈记录。"))
        if step not in offered:
            messages.error(request, _("该约谈记录的状态已经变化，请核对后重新提交。"))
            return redirect("supervision:interview_detail", pk=interview.pk)
        form_class, service, _states = INTERVIEW_STEPS[step]
        form = form_class(request.POST)
        step_forms[step] = form
        if form.is_valid():
            try:
                service(interview, form, request.user)
            except ValidationError as exc:
                form.add_error(None, "；".join(exc.messages))
            else:
                messages.success(request, _("已保存。"))
                return redirect("supervision:interview_detail", pk=interview.pk)
    # the reconsideration cases behind the proposal, as far as the reader's own scope reaches them
    region, start, end = interview.region_id, interview.period_start, interview.period_end
    corrected = signals.corrected_cases(region, start, end, interview.agency_id)
    lost = signals.lost_suit_cases(region, start, end, interview.agency_id)
    cases = list(
        Case.objects.visible_to(request.user)
        .filter(Q(pk__in=corrected.values("pk")) | Q(pk__in=lost.values("pk")))
        .order_by("-closed_on", "-id")[:50]
    )
    labels = {"schedule": _("安排约谈"), "dismiss": _("不予约谈"), "hold": _("记录约谈"), "follow_up": _("跟踪落实")}
    context = {
        "interview": interview,
        "forms": [(name, labels[name], form) for name, form in step_forms.items()],
        "cases": cases,
    }
    return render(request, "supervision/interview_detail.html", context)
