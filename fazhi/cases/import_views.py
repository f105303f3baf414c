"""The historical-case import page of any line: upload an .xlsx, see every problem or the count imported.

`import_views(IMPORTER, namespace=…, options=…)` gives a line its views: the page, the problem-list download and
the template (an .xlsx with the line's headers, required ones marked, and each choice column a drop-down of the
values the import accepts, `options`), and `may_import(user)`, the page's own check, which the line's menu entry
names so the link shows exactly to those the page lets in. Who may import is the line's importer's declaration
(`LineImport.roles`, `kinds`): a user it refuses gets a page saying who may, not a bare 403.

The full problem list is kept as .xlsx bytes in the user's session (one report per line at a time, replaced by the
next import, capped at REPORT_SESSION_BYTES) and served under a random token. Keeping the report rather than the
upload means nothing personal beyond what the problem list quotes is stored, the download needs no second upload, and
it works on any number of app servers because sessions live in the database.
"""

from __future__ import annotations

import base64
import io
import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from fazhi.accounts.access import is_active_superuser, scopes_of
from fazhi.accounts.models import Organisation, organisation_kind_choices, role_choices
from fazhi.audit.services import access_record
from fazhi.cases.imports import MAX_BYTES, MAX_ROWS, ImportForbidden, LineImport, too_large
from fazhi.cases.views import staff_required

SHOWN_ERRORS = 200
REPORT_SESSION_BYTES = 3 * 1024 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEMPLATE = "imports/import.html"
REFUSED = "imports/refused.html"
OPTION_SEPARATOR = "／"  # between options: an option may itself hold a 、 (请求给付赡养费、抚养费、扶养费)

View = Callable[..., HttpResponse]
Options = Mapping[str, Sequence[str] | Mapping[str, str]]


def option_labels(options: Sequence[str] | Mapping[str, str]) -> list[str]:
    """The values a clerk picks from: a list as given, or from an import's {spelling: key} map the first Chinese
    spelling of each key (choice_map puts the label first; English keys and aliases are not offered)."""
    if not isinstance(options, Mapping):
        return list(options)
    first: dict[str, str] = {}
    for spelling, key in options.items():
        if not spelling.isascii():
            first.setdefault(key, spelling)
    return list(first.values())


@dataclass(frozen=True)
class ImportViews:
    page: View
    report: View
    template: View
    may_import: Callable[[object], bool]


def template_xlsx(importer: LineImport, options: Options, title: str) -> bytes:
    """The import template: a sheet with the headers (required ones marked （必填）) and a drop-down on each choice
    column, a sheet of the allowed values the drop-downs read (a list longer than Excel's 255-character inline
    limit, and values holding commas, need a range), and a sheet of instructions."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = "导入数据"
    lists = wb.create_sheet("可填选项")
    notes = wb.create_sheet("填写说明")
    bold = Font(bold=True)
    notes.append(["列名", "是否必填", "可填内容"])
    for cell in notes[1]:
        cell.font = bold
    list_column = 0
    for i, column in enumerate(importer.columns, start=1):
        letter = get_column_letter(i)
        ws.cell(row=1, column=i, value=column.header + ("（必填）" if column.required else "")).font = bold
        ws.column_dimensions[letter].width = max(12, len(column.header) * 2 + 6)
        allowed = option_labels(options.get(column.key, ()))
        if allowed:
            list_column += 1
            lc = get_column_letter(list_column)
            lists.cell(row=1, column=list_column, value=column.header).font = bold
            for r, value in enumerate(allowed, start=2):
                lists.cell(row=r, column=list_column, value=value)
            rng = f"{quote_sheetname(lists.title)}!${lc}$2:${lc}${len(allowed) + 1}"
            dv = DataValidation(type="list", formula1=rng, allow_blank=not column.required, showDropDown=False)
            dv.error, dv.errorTitle = "请从下拉列表中选择：" + OPTION_SEPARATOR.join(allowed), "不是可填的选项"
            dv.showErrorMessage = True
            dv.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
            ws.add_data_validation(dv)
            hint = "从下拉列表选择：" + OPTION_SEPARATOR.join(allowed)
        elif "日期" in column.header or column.key.endswith("_on"):
            hint = "日期，如 2023-03-15、2023/3/15 或 2023年3月15日"
        elif "金额" in column.header:
            hint = "金额（元），如 3000、28,000元 或 1250.50"
        else:
            hint = ""
        notes.append([column.header, "必填" if column.required else "选填", hint])
    notes.column_dimensions["A"].width, notes.column_dimensions["C"].width = 24, 100
    notes.append([])
    notes.append([f"{title}：每行一件；任何一行有问题时整个文件都不会导入，请按问题清单修改后重新导入。"])
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def who_may_import(importer: LineImport) -> str:
    """登记员或科室负责人 of 法律援助中心: the importer's declaration in words."""
    roles = dict(role_choices())
    kinds = dict(organisation_kind_choices())
    who = "或".join(str(roles.get(r, r)) for r in sorted(importer.roles))
    where = "、".join(str(kinds.get(k, k)) for k in sorted(importer.kinds))
    return _("%(where)s的%(who)s") % {"where": where, "who": who}


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
    importer: LineImport, *, namespace: str, title: str, organisation_label: str = "", options: Options | None = None
) -> ImportViews:
    """The upload page, the problem-list download (`<namespace>:import_report`) and the template
    (`<namespace>:import_template`) of `importer`'s line, and the page's check."""
    session_key = f"{importer.line}_import_report"
    required = "“" + "”“".join(c.header for c in importer.columns if c.required) + "”"
    options = options or {}

    def may_import(user) -> bool:
        """Whether the user holds a role the importer declares on its line (the page's first check and the menu
        link's), answered from the memberships in hand: no query on every page that draws the menu."""
        if is_active_superuser(user):
            return True
        return any(s.role in importer.roles and importer.line in s.lines for s in scopes_of(user))

    def refused(request: HttpRequest) -> HttpResponse:
        context = {"title": title, "who": who_may_import(importer)}
        return render(request, REFUSED, context, status=403)

    @staff_required
    @require_http_methods(["GET", "POST"])
    def import_cases(request: HttpRequest) -> HttpResponse:
        """GET: the upload form. POST: check the file, and import it when every row is fine."""
        organisations = importer.importable_organisations(request.user)
        if not may_import(request.user) or not organisations.exists():
            return refused(request)
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
            "template_url": reverse(f"{namespace}:import_template"),
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
            except ImportForbidden:  # the organisation was chosen by a form the user may not use any more
                return refused(request)
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

    @staff_required
    @require_GET
    def import_template(request: HttpRequest) -> HttpResponse:
        """The template to fill in: the line's headers, and drop-downs of the values the import accepts."""
        if not may_import(request.user):
            return refused(request)
        response = HttpResponse(template_xlsx(importer, options, title), content_type=XLSX)
        name = f"{title}模板.xlsx"
        response["Content-Disposition"] = f"attachment; filename=\"template.xlsx\"; filename*=UTF-8''{quote(name)}"
        return response

    return ImportViews(import_cases, import_report, import_template, may_import)
