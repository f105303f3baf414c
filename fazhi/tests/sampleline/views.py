"""The test-only line's pages: its cases, and its inspectors' worklist."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from fazhi.accounts.access import can_read, is_active_superuser, line_scopes
from fazhi.cases.models import Case
from fazhi.cases.views import staff_required
from fazhi.tests.sampleline.choices import LINE, LineRole


def _cases(request: HttpRequest, title: str) -> HttpResponse:
    cases = Case.objects.visible_to(request.user).filter(line=LINE).order_by("-received_on", "-id")[:100]
    return render(request, "sampleline/case_list.html", {"cases": cases, "title": title})


@staff_required
def case_list(request: HttpRequest) -> HttpResponse:
    """The line's cases in my scope, newest first."""
    if not can_read(request.user, LINE):
        raise PermissionDenied
    return _cases(request, "示例条线案件")


@staff_required
def inspection(request: HttpRequest) -> HttpResponse:
    """The same cases, for the line's own inspectors only (the narrowed nav entry's page)."""
    inspector = any(s.role == LineRole.INSPECTOR for s in line_scopes(request.user, LINE))
    if not (inspector or is_active_superuser(request.user)):
        raise PermissionDenied
    return _cases(request, "示例核查")
