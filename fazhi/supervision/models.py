"""The supervision line's records: the detail of a supervision case (行政执法监督案件), rule-of-law health checks
(法治体检: a plan, each department checked, its findings) and interviews of unit heads (约谈).

Each model is scoped like the line's cases: by the region of the supervision body that keeps it, for members of the
line (`AccessPath.of_line`). The agency concerned is a kernel `Organisation` of kind `enforcement_agency`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.access import AccessPath, RestrictedQuerySet
from fazhi.supervision.choices import LINE, CheckState, FindingItem, InterviewState, Source

AGENCY = {"kind": "enforcement_agency"}


class SupervisionCase(models.Model):
    """What a supervision case's rules depend on: where the lead came from, the agency, the matter, whether the
    dispute is already in reconsideration or litigation (条例第三十三条第三款) and the issuer's deadline for the
    correction report (条例第二十七条、第二十八条: the 督办函 or 监督意见书 sets it)."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="supervision")
    source = models.CharField(_("线索来源"), max_length=20, choices=Source.choices, default=Source.FINDING)
    agency = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("被监督的行政执法机关"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervision_cases",
        limit_choices_to=AGENCY,
    )
    matter = models.TextField(_("监督事项"), blank=True)
    in_review_or_litigation = models.BooleanField(_("已进入行政复议或者行政诉讼程序"), default=False)
    parallel_proceedings = models.CharField(_("行政复议或者行政诉讼情况"), max_length=300, blank=True)
    rectify_days = models.PositiveSmallIntegerField(_("纠正期限（日）"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()
    access_path = AccessPath.through("case")

    class Meta:
        verbose_name = _("行政执法监督案件信息")
        verbose_name_plural = _("行政执法监督案件信息")

    def __str__(self) -> str:
        return f"{self.case} · {self.get_source_display()}"


class HealthCheckPlan(models.Model):
    """A year's rule-of-law health check plan (法治体检工作方案) of a supervision body: the departments it checks."""

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("监督机构"), on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey("core.Region", verbose_name=_("地区"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("方案名称"), max_length=200)
    scope = models.TextField(_("检查内容"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    access_path = AccessPath.of_line(LINE)

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = _("法治体检方案")
        verbose_name_plural = _("法治体检方案")

    def __str__(self) -> str:
        return self.title


class HealthCheck(models.Model):
    """One department's health check under a plan: its findings, the rectification notice with the deadline the
    supervision body sets, the department's report and the verification (验收)."""

    plan = models.ForeignKey(HealthCheckPlan, on_delete=models.CASCADE, related_name="checks")
    agency = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("受检部门"),
        on_delete=models.PROTECT,
        related_name="health_checks",
        limit_choices_to=AGENCY,
    )
    state = models.CharField(_("状态"), max_length=20, choices=CheckState.choices, default=CheckState.PLANNED)
    checked_on = models.DateField(_("检查日期"), null=True, blank=True)
    notice_on = models.DateField(_("整改通知日期"), null=True, blank=True)
    notice_text = models.TextField(_("整改要求"), blank=True)
    due_on = models.DateField(_("整改期限"), null=True, blank=True)
    reported_on = models.DateField(_("整改报告日期"), null=True, blank=True)
    report_text = models.TextField(_("整改报告"), blank=True)
    verified_on = models.DateField(_("验收日期"), null=True, blank=True)
    verification = models.TextField(_("验收意见"), blank=True)
    version = models.PositiveIntegerField(default=0)

    objects = RestrictedQuerySet.as_manager()
    access_path = AccessPath.through("plan", AccessPath.of_line(LINE))

    class Meta:
        ordering = ["plan_id", "id"]
        verbose_name = _("法治体检")
        verbose_name_plural = _("法治体检")
        constraints = [models.UniqueConstraint(fields=["plan", "agency"], name="supervision_check_once_per_plan")]

    def __str__(self) -> str:
        return f"{self.plan.year} {self.agency}"

    @property
    def on_time(self) -> bool | None:
        """Whether the report came by the deadline (None while there is no deadline or none is due yet)."""
        if self.due_on is None or self.reported_on is None:
            return None
        return self.reported_on <= self.due_on


class Finding(models.Model):
    """What a health check found on one item: conforming or not, and the problem in words."""

    check_record = models.ForeignKey(HealthCheck, on_delete=models.CASCADE, related_name="findings")
    item = models.CharField(_("检查项目"), max_length=20, choices=FindingItem.choices)
    conforming = models.BooleanField(_("符合要求"), default=True)
    problem = models.TextField(_("发现的问题"), blank=True)
    examined = models.PositiveIntegerField(_("抽查数量"), null=True, blank=True)
    defective = models.PositiveIntegerField(_("不符合数量"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()
    access_path = AccessPath.through("check_record__plan", AccessPath.of_line(LINE))

    class Meta:
        ordering = ["check_record_id", "id"]
        verbose_name = _("体检发现")
        verbose_name_plural = _("体检发现")

    def __str__(self) -> str:
        return f"{self.get_item_display()}"


class Interview(models.Model):
    """An interview of an agency's head (约谈, 条例第二十二条第五项): proposed from the agency's corrected
    reconsideration cases and lost suits in a period, scheduled by staff, held with minutes, then followed up."""

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("监督机构"), on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey("core.Region", verbose_name=_("地区"), on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("被约谈单位"),
        on_delete=models.PROTECT,
        related_name="interviews",
    )
    period_start = models.DateField(_("统计起始日期"))
    period_end = models.DateField(_("统计截止日期"))
    corrected = models.PositiveIntegerField(_("被复议纠错案件"), default=0)
    lost_suits = models.PositiveIntegerField(_("行政诉讼败诉案件"), default=0)
    state = models.CharField(_("状态"), max_length=20, choices=InterviewState.choices, default=InterviewState.PROPOSED)
    scheduled_on = models.DateField(_("约谈日期"), null=True, blank=True)
    held_on = models.DateField(_("实际约谈日期"), null=True, blank=True)
    head_name = models.CharField(_("被约谈负责人"), max_length=50, blank=True)
    minutes = models.TextField(_("约谈记录"), blank=True)
    follow_up = models.TextField(_("跟踪落实情况"), blank=True)
    follow_up_on = models.DateField(_("跟踪日期"), null=True, blank=True)
    reason = models.TextField(_("不予约谈理由"), blank=True)
    version = models.PositiveIntegerField(default=0)

    objects = RestrictedQuerySet.as_manager()
    access_path = AccessPath.of_line(LINE)

    class Meta:
        ordering = ["-period_end", "agency_id"]
        verbose_name = _("约谈")
        verbose_name_plural = _("约谈")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "agency", "period_start", "period_end"], name="supervision_interview_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.period_start:%Y-%m-%d}—{self.period_end:%Y-%m-%d}"
