"""Forms of the case workbench."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.cases.deadlines import DeadlineAnswer, DeadlineInputError, deadline_answer
from fazhi.cases.registry import DeadlineRule, deadline_rules
from fazhi.core.lines import line_label


def rule_label(rule: DeadlineRule) -> str:
    """How the calculator names a rule: 受理审查（5个工作日，行政复议法第三十条第一款）."""
    return f"{rule.clock.label}（{rule.clock.amount}{rule.unit_label}，{rule.clock.basis}）"


def rules_by_line() -> list[tuple[str, list[DeadlineRule]]]:
    """Every registered clock, grouped under its line's Chinese name, in the lines' order."""
    grouped = groupby(deadline_rules().values(), key=lambda rule: rule.line)
    return [(str(line_label(line)), list(rules)) for line, rules in grouped]


class DeadlineForm(forms.Form):
    """A rule and a start date; the answer is computed by the same service as the API's, which says what is wrong."""

    rule = forms.ChoiceField(label=_("期限"))
    start = forms.DateField(
        label=_("起算日"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("日期格式应为 YYYY-MM-DD。")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        rule_field: forms.ChoiceField = self.fields["rule"]  # type: ignore[assignment]
        self.rule_groups = rules_by_line()  # the page lists them too, under their lines
        rule_field.choices = [
            (line, [(rule.key, rule_label(rule)) for rule in rules]) for line, rules in self.rule_groups
        ]
        rule_field.error_messages["invalid_choice"] = _("未知的期限规则：%(value)s")
        self.answer: DeadlineAnswer | None = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "rule" in cleaned and "start" in cleaned:
            try:
                self.answer = deadline_answer(cleaned["rule"], cleaned["start"])
            except DeadlineInputError as exc:
                self.add_error(exc.field, str(exc))
        return cleaned

    def result(self) -> DeadlineAnswer | None:
        return self.answer
