"""Reconsideration detail of a case, the litigation that follows decisions, and the bureau's agency analyses."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.access import AccessPath, RestrictedQuerySet
from fazhi.reconsideration.choices import ActType, Decision, LitigationResult, ProcedureType


class ReconsiderationDetail(models.Model):
    """What the law's rules depend on: the contested act, its agency, the procedure type and the decision."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="reconsideration")
    respondent_agency = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("被申请人（行政机关）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reconsiderations_as_respondent",
    )
    act_type = models.CharField(_("行政行为类型"), max_length=30, choices=ActType.choices, default=ActType.OTHER)
    act_description = models.CharField(_("被申请的行政行为"), max_length=300, blank=True)
    act_on = models.DateField(_("行政行为作出日期"), null=True, blank=True)
    knew_on = models.DateField(_("知道该行政行为之日"), null=True, blank=True)
    rights_notified = models.BooleanField(_("已告知申请权利和期限"), default=True)
    real_property = models.BooleanField(_("涉及不动产"), default=False)
    on_the_spot = models.BooleanField(_("当场作出"), default=False)
    amount = models.DecimalField(_("涉案金额（元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    all_parties_agree_simplified = models.BooleanField(_("各方同意适用简易程序"), default=False)
    major_complex = models.BooleanField(_("重大、疑难、复杂案件"), default=False)
    procedure_type = models.CharField(
        _("审理程序"), max_length=20, choices=ProcedureType.choices, default=ProcedureType.ORDINARY
    )
    enterprise_applicant = models.BooleanField(_("申请人为企业"), default=False)
    liaison_point = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("涉企行政复议联系点"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reconsiderations_received",
        limit_choices_to={"kind": "liaison_point"},
    )
    decision = models.CharField(_("复议决定"), max_length=30, choices=Decision.choices, blank=True)
    window_warnings = models.JSONField(_("申请期限提示"), default=list, blank=True)

    objects = RestrictedQuerySet.as_manager()
    access_path = AccessPath.through("case")

    class Meta:
        verbose_name = _("行政复议案件信息")
        verbose_name_plural = _("行政复议案件信息")

    def __str__(self) -> str:
        return f"{self.case} · {self.get_procedure_type_display()}"


class Litigation(models.Model):
    """An administrative suit (行政诉讼) brought after a reconsideration, and its result (败诉 counted)."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="litigations")
    filed_on = models.DateField(_("起诉日期"))
    court = models.CharField(_("法院"), max_length=100)
    court_case_number = models.CharField(_("法院案号"), max_length=60, blank=True)
    result = models.CharField(_("结果"), max_length=20, choices=LitigationResult.choices, default="pending")
    judged_on = models.DateField(_("裁判日期"), null=True, blank=True)
    note = models.TextField(_("备注"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    objects = RestrictedQuerySet.as_manager()
    access_path = AccessPath.through("case")

    class Meta:
        ordering = ["-filed_on"]
        verbose_name = _("复议后行政诉讼")
        verbose_name_plural = _("复议后行政诉讼")

    def __str__(self) -> str:
        return f"{self.case.number} {self.court} {self.get_result_display()}"


class AgencyAnalysis(models.Model):
    """A bureau's case-by-case analysis of agencies' lost suits and corrected cases, and the report it fed."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("分析报告"), max_length=200)
    reported_on = models.DateField(_("报告日期"))
    findings = models.TextField(_("主要问题与建议"), blank=True)
    lost_litigation_cases = models.ManyToManyField(
        "cases.Case", blank=True, related_name="+", verbose_name=_("分析的败诉案件")
    )
    corrected_cases = models.ManyToManyField(
        "cases.Case", blank=True, related_name="+", verbose_name=_("分析的纠错案件")
    )

    objects = RestrictedQuerySet.as_manager()
    access_path = AccessPath.of_line("reconsideration", region="organisation__region__code")

    class Meta:
        ordering = ["-reported_on"]
        verbose_name = _("败诉与纠错案件分析")
        verbose_name_plural = _("败诉与纠错案件分析")

    def __str__(self) -> str:
        return self.title
