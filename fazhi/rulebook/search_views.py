"""The rule book's search page (/rules/search/): any staff member searches the full text, with filters, ranked
results, marked snippets and page links. The search itself is `fazhi.rulebook.search.search` (free of request)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from fazhi.cases.views import staff_required
from fazhi.core.models import Region
from fazhi.rulebook import access
from fazhi.rulebook.choices import DocumentKind, Status
from fazhi.rulebook.search import Filters, hits, search

PAGE_SIZE = 20
DATE_ERRORS = {"invalid": _("请按“年-月-日”填写日期，如 2024-06-01。")}


def _date(label) -> forms.DateField:
    return forms.DateField(
        label=label, required=False, widget=forms.DateInput(attrs={"type": "date"}), error_messages=DATE_ERRORS
    )


class SearchForm(forms.Form):
    """The query and its filters (GET); every field optional."""

    q = forms.CharField(label=_("检索词或文号"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("类别"), required=False, choices=[("", "—"), *DocumentKind.choices])
    status = forms.ChoiceField(label=_("状态"), required=False, choices=[("", "—"), *Status.choices])
    issuer = forms.CharField(label=_("制定机关"), required=False, max_length=100)
    region = forms.ChoiceField(label=_("行政区划"), required=False, choices=[("", "—")])
    published_from = _date(_("公布日期自"))
    published_to = _date(_("公布日期至"))
    in_force_on = _date(_("在此日期有效"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        levels = (Region.Level.PROVINCE, Region.Level.CITY, Region.Level.COUNTY)
        regions = Region.objects.filter(level__in=levels).order_by("code")
        region = self.fields["region"]
        assert isinstance(region, forms.ChoiceField)
        region.choices = [("", "—"), *((r.code, r.name) for r in regions)]

    def clean(self):
        data = super().clean()
        start, end = data.get("published_from"), data.get("published_to")
        if start and end and start > end:
            self.add_error("published_to", _("公布日期的终止日不能早于起始日。"))
        return data

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            kind=data.get("kind", ""),
            issuer=data.get("issuer", ""),
            status=data.get("status", ""),
            region=data.get("region", ""),
            published_from=data.get("published_from"),
            published_to=data.get("published_to"),
            in_force_on=data.get("in_force_on"),
        )


@staff_required
def search_page(request: HttpRequest) -> HttpResponse:
    """Search the rule book: ranked documents with the query's words marked in their titles and snippets."""
    if not access.can_read(request.user):
        raise PermissionDenied
    form = SearchForm(request.GET or None)
    context: dict = {"form": form, "searched": False}
    if form.is_bound and form.is_valid():
        results, words = search(form.cleaned_data.get("q", ""), form.filters())
        page = Paginator(results.select_related("region"), PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        context |= {
            "searched": True,
            "page": page,
            "hits": hits(page.object_list, words),
            "query": query.urlencode(),
        }
    return render(request, "rulebook/search.html", context)
