"""The catalogue import page: upload an .xlsx, see every problem (and download them) or the count imported.

Only those who keep the rule book (`access.writing_organisations`) import, into their own bureau's region. The
problem list is kept in the session as .xlsx bytes (as the case import does), so its download needs no re-upload.
"""

from __future__ import annotations

import base64
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from fazhi.cases.imports import MAX_BYTES, MAX_ROWS, too_large
from fazhi.rulebook import access, imports
from fazhi.rulebook.forms import ImportForm
from fazhi.rulebook.registry_views import WRITE_REFUSED, _reader

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SESSION_KEY = "rulebook_import_problems"
SHOWN = 200


def _xlsx(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@_reader
def catalogue_import(request: HttpRequest) -> HttpResponse:
    """Import a catalogue: the whole file or nothing, with the problem list."""
    organisations = access.writing_organisations(request.user)
    if not organisations.exists():
        raise PermissionDenied(WRITE_REFUSED)
    form = ImportForm(request.POST or None, request.FILES or None, organisations=organisations)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            form.add_error("file", too_large())
        else:
            report = imports.run(
                upload,
                organisation=form.cleaned_data["organisation"],
                actor=request.user,
                file_name=upload.name,
                dry_run=form.cleaned_data["dry_run"],
            )
            if report.ok and not report.dry_run:
                messages.success(request, imports.summary(report))
                return redirect("rulebook:document_list")
            if not report.ok:
                request.session[SESSION_KEY] = base64.b64encode(report.to_xlsx()).decode("ascii")
    context = {
        "form": form,
        "report": report,
        "summary": imports.summary(report) if report else "",
        "errors": report.errors[:SHOWN] if report else [],
        "shown": SHOWN,
        "required": "、".join(c.header for c in imports.COLUMNS if c.required),
        "max_mb": MAX_BYTES // (1024 * 1024),
        "max_rows": MAX_ROWS,
    }
    return render(request, "rulebook/catalogue_import.html", context, status=400 if report and not report.ok else 200)


@_reader
def catalogue_template(request: HttpRequest) -> HttpResponse:
    """The import template (any staff member may read what a catalogue looks like)."""
    return _xlsx(imports.template_xlsx(), _("规章规范性文件目录模板") + ".xlsx")


@_reader
def catalogue_problems(request: HttpRequest) -> HttpResponse:
    """The last import's problem list, as a workbook."""
    if not access.may_write(request.user):
        raise PermissionDenied(WRITE_REFUSED)
    stored = request.session.get(SESSION_KEY)
    if not stored:
        raise Http404(_("没有可下载的问题清单。"))
    return _xlsx(base64.b64decode(stored), _("导入问题清单") + ".xlsx")
