"""The network's staff pages: authenticate → scope (`visible_to`) → permission (`fazhi.enforcement.access`) → service
→ render. Members of the supervision line read within their region; keepers write for theirs. A record outside the
reader's region is a 404; a write by someone who does not keep its region a 403; a refused move shows its form again
(400) with the Chinese reason, and nothing is saved."""

from __future__ import annotations

import io
from datetime import date

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fazhi.accounts.models import Organisation
from fazhi.cases.views import staff_required
from fazhi.core.masking import mask_id_number
from fazhi.enforcement import access, lifecycle, reminders, services
from fazhi.enforcement.choices import AGENCY_KIND
from fazhi.enforcement.forms import (
    ApplyForm,
    BodyFilter,
    BodyForm,
    CertificateFilter,
    DissolveForm,
    MoveForm,
    OfficerFilter,
    OfficerForm,
)
from fazhi.enforcement.models import Certificate, ExpiryReminder, Officer, SupervisionBody
from fazhi.enforcement.public import NOT_ISSUED

PAGE_SIZE = 50
KEEP_REFUSED = gettext_lazy("仅本地区行政执法监督机构的工作人员可以办理。")


def _reader(view):
    """Staff only (a citizen gets the guide), and members of the supervision line only."""

    @staff_required
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not access.can_read(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__, wrapped.__doc__ = view.__name__, view.__doc__
    return wrapped


def _keeper_page(request: HttpRequest) -> None:
    if not access.may_keep(request.user):
        raise PermissionDenied(KEEP_REFUSED)


def _units(user, *, keeping: bool) -> QuerySet[Organisation]:
    """The organisations the user reads (or keeps) records of: those of their region subtrees."""
    prefixes = access.keeper_prefixes(user) if keeping else access.read_prefixes(user)
    q = Q(pk__in=[])
    for prefix in prefixes:
        q |= Q(region__code__startswith=prefix)
    return Organisation.objects.filter(q).select_related("region").order_by("region_id", "name")


def _apply_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error.messages[0])
    else:
        for message in exc.messages:
            form.add_error(None, message)


def _page(request: HttpRequest, qs):
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


# -- certificates ------------------------------------------------------------------------------------------------
@_reader
def certificate_list(request: HttpRequest) -> HttpResponse:
    """Certificates of the reader's region, filterable by kind, state, unit, name and number."""
    filters = CertificateFilter(request.GET or None, units=_units(request.user, keeping=False))
    c = filters.cleaned_data if filters.is_bound and filters.is_valid() else {}
    qs = access.readable(Certificate.objects, request.user).select_related("officer__organisation")
    if c.get("kind"):
        qs = qs.filter(kind=c["kind"])
    if c.get("state"):
        qs = qs.filter(state=c["state"])
    if c.get("organisation"):
        qs = qs.filter(officer__organisation=c["organisation"])
    if c.get("name"):
        qs = qs.filter(officer__name__contains=c["name"])
    if c.get("number"):
        qs = qs.filter(number__contains=c["number"])
    page, query = _page(request, qs.order_by("-applied_on", "-id"))
    today = timezone.localdate()
    context = {"page": page, "query": query, "filter": filters, "today": today, **_nav(request)}
    return render(request, "enforcement/certificate_list.html", context)


def qr_svg(url: str) -> str:
    """`url` as an inline SVG QR code, drawn on the server (the `qrcode` package the 2FA enrolment uses)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=6, border=2)
    out = io.BytesIO()
    image.save(out)
    svg = out.getvalue().decode()
    return svg[svg.index("<svg") :]


def public_url(request: HttpRequest, path: str) -> str:
    """The address a printed QR code carries: settings.FAZHI_PUBLIC_BASE_URL (the site's public address) when set,
    else the address this request came in on (which behind a proxy or on an intranet host may not be public)."""
    base = str(getattr(settings, "FAZHI_PUBLIC_BASE_URL", "") or "").rstrip("/")
    return f"{base}{path}" if base else request.build_absolute_uri(path)


def _visible_certificate(request: HttpRequest, pk: int) -> Certificate:
    return get_object_or_404(
        access.readable(Certificate.objects, request.user).select_related("officer__organisation__region"), pk=pk
    )


def _detail(
    request: HttpRequest, cert: Certificate, forms: dict | None = None, status: int = 200, refusal: list | None = None
) -> HttpResponse:
    keeper = access.can_keep(request.user, cert.officer.organisation.region_id)
    moves = lifecycle.moves_from(cert.state) if keeper else []
    forms = forms or {}
    today = timezone.localdate()
    verify_url = public_url(request, reverse("enforcement:verify", args=[cert.token]))
    context = {
        "cert": cert,
        "id_masked": mask_id_number(cert.officer.id_number),
        "events": _history(cert),
        "move_forms": [forms.get(m.code) or MoveForm(move=m) for m in moves],
        "status_label": cert.status_label_on(today),
        "verify_url": verify_url,
        "refusal": refusal or [],
        "qr_svg": qr_svg(verify_url) if cert.state not in NOT_ISSUED else "",  # the public page's own 404s
        **_nav(request),
    }
    return render(request, "enforcement/certificate_detail.html", context, status=status)


def _history(cert: Certificate) -> list:
    """The certificate's moves, each with its name and its data under the data's Chinese labels."""
    events = list(cert.events.select_related("actor"))
    for event in events:
        event.label = lifecycle.EVENT_LABELS.get(event.code, event.code)  # type: ignore[attr-defined]
        event.entries = [  # type: ignore[attr-defined]
            (lifecycle.FIELD_LABELS.get(key, key), value) for key, value in event.data.items()
        ]
        event.actor_name = _actor_name(event.actor)  # type: ignore[attr-defined]
    return events


def _actor_name(actor) -> str:
    """Who recorded a move, as a page says it: the full name; 系统 for the system (the demo, the nightly job); never
    the login name, which is English."""
    if actor is None:
        return _("系统")
    return actor.full_name or _("经办人（未填写姓名）")


@_reader
def certificate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One certificate: holder (ID number masked), validity, status, its QR code, the history and the moves."""
    return _detail(request, _visible_certificate(request, pk))


@_reader
@require_POST
def certificate_move(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    """Take one declared move; a refusal shows the detail page again with the move's form and its reasons (400)."""
    cert = _visible_certificate(request, pk)
    if not access.can_keep(request.user, cert.officer.organisation.region_id):
        raise PermissionDenied(KEEP_REFUSED)
    move = lifecycle.MOVES.get(code)
    if move is None:
        return render(request, "errors/404.html", {"message": _("没有这项证件办理事项。")}, status=404)
    form = MoveForm(request.POST, move=move)
    if form.is_valid():
        try:
            services.certificate_move(
                actor=request.user,
                certificate=cert,
                code=code,
                on=form.cleaned_data["on"],
                data=form.data_for_service(),
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("已办理“%(move)s”。") % {"move": move.label})
            return redirect("enforcement:certificate_detail", pk=cert.pk)
    cert.refresh_from_db()
    refusal = [e for errors in form.errors.values() for e in errors]
    return _detail(request, cert, {code: form}, status=400, refusal=refusal)


@_reader
def expiring(request: HttpRequest) -> HttpResponse:
    """即将到期证件: certificates in force whose validity ends within the reminder window, soonest first."""
    today = timezone.localdate()
    days = reminders.reminder_days()
    listed = ExpiryReminder.objects.filter(certificate=OuterRef("pk"), valid_to=OuterRef("valid_to")).values(
        "listed_on"
    )
    qs = (
        reminders.expiring_on(today, days)
        .filter(pk__in=access.readable(Certificate.objects, request.user).values("pk"))
        .annotate(listed_on=Subquery(listed[:1]))
        .select_related("officer__organisation")
    )
    page, query = _page(request, qs)
    context = {"page": page, "query": query, "days": days, "today": today, **_nav(request)}
    return render(request, "enforcement/expiring.html", context)


# -- officers ----------------------------------------------------------------------------------------------------
@_reader
def officer_list(request: HttpRequest) -> HttpResponse:
    filters = OfficerFilter(request.GET or None, units=_units(request.user, keeping=False))
    c = filters.cleaned_data if filters.is_bound and filters.is_valid() else {}
    qs = access.readable(Officer.objects, request.user).select_related("organisation")
    if c.get("name"):
        qs = qs.filter(name__contains=c["name"])
    if c.get("organisation"):
        qs = qs.filter(organisation=c["organisation"])
    if c.get("agencies_only"):
        qs = qs.filter(organisation__kind=AGENCY_KIND)
    page, query = _page(request, qs.order_by("organisation_id", "name", "id"))
    for officer in page:
        officer.id_masked = mask_id_number(officer.id_number)  # type: ignore[attr-defined]
    return render(
        request, "enforcement/officer_list.html", {"page": page, "query": query, "filter": filters, **_nav(request)}
    )


@_reader
def officer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    officer = get_object_or_404(access.readable(Officer.objects, request.user).select_related("organisation"), pk=pk)
    keeper = access.can_keep(request.user, officer.organisation.region_id)
    today = timezone.localdate()
    certificates = list(officer.certificates.order_by("-applied_on", "-id"))
    for cert in certificates:
        cert.status_label = cert.status_label_on(today)  # type: ignore[attr-defined]
    context = {
        "officer": officer,
        "id_masked": mask_id_number(officer.id_number),
        "certificates": certificates,
        "apply_form": ApplyForm(initial={"applied_on": today}) if keeper else None,
        **_nav(request),
    }
    return render(request, "enforcement/officer_detail.html", context)


@_reader
def officer_register(request: HttpRequest) -> HttpResponse:
    """Register an officer or supervisor in a unit the user keeps, and optionally open a certificate application."""
    _keeper_page(request)
    form = OfficerForm(request.POST or None, request.FILES or None, units=_units(request.user, keeping=True))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                with transaction.atomic():  # the officer and the application, both or neither
                    officer = services.officer_register(
                        actor=request.user,
                        name=d["name"],
                        id_number=d["id_number"],
                        organisation=d["organisation"],
                        photo=d.get("photo"),
                    )
                    if d.get("kind"):
                        services.certificate_apply(
                            actor=request.user, officer=officer, kind=d["kind"], applied_on=timezone.localdate()
                        )
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("已登记执法人员 %(name)s。") % {"name": officer.name})
                return redirect("enforcement:officer_detail", pk=officer.pk)
        status = 400
    context = {"form": form, "title": _("登记执法人员"), **_nav(request)}
    return render(request, "enforcement/form.html", context, status=status)


@_reader
@require_POST
def certificate_apply(request: HttpRequest, pk: int) -> HttpResponse:
    """Open a certificate application (申领) for an officer the user keeps."""
    officer = get_object_or_404(access.readable(Officer.objects, request.user).select_related("organisation"), pk=pk)
    if not access.can_keep(request.user, officer.organisation.region_id):
        raise PermissionDenied(KEEP_REFUSED)
    form = ApplyForm(request.POST)
    if form.is_valid():
        try:
            cert = services.certificate_apply(
                actor=request.user,
                officer=officer,
                kind=form.cleaned_data["kind"],
                applied_on=form.cleaned_data["applied_on"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("已登记申领。"))
            return redirect("enforcement:certificate_detail", pk=cert.pk)
    context = {"form": form, "title": _("申领证件"), "officer": officer, **_nav(request)}
    return render(request, "enforcement/form.html", context, status=400)


# -- supervision bodies ------------------------------------------------------------------------------------------
@_reader
def body_list(request: HttpRequest) -> HttpResponse:
    """The supervision bodies of the reader's region, by tier; `on` shows those in being that day."""
    filters = BodyFilter(request.GET or None)
    c = filters.cleaned_data if filters.is_bound and filters.is_valid() else {}
    qs = access.readable(SupervisionBody.objects, request.user).select_related("host", "region")
    if c.get("tier"):
        qs = qs.filter(tier=c["tier"])
    if c.get("on"):
        day: date = c["on"]
        qs = qs.filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=day), established_on__lte=day)
    page, query = _page(request, qs.order_by("tier", "region_id", "name"))
    return render(
        request, "enforcement/body_list.html", {"page": page, "query": query, "filter": filters, **_nav(request)}
    )


@_reader
def body_register(request: HttpRequest) -> HttpResponse:
    _keeper_page(request)
    form = BodyForm(request.POST or None, hosts=_units(request.user, keeping=True))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.body_register(
                    actor=request.user,
                    name=d["name"],
                    host=d["host"],
                    tier=d.get("tier") or None,
                    established_on=d["established_on"],
                )
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("已登记监督机构。"))
                return redirect("enforcement:body_list")
        status = 400
    return render(
        request, "enforcement/form.html", {"form": form, "title": _("登记监督机构"), **_nav(request)}, status=status
    )


@_reader
@require_POST
def body_dissolve(request: HttpRequest, pk: int) -> HttpResponse:
    body = get_object_or_404(access.readable(SupervisionBody.objects, request.user), pk=pk)
    if not access.can_keep(request.user, body.region_id):
        raise PermissionDenied(KEEP_REFUSED)
    form = DissolveForm(request.POST)
    if form.is_valid():
        try:
            services.body_dissolve(actor=request.user, body=body, dissolved_on=form.cleaned_data["dissolved_on"])
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("已记录撤销。"))
            return redirect("enforcement:body_list")
    context = {"form": form, "title": _("撤销监督机构：%(name)s") % {"name": body.name}, **_nav(request)}
    return render(request, "enforcement/form.html", context, status=400)


def _nav(request: HttpRequest) -> dict:
    return {"may_keep": access.may_keep(request.user)}
