"""Forms of the reconsideration workbench; the intake checks are shared with the API's input serializer."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.models import Organisation
from fazhi.cases.fields import EARLIEST_DATE, LATEST_DATE
from fazhi.cases.form_fields import YuanField
from fazhi.cases.models import Case, Channel, Party
from fazhi.cases.runner import PartyInput
from fazhi.core.validators import validate_id_number, validate_uscc
from fazhi.reconsideration.choices import ActType
from fazhi.reconsideration.models import Litigation
from fazhi.reconsideration.services import Application

# How an application reaches the office (art. 22: in writing by hand, post or online, or orally put on record).
INTAKE_CHANNELS = [
    (Channel.WALK_IN.value, _("窗口")),
    (Channel.POST.value, _("邮寄")),
    (Channel.WEB.value, _("网上")),
    (Channel.ORAL.value, _("口头申请记录")),
]
DATE_ERRORS = {"invalid": _("日期格式应为 YYYY-MM-DD。")}


def application_errors(data: dict[str, Any], today: date) -> dict[str, str]:
    """Problems of a filled-in application, by field; normalises the applicant's identifier in `data` in place.

    Shared by the intake form and the API so both accept and refuse the same input.
    """
    errors: dict[str, str] = {}
    kind = data.get("applicant_kind") or Party.Kind.PERSON
    id_number, uscc = (data.get("id_number") or "").strip(), (data.get("uscc") or "").strip()
    if kind == Party.Kind.PERSON:
        if uscc:
            errors["uscc"] = gettext("申请人为自然人时请填写身份证号码，不填写统一社会信用代码。")
        if not id_number:
            errors["id_number"] = gettext("请填写申请人的身份证号码。")
    else:
        if id_number:
            errors["id_number"] = gettext("申请人为法人或其他组织时请填写统一社会信用代码，不填写身份证号码。")
        if not uscc:
            errors["uscc"] = gettext("请填写申请人的统一社会信用代码。")
    for key, validate in (("id_number", validate_id_number), ("uscc", validate_uscc)):
        value = id_number if key == "id_number" else uscc
        if value and key not in errors:
            try:
                data[key] = validate(value)
            except ValidationError as exc:
                errors[key] = exc.messages[0]
    if data.get("respondent_agency") and (data.get("respondent_name") or "").strip():
        errors["respondent_name"] = gettext("已选择被申请机关的，无需再填写名称；二者择一。")
    elif not data.get("respondent_agency") and not (data.get("respondent_name") or "").strip():
        errors["respondent_agency"] = gettext("请选择被申请机关，或填写被申请人名称。")
    received_on, act_on, knew_on = data.get("received_on"), data.get("act_on"), data.get("knew_on")
    if received_on and received_on > today:
        errors["received_on"] = gettext("收到日期不能晚于今天。")
    if received_on and act_on and act_on > received_on:
        errors["act_on"] = gettext("行政行为作出日期不能晚于收到申请的日期。")
    if received_on and knew_on and knew_on > received_on:
        errors["knew_on"] = gettext("知道行政行为之日不能晚于收到申请的日期。")
    elif act_on and knew_on and knew_on < act_on:
        errors["knew_on"] = gettext("知道行政行为之日不能早于行政行为作出日期。")
    return errors


def application_from(data: dict[str, Any]) -> Application:
    """The service's input from validated form or serializer data."""
    kind = data.get("applicant_kind") or Party.Kind.PERSON
    return Application(
        applicant=PartyInput(
            role=Party.Role.APPLICANT,
            kind=kind,
            name=data["applicant_name"].strip(),
            id_number=(data.get("id_number") or "") if kind == Party.Kind.PERSON else "",
            uscc=(data.get("uscc") or "") if kind == Party.Kind.ORGANISATION else "",
            phone=data.get("phone") or "",
            address=data.get("address") or "",
        ),
        act_description=data["act_description"].strip(),
        received_on=data["received_on"],
        respondent_agency=data.get("respondent_agency"),
        respondent_name=(data.get("respondent_name") or "").strip(),
        act_type=data.get("act_type") or ActType.OTHER,
        act_on=data.get("act_on"),
        knew_on=data.get("knew_on"),
        rights_notified=bool(data.get("rights_notified")),
        real_property=bool(data.get("real_property")),
        on_the_spot=bool(data.get("on_the_spot")),
        amount=data.get("amount"),
        enterprise_applicant=bool(data.get("enterprise_applicant")),
        liaison_point=data.get("liaison_point"),
        channel=data.get("channel") or Channel.WALK_IN,
    )


def _date(label, required_message=None) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required_message is not None,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={**DATE_ERRORS, "required": required_message or ""},
    )


class IntakeForm(forms.Form):
    """An application for reconsideration as the registrar records it (art. 22–23)."""

    organisation = forms.ModelChoiceField(label=_("收件机构"), queryset=Organisation.objects.none(), empty_label=None)
    channel = forms.ChoiceField(
        label=_("申请方式"),
        choices=INTAKE_CHANNELS,
        initial=Channel.WALK_IN,
        error_messages={"required": _("请选择申请方式。"), "invalid_choice": _("请选择列出的申请方式。")},
    )
    received_on = _date(_("收到日期"), _("请填写收到日期。"))
    applicant_kind = forms.ChoiceField(
        label=_("申请人类型"), choices=Party.Kind.choices, initial=Party.Kind.PERSON, widget=forms.RadioSelect
    )
    applicant_name = forms.CharField(
        label=_("申请人姓名/名称"), max_length=100, error_messages={"required": _("请填写申请人姓名或名称。")}
    )
    id_number = forms.CharField(label=_("身份证号码"), max_length=20, required=False)
    uscc = forms.CharField(label=_("统一社会信用代码"), max_length=18, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    respondent_agency = forms.ModelChoiceField(
        label=_("被申请人（行政机关）"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("—— 选择或在下方填写 ——"),
    )
    respondent_name = forms.CharField(label=_("被申请人名称（未列出时填写）"), max_length=100, required=False)
    act_type = forms.ChoiceField(
        label=_("行政行为类型"),
        choices=ActType.choices,
        initial=ActType.OTHER,
        error_messages={"required": _("请选择行政行为类型。"), "invalid_choice": _("请选择列出的行政行为类型。")},
    )
    act_description = forms.CharField(
        label=_("被申请的行政行为"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("请填写被申请复议的行政行为。")},
    )
    act_on = _date(_("行政行为作出日期"))
    knew_on = _date(_("知道该行政行为之日"))
    rights_notified = forms.BooleanField(label=_("行政机关已告知申请权利和期限"), required=False, initial=True)
    real_property = forms.BooleanField(label=_("涉及不动产"), required=False)
    on_the_spot = forms.BooleanField(label=_("当场作出"), required=False)
    amount = YuanField(  # 28,000元 as the import reads it
        label=_("涉案金额（元）"),
        max_digits=14,
        decimal_places=2,
        min_value=0,
        required=False,
        error_messages={"invalid": _("请填写数字金额，如 2000 或 2000.50。")},
    )
    enterprise_applicant = forms.BooleanField(label=_("申请人为企业"), required=False)
    liaison_point = forms.ModelChoiceField(
        label=_("经涉企行政复议联系点转来"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("—— 无 ——"),
    )

    GROUPS = (
        (_("收件"), ("organisation", "channel", "received_on")),
        (
            _("申请人"),
            (
                "applicant_kind",
                "applicant_name",
                "id_number",
                "uscc",
                "phone",
                "address",
                "enterprise_applicant",
                "liaison_point",
            ),
        ),
        (
            _("被申请人与行政行为"),
            (
                "respondent_agency",
                "respondent_name",
                "act_type",
                "act_description",
                "act_on",
                "knew_on",
                "rights_notified",
                "real_property",
                "on_the_spot",
                "amount",
            ),
        ),
    )

    def __init__(self, *args, organisations, agencies, liaison_points, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "：")
        super().__init__(*args, **kwargs)
        self.fields["received_on"].initial = timezone.localdate
        for name, queryset in (
            ("organisation", organisations),
            ("respondent_agency", agencies),
            ("liaison_point", liaison_points),
        ):
            field: forms.ModelChoiceField = self.fields[name]  # type: ignore[assignment]
            field.queryset = queryset
        self.only_organisation = organisations[0] if len(organisations) == 1 else None
        if self.only_organisation is not None:  # one office: nothing to choose
            del self.fields["organisation"]

    def groups(self):
        return [(title, [self[name] for name in names if name in self.fields]) for title, names in self.GROUPS]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if self.only_organisation is not None:
            data["organisation"] = self.only_organisation
        for field, message in application_errors(data, timezone.localdate()).items():
            if field not in self.errors:
                self.add_error(field, message)
        return data

    def application(self) -> Application:
        return application_from(self.cleaned_data)


class LitigationForm(forms.ModelForm):
    """An administrative suit brought after the reconsideration, and its judgment when known (parsing only: the
    rules are `services.litigation_record`'s)."""

    class Meta:
        model = Litigation
        fields = ["filed_on", "court", "court_case_number", "result", "judged_on", "note"]
        widgets = {
            "filed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "judged_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "filed_on": {**DATE_ERRORS, "required": _("请填写起诉日期。")},
            "judged_on": DATE_ERRORS,
            "court": {"required": _("请填写受理法院。")},
        }

    def __init__(self, *args, case: Case, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "：")
        super().__init__(*args, **kwargs)
        self.case = case


def month_start(value: str | None, today: date) -> date:
    """The first day of `YYYY-MM` (this month if empty); ValueError if malformed."""
    if not value:
        return today.replace(day=1)
    if len(value) != 7:
        raise ValueError(value)
    first = date.fromisoformat(f"{value}-01")
    if not EARLIEST_DATE <= first <= LATEST_DATE:  # the calendar pages a month either side: no overflow
        raise ValueError(value)
    return first


def year_of(value: str | None, today: date) -> int:
    """A report year from the query string (this year if empty); ValueError if not between 2000 and 2100."""
    if not value:
        return today.year
    year = int(value)
    if not 2000 <= year <= 2100:
        raise ValueError(value)
    return year
