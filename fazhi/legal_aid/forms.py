"""Forms of the legal-aid workbench; the intake checks are shared with the API's input serializers."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.models import Organisation
from fazhi.cases.form_fields import YuanField
from fazhi.cases.models import Channel, Party
from fazhi.cases.runner import PartyInput
from fazhi.core.validators import validate_id_number
from fazhi.legal_aid import eligibility
from fazhi.legal_aid.choices import CaseCategory, ClaimKind, ConsultationChannel, Notifier, RecipientGroup, Route
from fazhi.legal_aid.models import Consultation
from fazhi.legal_aid.services import AidApplication

# How an application reaches the centre (art. 38–39); a forwarded or notified case is recorded as a referral.
INTAKE_CHANNELS = [
    (Channel.WALK_IN.value, _("窗口")),
    (Channel.PHONE.value, _("电话")),
    (Channel.WEB.value, _("网上")),
    (Channel.POST.value, _("邮寄")),
]
# A consultation turned into an application keeps its channel: 12348 → 电话, 网络 → 网上.
CHANNEL_FROM_CONSULTATION: dict[str, str] = {
    ConsultationChannel.WALK_IN: Channel.WALK_IN,
    ConsultationChannel.HOTLINE: Channel.PHONE,
    ConsultationChannel.ONLINE: Channel.WEB,
}
DATE_ERRORS = {"invalid": _("日期格式应为 YYYY-MM-DD。")}
MONEY_ERRORS = {
    "invalid": _("请填写数字金额，如 1500 或 1500.50。"),
    "min_value": _("金额不能为负数。"),
    "max_digits": _("金额位数过多。"),
    "max_decimal_places": _("金额最多保留两位小数。"),
}


def _options(mapping) -> list[tuple[str, Any]]:
    return [("", "—"), *mapping.items()]


MATTERS = _options(eligibility.MATTERS)
NO_MEANS_TEST = _options(eligibility.NO_MEANS_TEST)
EXEMPT = _options(eligibility.EXEMPT)
VERIFICATION = _options(eligibility.VERIFICATION)
NOTIFIED_GROUNDS = _options(eligibility.NOTIFIED_GROUNDS)
NOTIFIERS = [("", "—"), *Notifier.choices]
CLAIM_KINDS = [("", "—"), *ClaimKind.choices]


def application_errors(data: dict[str, Any], today: date) -> dict[str, str]:
    """Problems of a filled-in application, by field; normalises the ID number in `data` in place.

    Only the consistency of the input: whether the applicant qualifies is the eligibility assessment's answer,
    written beside the case, and the reviewer's decision.
    """
    errors: dict[str, str] = {}
    route = data.get("route") or Route.APPLICATION
    id_number = (data.get("id_number") or "").strip()
    if not id_number and route != Route.NOTIFIED:
        errors["id_number"] = gettext("请填写申请人的身份证号码。")
    elif id_number:
        try:
            data["id_number"] = validate_id_number(id_number)
        except ValidationError as exc:
            errors["id_number"] = exc.messages[0]
    if route == Route.FORWARDED and not (data.get("forwarded_by") or "").strip():
        errors["forwarded_by"] = gettext("转交申请的，请填写转交单位（看守所或值班律师所在单位）。")
    if route == Route.NOTIFIED:
        if not data.get("notifier"):
            errors["notifier"] = gettext("通知辩护（代理）的，请选择通知机关。")
        if not data.get("notified_ground"):
            errors["notified_ground"] = gettext("通知辩护（代理）的，请选择通知情形。")
        if data.get("case_category") and data["case_category"] != CaseCategory.CRIMINAL:
            errors["case_category"] = gettext("通知辩护（代理）案件的案件类别应为刑事。")
    else:
        for key in ("notifier", "notified_ground"):
            if data.get(key):
                errors[key] = gettext("只有办案机关通知辩护（代理）的案件才填写此项。")
    received_on = data.get("received_on")
    if received_on and received_on > today:
        errors["received_on"] = gettext("收到日期不能晚于今天。")
    return errors


def application_from(data: dict[str, Any], consultation: Consultation | None = None) -> AidApplication:
    """The service's input from validated form or serializer data."""
    route = data.get("route") or Route.APPLICATION
    return AidApplication(
        applicant=PartyInput(
            role=Party.Role.APPLICANT,
            name=data["applicant_name"].strip(),
            id_number=data.get("id_number") or "",
            phone=(data.get("phone") or "").strip(),
            address=(data.get("address") or "").strip(),
        ),
        case_category=data["case_category"],
        summary=data["summary"].strip(),
        received_on=data["received_on"],
        route=route,
        matter=data.get("matter") or "",
        no_means_test_ground=data.get("no_means_test_ground") or "",
        exemption_ground=data.get("exemption_ground") or "",
        monthly_income_per_capita=data.get("monthly_income_per_capita"),
        verification=data.get("verification") or "",
        forwarded_by=(data.get("forwarded_by") or "").strip() if route == Route.FORWARDED else "",
        notifier=data.get("notifier") or "",
        notified_ground=data.get("notified_ground") or "",
        life_or_death=bool(data.get("life_or_death")),
        recipient_group=data.get("recipient_group") or "",
        claim_kind=data.get("claim_kind") or "",
        channel=data.get("channel") or Channel.WALK_IN,
        consultation=consultation,
    )


def _date(label, required_message=None) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required_message is not None,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={**DATE_ERRORS, "required": required_message or ""},
    )


def _choice(label, choices, required_message=None, **kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=required_message is not None,
        error_messages={"required": required_message or "", "invalid_choice": _("请选择列出的选项。")},
        **kwargs,
    )


def _organisation_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("收件机构"),
        queryset=Organisation.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": _("请选择您任职的机构。")},
    )


class _OrganisationMixin:
    """One organisation: nothing to choose; several: a select limited to the user's own."""

    def _limit_organisations(self, organisations) -> None:
        field: forms.ModelChoiceField = self.fields["organisation"]  # type: ignore[attr-defined]
        field.queryset = organisations
        self.only_organisation = organisations[0] if len(organisations) == 1 else None
        if self.only_organisation is not None:
            del self.fields["organisation"]  # type: ignore[attr-defined]


class ConsultationForm(_OrganisationMixin, forms.ModelForm):
    """A consultation as the duty clerk records it at the window, on the 12348 line or online (art. 22 (1))."""

    organisation = _organisation_field()

    class Meta:
        model = Consultation
        fields = ["channel", "on", "matter", "summary", "person_name", "phone"]
        widgets = {
            "on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "channel": {"required": _("请选择咨询渠道。"), "invalid_choice": _("请选择列出的咨询渠道。")},
            "on": {**DATE_ERRORS, "required": _("请填写咨询日期。")},
            "summary": {"required": _("请填写咨询内容摘要。")},
            "matter": {"invalid_choice": _("请选择列出的咨询事项。")},
        }

    def __init__(self, *args, organisations, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "：")
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate
        self.fields["channel"].initial = ConsultationChannel.WALK_IN
        self._limit_organisations(organisations)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if self.only_organisation is not None:
            data["organisation"] = self.only_organisation
        if data.get("on") and data["on"] > timezone.localdate():
            self.add_error("on", gettext("咨询日期不能晚于今天。"))
        return data

    def save(self, commit: bool = True, *, handled_by=None) -> Consultation:
        organisation = self.cleaned_data["organisation"]
        self.instance.organisation = organisation
        self.instance.region_id = organisation.region_id
        self.instance.handled_by = handled_by
        return super().save(commit=commit)


class _PhoneTokenInput(forms.TextInput):
    """Never echoes the token of a searched phone into the box; the placeholder says the filter is on."""

    def format_value(self, value):
        return None if value and str(value).startswith("~") else super().format_value(value)

    def get_context(self, name, value, attrs):
        if value and str(value).startswith("~"):
            attrs = {**(attrs or {}), "placeholder": _("已按来电号码筛选")}
        return super().get_context(name, value, attrs)


class ConsultationFilter(forms.Form):
    """Filter the consultation list by date range, channel and the caller's full phone (bad input is ignored with
    the field's error). The view puts the phone's token in the URL, never the number."""

    on_from = _date(_("自"))
    on_to = _date(_("至"))
    channel = _choice(_("渠道"), [("", _("全部")), *ConsultationChannel.choices], required_message=None)
    phone = forms.CharField(label=_("来电号码（完整）"), max_length=80, required=False, widget=_PhoneTokenInput)


class IntakeForm(_OrganisationMixin, forms.Form):
    """An application for legal aid as the centre records it: route, matter, means, applicant (arts. 24–42)."""

    organisation = _organisation_field()
    route = _choice(_("申请途径"), Route.choices, _("请选择申请途径。"), initial=Route.APPLICATION)
    channel = _choice(_("申请方式"), INTAKE_CHANNELS, _("请选择申请方式。"), initial=Channel.WALK_IN)
    received_on = _date(_("收到日期"), _("请填写收到日期。"))
    forwarded_by = forms.CharField(label=_("转交单位"), max_length=100, required=False)
    notifier = _choice(_("通知机关"), NOTIFIERS)
    notified_ground = _choice(_("通知辩护（代理）情形（第二十五条、第二十八条）"), NOTIFIED_GROUNDS)
    case_category = _choice(_("案件类别"), CaseCategory.choices, _("请选择案件类别。"))
    matter = _choice(_("申请事项（第三十一条）"), MATTERS)
    no_means_test_ground = _choice(_("不受经济困难条件限制的情形（第三十二条）"), NO_MEANS_TEST)
    exemption_ground = _choice(_("免予核查经济困难状况的情形（第四十二条）"), EXEMPT)
    monthly_income_per_capita = YuanField(  # 1,250元 as the import reads an amount
        label=_("家庭人均月收入（元）"),
        max_digits=10,
        decimal_places=2,
        min_value=0,
        required=False,
        error_messages=MONEY_ERRORS,
    )
    verification = _choice(_("经济困难核查方式（第四十一条）"), VERIFICATION)
    life_or_death = forms.BooleanField(label=_("可能被判处无期徒刑、死刑"), required=False)
    recipient_group = _choice(_("受援人群体"), RecipientGroup.choices)
    claim_kind = _choice(_("请求类型"), CLAIM_KINDS)
    summary = forms.CharField(
        label=_("案情摘要"),
        max_length=150,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("请填写案情摘要。")},
    )
    applicant_name = forms.CharField(
        label=_("申请人姓名"), max_length=100, error_messages={"required": _("请填写申请人姓名。")}
    )
    id_number = forms.CharField(label=_("身份证号码"), max_length=20, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    address = forms.CharField(label=_("地址"), max_length=200, required=False)

    GROUPS = (
        (_("收件"), ("organisation", "route", "channel", "received_on", "forwarded_by", "notifier", "notified_ground")),
        (_("申请人"), ("applicant_name", "id_number", "phone", "address", "recipient_group")),
        (
            _("申请事项与经济状况"),
            (
                "case_category",
                "summary",
                "matter",
                "claim_kind",
                "life_or_death",
                "no_means_test_ground",
                "exemption_ground",
                "monthly_income_per_capita",
                "verification",
            ),
        ),
    )

    def __init__(self, *args, organisations, consultation: Consultation | None = None, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "：")
        unbound = not args or args[0] is None
        if consultation is not None and unbound and "initial" not in kwargs:
            kwargs["initial"] = {
                "channel": CHANNEL_FROM_CONSULTATION.get(consultation.channel, Channel.WALK_IN),
                "matter": consultation.matter,
                "summary": consultation.summary[:150],
                "applicant_name": consultation.person_name,
                "phone": consultation.phone,
                "case_category": "civil" if consultation.matter else "",
                "organisation": consultation.organisation_id,
            }
        super().__init__(*args, **kwargs)
        self.consultation = consultation
        self.fields["received_on"].initial = timezone.localdate
        self._limit_organisations(organisations)

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

    def application(self) -> AidApplication:
        return application_from(self.cleaned_data, self.consultation)
