"""The historical-case import page: upload an .xlsx, see every problem or the count imported.

The full problem list is kept as .xlsx bytes in the user's session (one report at a time, replaced by the next
import, capped at REPORT_SESSION_BYTES) and served by `import_report` under a random token. Keeping the report
rather than the upload means nothing personal beyond what the problem list quotes is stored, the download needs no
second upload, and it works on any number of app servers because sessions live in the database.
"""

from __future__ import annotations

import base64
import secrets
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
from fazhi.cases.views import staff_required
from fazhi.reconsideration.imports import (
    MAX_BYTES,
    ImportForbidden,
    can_import,
    import_reconsideration,
    importable_organisations,
)

SHOWN_ERRORS = 200
REPORT_SESSION_KEY = "reconsideration_import_report"
REPORT_SESSION_BYTES = 3 * 1024 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=gettext_lazy("承办机构"), empty_label=None
    )
    file = forms.FileField(label=gettext_lazy("Excel 文件（.xlsx）"))
    dry_run = forms.BooleanField(label=gettext_lazy("仅检查，不导入"), required=False)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].error_messages["invalid_choice"] = _("请选择您有权导入的机构。")
        self.fields["file"].error_messages["required"] = _("请选择要导入的文件。")
        self.fields["file"].error_messages["empty"] = _("文件为空。")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("文件超过%(mb)sMB，请分成多个文件导入。") % {"mb": MAX_BYTES // (1024 * 1024)}
            )
        return upload


@staff_required
@require_http_methods(["GET", "POST"])
def import_cases(request: HttpRequest) -> HttpResponse:
    """GET: the upload form. POST: check the file, and import it when every row is fine."""
    organisations = importable_organisations(request.user)
    if not organisations.exists():
        raise PermissionDenied
    posted = request.method == "POST"
    form = ImportForm(request.POST if posted else None, request.FILES if posted else None, organisations=organisations)
    context: dict = {"form": form, "max_mb": MAX_BYTES // (1024 * 1024), "shown": SHOWN_ERRORS}
    if posted and form.is_valid():
        organisation = form.cleaned_data["organisation"]
        upload = form.cleaned_data["file"]
        if not can_import(request.user, organisation):
            raise PermissionDenied
        try:
            report = import_reconsideration(
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
            object_type="reconsideration.import",
            file=upload.name,
            organisation=organisation.pk,
            rows=len(report.rows),
            created=report.created,
            errors=len(report.errors),
            dry_run=report.dry_run,
        )
        request.session.pop(REPORT_SESSION_KEY, None)
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
                request.session[REPORT_SESSION_KEY] = {
                    "token": token,
                    "name": upload.name,
                    "data": base64.b64encode(data).decode("ascii"),
                }
                context["report_url"] = reverse("reconsideration:import_report", args=[token])
    status = 400 if posted and ("errors" in context or form.errors) else 200
    return render(request, "reconsideration/import.html", context, status=status)


@staff_required
@require_GET
def import_report(request: HttpRequest, token: str) -> HttpResponse:
    """The full list of problems of the user's last rejected import, as an .xlsx download."""
    kept = request.session.get(REPORT_SESSION_KEY)
    if not kept or not secrets.compare_digest(kept.get("token", ""), token):
        raise Http404(_("问题清单已失效，请重新导入文件。"))
    name = f"导入问题清单-{kept['name'].rsplit('.', 1)[0]}.xlsx"
    access_record(request=request, action="download", object_type="reconsideration.import_report", file=kept["name"])
    response = HttpResponse(base64.b64decode(kept["data"]), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename=\"import-report.xlsx\"; filename*=UTF-8''{quote(name)}"
    return response
