"""Forms of the register's pages: parse only; the rules are the services' and the model's."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import Region
from fazhi.lenient.choices import Domain, LenientPenaltyKind
from fazhi.lenient.models import ListEntry

YES_NO = [("", _("全部")), ("yes", _("是")), ("no", _("否"))]


class EntryForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ListEntry
        fields = [
            "region",
            "issuer",
            "code",
            "domain",
            "kind",
            "conduct",
            "legal_basis",
            "conditions",
            "measures",
            "effective_from",
            "effective_to",
        ]
        widgets = {
            "effective_from": forms.DateInput(attrs={"type": "date"}),
            "effective_to": forms.DateInput(attrs={"type": "date"}),
            "legal_basis": forms.Textarea(attrs={"rows": 2}),
            "conditions": forms.Textarea(attrs={"rows": 3}),
            "measures": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, regions=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions if regions is not None else Region.objects.none()  # type: ignore[attr-defined]
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean(self):
        data = super().clean()
        start, end = data.get("effective_from"), data.get("effective_to")
        if start and end and end < start:
            self.add_error("effective_to", _("截止日期不能早于施行日期。"))
        return data


class DecisionFilter(forms.Form):
    agency = forms.IntegerField(required=False, widget=forms.HiddenInput)
    domain = forms.ChoiceField(label=_("领域"), choices=[("", _("全部")), *Domain.choices], required=False)
    kind = forms.ChoiceField(label=_("类型"), choices=[("", _("全部")), *LenientPenaltyKind.choices], required=False)
    flagged = forms.ChoiceField(label=_("存疑"), choices=YES_NO, required=False)
    start = forms.DateField(label=_("决定日期自"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("至"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class UploadForm(forms.Form):
    file = forms.FileField(label=_("决定文件（.xlsx）"))
    dry_run = forms.BooleanField(label=_("只检查，不导入"), required=False)


class AgencyDomainsForm(forms.Form):
    domains = forms.MultipleChoiceField(
        label=_("执法领域"), choices=Domain.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
