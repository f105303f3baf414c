"""Case list filters shared by the workbench and the API (django-filter)."""

from __future__ import annotations

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.cases.models import Case, Deadline
from fazhi.core.lines import Line


class CaseFilter(django_filters.FilterSet):
    line = django_filters.ChoiceFilter(label=_("条线"), choices=Line.choices, empty_label=_("全部条线"))
    state = django_filters.CharFilter(label=_("状态"), max_length=40)
    number = django_filters.CharFilter(label=_("案号/案由"), method="filter_text", max_length=100)
    received_after = django_filters.DateFilter(label=_("收到日期起"), field_name="received_on", lookup_expr="gte")
    received_before = django_filters.DateFilter(label=_("收到日期止"), field_name="received_on", lookup_expr="lte")
    is_open = django_filters.BooleanFilter(label=_("未办结"), field_name="closed_on", lookup_expr="isnull")
    overdue = django_filters.BooleanFilter(label=_("有超期时限"), method="filter_overdue")

    class Meta:
        model = Case
        fields = ["line", "state"]

    def filter_text(self, queryset, name, value):
        return queryset.filter(number__icontains=value) | queryset.filter(title__icontains=value)

    def filter_overdue(self, queryset, name, value):
        late = Deadline.objects.late(timezone.localdate()).values("case_id")
        return queryset.filter(pk__in=late) if value else queryset.exclude(pk__in=late)
