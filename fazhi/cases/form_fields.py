"""Form fields that read a number as a clerk writes it (5年, 3人, 28,000元, ￥1,250.50, full-width digits), with
the parsers the historical import and the case pages' step fields use (fazhi.cases.parsing). A text box with a
numeric keyboard (inputmode) rather than <input type=number>, which would block "28,000元" before the server
sees it. Bounds, decimal places and messages are Django's IntegerField / DecimalField's, as each form sets them."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from fazhi.cases.parsing import CellError, parse_decimal, parse_whole


class WholeNumberField(forms.IntegerField):
    widget = forms.TextInput

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "numeric"}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_whole(value)
        except CellError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class YuanField(forms.DecimalField):
    widget = forms.TextInput

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "decimal"}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_decimal(value)
        except CellError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
