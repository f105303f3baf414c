"""Case list filters shared by the workbench and the API (django-filter)."""

from __future__ import annotations

import re

import django_filters
from django import forms
from django.utils import timezone
from django.utils.choices import CallableChoiceIterator
from django.utils.translation import gettext_lazy as _

from fazhi.cases.models import Case, Deadline, Party
from fazhi.core.crypto import SEARCH_TOKEN_PREFIX as TOKEN_PREFIX
from fazhi.core.crypto import search_token, token_digest
from fazhi.core.lines import line_choices

# A full ID number or phone typed into the case-number box: the workbench moves it to the party filter.
IDENTIFIER_RE = re.compile(r"\+?[\d\s()-]{7,}|\d{17}[\dXx]|\d{15}")


def party_token(value: str) -> str:
    """The search token standing for a full ID number or phone in a URL ("" when `value` is neither)."""
    kind = "id_number" if re.fullmatch(r"\d{17}[\dXx]|\d{15}", (value or "").strip().replace(" ", "")) else "phone"
    return search_token(kind, value)


class _TokenInput(forms.TextInput):
    """Never echoes a token into the box; the placeholder says the filter is on."""

    def format_value(self, value):
        return None if value and str(value).startswith(TOKEN_PREFIX) else super().format_value(value)

    def get_context(self, name, value, attrs):
        if value and str(value).startswith(TOKEN_PREFIX):
            attrs = {**(attrs or {}), "placeholder": _("已按当事人证件号/电话筛选")}
        return super().get_context(name, value, attrs)


def parties_matching(value: str):
    """Parties whose full ID number or phone is `value`, or whose blind index is the token `value`."""
    digest = token_digest(value)
    if digest is not None:
        return Party.objects.filter(id_number_index=digest) | Party.objects.filter(phone_index=digest)
    return Party.objects.matching((value or "").strip())


class CaseFilter(django_filters.FilterSet):
    # the registered lines, read when the filter is built (an iterator, not a callable: the schema keeps the enum)
    line = django_filters.ChoiceFilter(
        label=_("条线"), choices=CallableChoiceIterator(line_choices), empty_label=_("全部条线")
    )
    state = django_filters.CharFilter(label=_("状态"), max_length=40)
    number = django_filters.CharFilter(label=_("案号/案由"), method="filter_text", max_length=100)
    party = django_filters.CharFilter(
        label=_("当事人身份证号/电话（完整）"), method="filter_party", max_length=80, widget=_TokenInput
    )
    received_after = django_filters.DateFilter(label=_("收到日期起"), field_name="received_on", lookup_expr="gte")
    received_before = django_filters.DateFilter(label=_("收到日期止"), field_name="received_on", lookup_expr="lte")
    is_open = django_filters.BooleanFilter(label=_("未办结"), field_name="closed_on", lookup_expr="isnull")
    overdue = django_filters.BooleanFilter(label=_("有超期时限"), method="filter_overdue")

    class Meta:
        model = Case
        fields = ["line", "state"]

    def filter_text(self, queryset, name, value):
        return queryset.filter(number__icontains=value) | queryset.filter(title__icontains=value)

    def filter_party(self, queryset, name, value):
        """Exact match of a full ID number or phone through the blind index (masked or partial values find nothing)."""
        return queryset.filter(pk__in=parties_matching(value).values("case_id"))

    def filter_overdue(self, queryset, name, value):
        late = Deadline.objects.late(timezone.localdate()).values("case_id")
        return queryset.filter(pk__in=late) if value else queryset.exclude(pk__in=late)
