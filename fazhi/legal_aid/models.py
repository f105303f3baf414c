"""Legal-aid consultations, the province's hardship standard, and the legal-aid detail of a case."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.access import AccessPath, RestrictedQuerySet
from fazhi.core.crypto import BlindIndexedModel, BlindIndexField, BlindIndexQuerySet, EncryptedCharField, blind_index
from fazhi.legal_aid import eligibility
from fazhi.legal_aid.choices import (
    AssigneeKind,
    CaseCategory,
    ClaimKind,
    ClosureResult,
    ConsultationChannel,
    Notifier,
    QualityGrade,
    RecipientGroup,
    Route,
)


class HardshipStandardRecord(models.Model):
    """The economic-hardship standard in force in a region from a date (法律援助法 art. 34: set by the province)."""

    region = models.ForeignKey("core.Region", on_delete=models.PROTECT, verbose_name=_("适用地区"))
    effective_from = models.DateField(_("执行日期"))
    monthly_income_per_capita = models.DecimalField(_("家庭人均月收入标准（元）"), max_digits=10, decimal_places=2)
    basis = models.CharField(_("依据文件"), max_length=200, blank=True)

    class Meta:
        ordering = ["region_id", "-effective_from"]
        verbose_name = _("经济困难标准")
        verbose_name_plural = _("经济困难标准")
        constraints = [models.UniqueConstraint(fields=["region", "effective_from"], name="hardship_unique_from")]

    def __str__(self) -> str:
        return f"{self.region} {self.effective_from} {self.monthly_income_per_capita}"

    @classmethod
    def for_region(cls, region_code: str, on: date) -> eligibility.HardshipStandard | None:
        """The standard in force on `on` for the nearest region (village → … → province) that has one."""
        prefixes = {region_code[:n].ljust(12, "0") for n in (2, 4, 6, 9, 12)}
        record = (
            cls.objects.filter(region_id__in=prefixes, effective_from__lte=on)
            .order_by("-region_id", "-effective_from")
            .first()
        )
        return eligibility.HardshipStandard(record.effective_from, record.monthly_income_per_capita) if record else None


class ConsultationQuerySet(BlindIndexQuerySet, RestrictedQuerySet):  # type: ignore[override]  # django-stubs: two bases' as_manager
    def with_phone(self, value: str) -> ConsultationQuerySet:
        """Consultations whose caller left the phone `value` (through the blind index; the value is never compared)."""
        digest = blind_index("phone", value)
        return self.filter(phone_index=digest) if digest else self.none()


class Consultation(BlindIndexedModel):
    """A legal consultation (walk-in, 12348 hotline, online): a light record, not a case (art. 22 (1))."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("core.Region", on_delete=models.PROTECT)
    channel = models.CharField(_("渠道"), max_length=20, choices=ConsultationChannel.choices)
    on = models.DateField(_("日期"))
    matter = models.CharField(_("咨询事项"), max_length=30, choices=list(eligibility.MATTERS.items()), blank=True)
    summary = models.CharField(_("咨询内容摘要"), max_length=300)
    person_name = models.CharField(_("咨询人"), max_length=50, blank=True)
    # The caller's phone: encrypted at rest (fazhi/core/crypto.py), masked in the list and the API, found again by
    # its blind index (Consultation.objects.with_phone).
    phone = EncryptedCharField(_("联系电话"), max_length=30, blank=True)
    phone_index = BlindIndexField(_("联系电话索引"), source="phone", kind="phone")
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    application = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="consultations"
    )

    objects = ConsultationQuerySet.as_manager()
    access_path = AccessPath.of_line("legal_aid")  # the receiving body's region and organisation

    class Meta:
        ordering = ["-on", "-id"]
        verbose_name = _("法律咨询")
        verbose_name_plural = _("法律咨询")

    def __str__(self) -> str:
        return f"{self.on} {self.get_channel_display()} {self.summary[:20]}"


class LegalAidDetail(models.Model):
    """What eligibility, the procedure and the figures depend on, from application to quality review."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="legal_aid")
    route = models.CharField(_("来源"), max_length=20, choices=Route.choices, default=Route.APPLICATION)
    forwarded_by = models.CharField(_("转交单位"), max_length=100, blank=True)
    notifier = models.CharField(_("通知机关"), max_length=20, choices=Notifier.choices, blank=True)
    notified_ground = models.CharField(
        _("通知辩护情形"), max_length=30, choices=list(eligibility.NOTIFIED_GROUNDS.items()), blank=True
    )
    case_category = models.CharField(_("案件类别"), max_length=30, choices=CaseCategory.choices)
    matter = models.CharField(_("申请事项"), max_length=30, choices=list(eligibility.MATTERS.items()), blank=True)
    no_means_test_ground = models.CharField(
        _("不受经济困难条件限制情形"), max_length=30, choices=list(eligibility.NO_MEANS_TEST.items()), blank=True
    )
    exemption_ground = models.CharField(
        _("免予核查经济困难情形"), max_length=30, choices=list(eligibility.EXEMPT.items()), blank=True
    )
    monthly_income_per_capita = models.DecimalField(
        _("家庭人均月收入（元）"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    verification = models.CharField(
        _("经济困难核查方式"), max_length=30, choices=list(eligibility.VERIFICATION.items()), blank=True
    )
    qualifies = models.BooleanField(_("审查意见：符合条件"), null=True, blank=True)
    assessment = models.TextField(_("审查意见说明"), blank=True)
    override_reason = models.TextField(_("不同于审查意见的决定理由"), blank=True)
    life_or_death = models.BooleanField(_("可能判处无期徒刑、死刑"), default=False)  # art. 26
    recipient_group = models.CharField(_("受援人群体"), max_length=20, choices=RecipientGroup.choices, blank=True)
    claim_kind = models.CharField(_("请求类型"), max_length=20, choices=ClaimKind.choices, blank=True)
    assignee_kind = models.CharField(_("承办人员类型"), max_length=30, choices=AssigneeKind.choices, blank=True)
    lawyer = models.CharField(_("承办人员"), max_length=50, blank=True)
    firm = models.CharField(_("所在单位"), max_length=100, blank=True)
    practice_years = models.PositiveSmallIntegerField(_("执业年限"), null=True, blank=True)
    result = models.CharField(_("结案结果"), max_length=20, choices=ClosureResult.choices, blank=True)
    amount_awarded = models.DecimalField(
        _("裁判、调解确定金额（元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    amount_collected = models.DecimalField(
        _("实际执行到位金额（元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    amount_avoided = models.DecimalField(
        _("避免损失金额（元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    basis_document = models.CharField(_("金额依据文书"), max_length=200, blank=True)
    quality_grade = models.CharField(_("质量评查等级"), max_length=20, choices=QualityGrade.choices, blank=True)
    subsidy_yuan = models.DecimalField(_("办案补贴（元）"), max_digits=10, decimal_places=2, null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()
    access_path = AccessPath.through("case")

    class Meta:
        verbose_name = _("法律援助案件信息")
        verbose_name_plural = _("法律援助案件信息")

    def __str__(self) -> str:
        return f"{self.case} · {self.get_case_category_display()}"
