"""The historical-case import page of any line: upload an .xlsx, see every problem or the count imported.

`import_views(IMPORTER, namespace=…)` gives a line its two views. The full problem list is kept as .xlsx bytes in
the user's session (one report per line at a time, replaced by the next import, capped at REPORT_SESSION_BYTES)
and served under a random token. Keeping the report rather than the upload means nothing personal beyond what the
problem list quotes is stored, the download needs no second upload, and it works on any number of app servers
because sessions live in the database.
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Callable
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from fazhi.accounts.models import Organisation
from fazhi.audit.services import access_record
from fazhi.cases.imports import MAX_BYTES, MAX_ROWS, ImportForbidden, LineImport, too_large
from fazhi.cases.views import staff_required

SHOWN_ERRORS = 200
REPORT_SESSION_BYTES = 3 * 1024 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEMPLATE = "imports/import.html"

View = Callable[..., HttpResponse]


class ImportForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=gettext_lazy("承办机构"), empty_label=None
    )
    file = forms.FileField(label=gettext_lazy("Excel 文件（.xlsx）"))
    dry_run = forms.BooleanField(label=gettext_lazy("仅检查，不导入"), required=False)

    def __init__(self, *args, organisations, organisation_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if organisation_label:
            self.fields["organisation"].label = organisation_label
        self.fields["organisation"].error_messages["invalid_choice"] = _("请选择您有权导入的机构。")
        self.fields["file"].error_messages["required"] = _("请选择要导入的文件。")
        self.fields["file"].error_messages["empty"] = _("文件为空。")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(too_large())
        return upload


def import_views(
    importer: LineImport, *, namespace: str, title: str, organisation_label: str = ""
) -> tuple[View, View]:
    """The upload page and the problem-list download of `importer`'s line, named `<namespace>:import_report`."""
    session_key = f"{importer.line}_import_report"
    required = "“" + "”“".join(c.header for c in importer.columns if c.required) + "”"

    @staff_required
    @require_http_methods(["GET", "POST"])
    def import_cases(request: HttpRequest) -> HttpResponse:
        """GET: the upload form. POST: check the file, and import it when every row is fine."""
        organisations = importer.importable_organisations(request.user)
        if not organisations.exists():
            raise PermissionDenied
        posted = request.method == "POST"
        form = ImportForm(
            request.POST if posted else None,
            request.FILES if posted else None,
            organisations=organisations,
            organisation_label=organisation_label,
        )
        context: dict = {
            "form": form,
            "title": title,
            "required": required,
            "max_mb": MAX_BYTES // (1024 * 1024),
            "max_rows": MAX_ROWS,
            "shown": SHOWN_ERRORS,
        }
        if posted and form.is_valid():
            organisation = form.cleaned_data["organisation"]
            upload = form.cleaned_data["file"]
            try:
                report = importer.run(
                    upload,
                    organisation=organisation,
                    actor=request.user,
                    file_name=upload.name,
                    dry_run=form.cleaned_data["dry_run"],
                )
            except ImportForbidden:
                raise PermissionDenied from None
            access_record(
                request=request,
                action="view",
                object_type=f"{importer.line}.import",
                file=upload.name,
                organisation=organisation.pk,
                rows=len(report.rows),
                created=report.created,
                errors=len(report.errors),
                dry_run=report.dry_run,
            )
            request.session.pop(session_key, None)
            if report.ok and not report.dry_run:
                messages.success(request, report.summary())
                return redirect(request.path)
            context["report"] = report
            if report.ok:
                messages.info(request, report.summary())
            else:
                context["errors"] = report.errors[:SHOWN_ERRORS]
                data = report.to_xlsx()
                if len(data) <= REPORT_SESSION_BYTES:
                    token = secrets.token_urlsafe(16)
                    request.session[session_key] = {
                        "token": token,
                        "name": upload.name,
                        "data": base64.b64encode(data).decode("ascii"),
                    }
                    context["report_url"] = reverse(f"{namespace}:import_report", args=[token])
        status = 400 if posted and ("errors" in context or form.errors) else 200
        return render(request, TEMPLATE, context, status=status)

    @staff_required
    @require_GET
    def import_report(request: HttpRequest, token: str) -> HttpResponse:
        """The full list of problems of the user's last rejected import, as an .xlsx download."""
        kept = request.session.get(session_key)
        if not kept or not secrets.compare_digest(kept.get("token", ""), token):
            raise Http404(_("问题清单已失效，请重新导入文件。"))
        name = f"导入问题清单-{kept['name'].rsplit('.', 1)[0]}.xlsx"
        access_record(
            request=request, action="download", object_type=f"{importer.line}.import_report", file=kept["name"]
        )
        response = HttpResponse(base64.b64decode(kept["data"]), content_type=XLSX)
        response["Content-Disposition"] = f"attachment; filename=\"import-report.xlsx\"; filename*=UTF-8''{quote(name)}"
        return response

    return import_cases, import_report
