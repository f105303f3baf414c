"""The registry's pages (规章规范性文件库): authenticate → permission (`fazhi.rulebook.access`) → service → render.

Every staff member reads; writing is for the legality members of the document's region's bureau, refused with the
Chinese 403 page otherwise. A form whose document was saved by someone else meanwhile is shown again with the
conflict message and nothing is saved.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fazhi.cases.models import Case
from fazhi.cases.views import staff_required
from fazhi.rulebook import access, registry, services
from fazhi.rulebook.forms import (
    AmendForm,
    DecideForm,
    DocumentFilter,
    EditForm,
    EndForm,
    FilingForm,
    RegisterForm,
    RelationForm,
)
from fazhi.rulebook.models import DocumentRelation, EvaluationTask, NormativeDocument

WRITE_REFUSED = _("仅本地区司法局合法性审核工作人员可以维护规章规范性文件库。")


def _reader(view):
    """Staff only (a citizen gets the guide), and the rule book's read rule."""

    @staff_required
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not access.can_read(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__, wrapped.__doc__ = view.__name__, view.__doc__
    return wrapped


def _writable(request: HttpRequest, pk: int) -> NormativeDocument:
    doc = get_object_or_404(NormativeDocument.objects.select_related("region"), pk=pk)
    if not access.can_write(request.user, doc.region_id):
        raise PermissionDenied(WRITE_REFUSED)
    return doc


def _apply_errors(form, exc: ValidationError) -> None:
    """Put a service's refusal on the form: field errors beside their fields, the rest on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error.messages[0])
    else:
        for message in exc.messages:
            form.add_error(None, message)


@_reader
def document_list(request: HttpRequest) -> HttpResponse:
    """Every document, filterable by kind, status, issuer, region, year and the due marks."""
    today = timezone.localdate()
    filters = DocumentFilter(request.GET or None, regions=registry.list_regions())
    criteria = filters.cleaned_data if filters.is_bound and filters.is_valid() else {}
    page = Paginator(registry.document_list(criteria, today=today), 50).get_page(request.GET.get("page"))
    for doc in page:
        doc.filing_overdue = registry.is_filing_overdue(doc, today)  # type: ignore[attr-defined]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "filter": filters,
        "query": query.urlencode(),
        "may_write": access.may_write(request.user),
    }
    return render(request, "rulebook/document_list.html", context)


@_reader
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One document: its metadata and marks, current text, every version, relations both ways, tasks, cleanups."""
    doc = get_object_or_404(
        NormativeDocument.objects.select_related("region", "review_case", "organisation").prefetch_related(
            "versions__created_by",
            Prefetch("relations_out", queryset=DocumentRelation.objects.select_related("target")),
            Prefetch("relations_in", queryset=DocumentRelation.objects.select_related("source")),
            "tasks",
            "cleanup_items__campaign",
        ),
        pk=pk,
    )
    today = timezone.localdate()
    writer = access.can_write(request.user, doc.region_id)
    context = {
        "doc": doc,
        "marks": registry.marks_of(doc, today=today),
        "may_write": writer,
        "relation_form": RelationForm() if writer else None,
        "decide_form": DecideForm(initial={"decided_on": today}) if writer else None,
    }
    return render(request, "rulebook/document_detail.html", context)


@_reader
def document_register(request: HttpRequest) -> HttpResponse:
    """Register a document; a normative document needs its concluded legality review (gates.review_refusal)."""
    regions = access.writable_regions(request.user)
    if not regions.exists():
        raise PermissionDenied(WRITE_REFUSED)
    form = RegisterForm(request.POST or None, regions=regions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        case = None
        if data["review_case"]:
            case = Case.objects.visible_to(request.user).filter(number=data["review_case"].strip()).first()
            if case is None:
                form.add_error("review_case", _("未找到该合法性审核案件，请核对案号。"))
        if form.is_valid():
            try:
                doc = services.document_register(
                    actor=request.user,
                    region_id=data["region"],
                    kind=data["kind"],
                    title=data["title"],
                    number=data["number"],
                    issuer=data["issuer"],
                    adopted_on=data["adopted_on"],
                    published_on=data["published_on"],
                    effective_on=data["effective_on"],
                    provisional=form.provisional_value(),
                    text=data["text"],
                    review_case=case,
                    organisation=access.writing_organisation_for(request.user, data["region"]),
                    filed_on=data["filed_on"],
                )
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("已登记%(d)s。") % {"d": doc})
                return redirect("rulebook:document_detail", pk=doc.pk)
    return render(request, "rulebook/document_form.html", {"form": form, "title": _("登记规章规范性文件")})


def _versioned_write(request: HttpRequest, doc: NormativeDocument, form, write, title: str, done: str):
    if request.method == "POST" and form.is_valid():
        try:
            write(form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("rulebook:document_detail", pk=doc.pk)
    return render(request, "rulebook/document_form.html", {"form": form, "doc": doc, "title": title})


@_reader
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct the metadata (the text changes only by an amendment)."""
    doc = _writable(request, pk)
    form = EditForm(request.POST or None, instance=doc, initial={"version": doc.version})

    def write(data):
        fields = {name: data[name] for name in services.METADATA_FIELDS}
        services.document_update(doc=doc, actor=request.user, version=data["version"], **fields)

    return _versioned_write(request, doc, form, write, _("修改文件信息"), _("已保存。"))


@_reader
def document_amend(request: HttpRequest, pk: int) -> HttpResponse:
    """Amend: a new version with the new text; the old text stays in the version history."""
    doc = _writable(request, pk)
    form = AmendForm(request.POST or None, initial={"version": doc.version, "text": doc.text})

    def write(data):
        services.document_amend(
            doc=doc,
            actor=request.user,
            version=data["version"],
            text=data["text"],
            effective_on=data["effective_on"],
            note=data["note"],
            by=data["by"],
        )

    return _versioned_write(request, doc, form, write, _("修改文件（新版本）"), _("已登记修改，原文本已保留。"))


@_reader
def document_end(request: HttpRequest, pk: int) -> HttpResponse:
    """Repeal, declare invalid, or close as re-issued in a revised document."""
    doc = _writable(request, pk)
    form = EndForm(request.POST or None, initial={"version": doc.version, "on": timezone.localdate()})

    def write(data):
        services.document_end(
            doc=doc, actor=request.user, version=data["version"], status=data["status"], on=data["on"], by=data["by"]
        )

    return _versioned_write(request, doc, form, write, _("废止或宣布失效"), _("已变更文件状态。"))


@_reader
def document_file(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the filing day (备案日期)."""
    doc = _writable(request, pk)
    form = FilingForm(request.POST or None, initial={"version": doc.version, "filed_on": timezone.localdate()})

    def write(data):
        services.document_file(doc=doc, actor=request.user, version=data["version"], filed_on=data["filed_on"])

    return _versioned_write(request, doc, form, write, _("登记备案"), _("已登记备案日期。"))


@require_POST
@_reader
def relation_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Relate this document to another (this document amends, repeals, implements or is based on it)."""
    doc = _writable(request, pk)
    form = RelationForm(request.POST)
    if form.is_valid():
        try:
            services.relation_add(
                source=doc, target=form.cleaned_data["target"], kind=form.cleaned_data["kind"], actor=request.user
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("已添加文件关系。"))
            return redirect("rulebook:document_detail", pk=doc.pk)
    return render(
        request, "rulebook/document_form.html", {"form": form, "doc": doc, "title": _("添加文件关系")}, status=400
    )


@require_POST
@_reader
def relation_remove(request: HttpRequest, pk: int, relation: int) -> HttpResponse:
    """Remove a relation of this document (either way)."""
    doc = _writable(request, pk)
    found = get_object_or_404(DocumentRelation.objects.filter(Q(source=doc) | Q(target=doc)), pk=relation)
    services.relation_remove(relation=found, actor=request.user)
    messages.success(request, _("已删除文件关系。"))
    return redirect("rulebook:document_detail", pk=doc.pk)


@require_POST
@_reader
def task_decide(request: HttpRequest, task: int) -> HttpResponse:
    """Decide an evaluation task: 修改 / 废止 / 确认继续实施."""
    found = get_object_or_404(EvaluationTask.objects.select_related("document"), pk=task)
    doc = _writable(request, found.document_id)
    form = DecideForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.task_decide(
                task=found,
                actor=request.user,
                decision=data["decision"],
                decided_on=data["decided_on"],
                note=data["note"],
                text=data["text"],
                effective_on=data["effective_on"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("评估任务已办结。"))
            return redirect("rulebook:document_detail", pk=doc.pk)
    return render(
        request, "rulebook/document_form.html", {"form": form, "doc": doc, "title": _("办理评估任务")}, status=400
    )
