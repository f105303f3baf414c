"""Workbench pages: authenticate → scope → permission → call a service or selector → render."""

from __future__ import annotations

from datetime import date
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import select_template
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from fazhi.accounts.access import is_staff_member
from fazhi.accounts.views import guide_response
from fazhi.audit.services import accessed, records_access
from fazhi.cases import reveal, selectors
from fazhi.cases.clock_rows import clock_rows
from fazhi.cases.filters import IDENTIFIER_RE, TOKEN_PREFIX, CaseFilter, party_token
from fazhi.cases.forms import DeadlineForm
from fazhi.cases.locking import lock_case
from fazhi.cases.models import Case, CaseEvent, Material
from fazhi.cases.runner import TransitionError, TransitionForbidden, available_transitions, case_transition
from fazhi.cases.services import material_add


def staff_required(view):
    """Login first; then only members of an organisation (deny by default). A signed-in user with no staff role (a
    citizen) is refused with the page that says where to go instead (403)."""

    @login_required
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not is_staff_member(request.user):
            return guide_response(request)
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


PAGE_PARAMS = ("after", "before", "page")  # `count=exact` stays in the page links: the next page counts exactly too


def _keyset_page(request: HttpRequest, qs, ordering: tuple[str, str], size: int) -> tuple[selectors.Page, str]:
    """The page after (or before) the position in the URL, and the URL's other parameters for the page links.
    A position this site did not write shows the first page."""
    try:
        page = selectors.keyset_page(
            qs, ordering, after=request.GET.get("after") or None, before=request.GET.get("before") or None, size=size
        )
    except selectors.BadCursor:
        page = selectors.keyset_page(qs, ordering, size=size)
    query = request.GET.copy()
    for name in PAGE_PARAMS:
        query.pop(name, None)
    return page, query.urlencode()


TASK_PAGE_SIZE = 100


@login_required
def my_tasks(request: HttpRequest) -> HttpResponse:
    """My open clocks, nearest deadline first, a page at a time, with overdue and due-soon marks and counts.

    It is where a login lands: a user with no staff role is sent to the page that says where to go instead."""
    if not is_staff_member(request.user):
        return redirect("accounts:guide")
    today = timezone.localdate()
    deadlines = selectors.task_deadlines(user=request.user, today=today)
    page, query = _keyset_page(request, deadlines, selectors.TASK_ORDER, TASK_PAGE_SIZE)
    context = {
        "tasks": selectors.clock_views(page.rows, today, explained=False),
        "page": page,
        "query": query,
        "ageing": selectors.ageing_totals(deadlines, today),
    }
    return render(request, "cases/my_tasks.html", context)


@staff_required
def case_list(request: HttpRequest) -> HttpResponse:
    """Cases in my scope, filterable by line, state, dates and overdue clocks; keyset pages ("下一页") and a total
    that is estimated on long lists unless `?count=exact`."""
    if untokenised := _tokenise_party_search(request):
        return untokenised
    filters = CaseFilter(request.GET, queryset=selectors.case_list(user=request.user))
    qs = filters.qs.select_related(None).select_related("organisation")  # the page shows the organisation only
    page, query = _keyset_page(request, qs, selectors.CASE_ORDER, selectors.PAGE_SIZE)
    first = not (request.GET.get("after") or request.GET.get("before"))
    total = selectors.page_total(qs, page, first_page=first, exact=request.GET.get("count") == "exact")
    context = {"page": page, "total": total, "filter": filters, "query": query}
    return render(request, "cases/case_list.html", context)


def _tokenise_party_search(request: HttpRequest) -> HttpResponse | None:
    """A full ID number or phone searched for (in the party box, or typed into the case-number box) leaves the URL:
    redirect to the same list with its blind-index token, so links, history and the export's record hold no value."""
    query = request.GET.copy()
    number, party = query.get("number", "").strip(), query.get("party", "").strip()
    if number and IDENTIFIER_RE.fullmatch(number) and not party:
        query.pop("number")
        party = number
    elif not party or party.startswith(TOKEN_PREFIX):
        return None
    query["party"] = party_token(party) or TOKEN_PREFIX  # a bare "~" matches nothing rather than everything
    return redirect(f"{request.path}?{query.urlencode()}")


@records_access("view", what="cases.case")
@staff_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One case: parties, clocks explained, timeline, and the steps this user may take now."""
    case = get_object_or_404(selectors.case_list(user=request.user), pk=pk)
    return _render_detail(request, case)


def _render_detail(request: HttpRequest, case, *, failed: str = "", posted=None, status: int = 200) -> HttpResponse:
    """The case page; after a refused step, that step's form keeps what the user typed."""
    accessed(request, case)
    posted = posted or {}
    today = timezone.localdate()
    events = selectors.timeline(case)
    taken = [cast(CaseEvent, entry.event) for entry in events]
    context = {
        "case": case,
        "parties": case.parties.all(),
        "can_reveal": reveal.can_reveal(request.user, case),
        "reveal_fields": reveal.BUTTONS,
        "clocks": clock_rows(case.procedure, case.deadlines.all(), taken, today),
        "events": events,
        "documents": case.documents.order_by("id"),
        "materials": case.materials.select_related("uploaded_by"),
        "today": today,
        "transitions": [
            (
                t,
                [(*f, posted.get(f[0], "") if t.code == failed else "") for f in case.procedure.form_fields(t)],
                posted.get("on", "") if t.code == failed else today.isoformat(),
            )
            for t in available_transitions(case, request.user, taken={e.code for e in taken})
        ],
        "failed": failed,
        # a line may add its own panel (warnings, related records) without the kernel knowing the line
        "line_panel": select_template([f"{case.line}/_case_panel.html", "cases/_no_panel.html"]),
    }
    return render(request, "cases/case_detail.html", context, status=status)


@records_access("view", what="cases.case")  # records only a refused step, whose answer re-shows the case
@require_POST
@staff_required
def case_transition_view(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    """Take one statutory step; errors come back as a message and the case stays as it was."""
    data = {k: v for k, v in request.POST.items() if k not in {"csrfmiddlewaretoken", "version", "on"}}
    try:
        on = date.fromisoformat(request.POST["on"]) if request.POST.get("on") else None
        version = int(request.POST["version"]) if "version" in request.POST else None
    except ValueError:
        if not selectors.case_list(user=request.user).filter(pk=pk).exists():
            raise Http404 from None
        messages.error(request, "日期或版本号格式不正确。")
        return redirect("cases:case_detail", pk=pk)
    case: Case | None = None
    try:
        with transaction.atomic():  # the step's transaction: the case read once, locked, in the user's scope
            try:
                case = lock_case(pk, user=request.user)  # case_list's scope, its statement compiled once per scope
            except Case.DoesNotExist:
                raise Http404 from None
            case = case_transition(
                case=case, code=code, actor=request.user, on=on, data=data, expected_version=version, locked=True
            )
    except TransitionForbidden as exc:
        raise PermissionDenied(str(exc)) from exc
    except TransitionError as exc:
        messages.error(request, str(exc))
        assert case is not None  # a refused step: the case was read (and its transaction rolled back)
        case.refresh_from_db()
        return _render_detail(request, case, failed=code, posted=request.POST, status=400)
    assert case is not None
    step = case.procedure.transition(code)
    messages.success(request, f"已完成：{step.label if step else code}。")
    return redirect("cases:case_detail", pk=case.pk)


def deadline_calculator(request: HttpRequest) -> HttpResponse:
    """The public deadline calculator: a rule and a start date give the due date, explained."""
    form = DeadlineForm(request.GET or None)
    result = form.result() if form.is_bound and form.is_valid() else None
    return render(request, "cases/deadline_calculator.html", {"form": form, "result": result})


@require_POST
@staff_required
def material_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a file to the case file; a refused file leaves the case as it was and says why."""
    case = get_object_or_404(selectors.case_list(user=request.user), pk=pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "请选择要上传的文件。")
    else:
        try:
            material_add(case=case, upload=upload, title=request.POST.get("title", ""), actor=request.user)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, "材料已添加。")
    return redirect("cases:case_detail", pk=case.pk)


@records_access("download", what="cases.material")
@staff_required
def material_download(request: HttpRequest, pk: int) -> FileResponse:
    """A file of a case the user may see, served as an attachment and recorded."""
    material = get_object_or_404(Material.objects.visible_to(request.user), pk=pk)
    accessed(request, material)
    return FileResponse(
        material.file.open("rb"),
        as_attachment=True,
        filename=material.original_name,
        content_type=material.content_type,
    )


@never_cache
@require_POST
@staff_required
def party_reveal_view(request: HttpRequest, pk: int, party_pk: int) -> HttpResponse:
    """显示完整证件号: a party's full ID number (or phone, address) for the case's own handlers, recorded."""
    case = get_object_or_404(selectors.case_list(user=request.user), pk=pk)
    party = get_object_or_404(case.parties.all(), pk=party_pk)
    if not reveal.can_reveal(request.user, case):
        raise PermissionDenied(gettext("只有本机构承办该案件的工作人员可以查看完整个人信息。"))
    field = request.POST.get("field") or "id_number"
    if field not in reveal.FIELDS:
        messages.error(request, gettext("无法显示该项信息。"))
        return redirect("cases:case_detail", pk=case.pk)
    value = reveal.party_reveal(request=request, party=party, field=field)
    context = {"case": case, "party": party, "label": reveal.FIELDS[field], "value": value}
    return render(request, "cases/party_reveal.html", context)
