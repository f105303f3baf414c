"""Legality-review workbench pages: authenticate → scope → permission → call a service or selector → render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from fazhi.accounts import access
from fazhi.cases.runner import TransitionError, TransitionForbidden
from fazhi.cases.views import staff_required
from fazhi.legality import selectors
from fazhi.legality.choices import LINE, ReviewKind
from fazhi.legality.forms import IntakeForm
from fazhi.legality.procedure import State
from fazhi.legality.services import review_register


@staff_required
def review_list(request: HttpRequest) -> HttpResponse:
    """The reviews in my scope, newest first, filterable by kind and state."""
    if not access.can_read(request.user, LINE):
        raise PermissionDenied
    kind = request.GET.get("kind", "") if request.GET.get("kind", "") in ReviewKind.values else ""
    state = request.GET.get("state", "") if request.GET.get("state", "") in State.values else ""
    page = Paginator(selectors.review_list(user=request.user, kind=kind, state=state), 50).get_page(
        request.GET.get("page")
    )
    context = {"page": page, "kinds": ReviewKind.choices, "states": State.choices, "kind": kind, "state": state}
    return render(request, "legality/review_list.html", context)


@staff_required
def intake(request: HttpRequest) -> HttpResponse:
    """Register a request for review: a normative document, a major decision or a government contract."""
    if not selectors.may_register(request.user):
        raise PermissionDenied(_("仅合法性审核机构的审核人员可以登记审核申请。"))
    form = IntakeForm(request.POST or None, organisations=selectors.intake_organisations(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            case = review_register(
                organisation=form.cleaned_data["organisation"], request=form.request(), actor=request.user
            )
        except TransitionForbidden as exc:
            raise PermissionDenied(str(exc)) from exc
        except ValidationError as exc:  # a model rule the form did not foresee: keep the input, show the reason
            form.add_error(None, "；".join(exc.messages))
        except TransitionError as exc:  # the kernel's own rule (a receipt date out of range): the same
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已登记合法性审核申请：%(number)s") % {"number": case.number})
            return redirect("cases:case_detail", pk=case.pk)
    return render(request, "legality/case_intake.html", {"form": form})


@staff_required
def periods(request: HttpRequest) -> HttpResponse:
    """The review period each of my reviewing bodies gives each kind of request today, and its source."""
    if not access.can_read(request.user, LINE):
        raise PermissionDenied
    return render(request, "legality/period_list.html", {"rows": selectors.periods_in_force(request.user)})
