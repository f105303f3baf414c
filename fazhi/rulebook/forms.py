"""The registry's forms: they parse; the rules are in `fazhi.rulebook.services` (one write path for every caller)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.models import Organisation
from fazhi.rulebook.choices import DocumentKind, EvaluationDecision, RelationKind, Status
from fazhi.rulebook.models import NormativeDocument

DATE_ERRORS = {"invalid": _("日期格式应为 YYYY-MM-DD。")}
DATE_INPUT = forms.DateInput(attrs={"type": "date"})


def _date(label, required: bool = False) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE_INPUT, error_messages=DATE_ERRORS)


class DocumentFilter(forms.Form):
    """The registry list's filters (GET)."""

    DUE = [
        ("", "—"),
        ("evaluation", _("评估中或即将届满")),
        ("unfiled", _("未备案")),
        ("filing_overdue", _("备案逾期")),
    ]

    q = forms.CharField(label=_("标题或文号"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("类别"), required=False, choices=[("", "—"), *DocumentKind.choices])
    status = forms.ChoiceField(label=_("状态"), required=False, choices=[("", "—"), *Status.choices])
    issuer = forms.CharField(label=_("制定机关"), required=False, max_length=100)
    region = forms.ChoiceField(label=_("行政区划"), required=False, choices=[("", "—")])
    year = forms.IntegerField(
        label=_("公布年度"),
        required=False,
        min_value=1949,
        max_value=2100,
        error_messages={"invalid": _("请填写四位年份。"), "min_value": _("年份有误。"), "max_value": _("年份有误。")},
    )
    due = forms.ChoiceField(label=_("提醒"), required=False, choices=DUE)

    def __init__(self, *args, regions=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        region: forms.ChoiceField = self.fields["region"]  # type: ignore[assignment]
        region.choices = [("", "—"), *((r.code, r.name) for r in regions)]


class VersionedForm(forms.Form):
    """Every write on a document names the version its page showed (the optimistic lock)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class RegisterForm(forms.Form):
    region = forms.ChoiceField(label=_("行政区划"))
    kind = forms.ChoiceField(label=_("类别"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("标题"), max_length=300)
    number = forms.CharField(label=_("文号"), max_length=100, required=False)
    issuer = forms.CharField(label=_("制定机关"), max_length=200)
    adopted_on = _date(_("通过日期"))
    published_on = _date(_("公布日期"), required=True)
    effective_on = _date(_("施行日期"), required=True)
    provisional = forms.ChoiceField(
        label=_("暂行或试行"),
        required=False,
        choices=[("", _("按标题判断")), ("yes", _("是")), ("no", _("否"))],
    )
    review_case = forms.CharField(
        label=_("合法性审核案号"),
        max_length=60,
        required=False,
        help_text=_("行政规范性文件须填写已办结的合法性审核案件的案号。"),
    )
    filed_on = _date(_("备案日期"))
    text = forms.CharField(label=_("全文"), widget=forms.Textarea(attrs={"rows": 12}), required=False)

    def __init__(self, *args, regions=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        region: forms.ChoiceField = self.fields["region"]  # type: ignore[assignment]
        region.choices = [(r.code, r.name) for r in regions]

    def provisional_value(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data.get("provisional") or "")


class EditForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = NormativeDocument
        fields = ["title", "number", "issuer", "adopted_on", "published_on", "effective_on", "provisional"]
        widgets = {"adopted_on": DATE_INPUT, "published_on": DATE_INPUT, "effective_on": DATE_INPUT}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("adopted_on", "published_on", "effective_on"):
            self.fields[name].error_messages.update(DATE_ERRORS)
        self.fields["published_on"].required = True
        self.fields["effective_on"].required = True

    def _post_clean(self) -> None:  # the service validates and saves, not the model form
        pass


class DocumentChoiceField(forms.CharField):
    """Another document of the registry, named by its 文号 or its number in the registry (#12)."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_length", 100)
        kwargs.setdefault("help_text", _("填写文号，或登记编号（如 #12）。"))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        text = value.strip()
        if text.startswith("#") and text[1:].isdigit():
            found = NormativeDocument.objects.filter(pk=int(text[1:])).first()
        else:
            matches = list(NormativeDocument.objects.filter(number=text)[:2])
            if len(matches) > 1:
                raise forms.ValidationError(_("多个文件使用该文号，请改填登记编号（如 #12）。"))
            found = matches[0] if matches else None
        if found is None:
            raise forms.ValidationError(_("未找到该文件，请核对文号或登记编号。"))
        return found


class AmendForm(VersionedForm):
    text = forms.CharField(label=_("修改后的全文"), widget=forms.Textarea(attrs={"rows": 14}))
    effective_on = _date(_("修改后施行日期"), required=True)
    note = forms.CharField(label=_("修改说明"), max_length=300, required=False)
    by = DocumentChoiceField(label=_("修改决定（文件）"), required=False)


class EndForm(VersionedForm):
    status = forms.ChoiceField(
        label=_("变更为"),
        choices=[
            (Status.REPEALED, _("已废止")),
            (Status.INVALID, _("失效（宣布失效）")),
            (Status.AMENDED, _("已修改（修订后以新文件重新公布）")),
        ],
    )
    on = _date(_("日期"), required=True)
    by = DocumentChoiceField(label=_("废止或修订的文件"), required=False)


class FilingForm(VersionedForm):
    filed_on = _date(_("备案日期"), required=True)


class RelationForm(forms.Form):
    kind = forms.ChoiceField(label=_("本文件"), choices=RelationKind.choices)
    target = DocumentChoiceField(label=_("相关文件"))


class DecideForm(forms.Form):
    decision = forms.ChoiceField(label=_("评估结论"), choices=EvaluationDecision.choices)
    decided_on = _date(_("办结日期"), required=True)
    note = forms.CharField(label=_("说明"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    text = forms.CharField(
        label=_("修改后的全文（结论为修改时填写）"), widget=forms.Textarea(attrs={"rows": 8}), required=False
    )
    effective_on = _date(_("修改后施行日期（结论为修改时填写）"))


class ImportForm(forms.Form):
    organisation: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("登记单位"), queryset=Organisation.objects.none(), empty_label=None
    )
    file = forms.FileField(label=_("目录文件（.xlsx）"))
    dry_run = forms.BooleanField(label=_("只检查，不导入"), required=False)

    def __init__(self, *args, organisations=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field: forms.ModelChoiceField = self.fields["organisation"]  # type: ignore[assignment]
        field.queryset = organisations
