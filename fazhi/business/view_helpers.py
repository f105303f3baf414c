"""What every business-environment page does first: staff only, the registry's read rule, and for a write the
keeper's rule over the record's region (`fazhi.business.access`). Out of the reader's regions → 404; read but not
kept → 403 with the Chinese reason."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from fazhi.business import access
from fazhi.cases.views import staff_required

KEEP_REFUSED = _("仅本地区司法局（行政执法监督机构）的行政执法监督工作人员可以维护营商环境记录。")


def reader(view):
    """Staff only (a citizen gets the guide), and the registry's read rule."""

    @staff_required
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not access.can_read(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__, wrapped.__doc__ = view.__name__, view.__doc__
    return wrapped


def keeper(view):
    """A page that writes: a reader who keeps records somewhere."""

    @reader
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not access.may_keep(request.user):
            raise PermissionDenied(KEEP_REFUSED)
        return view(request, *args, **kwargs)

    wrapped.__name__, wrapped.__doc__ = view.__name__, view.__doc__
    return wrapped


def require_keep(request: HttpRequest, region_code: str) -> None:
    if not access.can_keep(request.user, region_code):
        raise PermissionDenied(KEEP_REFUSED)


def apply_errors(form, exc: ValidationError) -> None:
    """Put a service's refusal on the form: field errors beside their fields, the rest on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error.messages[0])
    else:
        for message in exc.messages:
            form.add_error(None, message)
