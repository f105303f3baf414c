"""The auditor console: browse and export the access records and the change history; nothing here changes them.

Auditors (the `auditor` role) and administrators see the whole trail (the 等保 audit administrator audits every
user, the system administrators included); everyone else gets 403, anonymous users the login page.
"""

from __future__ import annotations

import ast
import functools
import json
import re
from collections.abc import Iterable
from urllib.parse import quote

from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from fazhi.accounts.access import is_active_superuser, scopes_of
from fazhi.accounts.models import Role
from fazhi.audit.forms import CHANGE_ACTIONS, AccessFilter, ChangeFilter
from fazhi.audit.labels import code_labels, detail_items, detail_text, kind_label
from fazhi.audit.models import AccessRecord
from fazhi.audit.services import accessed, records_access
from fazhi.core.lines import line_label
from fazhi.core.spreadsheets import xlsx_bytes

PAGE_SIZE = 50
EXPORT_LIMIT = 100_000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
AUDITOR_ROLES = {Role.AUDITOR, Role.ADMINISTRATOR}


def can_audit(user) -> bool:
    """Whether `user` may read the audit trail: a superuser, or an active auditor or administrator membership."""
    return is_active_superuser(user) or any(s.role in AUDITOR_ROLES for s in scopes_of(user))


def auditor_required(view):
    """Login first; then auditors and administrators only (deny by default)."""

    @login_required
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not can_audit(request.user):
            raise PermissionDenied(_("仅审计员和系统管理员可以查看审计记录。"))
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _filtered(request: HttpRequest, form_class, qs):
    """The bound filter form and the rows it selects (none while the form has errors)."""
    form = form_class(request.GET or None)
    if not form.is_bound:
        form = form_class({})
    if not form.is_valid():
        return form, qs.none()
    return form, form.apply(qs)


def _query(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _xlsx(title: str, header: list[str], rows: Iterable, filename: str) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(title, header, rows), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename=\"audit.xlsx\"; filename*=UTF-8''{quote(filename)}"
    return response


def _local(at):
    return timezone.localtime(at).replace(tzinfo=None) if at else None


# ---- access records -------------------------------------------------------------------------------------------


def _access_rows(request: HttpRequest):
    form, qs = _filtered(request, AccessFilter, AccessRecord.objects.select_related("user"))
    return form, qs


@never_cache
@require_GET
@auditor_required
def access_list(request: HttpRequest) -> HttpResponse:
    """Who read or exported what, newest first, filtered by user, dates, action, object type, object and IP."""
    form, qs = _access_rows(request)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    status = 400 if form.errors else 200
    rows = [{"record": r, "kind": kind_label(r.object_type), "detail": detail_items(r.detail)} for r in page]
    context = {"form": form, "page": page, "rows": rows, "query": _query(request), "tab": "access"}
    return render(request, "audit/access_list.html", context, status=status)


@never_cache
@records_access("export", what="audit.accessrecord")
@require_GET
@auditor_required
def access_export(request: HttpRequest) -> HttpResponse:
    """The filtered access records as an Excel workbook (formula-safe); the export is itself recorded."""
    form, qs = _access_rows(request)
    if form.errors:
        return render(request, "audit/access_list.html", {"form": form, "page": None, "tab": "access"}, status=400)
    rows = list(qs[:EXPORT_LIMIT])
    accessed(request, object_type="audit.accessrecord", query=request.GET.urlencode(), rows=len(rows))
    header = [
        _("时间"),
        _("用户"),
        _("姓名"),
        _("操作"),
        _("对象类型"),
        _("对象编号"),
        _("对象"),
        _("案号"),
        _("IP 地址"),
        _("浏览器标识"),
        _("请求编号"),
        _("地址"),
        _("详情"),
    ]
    data = (
        [
            _local(r.at),
            r.user.username if r.user else "",
            r.user.full_name if r.user else "",
            r.get_action_display(),
            kind_label(r.object_type),
            r.object_id,
            r.object_repr,
            r.case_number,
            r.ip or "",
            r.user_agent,
            r.request_id,
            r.path,
            detail_text(r.detail),
        ]
        for r in rows
    )
    return _xlsx(_("访问记录"), header, data, f"访问记录-{timezone.localdate():%Y%m%d}.xlsx")


# ---- change history (django-auditlog) --------------------------------------------------------------------------


@functools.cache
def _fields(content_type_id: int) -> dict[str, tuple[str, dict[str, str]]]:
    """name → (Chinese field name, {stored value: its label}) of the model's fields (the labels of choice fields)."""
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    if model is None:
        return {}
    found = {}
    for f in model._meta.get_fields():
        if not (f.concrete or f.many_to_many) or getattr(f, "primary_key", False):
            continue  # a reverse relation is not a change of this row (auditlog lists them on creation), nor its id
        choices = {str(k): str(v) for k, v in getattr(f, "flatchoices", None) or ()}
        name = str(getattr(f, "verbose_name", ""))
        if name.isascii():  # Django's default verbose name is the attribute's own (English) name
            related = getattr(f, "related_model", None)
            name = str(related._meta.verbose_name) if related is not None else _("其他字段")
        found[f.name] = (name, choices)
    return found


IDENTIFIER_FIELDS = {"username"}  # values that are identifiers, shown as such (`<code>`), never translated


CODE = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
LINE_FIELDS = {"line", "lines"}  # values that are line keys (a line key may also name a clock: mediation)


def _value(value, choices: dict[str, str], field: str = "", line: str = "") -> str:
    text = str(value)
    if text.startswith("[") and text.endswith("]"):  # a list: a membership's lines, a clock's pauses
        items = _list(text)
        if items is not None:
            return "、".join(_item(i, choices, field, line) for i in items) or _("（空）")
    if field in LINE_FIELDS and text and text != "None":
        return str(line_label(text))
    text = choices.get(text, text)  # a choice's label (some models label codes by their English names)
    if CODE.fullmatch(text) and text in (codes := code_labels(line)):  # a code, never a number or a date
        return codes[text]
    return {"None": _("（空）"), "": _("（空）"), "True": _("是"), "False": _("否")}.get(text, text)


def _list(text: str) -> list | None:
    """A list as auditlog wrote it: JSON, or Python's repr of a list (single quotes, None)."""
    for parse in (json.loads, ast.literal_eval):
        try:
            value = parse(text)
        except (ValueError, SyntaxError):
            continue
        return value if isinstance(value, list) else None
    return None


def _item(item, choices: dict[str, str], field: str, line: str) -> str:
    if isinstance(item, (list, tuple)):  # a pair of dates (paused on, resumed on)
        return _("%(start)s 至 %(end)s") % {
            "start": _value(item[0] if item else None, choices, field, line),
            "end": _value(item[1] if len(item) > 1 else None, choices, field, line),
        }
    return _value(item, choices, field, line)


def _change_items(entry: LogEntry, line: str = "") -> list[dict]:
    """What changed, field by field: the field's Chinese name and the old and new values by their labels (a case's
    codes by its own line's labels)."""
    fields = _fields(entry.content_type_id) if entry.content_type_id else {}
    items = []
    for field, values in (entry.changes_dict or {}).items():
        if field not in fields:
            continue
        name, choices = fields[field]
        pair = values if isinstance(values, (list, tuple)) and len(values) == 2 else (None, values)
        items.append(
            {
                "name": name,
                "old": _value(pair[0], choices, field, line) if pair[0] is not None else None,
                "new": _value(pair[1], choices, field, line),
                "identifier": field in IDENTIFIER_FIELDS,
            }
        )
    return items


def _changes(items: list[dict]) -> str:
    """`field: old → new; …` as one line (the Excel export)."""
    return "；".join(
        f"{i['name']}：{i['old']} → {i['new']}" if i["old"] is not None else f"{i['name']}：{i['new']}" for i in items
    )


def _case_lines(entries: list[LogEntry]) -> dict[str, str]:
    """The line of every case among `entries` (one query), so a case's codes read by its own line's labels."""
    pks = [e.object_pk for e in entries if e.content_type.app_label == "cases" and e.content_type.model == "case"]
    if not pks:
        return {}
    case_model = apps.get_model("cases", "Case")  # by name: the audit layer sits below the cases kernel
    return {str(pk): line for pk, line in case_model.objects.filter(pk__in=pks).values_list("pk", "line")}


def _change_rows(request: HttpRequest):
    qs = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-id")
    return _filtered(request, ChangeFilter, qs)


def _decorate(entries: Iterable[LogEntry]) -> list[dict]:
    entries = list(entries)
    lines = _case_lines(entries)
    rows = []
    for e in entries:
        items = _change_items(e, lines.get(str(e.object_pk), ""))
        rows.append(
            {
                "entry": e,
                "action": CHANGE_ACTIONS.get(e.action, e.action),
                "type": _type_label(e),
                "changes": _changes(items),
                "items": items,
            }
        )
    return rows


def _type_label(entry: LogEntry) -> str:
    return kind_label(f"{entry.content_type.app_label}.{entry.content_type.model}") if entry.content_type_id else ""


@never_cache
@require_GET
@auditor_required
def change_list(request: HttpRequest) -> HttpResponse:
    """Every recorded change (who changed which field from what to what), filtered like the access records."""
    form, qs = _change_rows(request)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    status = 400 if form.errors else 200
    context = {"form": form, "page": page, "rows": _decorate(page), "query": _query(request), "tab": "changes"}
    return render(request, "audit/change_list.html", context, status=status)


@never_cache
@records_access("export", what="auditlog.logentry")
@require_GET
@auditor_required
def change_export(request: HttpRequest) -> HttpResponse:
    """The filtered change history as an Excel workbook (formula-safe); the export is itself recorded."""
    form, qs = _change_rows(request)
    if form.errors:
        return render(request, "audit/change_list.html", {"form": form, "page": None, "tab": "changes"}, status=400)
    entries = list(qs[:EXPORT_LIMIT])
    accessed(request, object_type="auditlog.logentry", query=request.GET.urlencode(), rows=len(entries))
    header = [
        _("时间"),
        _("用户"),
        _("操作"),
        _("对象类型"),
        _("对象编号"),
        _("对象"),
        _("变更内容"),
        _("IP 地址"),
        _("请求编号"),
    ]
    data = (
        [
            _local(r["entry"].timestamp),
            r["entry"].actor.username if r["entry"].actor else "",
            str(r["action"]),
            r["type"],
            r["entry"].object_pk,
            r["entry"].object_repr,
            r["changes"],
            r["entry"].remote_addr or "",
            r["entry"].cid or "",
        ]
        for r in _decorate(entries)
    )
    return _xlsx(_("变更记录"), header, data, f"变更记录-{timezone.localdate():%Y%m%d}.xlsx")
