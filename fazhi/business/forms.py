"""Forms of the business-environment pages: they parse; `fazhi.business.services` validates and writes."""

from __future__ import annotations

from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.models import Organisation
from fazhi.business.choices import EventKind
from fazhi.business.models import IndustrialPark
from fazhi.core.models import Region
from fazhi.core.validators import normalize_uscc, validate_uscc

DATE = forms.DateInput(attrs={"type": "date"})
DATE_ERRORS = {"invalid": _("日期应按“年-月-日”填写，如 2024-06-01。")}


def _region_field(regions: QuerySet[Region], label=None) -> forms.ChoiceField:
    return forms.ChoiceField(label=label or _("行政区划"), choices=[(r.code, r.name) for r in regions])


class ParkForm(forms.Form):
    region = forms.ChoiceField(label=_("行政区划"))
    name = forms.CharField(label=_("园区名称"), max_length=200)

    def __init__(self, *args, regions: QuerySet[Region], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"] = _region_field(regions)


class EnterpriseForm(forms.Form):
    name = forms.CharField(label=_("企业名称"), max_length=200)
    uscc = forms.CharField(label=_("统一社会信用代码"), max_length=30)
    region = forms.ChoiceField(label=_("所在行政区划"))

    def __init__(self, *args, regions: QuerySet[Region], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"] = _region_field(regions, _("所在行政区划"))


class ServiceListForm(forms.Form):
    region = forms.ChoiceField(label=_("行政区划"))
    title = forms.CharField(label=_("清单名称"), max_length=200)

    def __init__(self, *args, regions: QuerySet[Region], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"] = _region_field(regions)


class ItemForm(forms.Form):
    service = forms.CharField(label=_("服务事项"), max_length=300)
    provider_organisation = forms.ModelChoiceField(
        label=_("提供机构"), queryset=Organisation.objects.none(), required=False, empty_label=_("（填写提供单位）")
    )
    provider_name = forms.CharField(label=_("提供单位"), max_length=200, required=False)
    contact = forms.CharField(label=_("联系方式"), max_length=300)
    region = forms.ChoiceField(label=_("服务区域"))
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, regions: QuerySet[Region], organisations: QuerySet[Organisation], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"] = _region_field(regions, _("服务区域"))
        cast(forms.ModelChoiceField, self.fields["provider_organisation"]).queryset = organisations


class PublishForm(forms.Form):
    published_on = forms.DateField(label=_("发布日期"), widget=DATE, error_messages=DATE_ERRORS)
    note = forms.CharField(label=_("修订说明"), max_length=300, required=False)
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)


class RevisionForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)


def parse_enterprises(text: str) -> list[tuple[str, str]]:
    """The enterprise lines of a form (one a line: the unified social credit code, then optionally the name for one
    not yet registered) as (code, name); a bad code names its line."""
    found: list[tuple[str, str]] = []
    errors = []
    for number, line in enumerate(text.splitlines(), start=1):
        parts = line.strip().split(None, 1)
        if not parts:
            continue
        try:
            code = validate_uscc(normalize_uscc(parts[0]))
        except ValidationError as error:
            errors.append(_("第%(n)s行：%(error)s") % {"n": number, "error": error.messages[0]})
            continue
        found.append((code, parts[1].strip() if len(parts) > 1 else ""))
    if errors:
        raise ValidationError(errors)
    return found


class RelationForm(forms.Form):
    notary_office = forms.CharField(label=_("公证机构"), max_length=200)
    region = forms.ChoiceField(label=_("公证机构所在行政区划"))
    uscc = forms.CharField(label=_("企业统一社会信用代码"), max_length=30)
    enterprise_name = forms.CharField(
        label=_("企业名称"), max_length=200, required=False, help_text=_("企业尚未登记时填写，将一并登记。")
    )
    # where a new enterprise is registered (its own region, not the notary office's): one the keeper keeps
    enterprise_region = forms.ChoiceField(
        label=_("企业所在行政区划"), required=False, help_text=_("企业尚未登记时选择；默认为本单位所在行政区划。")
    )
    started_on = forms.DateField(label=_("对接开始日期"), widget=DATE, error_messages=DATE_ERRORS)
    ended_on = forms.DateField(label=_("对接结束日期"), widget=DATE, required=False, error_messages=DATE_ERRORS)
    services = forms.CharField(label=_("服务内容"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, regions: QuerySet[Region], editing: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"] = _region_field(regions, _("公证机构所在行政区划"))
        self.fields["enterprise_region"].choices = [(r.code, r.name) for r in regions]  # type: ignore[attr-defined]
        if editing:  # the enterprise and the region of a recorded relation stay
            for name in ("region", "uscc", "enterprise_name", "enterprise_region"):
                del self.fields[name]

    def clean_uscc(self) -> str:
        return validate_uscc(self.cleaned_data["uscc"])


class EventForm(forms.Form):
    held_on = forms.DateField(label=_("活动日期"), widget=DATE, error_messages=DATE_ERRORS)
    region = forms.ChoiceField(label=_("行政区划"))
    park = forms.ModelChoiceField(
        label=_("园区"), queryset=IndustrialPark.objects.none(), required=False, empty_label=_("（不在园区）")
    )
    kind = forms.ChoiceField(label=_("活动形式"), choices=EventKind.choices)
    topic = forms.CharField(label=_("主题"), max_length=200, help_text=_("如：新公司法"))
    lecture_count = forms.IntegerField(label=_("讲座场次"), min_value=0, max_value=100, initial=0)
    audience = forms.IntegerField(label=_("受众人数"), min_value=0, max_value=100000, initial=0)
    enterprises = forms.CharField(
        label=_("走访企业"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("每行一家：统一社会信用代码，尚未登记的企业在代码后空一格写企业名称。"),
    )
    notes = forms.CharField(label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args, regions: QuerySet[Region], parks: QuerySet[IndustrialPark], editing: bool = False, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"] = _region_field(regions)
        cast(forms.ModelChoiceField, self.fields["park"]).queryset = parks
        if editing:
            del self.fields["region"]

    def clean_enterprises(self) -> list[tuple[str, str]]:
        return parse_enterprises(self.cleaned_data["enterprises"])


def _region_filter() -> forms.RegexField:
    return forms.RegexField(
        r"^[0-9]{12}$",
        label=_("行政区划代码"),
        required=False,
        error_messages={"invalid": _("行政区划代码应为12位数字。")},
    )


class EventFilter(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=1949, max_value=2099, required=False)
    region = _region_filter()
    kind = forms.ChoiceField(label=_("活动形式"), choices=[("", _("全部")), *EventKind.choices], required=False)
    topic = forms.CharField(label=_("主题"), max_length=100, required=False)
    park = forms.IntegerField(widget=forms.HiddenInput, required=False)


class RelationFilter(forms.Form):
    year = forms.IntegerField(label=_("年度（对接有效）"), min_value=1949, max_value=2099, required=False)
    region = _region_filter()
    q = forms.CharField(label=_("公证机构或企业"), max_length=100, required=False)


class EnterpriseFilter(forms.Form):
    q = forms.CharField(label=_("企业名称或代码"), max_length=100, required=False)
    region = _region_filter()
