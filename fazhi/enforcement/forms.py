"""The network's forms: they parse; the services decide (fazhi.enforcement.services)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.models import Organisation
from fazhi.enforcement import lifecycle
from fazhi.enforcement.choices import CertificateKind, State, Tier

DATE = {"invalid": _("日期应按“年-月-日”填写，如 2024-06-01。"), "required": _("请填写日期。")}


class DayInput(forms.DateInput):
    input_type = "date"


def _date_field(label) -> forms.DateField:
    return forms.DateField(label=label, widget=DayInput, error_messages=DATE)


class OrganisationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        return f"{obj.name}（{obj.region.name}）"


class BodyForm(forms.Form):
    name = forms.CharField(
        label=_("监督机构名称"), max_length=100, error_messages={"required": _("请填写监督机构名称。")}
    )
    host = OrganisationChoice(
        label=_("所在单位"),
        queryset=Organisation.objects.none(),
        error_messages={"required": _("请选择所在单位。"), "invalid_choice": _("请从列表中选择所在单位。")},
    )
    tier = forms.ChoiceField(
        label=_("层级"), choices=[("", _("按所在单位的行政区划确定")), *Tier.choices], required=False
    )
    established_on = _date_field(_("设立日期"))

    def __init__(self, *args, hosts, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = hosts  # type: ignore[attr-defined]


class DissolveForm(forms.Form):
    dissolved_on = _date_field(_("撤销日期"))


class OfficerForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50, error_messages={"required": _("请填写姓名。")})
    id_number = forms.CharField(label=_("身份证号"), max_length=18, error_messages={"required": _("请填写身份证号。")})
    organisation = OrganisationChoice(
        label=_("所在单位"),
        queryset=Organisation.objects.none(),
        error_messages={"required": _("请选择所在单位。"), "invalid_choice": _("请从列表中选择所在单位。")},
    )
    photo = forms.FileField(label=_("照片（可选，JPG 或 PNG）"), required=False)
    kind = forms.ChoiceField(
        label=_("同时申领证件"), choices=[("", _("暂不申领")), *CertificateKind.choices], required=False
    )

    def __init__(self, *args, units, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = units  # type: ignore[attr-defined]


class ApplyForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("证件类别"), choices=CertificateKind.choices, error_messages={"required": _("请选择证件类别。")}
    )
    applied_on = _date_field(_("申领日期"))


def _move_field(key: str, required: bool) -> forms.Field:
    label = lifecycle.FIELD_LABELS[key]
    if key in ("valid_from", "valid_to"):
        field: forms.Field = _date_field(label)
        field.required = required
        return field
    if key == "training_hours":
        return forms.DecimalField(
            label=label,
            required=required,
            min_value=0,
            max_value=2000,
            decimal_places=1,
            error_messages={"invalid": _("请填写数字。"), "required": _("请填写培训学时。")},
        )
    if key == "exam_score":
        return forms.IntegerField(
            label=label,
            required=required,
            min_value=0,
            max_value=100,
            error_messages={"invalid": _("请填写整数。"), "required": _("请填写考试成绩。")},
        )
    if key in ("reason", "note"):
        return forms.CharField(label=label, required=required, max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    return forms.CharField(label=label, required=required, max_length=40)


class MoveForm(forms.Form):
    """One declared move's form: its date and exactly the data the move takes (`lifecycle.MOVES`)."""

    on = _date_field(_("办理日期"))

    def __init__(self, *args, move: lifecycle.Move, **kwargs) -> None:
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        kwargs.setdefault("prefix", move.code)
        super().__init__(*args, **kwargs)
        self.move = move
        for key in move.required:
            self.fields[key] = _move_field(key, True)
        for key in move.optional:
            self.fields[key] = _move_field(key, False)

    def data_for_service(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "on" and v not in (None, "")}


class CertificateFilter(forms.Form):
    kind = forms.ChoiceField(label=_("证件类别"), choices=[("", _("全部")), *CertificateKind.choices], required=False)
    state = forms.ChoiceField(label=_("状态"), choices=[("", _("全部")), *State.choices], required=False)
    organisation = OrganisationChoice(label=_("所在单位"), queryset=Organisation.objects.none(), required=False)
    name = forms.CharField(label=_("姓名"), max_length=50, required=False)
    number = forms.CharField(label=_("证件编号"), max_length=40, required=False)

    def __init__(self, *args, units, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = units  # type: ignore[attr-defined]


class BodyFilter(forms.Form):
    tier = forms.ChoiceField(label=_("层级"), choices=[("", _("全部")), *Tier.choices], required=False)
    on = forms.DateField(label=_("在此日期存续"), required=False, widget=DayInput, error_messages=DATE)


class OfficerFilter(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50, required=False)
    organisation = OrganisationChoice(label=_("所在单位"), queryset=Organisation.objects.none(), required=False)
    agencies_only = forms.BooleanField(label=_("仅行政执法机关人员"), required=False)

    def __init__(self, *args, units, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = units  # type: ignore[attr-defined]
