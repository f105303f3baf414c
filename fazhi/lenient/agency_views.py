"""The agencies' fields (执法领域), kept by the supervision body: what flags a decision citing another field's entry.

An agency's fields are the register's own record (`AgencyDomain`), not guessed from its name: the demo seeds them
from the agencies' names, and the keepers of the agency's region correct them here. An agency with none recorded
is never flagged for its field.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from fazhi.lenient import access
from fazhi.lenient.forms import AgencyDomainsForm
from fazhi.lenient.models import AgencyDomain
from fazhi.lenient.views import KEEP_REFUSED, _context, _reader


def _kept_agencies(request: HttpRequest):
    if not access.may_keep(request.user):
        raise PermissionDenied(KEEP_REFUSED)
    return access.reporting_agencies(request.user).exclude(pk__in=_reported_only(request))


def _reported_only(request: HttpRequest) -> list[int]:
    """Agencies the user reports for as a reporter only, not as a keeper of their region."""
    prefixes = access.keeping_prefixes(request.user)
    return [
        a.pk for a in access.reporting_agencies(request.user) if not any(a.region_id.startswith(p) for p in prefixes)
    ]


@_reader
def agency_list(request: HttpRequest) -> HttpResponse:
    """The agencies of the keeper's region subtree with their fields."""
    agencies = list(_kept_agencies(request)[:1000])
    fields: dict[int, list[str]] = {}
    for d in AgencyDomain.objects.filter(agency__in=agencies).order_by("domain"):
        fields.setdefault(d.agency_id, []).append(str(d.get_domain_display()))
    rows = [(a, "、".join(fields.get(a.pk, []))) for a in agencies]
    return render(request, "lenient/agency_list.html", _context(request, rows=rows))


@_reader
def agency_domains(request: HttpRequest, pk: int) -> HttpResponse:
    """Set an agency's fields (its whole set at once)."""
    agency = get_object_or_404(_kept_agencies(request), pk=pk)
    current = sorted(AgencyDomain.objects.filter(agency=agency).values_list("domain", flat=True))
    form = AgencyDomainsForm(request.POST or None, initial={"domains": current})
    if request.method == "POST" and form.is_valid():
        wanted = set(form.cleaned_data["domains"])
        with transaction.atomic():
            for stale in AgencyDomain.objects.select_for_update().filter(agency=agency).exclude(domain__in=wanted):
                stale.delete()  # one by one, so each removal is in the change record
            for domain in sorted(wanted - set(current)):
                AgencyDomain.objects.get_or_create(agency=agency, domain=domain)
        messages.success(request, _("已保存%(agency)s的执法领域。") % {"agency": agency.name})
        return redirect("lenient:agency_list")
    status = 400 if request.method == "POST" else 200
    context = _context(request, form=form, agency=agency)
    return render(request, "lenient/agency_domains.html", context, status=status)
