"""The legality-review detail of a case (合法性审核) and the review periods each jurisdiction sets."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.access import AccessPath, RestrictedQuerySet
from fazhi.legality.choices import ReviewKind

MIN_DECISION_DAYS = 7  # 重大行政决策程序暂行条例 art. 26 ¶2: the review is allowed generally ≥ 7 working days
MAX_DAYS = 60


class ReviewPeriod(models.Model):
    """The review period (working days) a jurisdiction sets for a kind of request; the nearest region up the tree
    that has one wins, else the procedure's default (fazhi.legality.periods). The values are local rules."""

    region = models.ForeignKey("core.Region", on_delete=models.PROTECT, verbose_name=_("适用地区"))
    kind = models.CharField(_("审核事项"), max_length=30, choices=ReviewKind.choices)
    working_days = models.PositiveSmallIntegerField(_("审核期限（工作日）"))
    basis = models.CharField(_("依据"), max_length=200)
    confirmed = models.BooleanField(_("依据已核实"), default=False)

    class Meta:
        ordering = ["region_id", "kind"]
        verbose_name = _("合法性审核期限")
        verbose_name_plural = _("合法性审核期限")
        constraints = [models.UniqueConstraint(fields=["region", "kind"], name="legality_period_unique")]

    def __str__(self) -> str:
        return f"{self.region} {self.get_kind_display()} {self.working_days}"

    def clean(self) -> None:
        if not 1 <= (self.working_days or 0) <= MAX_DAYS:
            raise ValidationError({"working_days": _("审核期限应为1至60个工作日。")})
        if self.kind == ReviewKind.MAJOR_DECISION and self.working_days < MIN_DECISION_DAYS:
            raise ValidationError(
                {
                    "working_days": _(
                        "重大行政决策的合法性审查时间一般不少于7个工作日（重大行政决策程序暂行条例第二十六条）。"
                    )
                }
            )


class LegalityReview(models.Model):
    """What the review's rules and figures depend on: the kind of request and, for a major decision, the record
    of its procedure (arts. 15, 19, 22, 25–26); the conditions of an opinion that allows issue after amendment."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="legality")
    kind = models.CharField(_("审核事项"), max_length=30, choices=ReviewKind.choices)
    draft_summary = models.TextField(_("草案文本或说明"), blank=True)
    catalogue_item = models.CharField(_("决策事项目录项"), max_length=200, blank=True)  # art. 3 ¶2
    comment_days = models.PositiveSmallIntegerField(_("公开征求意见期限（日）"), null=True, blank=True)  # art. 15
    comment_shortened_reason = models.TextField(_("征求意见期限不足30日或未公开征求意见的理由"), blank=True)
    expert_review = models.TextField(_("专家论证情况"), blank=True)  # arts. 19–21
    risk_assessment = models.TextField(_("风险评估情况"), blank=True)  # arts. 22–24
    discussion_on = models.DateField(_("拟提交集体讨论日期"), null=True, blank=True)  # arts. 25, 30
    conditions = models.TextField(_("修改意见"), blank=True)

    objects = RestrictedQuerySet.as_manager()
    access_path = AccessPath.through("case")

    class Meta:
        verbose_name = _("合法性审核信息")
        verbose_name_plural = _("合法性审核信息")

    def __str__(self) -> str:
        return f"{self.case} · {self.get_kind_display()}"
