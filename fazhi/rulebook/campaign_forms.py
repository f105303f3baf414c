"""Forms of the cleanup pages: they parse; the rules are the services' (fazhi.rulebook.campaigns)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.models import Organisation
from fazhi.rulebook.choices import CleanupResult, DocumentKind

DATE_ERRORS = {"invalid": _("日期格式应为 YYYY-MM-DD。")}


def _date(label, *, required: Any = None, initial: Any = None) -> forms.DateField:
    """A date box; `required` is the message when it is required and left empty."""
    errors = {**DATE_ERRORS, **({"required": required} if required else {})}
    return forms.DateField(
        label=label,
        required=bool(required),
        initial=initial,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages=errors,
    )


class CampaignForm(forms.Form):
    """A new cleanup: who organises it, its topic and its scope."""

    organisation = forms.ModelChoiceField(
        label=_("组织单位"),
        queryset=Organisation.objects.none(),
        error_messages={"required": _("请选择组织单位。"), "invalid_choice": _("请选择列出的组织单位。")},
    )
    title = forms.CharField(
        label=_("清理工作名称"), max_length=200, error_messages={"required": _("请填写清理工作名称。")}
    )
    topic = forms.CharField(
        label=_("清理主题"),
        max_length=100,
        error_messages={"required": _("请填写清理主题。")},
        help_text=_("如：罚款、涉不平等对待企业、延迟退休、文物保护。"),
    )
    kinds = forms.MultipleChoiceField(
        label=_("文件类别"),
        choices=DocumentKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("不选即全部类别。"),
        error_messages={"invalid_choice": _("请选择列出的文件类别。")},
    )
    issuers = forms.CharField(
        label=_("制定机关"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("每行一个；不填即全部制定机关。"),
    )
    published_from = _date(_("公布日期自"))
    published_to = _date(_("公布日期至"))
    query = forms.CharField(
        label=_("检索词"), max_length=200, required=False, help_text=_("不填即按清理主题检索；多个词以空格分隔。")
    )
    started_on = _date(_("开始日期"), required=_("请填写开始日期。"), initial=timezone.localdate)
    due_on = _date(_("完成期限"))

    def __init__(self, *args, organisations, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "：")
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organisations
        if len(organisations) == 1:  # one body: chosen already
            field.initial = organisations[0].pk

    def clean_issuers(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["issuers"].splitlines() if line.strip()]


class DecideForm(forms.Form):
    """One document's result with its reasons, the unit responsible and its deadline."""

    result = forms.ChoiceField(
        label=_("清理结果"),
        choices=[("", "—"), *CleanupResult.choices],
        error_messages={"required": _("请选择清理结果。"), "invalid_choice": _("请选择列出的清理结果。")},
    )
    reasons = forms.CharField(label=_("理由"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.CharField(label=_("责任单位"), max_length=200, required=False)
    due_on = _date(_("办理期限"))
    decided_on = _date(_("决定日期"), required=_("请填写决定日期。"), initial=timezone.localdate)

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "：")
        super().__init__(*args, **kwargs)


class CloseForm(forms.Form):
    """Completing the campaign: the day its lists are published and its results take effect."""

    closed_on = _date(_("完成日期"), required=_("请填写完成日期。"), initial=timezone.localdate)

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "：")
        super().__init__(*args, **kwargs)
