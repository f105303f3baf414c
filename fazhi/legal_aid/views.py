"""Legal-aid workbench pages: authenticate → scope → permission → call a service or selector → render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts import access
from fazhi.audit.services import access_record, accessed, records_access, sensitive_panel
from fazhi.cases.runner import TransitionError, TransitionForbidden
from fazhi.cases.views import staff_required
from fazhi.core.crypto import SEARCH_TOKEN_PREFIX
from fazhi.legal_aid import selectors
from fazhi.legal_aid.forms import ConsultationFilter, ConsultationForm, IntakeForm
from fazhi.legal_aid.models import Consultation
from fazhi.legal_aid.services import aid_application_register

# The legal-aid panel of the case page shows the applicant's economic situation (income, means-test assessment):
# every read of such a case page says so in its access record.
sensitive_panel("legal_aid", "申请人经济状况")


@records_access("view", what="legal_aid.consultation")
@staff_required
def consultation_list(request: HttpRequest) -> HttpResponse:
    """Consultations in my legal-aid regions, filterable by date and channel, with the quick form on top."""
    if not access.can_read(request.user, selectors.LINE):
        raise PermissionDenied
    phone = request.GET.get("phone", "").strip()
    if phone and not phone.startswith(SEARCH_TOKEN_PREFIX):
        # a caller's full phone leaves the URL (links, history, the access record): its blind-index token instead
        query = request.GET.copy()
        query["phone"] = selectors.phone_token(phone) or SEARCH_TOKEN_PREFIX  # a bare "~" matches nothing
        return redirect(f"{request.path}?{query.urlencode()}")
    filters = ConsultationFilter(request.GET or None)
    criteria = filters.cleaned_data if filters.is_bound and filters.is_valid() else {}
    qs = selectors.consultation_list(
        user=request.user,
        on_from=criteria.get("on_from"),
        on_to=criteria.get("on_to"),
        channel=criteria.get("channel", ""),
        phone=criteria.get("phone", ""),
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    accessed(  # the list shows who asked and their phone number
        request,
        object_type="legal_aid.consultation",
        page=page.number,
        ids=",".join(str(c.pk) for c in page),
        **{k: v for k, v in criteria.items() if v},
    )
    query = request.GET.copy()
    query.pop("page", None)
    organisations = selectors.consultation_organisations(request.user)
    form = ConsultationForm(organisations=organisations) if organisations else None
    context = {"page": page, "filter": filters, "query": query.urlencode(), "form": form}
    return render(request, "legal_aid/consultation_list.html", context)


@staff_required
def consultation_create(request: HttpRequest) -> HttpResponse:
    """Record a consultation (walk-in, 12348 hotline, online): a light record, not a case (art. 22 (1))."""
    organisations = selectors.consultation_organisations(request.user)
    if not organisations:
        raise PermissionDenied(_("仅法律援助机构的登记员、承办人、科室负责人可以登记法律咨询。"))
    form = ConsultationForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        consultation = form.save(handled_by=request.user)
        messages.success(request, _("已登记法律咨询：%(c)s") % {"c": consultation})
        return redirect("legal_aid:consultation_list")
    return render(request, "legal_aid/consultation_form.html", {"form": form})


def _consultation(request: HttpRequest) -> Consultation | None:
    """The consultation an application starts from (?consultation=<id>), in the user's scope, or 404."""
    pk = request.GET.get("consultation") or request.POST.get("consultation")
    if not pk:
        return None
    try:
        return selectors.consultation_list(user=request.user).get(pk=int(pk))
    except (ValueError, Consultation.DoesNotExist):
        raise Http404 from None


@staff_required
def intake(request: HttpRequest) -> HttpResponse:
    """Register an application (own, forwarded or notified) with its eligibility assessment beside it."""
    if not selectors.may_register(request.user):
        raise PermissionDenied(_("仅法律援助机构的登记员、承办人可以登记法律援助申请。"))
    organisations = selectors.intake_organisations(request.user)
    consultation = _consultation(request)
    form = IntakeForm(request.POST or None, organisations=organisations, consultation=consultation)
    if consultation is not None and consultation.phone and not form.is_bound:
        # The form is filled in from the consultation, the caller's phone in full (it becomes the applicant's):
        # the intake staff need it, and the read is recorded like a party's reveal.
        access_record(request=request, action="reveal", obj=consultation, field="phone")
    if request.method == "POST" and form.is_valid():
        try:
            case = aid_application_register(
                organisation=form.cleaned_data["organisation"], application=form.application(), actor=request.user
            )
        except TransitionForbidden as exc:
            raise PermissionDenied(str(exc)) from exc
        except ValidationError as exc:  # a model rule the form did not foresee: keep the input, show the reason
            form.add_error(None, "；".join(exc.messages))
        except TransitionError as exc:  # the kernel's own rule (a receipt date out of range): the same
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已登记法律援助申请：%(number)s") % {"number": case.number})
            return redirect("cases:case_detail", pk=case.pk)
    return render(request, "legal_aid/case_intake.html", {"form": form, "consultation": consultation})


@staff_required
def standards(request: HttpRequest) -> HttpResponse:
    """The economic-hardship standard in force today for the region of each of my legal-aid organisations."""
    if not access.can_read(request.user, selectors.LINE):
        raise PermissionDenied
    today = timezone.localdate()
    rows = selectors.standards_in_force(user=request.user, on=today)
    return render(request, "legal_aid/standard_list.html", {"rows": rows, "today": today})
