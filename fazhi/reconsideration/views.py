"""Reconsideration workbench pages: authenticate → scope → permission → call a service or selector → render."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts import access
from fazhi.cases.models import Case
from fazhi.cases.runner import TransitionError, TransitionForbidden
from fazhi.cases.views import staff_required
from fazhi.indicators.registry import Period
from fazhi.reconsideration import selectors
from fazhi.reconsideration.forms import IntakeForm, LitigationForm, month_start, year_of
from fazhi.reconsideration.indicators import by_respondent_agency
from fazhi.reconsideration.procedure import LITIGABLE_STATES
from fazhi.reconsideration.services import litigation_record, reconsideration_intake


@staff_required
def intake(request: HttpRequest) -> HttpResponse:
    """Register an application received at the window, by post, online or orally; late ones carry warnings."""
    if not selectors.may_register(request.user):
        raise PermissionDenied(_("仅行政复议机构的登记员、承办人可以登记行政复议申请。"))
    organisations = selectors.intake_organisations(request.user)
    form = IntakeForm(
        request.POST or None,
        organisations=organisations,
        agencies=selectors.respondent_agencies(request.user),
        liaison_points=selectors.liaison_points(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            case = reconsideration_intake(
                organisation=form.cleaned_data["organisation"], application=form.application(), actor=request.user
            )
        except TransitionForbidden as exc:
            raise PermissionDenied(str(exc)) from exc
        except ValidationError as exc:  # a model rule the form did not foresee: keep the input, show the reason
            form.add_error(None, "；".join(exc.messages))
        except TransitionError as exc:  # the kernel's own rule (a receipt date out of range): the same
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已登记行政复议申请：%(number)s") % {"number": case.number})
            for warning in case.reconsideration.window_warnings:
                messages.warning(request, warning)  # art. 20–21: the reviewer decides; registering is not refusing
            return redirect("cases:case_detail", pk=case.pk)
    return render(request, "reconsideration/case_intake.html", {"form": form})


def _month_or_today(request: HttpRequest, today: date) -> tuple[date, str]:
    try:
        return month_start(request.GET.get("month"), today), ""
    except ValueError:
        return today.replace(day=1), _("月份格式应为 YYYY-MM，已显示本月。")


@staff_required
def hearing_calendar(request: HttpRequest) -> HttpResponse:
    """Formal hearings scheduled in my scope for one month, by day, each linking to its case."""
    if not access.can_read(request.user, selectors.LINE):
        raise PermissionDenied
    month, error = _month_or_today(request, timezone.localdate())
    days = selectors.hearings_in_month(user=request.user, year=month.year, month=month.month)
    previous = (month - timedelta(days=1)).replace(day=1)
    following = (month + timedelta(days=31)).replace(day=1)
    context = {"month": month, "days": days, "previous": previous, "following": following, "error": error}
    return render(request, "reconsideration/hearing_calendar.html", context)


@staff_required
def litigation(request: HttpRequest, pk: int) -> HttpResponse:
    """The suits brought after one case's reconsideration: list, and add one (the office's staff only)."""
    try:
        case = selectors.litigation_case(request.user, pk)
    except Case.DoesNotExist:
        raise Http404 from None
    may_record = case.state in LITIGABLE_STATES and selectors.can_record_litigation(request.user, case)
    form = LitigationForm(request.POST or None, case=case)
    if request.method == "POST":
        if not selectors.can_record_litigation(request.user, case):
            raise PermissionDenied(_("您没有登记复议后行政诉讼的权限。"))
        if form.is_valid():
            try:
                litigation_record(case=case, actor=request.user, litigation=form.instance)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("已登记行政诉讼。"))
                return redirect("reconsideration:litigation", pk=case.pk)
    context = {
        "case": case,
        "litigations": case.litigations.select_related("recorded_by"),
        "form": form,
        "may_record": may_record,
        "litigable": case.state in LITIGABLE_STATES,
    }
    return render(request, "reconsideration/litigation_list.html", context)


@staff_required
def agencies(request: HttpRequest) -> HttpResponse:
    """Per respondent agency in my region: concluded, directly corrected and lost suits in one year."""
    prefix = access.broadest_region(request.user, selectors.LINE)
    if prefix is None:
        raise PermissionDenied
    today, error = timezone.localdate(), ""
    try:
        year = year_of(request.GET.get("year"), today)
    except ValueError:
        year, error = today.year, _("年份应为 2000 至 2100 之间的四位数字，已显示本年。")
    rows = by_respondent_agency(Period.year(year, prefix))
    context = {"year": year, "rows": rows, "error": error}
    return render(request, "reconsideration/agency_table.html", context)
