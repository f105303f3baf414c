"""The auditor console's filters: each form narrows a queryset of access records or change records."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from auditlog.models import LogEntry
from django import forms
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.audit.labels import kind_label
from fazhi.audit.models import AccessRecord

CHANGE_ACTIONS = {
    LogEntry.Action.CREATE: _("新增"),
    LogEntry.Action.UPDATE: _("修改"),
    LogEntry.Action.DELETE: _("删除"),
    LogEntry.Action.ACCESS: _("访问"),
}


def _day_start(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


class _Filter(forms.Form):
    """User, date range (local days, both ends included) and a free search; the subclasses add the rest."""

    user = forms.CharField(label=_("用户"), required=False, max_length=150)
    start = forms.DateField(label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    user_field = "user"
    time_field = "at"

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("起始日期不能晚于截止日期。"))
        return data

    def apply(self, qs: QuerySet) -> QuerySet:
        data = self.cleaned_data
        if data.get("user"):
            u = self.user_field
            qs = qs.filter(
                Q(**{f"{u}__username__iexact": data["user"]}) | Q(**{f"{u}__full_name__icontains": data["user"]})
            )
        if data.get("start"):
            qs = qs.filter(**{f"{self.time_field}__gte": _day_start(data["start"])})
        if data.get("end"):
            qs = qs.filter(**{f"{self.time_field}__lt": _day_start(data["end"] + timedelta(days=1))})
        return qs


class AccessFilter(_Filter):
    action = forms.ChoiceField(label=_("操作"), required=False, choices=[("", _("全部")), *AccessRecord.Action.choices])
    object_type = forms.ChoiceField(label=_("对象类型"), required=False)
    q = forms.CharField(label=_("对象/案号/请求编号"), required=False, max_length=100)
    ip = forms.GenericIPAddressField(label=_("IP 地址"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        types = AccessRecord.objects.order_by("object_type").values_list("object_type", flat=True).distinct()
        self.fields["object_type"].choices = [("", _("全部")), *((t, kind_label(t)) for t in types if t)]

    def apply(self, qs: QuerySet) -> QuerySet:
        qs = super().apply(qs)
        data = self.cleaned_data
        if data.get("action"):
            qs = qs.filter(action=data["action"])
        if data.get("object_type"):
            qs = qs.filter(object_type=data["object_type"])
        if data.get("q"):
            q = data["q"].strip()
            qs = qs.filter(Q(case_number__icontains=q) | Q(object_repr__icontains=q) | Q(object_id=q) | Q(request_id=q))
        if data.get("ip"):
            qs = qs.filter(ip=data["ip"])
        return qs


class ChangeFilter(_Filter):
    user_field = "actor"
    time_field = "timestamp"

    action = forms.TypedChoiceField(
        label=_("操作"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("全部")), *CHANGE_ACTIONS.items()],
    )
    model = forms.ChoiceField(label=_("对象类型"), required=False)
    case = forms.CharField(label=_("案号"), required=False, max_length=60)
    q = forms.CharField(label=_("对象/请求编号"), required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        used = LogEntry.objects.order_by().values_list("content_type", flat=True).distinct()
        types = sorted(ContentType.objects.filter(pk__in=used), key=lambda ct: ct.app_labeled_name)
        self.fields["model"].choices = [("", _("全部")), *((str(ct.pk), _type_name(ct)) for ct in types)]

    def apply(self, qs: QuerySet) -> QuerySet:
        qs = super().apply(qs)
        data = self.cleaned_data
        if data.get("action") is not None:
            qs = qs.filter(action=data["action"])
        if data.get("model"):
            qs = qs.filter(content_type_id=int(data["model"]))
        if data.get("q"):
            q = data["q"].strip()
            qs = qs.filter(Q(object_repr__icontains=q) | Q(object_pk=q) | Q(cid=q))
        if data.get("case"):
            qs = qs.filter(case_changes(data["case"].strip()))
        return qs


CASES_PER_FILTER = 50


def case_changes(number: str) -> Q:
    """The change records of the cases whose number contains `number` and of every row that belongs to them
    (parties, details, clocks, materials, documents…: any model with a `case` foreign key to the case)."""
    case_model = apps.get_model("cases", "Case")  # by name: the audit layer sits below the cases kernel
    ids = list(case_model.objects.filter(number__icontains=number).values_list("pk", flat=True)[:CASES_PER_FILTER])
    found = Q(content_type=ContentType.objects.get_for_model(case_model), object_pk__in=[str(i) for i in ids])
    for model in apps.get_models():
        field = next(
            (f for f in model._meta.concrete_fields if f.name == "case" and f.related_model is case_model), None
        )
        if field is None:
            continue
        rows = model._base_manager.filter(case_id__in=ids).values_list("pk", flat=True)
        found |= Q(content_type=ContentType.objects.get_for_model(model), object_pk__in=[str(pk) for pk in rows])
    return found


def _type_name(ct: ContentType) -> str:
    return kind_label(f"{ct.app_label}.{ct.model}")
