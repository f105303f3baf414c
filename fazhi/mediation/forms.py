"""Forms of the mediation workbench; the dispute checks are shared with the API's input serializers."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.models import Organisation
from fazhi.cases.form_fields import WholeNumberField, YuanField
from fazhi.cases.models import Channel, Party
from fazhi.cases.runner import PartyInput
from fazhi.core.validators import validate_id_number
from fazhi.mediation.choices import DisputeType, Source
from fazhi.mediation.models import Campaign, CommitteeMember, Mediator, Training
from fazhi.mediation.services import Dispute, QuickOutcome

DATE_ERRORS = {"invalid": _("日期格式应为 YYYY-MM-DD。")}
AMOUNT_ERRORS = {"invalid": _("请填写数字金额，如 2000 或 2000.50。"), "min_value": _("金额不能为负数。")}
PARTY_ROLES = [(Party.Role.APPLICANT.value, _("申请人")), (Party.Role.RESPONDENT.value, _("被申请人"))]
QUICK_OUTCOMES = [
    ("agree_oral", _("口头协议")),
    ("agree_written", _("书面协议")),
    ("terminate", _("调解不成")),
]
AGREEMENTS = frozenset({"agree_oral", "agree_written"})


def id_number_problem(kind: str, id_number: str) -> tuple[str, str]:
    """(normalised number, problem) of a party's optional ID number; only a natural person has one."""
    id_number = (id_number or "").strip()
    if not id_number:
        return "", ""
    if kind != Party.Kind.PERSON:
        return id_number, gettext("当事人为法人或其他组织时不填写身份证号码。")
    try:
        return validate_id_number(id_number), ""
    except ValidationError as exc:
        return id_number, exc.messages[0]


def parties_problem(roles: list[str]) -> str:
    """A dispute has at least one party on each side (人民调解法 art. 2: 民间纠纷 between parties)."""
    if Party.Role.APPLICANT not in roles or Party.Role.RESPONDENT not in roles:
        return gettext("请至少填写一名申请人和一名被申请人。")
    return ""


def dispute_errors(data: dict[str, Any], today: date, organisation: Organisation | None) -> dict[str, str]:
    """Problems of a filled-in dispute, by field; shared by the intake form and the API."""
    errors: dict[str, str] = {}
    received_on, mediator, campaign = data.get("received_on"), data.get("mediator"), data.get("campaign")
    if received_on and received_on > today:
        errors["received_on"] = gettext("收到日期不能晚于今天。")
    if mediator is not None and organisation is not None and mediator.committee.organisation_id != organisation.pk:
        errors["mediator"] = gettext("请选择本调解委员会的调解员。")
    if data.get("mediator_chosen_by_parties") and mediator is None:
        errors["mediator"] = gettext("当事人选择了调解员的，请选择该调解员。")
    if campaign is not None and received_on and campaign.starts_on > received_on:
        errors["campaign"] = gettext("收到日期早于该活动开始日期。")
    return errors


def quick_errors(data: dict[str, Any], today: date) -> dict[str, str]:
    """Problems of a quick entry, by field: the outcome's own required text, and no date in the future."""
    errors: dict[str, str] = {}
    on, kind = data.get("on"), data.get("outcome")
    if on and on > today:
        errors["on"] = gettext("日期不能晚于今天。")
    if kind in AGREEMENTS and not (data.get("terms") or "").strip():
        errors["terms"] = gettext("达成协议的，请填写协议内容（履行方式、期限）。")
    if kind == "terminate":
        if not (data.get("reasons") or "").strip():
            errors["reasons"] = gettext("调解不成的，请填写终止调解的理由。")
        if not (data.get("routes") or "").strip():
            errors["routes"] = gettext("请填写已告知当事人的其他途径（仲裁、行政、司法）。")
    return errors


def dispute_from(data: dict[str, Any], parties: list[PartyInput], *, channel: str = Channel.WALK_IN) -> Dispute:
    """The service's input from validated form or serializer data."""
    return Dispute(
        parties=parties,
        dispute_type=data["dispute_type"],
        summary=data["summary"].strip(),
        received_on=data["received_on"],
        source=data.get("source") or Source.APPLICATION,
        amount=data.get("amount"),
        persons_involved=data.get("persons_involved") or 2,
        escalation_risk=bool(data.get("escalation_risk")),
        campaign=data.get("campaign"),
        mediator=data.get("mediator"),
        mediator_chosen_by_parties=bool(data.get("mediator_chosen_by_parties")),
        channel=channel,
    )


def quick_from(data: dict[str, Any], mediator: Mediator | None) -> tuple[Dispute, QuickOutcome]:
    """The service's input from a validated quick entry: two parties, received and closed on the same day."""
    parties = [
        PartyInput(
            role=Party.Role.APPLICANT, name=data["applicant_name"].strip(), phone=data.get("applicant_phone") or ""
        ),
        PartyInput(
            role=Party.Role.RESPONDENT, name=data["respondent_name"].strip(), phone=data.get("respondent_phone") or ""
        ),
    ]
    dispute = dispute_from(
        {**data, "received_on": data["on"], "mediator": mediator}, parties, channel=Channel.FIELD.value
    )
    kind = data["outcome"]
    outcome = QuickOutcome(
        kind=kind,
        on=data["on"],
        terms=(data.get("terms") or "").strip() if kind in AGREEMENTS else "",
        reasons=(data.get("reasons") or "").strip() if kind == "terminate" else "",
        routes=(data.get("routes") or "").strip() if kind == "terminate" else "",
    )
    return dispute, outcome


def _date(label, required_message=None) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required_message is not None,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={**DATE_ERRORS, "required": required_message or ""},
    )


def _amount(label) -> forms.DecimalField:
    return YuanField(  # 28,000元 as the import reads it
        label=label, max_digits=14, decimal_places=2, min_value=0, required=False, error_messages=AMOUNT_ERRORS
    )


class _OrganisationMixin:
    """An organisation select that disappears when the user works in one organisation only."""

    def _set_organisations(self, organisations) -> None:
        field: forms.ModelChoiceField = self.fields["organisation"]  # type: ignore[attr-defined]
        field.queryset = organisations
        self.only_organisation = organisations[0] if len(organisations) == 1 else None
        if self.only_organisation is not None:
            del self.fields["organisation"]  # type: ignore[attr-defined]

    def chosen_organisation(self) -> Organisation:
        """The organisation the user chose, or their only one (call after validation)."""
        return self.cleaned_data.get("organisation") or self.only_organisation  # type: ignore[attr-defined,return-value]


class PartyForm(forms.Form):
    """One party of a dispute; a row left blank is skipped."""

    role = forms.ChoiceField(label=_("身份"), choices=PARTY_ROLES)
    name = forms.CharField(label=_("姓名/名称"), max_length=100, required=False)
    kind = forms.ChoiceField(label=_("类型"), choices=Party.Kind.choices, initial=Party.Kind.PERSON)
    id_number = forms.CharField(label=_("身份证号码（选填）"), max_length=20, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not (data.get("name") or "").strip():
            if (data.get("id_number") or "").strip() or (data.get("phone") or "").strip():
                self.add_error("name", gettext("请填写当事人姓名或名称。"))
            return data
        data["id_number"], problem = id_number_problem(data.get("kind", Party.Kind.PERSON), data.get("id_number", ""))
        if problem:
            self.add_error("id_number", problem)
        return data


class BasePartyFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        problem = parties_problem(
            [f.cleaned_data["role"] for f in self.forms if (f.cleaned_data.get("name") or "").strip()]
        )
        if problem:
            raise ValidationError(problem)

    def parties(self) -> list[PartyInput]:
        return [
            PartyInput(
                role=f.cleaned_data["role"],
                kind=f.cleaned_data["kind"],
                name=f.cleaned_data["name"].strip(),
                id_number=f.cleaned_data["id_number"] if f.cleaned_data["kind"] == Party.Kind.PERSON else "",
                phone=f.cleaned_data.get("phone") or "",
            )
            for f in self.forms
            if (f.cleaned_data.get("name") or "").strip()
        ]


PartyFormSet = forms.formset_factory(PartyForm, formset=BasePartyFormSet, extra=0, min_num=4, max_num=10)
PARTY_INITIAL = [{"role": "applicant"}, {"role": "respondent"}, {"role": "applicant"}, {"role": "respondent"}]


class DisputeForm(_OrganisationMixin, forms.Form):
    """A dispute as the committee records it (人民调解法 art. 17–19, 25)."""

    organisation = forms.ModelChoiceField(label=_("受理机构"), queryset=Organisation.objects.none(), empty_label=None)
    received_on = _date(_("收到日期"), _("请填写收到日期。"))
    source = forms.ChoiceField(
        label=_("纠纷来源"),
        choices=Source.choices,
        initial=Source.APPLICATION,
        error_messages={"invalid_choice": _("请选择列出的纠纷来源。")},
    )
    dispute_type = forms.ChoiceField(
        label=_("纠纷类型"),
        choices=[("", "—"), *DisputeType.choices],
        error_messages={"required": _("请选择纠纷类型。"), "invalid_choice": _("请选择列出的纠纷类型。")},
    )
    summary = forms.CharField(
        label=_("纠纷简要情况"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("请填写纠纷简要情况。")},
    )
    amount = _amount(_("涉及金额（元）"))
    persons_involved = WholeNumberField(  # 3人 as the import reads it
        label=_("涉及人数"),
        min_value=1,
        initial=2,
        error_messages={
            "required": _("请填写涉及人数。"),
            "invalid": _("请填写整数。"),
            "min_value": _("涉及人数至少为1。"),
        },
    )
    escalation_risk = forms.BooleanField(label=_("有激化风险（人民调解法第二十五条）"), required=False)
    campaign = forms.ModelChoiceField(
        label=_("所属排查或专项行动"), queryset=Campaign.objects.none(), required=False, empty_label=_("—— 无 ——")
    )
    mediator = forms.ModelChoiceField(
        label=_("调解员"), queryset=Mediator.objects.none(), required=False, empty_label=_("—— 暂不指定 ——")
    )
    mediator_chosen_by_parties = forms.BooleanField(
        label=_("由当事人选择的调解员（人民调解法第十九条）"), required=False
    )

    def __init__(self, *args, organisations, campaigns, mediators, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "：")
        super().__init__(*args, **kwargs)
        self.fields["received_on"].initial = timezone.localdate
        self._set_organisations(organisations)
        self.fields["campaign"].queryset = campaigns  # type: ignore[attr-defined]
        self.fields["mediator"].queryset = mediators  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        super().clean()
        for field, message in dispute_errors(
            self.cleaned_data, timezone.localdate(), self.chosen_organisation()
        ).items():
            if field not in self.errors:
                self.add_error(field, message)
        return self.cleaned_data


class QuickForm(_OrganisationMixin, forms.Form):
    """The field mediator's one-screen record of a simple dispute settled (or not) on the spot."""

    organisation = forms.ModelChoiceField(label=_("调解组织"), queryset=Organisation.objects.none(), empty_label=None)
    applicant_name = forms.CharField(
        label=_("一方当事人"), max_length=100, error_messages={"required": _("请填写一方当事人姓名。")}
    )
    applicant_phone = forms.CharField(label=_("电话（选填）"), max_length=30, required=False)
    respondent_name = forms.CharField(
        label=_("另一方当事人"), max_length=100, error_messages={"required": _("请填写另一方当事人姓名。")}
    )
    respondent_phone = forms.CharField(label=_("电话（选填）"), max_length=30, required=False)
    dispute_type = forms.ChoiceField(
        label=_("纠纷类型"),
        choices=[("", _("请选择")), *DisputeType.choices],
        error_messages={"required": _("请选择纠纷类型。"), "invalid_choice": _("请选择列出的纠纷类型。")},
    )
    summary = forms.CharField(
        label=_("一句话说明"), max_length=100, error_messages={"required": _("请用一句话说明纠纷。")}
    )
    amount = _amount(_("涉及金额（元，选填）"))
    outcome = forms.ChoiceField(
        label=_("结果"),
        choices=QUICK_OUTCOMES,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择调解结果。"), "invalid_choice": _("请选择列出的调解结果。")},
    )
    terms = forms.CharField(
        label=_("协议内容（履行方式、期限）"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    reasons = forms.CharField(
        label=_("终止理由"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    routes = forms.CharField(
        label=_("已告知的其他途径"), max_length=200, required=False, initial=_("可依法申请仲裁或向人民法院起诉")
    )
    on = _date(_("日期"), _("请填写日期。"))

    def __init__(self, *args, organisations, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate
        self._set_organisations(organisations)
        attrs = {
            "applicant_name": {"autocomplete": "off"},
            "respondent_name": {"autocomplete": "off"},
            "applicant_phone": {"type": "tel", "inputmode": "tel"},
            "respondent_phone": {"type": "tel", "inputmode": "tel"},
            "amount": {"inputmode": "decimal"},
        }
        for name, extra in attrs.items():
            self.fields[name].widget.attrs.update(extra)

    def clean(self) -> dict[str, Any]:
        super().clean()
        for field, message in quick_errors(self.cleaned_data, timezone.localdate()).items():
            if field not in self.errors:
                self.add_error(field, message)
        return self.cleaned_data


class CommitteeMemberForm(forms.ModelForm):
    class Meta:
        model = CommitteeMember
        fields = ["name", "role", "gender", "ethnicity", "ethnic_minority", "joined_on"]
        widgets = {"joined_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        error_messages = {
            "name": {"required": _("请填写委员姓名。")},
            "gender": {"required": _("请选择性别。")},
            "joined_on": {**DATE_ERRORS, "required": _("请填写任职日期。")},
        }


class MediatorForm(forms.ModelForm):
    class Meta:
        model = Mediator
        fields = ["name", "kind", "phone"]
        error_messages = {"name": {"required": _("请填写调解员姓名。")}}


class TrainingForm(forms.ModelForm):
    class Meta:
        model = Training
        fields = ["held_on", "topic", "hours", "organiser"]
        widgets = {"held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        error_messages = {
            "held_on": {**DATE_ERRORS, "required": _("请填写培训日期。")},
            "topic": {"required": _("请填写培训内容。")},
            "hours": {"invalid": _("请填写数字学时，如 4 或 2.5。")},
        }

    def clean_held_on(self) -> date:
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise ValidationError(gettext("培训日期不能晚于今天。"))
        return held_on


class CampaignForm(_OrganisationMixin, forms.ModelForm):
    organisation = forms.ModelChoiceField(label=_("组织单位"), queryset=Organisation.objects.none(), empty_label=None)

    class Meta:
        model = Campaign
        fields = ["organisation", "kind", "name", "starts_on", "ends_on", "screenings"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        error_messages = {
            "kind": {"required": _("请选择类型。")},
            "name": {"required": _("请填写名称。")},
            "starts_on": {**DATE_ERRORS, "required": _("请填写开始日期。")},
            "ends_on": DATE_ERRORS,
        }

    def __init__(self, *args, organisations, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "：")
        super().__init__(*args, **kwargs)
        self._set_organisations(organisations)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", gettext("结束日期不能早于开始日期。"))
        return data

    def save(self, commit: bool = True) -> Campaign:
        self.instance.organisation = self.chosen_organisation()
        return super().save(commit=commit)
