"""Issued official documents with their gap-free numbers, and the administrators' replacement Word templates."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.access import AccessPath, RestrictedQuerySet
from fazhi.documents.kinds import DocumentKind, kind, kind_choices


def _template_path(instance: DocumentTemplate, filename: str) -> str:
    return f"templates/{instance.kind}.docx"


class DocumentTemplate(models.Model):
    """An administrator's Word template that replaces the built-in one of a kind (docxtpl placeholders)."""

    kind = models.CharField(_("文书种类"), max_length=40, choices=kind_choices, unique=True)
    file = models.FileField(_("模板文件（.docx）"), upload_to=_template_path)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        ordering = ["kind"]
        verbose_name = _("文书模板")
        verbose_name_plural = _("文书模板")

    def __str__(self) -> str:
        return str(self.get_kind_display())


class IssuedDocument(models.Model):
    """One document issued on a case, numbered gap-free per organisation, kind and year (GB/T 9704 发文字号)."""

    case = models.ForeignKey("cases.Case", verbose_name=_("案件"), on_delete=models.PROTECT, related_name="documents")
    # Copied from the case so the database can hold the number unique per organisation.
    organisation = models.ForeignKey("accounts.Organisation", verbose_name=_("发文机关"), on_delete=models.PROTECT)
    kind = models.CharField(_("文书种类"), max_length=40, choices=kind_choices)
    number = models.CharField(_("文号"), max_length=60)
    year = models.PositiveSmallIntegerField(_("年度"))
    n = models.PositiveIntegerField(_("序号"))
    issued_on = models.DateField(_("成文日期"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("签发人"), null=True, blank=True, on_delete=models.PROTECT
    )
    event = models.ForeignKey(
        "cases.CaseEvent", verbose_name=_("案件事件"), null=True, blank=True, on_delete=models.PROTECT
    )
    data = models.JSONField(_("文书内容"), default=dict, blank=True)
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    access_path = AccessPath.through("case")

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("已发文书")
        verbose_name_plural = _("已发文书")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "kind", "year", "n"], name="issued_document_n_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.kind_info.name}"

    @property
    def kind_info(self) -> DocumentKind:
        return kind(self.kind)
