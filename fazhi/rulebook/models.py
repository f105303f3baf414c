"""The rule book (规章规范性文件库): local regulations, government rules and normative documents, their versions and
relations, the evaluation tasks that keep them valid, and the cleanup campaigns (清理) that review them in bulk.

The rule book is published law: any staff member reads it, and the portal shows it to citizens. Writing it is the
work of the legality office of the region's bureau (`fazhi.rulebook.access`). Every change is in the audit history
(auditlog, registered in `apps.py`); an amendment keeps the old text as a `DocumentVersion`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.rulebook.choices import (
    CampaignState,
    CleanupResult,
    DocumentKind,
    EvaluationDecision,
    RelationKind,
    Source,
    Status,
    TaskReason,
)


class NormativeDocument(models.Model):
    """One local regulation, government rule or normative document, with its current text (the latest version)."""

    region = models.ForeignKey("core.Region", on_delete=models.PROTECT, verbose_name=_("行政区划"))
    kind = models.CharField(_("类别"), max_length=30, choices=DocumentKind.choices)
    title = models.CharField(_("标题"), max_length=300)
    number = models.CharField(_("文号"), max_length=100, blank=True)  # 包府发〔2024〕3号; a regulation's 公告号
    issuer = models.CharField(_("制定机关"), max_length=200)
    adopted_on = models.DateField(_("通过日期"), null=True, blank=True)
    published_on = models.DateField(_("公布日期"), null=True, blank=True)
    effective_on = models.DateField(_("施行日期"), null=True, blank=True)
    # the day the current term runs from: the day in force, moved on by an amendment (its text's day in force) and
    # by 确认继续实施 (the day after the old term ended); `effective_on` keeps the first day in force (施行日期)
    term_starts_on = models.DateField(_("有效期起算日期"), null=True, blank=True, editable=False)
    expires_on = models.DateField(_("有效期至"), null=True, blank=True)  # null: no fixed term (regulations, rules)
    provisional = models.BooleanField(_("暂行或试行"), default=False)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.IN_FORCE)
    status_changed_on = models.DateField(_("状态变更日期"), null=True, blank=True)
    filed_on = models.DateField(_("备案日期"), null=True, blank=True)
    # the last day to file, from the region's ValidityRule (fazhi.rulebook.validity): kept so a list can filter on it
    filing_due_on = models.DateField(_("备案期限"), null=True, blank=True, editable=False)
    text = models.TextField(_("全文"), blank=True)
    # title, number and text cut into words by jieba, space-separated: what the full-text index reads
    # (fazhi.rulebook.search keeps it; SQLite FTS5 and PostgreSQL's tsvector index it)
    search_tokens = models.TextField(_("检索词元"), blank=True, editable=False)
    review_case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("合法性审核案件"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("登记单位"),
    )
    source = models.CharField(_("来源"), max_length=20, choices=Source.choices, default=Source.REGISTERED)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    # optimistic lock: every write through fazhi.rulebook.services raises it by one and refuses a stale form
    version = models.PositiveIntegerField(_("修订次数"), default=1, editable=False)

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = _("规章规范性文件")
        verbose_name_plural = _("规章规范性文件")
        indexes = [
            models.Index(fields=["kind", "status"], name="rulebook_kind_status"),
            models.Index(fields=["region", "-published_on"], name="rulebook_region_published"),
            models.Index(fields=["number"], name="rulebook_number"),
            models.Index(fields=["expires_on"], name="rulebook_expires"),
        ]

    def __str__(self) -> str:
        return f"《{self.title}》"


class ValidityRule(models.Model):
    """How long a normative document stays in force in a jurisdiction, when it is evaluated and when filed.

    The national texts that would fix these (国办发〔2018〕37号 on filing and validity) were not obtained
    (../shared/reference/statutes.md §5.1): every value is a local rule, entered with its source, and marked
    unconfirmed until someone reads the jurisdiction's own text. The nearest rule above a document's region applies.
    """

    region = models.OneToOneField("core.Region", on_delete=models.PROTECT, verbose_name=_("适用地区"))
    term_years = models.PositiveSmallIntegerField(
        _("有效期（年）"), default=5, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    provisional_term_years = models.PositiveSmallIntegerField(
        _("暂行、试行文件有效期（年）"), default=2, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    ends_on_eve = models.BooleanField(
        _("届满日为起始日的对应日前一日"), default=True
    )  # in force from 2024-03-01 for 2 years: through 2026-02-28 (True) or through 2026-03-01 (False)
    evaluation_months = models.PositiveSmallIntegerField(
        _("届满前评估（月）"), default=6, validators=[MaxValueValidator(60)]
    )
    filing_days = models.PositiveSmallIntegerField(
        _("公布后报送备案（日）"), default=30, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    basis = models.CharField(_("依据"), max_length=300)
    confirmed = models.BooleanField(_("已核对原文"), default=False)

    class Meta:
        verbose_name = _("有效期规则")
        verbose_name_plural = _("有效期规则")

    def __str__(self) -> str:
        return f"{self.region} {self.term_years}/{self.provisional_term_years}"


class DocumentVersion(models.Model):
    """A text the document has had: the first as published, then one per amendment (the old text is kept)."""

    document = models.ForeignKey(
        NormativeDocument, on_delete=models.CASCADE, related_name="versions", verbose_name=_("文件")
    )
    number = models.PositiveIntegerField(_("版本"))
    text = models.TextField(_("全文"), blank=True)
    effective_on = models.DateField(_("施行日期"), null=True, blank=True)
    note = models.CharField(_("修改说明"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("登记人")
    )

    class Meta:
        ordering = ["document_id", "number"]
        verbose_name = _("文件版本")
        verbose_name_plural = _("文件版本")
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="rulebook_version_unique")]

    def __str__(self) -> str:
        return f"{self.document} 第{self.number}版"


class DocumentRelation(models.Model):
    """`source` amends, repeals, implements or is based on `target`."""

    source = models.ForeignKey(
        NormativeDocument, on_delete=models.CASCADE, related_name="relations_out", verbose_name=_("文件")
    )
    target = models.ForeignKey(
        NormativeDocument, on_delete=models.CASCADE, related_name="relations_in", verbose_name=_("相关文件")
    )
    kind = models.CharField(_("关系"), max_length=20, choices=RelationKind.choices)

    class Meta:
        verbose_name = _("文件关系")
        verbose_name_plural = _("文件关系")
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind"], name="rulebook_relation_unique"),
            models.CheckConstraint(condition=~models.Q(source=models.F("target")), name="rulebook_relation_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.get_kind_display()} {self.target}"


class EvaluationTask(models.Model):
    """Work on one document: the evaluation before its term ends (修改 / 废止 / 确认继续实施), or the review of a
    provision a reconsideration found unlawful (行政复议法 arts. 56–59, 附带审查)."""

    document = models.ForeignKey(
        NormativeDocument, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("文件")
    )
    reason = models.CharField(_("事由"), max_length=30, choices=TaskReason.choices)
    opened_on = models.DateField(_("生成日期"))
    due_on = models.DateField(_("办理期限"))
    source_case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("来源案件"),
    )
    note = models.TextField(_("说明"), blank=True)
    decision = models.CharField(_("评估结论"), max_length=20, choices=EvaluationDecision.choices, blank=True)
    decided_on = models.DateField(_("办结日期"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("办理人"),
    )

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("评估任务")
        verbose_name_plural = _("评估任务")
        constraints = [
            # one open expiry evaluation per document: the nightly job may run twice
            models.UniqueConstraint(
                fields=["document", "reason"],
                condition=models.Q(decided_on__isnull=True, reason="expiry"),
                name="rulebook_one_open_expiry_task",
            )
        ]

    def __str__(self) -> str:
        return f"{self.document} {self.get_reason_display()}"


class CleanupCampaign(models.Model):
    """A cleanup round (清理) on a topic: the documents in scope, one result each, and the published lists."""

    region = models.ForeignKey("core.Region", on_delete=models.PROTECT, verbose_name=_("行政区划"))
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("组织单位")
    )
    title = models.CharField(_("名称"), max_length=200)
    topic = models.CharField(_("清理主题"), max_length=100)  # 罚款, 涉不平等对待企业, 延迟退休, 文物保护
    kinds = models.JSONField(_("文件类别"), default=list, blank=True)  # DocumentKind values; empty: all
    issuers = models.JSONField(_("制定机关"), default=list, blank=True)  # empty: all
    published_from = models.DateField(_("公布日期自"), null=True, blank=True)
    published_to = models.DateField(_("公布日期至"), null=True, blank=True)
    query = models.CharField(_("检索词"), max_length=200, blank=True)
    started_on = models.DateField(_("开始日期"))
    due_on = models.DateField(_("完成期限"), null=True, blank=True)
    state = models.CharField(_("状态"), max_length=10, choices=CampaignState.choices, default=CampaignState.OPEN)
    closed_on = models.DateField(_("完成日期"), null=True, blank=True)
    source = models.CharField(_("来源"), max_length=20, choices=Source.choices, default=Source.REGISTERED)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("清理工作")
        verbose_name_plural = _("清理工作")

    def __str__(self) -> str:
        return self.title


class CleanupItem(models.Model):
    """One document in a cleanup: its result with reasons, the unit responsible and its deadline."""

    campaign = models.ForeignKey(
        CleanupCampaign, on_delete=models.CASCADE, related_name="items", verbose_name=_("清理工作")
    )
    document = models.ForeignKey(
        NormativeDocument, on_delete=models.PROTECT, related_name="cleanup_items", verbose_name=_("文件")
    )
    result = models.CharField(_("清理结果"), max_length=20, choices=CleanupResult.choices, blank=True)
    reasons = models.TextField(_("理由"), blank=True)
    owner = models.CharField(_("责任单位"), max_length=200, blank=True)
    due_on = models.DateField(_("办理期限"), null=True, blank=True)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    applied_on = models.DateField(_("生效日期"), null=True, blank=True)  # the day the result changed the registry

    class Meta:
        ordering = ["campaign_id", "id"]
        verbose_name = _("清理文件")
        verbose_name_plural = _("清理文件")
        constraints = [models.UniqueConstraint(fields=["campaign", "document"], name="rulebook_cleanup_item_unique")]

    def __str__(self) -> str:
        return f"{self.campaign} {self.document}"
