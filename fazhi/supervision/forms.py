"""Forms of the supervision line's pages: a lead, a plan, a check's findings, notice, report and verification, and
an interview's scheduling, holding and follow-up."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.models import Organisation
from fazhi.cases.models import Channel
from fazhi.supervision.choices import FindingItem, Source
from fazhi.supervision.services import FindingInput, Lead

REQUIRED = {"required": _("请填写此项。")}
DATE_ERRORS = {**REQUIRED, "invalid": _("日期格式应为 YYYY-MM-DD。")}
CHANNELS = [
    (Channel.WALK_IN.value, _("来访")),
    (Channel.WEB.value, _("网上")),
    (Channel.PHONE.value, _("电话")),
    (Channel.POST.value, _("信函")),
]


def date_field(label, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, error_messages=DATE_ERRORS, widget=forms.DateInput(attrs={"type": "date"})
    )


class IntakeForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("监督机构"), error_messages={"required": _("请选择监督机构。")}
    )
    source = forms.ChoiceField(label=_("线索来源"), choices=Source.choices, error_messages=REQUIRED)
    agency = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label=_("被监督的行政执法机关"),
        error_messages={"required": _("请选择被监督的行政执法机关。")},
    )
    title = forms.CharField(label=_("案件名称"), max_length=200, error_messages=REQUIRED)
    matter = forms.CharField(
        label=_("监督事项"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}), error_messages=REQUIRED
    )
    informant = forms.CharField(label=_("投诉举报人或者移送单位"), max_length=100, required=False)
    received_on = date_field(_("收到线索日期"))
    channel = forms.ChoiceField(label=_("收到方式"), choices=CHANNELS, initial=Channel.WALK_IN.value)
    in_review_or_litigation = forms.BooleanField(label=_("已进入行政复议或者行政诉讼程序"), required=False)
    parallel_proceedings = forms.CharField(label=_("行政复议或者行政诉讼情况"), max_length=300, required=False)

    def __init__(self, *args, organisations, agencies, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        if len(organisations) == 1:
            self.fields["organisation"].initial = organisations[0]
        if not self.is_bound:
            self.fields["received_on"].initial = timezone.localdate()

    def lead(self) -> Lead:
        d = self.cleaned_data
        return Lead(
            source=d["source"],
            agency=d["agency"],
            title=d["title"],
            matter=d["matter"],
            received_on=d["received_on"],
            informant=d["informant"],
            in_review_or_litigation=d["in_review_or_litigation"],
            parallel_proceedings=d["parallel_proceedings"],
            channel=d["channel"],
        )


class PlanForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("监督机构"), error_messages={"required": _("请选择监督机构。")}
    )
    year = forms.IntegerField(
        label=_("年度"),
        min_value=2000,
        max_value=2099,
        error_messages={
            **REQUIRED,
            "invalid": _("年度应为四位数字。"),
            "min_value": _("年度应在2000至2099之间。"),
            "max_value": _("年度应在2000至2099之间。"),
        },
    )
    title = forms.CharField(label=_("方案名称"), max_length=200, error_messages=REQUIRED)
    scope = forms.CharField(label=_("检查内容"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    agencies = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.none(),
        label=_("受检部门"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请至少选择一个受检部门。"), "invalid_choice": _("所选部门无效。")},
    )

    def __init__(self, *args, organisations, agencies, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["agencies"].queryset = agencies  # type: ignore[attr-defined]
        if len(organisations) == 1:
            self.fields["organisation"].initial = organisations[0]
        if not self.is_bound:
            self.fields["year"].initial = timezone.localdate().year


class FindingsForm(forms.Form):
    """One row per item: 符合 / 不符合 / 未检查, the problem, the sample sizes."""

    checked_on = date_field(_("检查日期"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for item in FindingItem:
            self.fields[f"{item.value}_result"] = forms.ChoiceField(
                label=item.label,
                required=False,
                choices=[("", _("未检查")), ("yes", _("符合要求")), ("no", _("不符合要求"))],
            )
            self.fields[f"{item.value}_problem"] = forms.CharField(
                label=_("发现的问题"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
            )
            self.fields[f"{item.value}_examined"] = forms.IntegerField(
                label=_("抽查数量"), required=False, min_value=0, error_messages={"invalid": _("请填写整数。")}
            )
            self.fields[f"{item.value}_defective"] = forms.IntegerField(
                label=_("不符合数量"), required=False, min_value=0, error_messages={"invalid": _("请填写整数。")}
            )

    def rows(self):
        for item in FindingItem:
            yield (
                item.label,
                self[f"{item.value}_result"],
                self[f"{item.value}_problem"],
                self[f"{item.value}_examined"],
                self[f"{item.value}_defective"],
            )

    def findings(self) -> list[FindingInput]:
        d = self.cleaned_data
        return [
            FindingInput(
                item=item.value,
                conforming=d[f"{item.value}_result"] == "yes",
                problem=d[f"{item.value}_problem"],
                examined=d[f"{item.value}_examined"],
                defective=d[f"{item.value}_defective"],
            )
            for item in FindingItem
            if d.get(f"{item.value}_result")
        ]


class NoticeForm(forms.Form):
    notice_on = date_field(_("整改通知日期"))
    due_on = date_field(_("整改期限"))
    text = forms.CharField(label=_("整改要求"), widget=forms.Textarea(attrs={"rows": 4}), error_messages=REQUIRED)


class ReportForm(forms.Form):
    reported_on = date_field(_("整改报告日期"))
    text = forms.CharField(label=_("整改报告"), widget=forms.Textarea(attrs={"rows": 4}), error_messages=REQUIRED)


class VerifyForm(forms.Form):
    verified_on = date_field(_("验收日期"))
    passed = forms.ChoiceField(
        label=_("验收结论"), choices=[("yes", _("通过")), ("no", _("不通过，重新限期整改"))], initial="yes"
    )
    opinion = forms.CharField(label=_("验收意见"), widget=forms.Textarea(attrs={"rows": 3}), error_messages=REQUIRED)
    due_on = date_field(_("新的整改期限"), required=False)


class ProposeForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("监督机构"), error_messages={"required": _("请选择监督机构。")}
    )
    start = date_field(_("统计起始日期"))
    end = date_field(_("统计截止日期"))

    def __init__(self, *args, organisations, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        if len(organisations) == 1:
            self.fields["organisation"].initial = organisations[0]


class ScheduleForm(forms.Form):
    on = date_field(_("约谈日期"))
    head_name = forms.CharField(label=_("被约谈负责人"), max_length=50, error_messages=REQUIRED)


class HoldForm(forms.Form):
    on = date_field(_("实际约谈日期"))
    minutes = forms.CharField(label=_("约谈记录"), widget=forms.Textarea(attrs={"rows": 5}), error_messages=REQUIRED)


class FollowUpForm(forms.Form):
    on = date_field(_("跟踪日期"))
    text = forms.CharField(label=_("跟踪落实情况"), widget=forms.Textarea(attrs={"rows": 3}), error_messages=REQUIRED)


class DismissForm(forms.Form):
    reason = forms.CharField(label=_("不予约谈理由"), widget=forms.Textarea(attrs={"rows": 2}), error_messages=REQUIRED)
