"""The public verification page of a certificate (/enforcement/verify/<token>/), the address its QR code carries.

Anyone may open it, signed in or not (the kernel's anonymous rate limit applies: fazhi.core.ratelimit). It shows
what the card itself shows and whether it stands today — name, unit, number, kind, validity, status (有效 / 未生效 /
已暂扣 / 已注销 / 已收回 / 已过期) and the photo if one was given — and nothing else: no ID number, no history, no
id. It is reached by the certificate's unguessable token only; an unknown token, or a certificate not yet issued, is
a 404. A card replaced by a renewal (换证) keeps its old token (`ReplacedToken`): its page shows the old card's face
and 已换发新证，原证失效, never the new card.
Search engines are asked not to index it, and it is never cached, so a revocation shows at once.
"""

from __future__ import annotations

from typing import TypeVar

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.enforcement.choices import State
from fazhi.enforcement.models import Certificate, ReplacedToken

R = TypeVar("R", bound=HttpResponseBase)
NOT_ISSUED = (State.APPLIED, State.TRAINED, State.APPROVED, State.REFUSED)


def _issued(token: str) -> Certificate:
    cert = (
        Certificate.objects.select_related("officer__organisation")
        .exclude(state__in=NOT_ISSUED)
        .filter(token=token)
        .first()
    )
    if cert is None:
        raise Http404(_("未找到该证件，请核对二维码或链接。"))
    return cert


def _private(response: R) -> R:
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "no-store"
    return response


def verify(request: HttpRequest, token: str) -> HttpResponse:
    """The card's public face and today's status; a card replaced by a renewal says so (its own face, not the new
    card's)."""
    today = timezone.localdate()
    old = ReplacedToken.objects.select_related("certificate__officer__organisation").filter(token=token).first()
    if old is not None:
        context = {
            "name": old.certificate.officer.name,
            "unit": old.certificate.officer.organisation.name,
            "number": old.number,
            "kind": old.certificate.get_kind_display(),
            "valid_from": old.valid_from,
            "valid_to": old.valid_to,
            "status": "replaced",
            "status_label": _("已换发新证，原证失效"),
            "has_photo": False,
            "token": token,
            "today": today,
        }
        return _private(render(request, "enforcement/verify.html", context))
    cert = _issued(token)
    context = {
        "name": cert.officer.name,
        "unit": cert.officer.organisation.name,
        "number": cert.number,
        "kind": cert.get_kind_display(),
        "valid_from": cert.valid_from,
        "valid_to": cert.valid_to,
        "status": cert.status_on(today),
        "status_label": cert.status_label_on(today),
        "has_photo": bool(cert.officer.photo),
        "token": cert.token,
        "today": today,
    }
    return _private(render(request, "enforcement/verify.html", context))


def verify_photo(request: HttpRequest, token: str) -> FileResponse:
    """The holder's photo, when one was given (a 404 otherwise)."""
    cert = _issued(token)
    photo = cert.officer.photo
    if not photo:
        raise Http404(_("该证件没有照片。"))
    head = photo.open("rb").read(8)
    photo.seek(0)
    content_type = "image/png" if head.startswith(b"\x89PNG") else "image/jpeg"
    return _private(FileResponse(photo, content_type=content_type))
