"""The intake form of a review request."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.models import Organisation
from fazhi.cases.models import Channel
from fazhi.legality.choices import ReviewKind
from fazhi.legality.services import ReviewRequest

CHANNELS = [
    (Channel.WALK_IN.value, _("窗口报送")),
    (Channel.WEB.value, _("网上报送")),
    (Channel.POST.value, _("邮寄")),
]
REQUIRED = {"required": _("请填写此项。")}


class IntakeForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("审核机构"), error_messages={"required": _("请选择审核机构。")}
    )
    kind = forms.ChoiceField(label=_("审核事项"), choices=ReviewKind.choices, error_messages=REQUIRED)
    title = forms.CharField(label=_("送审文件或合同名称"), max_length=200, error_messages=REQUIRED)
    requesting_body = forms.CharField(label=_("送审单位"), max_length=100, error_messages=REQUIRED)
    received_on = forms.DateField(
        label=_("收到材料日期"),
        error_messages={**REQUIRED, "invalid": _("日期格式应为 YYYY-MM-DD。")},
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    channel = forms.ChoiceField(label=_("报送方式"), choices=CHANNELS, initial=Channel.WALK_IN.value)
    draft_summary = forms.CharField(
        label=_("草案文本或说明"), required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args, organisations, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = organisations  # type: ignore[attr-defined]
        if len(organisations) == 1:
            field.initial = organisations[0]
        if not self.is_bound:
            self.fields["received_on"].initial = timezone.localdate()

    def request(self) -> ReviewRequest:
        d = self.cleaned_data
        return ReviewRequest(
            kind=d["kind"],
            title=d["title"],
            requesting_body=d["requesting_body"],
            received_on=d["received_on"],
            draft_summary=d["draft_summary"],
            channel=d["channel"],
        )
