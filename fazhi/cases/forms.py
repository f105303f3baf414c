"""Forms of the case workbench."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.cases.deadlines import DeadlineAnswer, deadline_answer
from fazhi.cases.registry import deadline_rules


class DeadlineForm(forms.Form):
    rule = forms.ChoiceField(label=_("期限"))
    start = forms.DateField(
        label=_("起算日"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("日期格式应为 YYYY-MM-DD。")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        rule_field: forms.ChoiceField = self.fields["rule"]  # type: ignore[assignment]
        rule_field.choices = [
            (key, f"{clock.label}（{clock.amount}{'个工作日' if clock.unit == 'WD' else '日'}，{clock.basis}）")
            for key, clock in deadline_rules().items()
        ]
        self.fields["rule"].error_messages["invalid_choice"] = _("未知的期限规则：%(value)s")

    def result(self) -> DeadlineAnswer:
        return deadline_answer(self.cleaned_data["rule"], self.cleaned_data["start"])
