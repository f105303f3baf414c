"""The enforcement network (行政执法监督网络): supervision bodies per tier, officers and supervisors, their certificates
and each certificate's history. Enforcement agencies (行政执法机关) are the kernel's `Organisation`s of kind
`enforcement_agency`, not copied here; no powers catalogue (权责清单) is kept yet (docs/enforcement.md).

Every model reaches a user through `visible_to(user)` along its `access_path`: the region subtree of the user's
memberships in the supervision line (`choices.KEEPER_LINE`). Figures read the history (`CertificateEvent`), never a
stored counter (`fazhi.enforcement.history`). Every change is in the audit history (auditlog, `apps.py`).
"""

from __future__ import annotations

import secrets
from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.access import AccessPath, RestrictedQuerySet
from fazhi.core.crypto import BlindIndexedModel, BlindIndexField, BlindIndexQuerySet, EncryptedCharField, blind_index
from fazhi.core.validators import id_number_validator
from fazhi.enforcement.choices import KEEPER_LINE, CertificateKind, Source, State, Status, Tier


def new_token() -> str:
    """The unguessable key of a certificate's public page (its QR code carries it; never the row's id)."""
    return secrets.token_urlsafe(24)


class SupervisionBody(models.Model):
    """A 行政执法监督机构 of one tier, hosted by an organisation (a city department, a county's 司法局, a 司法所); the
    司法行政部门 at county level and above is the government's supervision body (行政执法监督条例 art. 6). It counts
    on a day from its set-up date until it is dissolved."""

    name = models.CharField(_("名称"), max_length=100)
    host = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("所在单位")
    )
    region = models.ForeignKey("core.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("行政区划"))
    tier = models.CharField(_("层级"), max_length=10, choices=Tier.choices)
    established_on = models.DateField(_("设立日期"))
    dissolved_on = models.DateField(_("撤销日期"), null=True, blank=True)
    source = models.CharField(_("来源"), max_length=20, choices=Source.choices, default=Source.REGISTERED)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    access_path = AccessPath.of_line(KEEPER_LINE, organisation="host")

    class Meta:
        ordering = ["region_id", "name"]
        verbose_name = _("行政执法监督机构")
        verbose_name_plural = _("行政执法监督机构")
        constraints = [
            models.UniqueConstraint(fields=["name", "region"], name="enforcement_body_unique_name"),
            models.CheckConstraint(
                condition=Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=models.F("established_on")),
                name="enforcement_body_dissolved_after_set_up",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def in_being_on(self, day: date) -> bool:
        return self.established_on <= day and (self.dissolved_on is None or self.dissolved_on > day)


class OfficerQuerySet(BlindIndexQuerySet, RestrictedQuerySet):  # type: ignore[override]  # two bases' as_manager
    def with_id_number(self, value: str) -> OfficerQuerySet:
        digest = blind_index("id_number", value)
        return self.filter(id_number_index=digest) if digest else self.none()


class Officer(BlindIndexedModel):
    """A person who holds (or applies for) a certificate: an enforcement officer (执法人员) of an agency or a
    supervisor (监督人员) of a supervision body's host. The ID number is encrypted at rest with a blind index for
    exact lookup, as the case kernel stores a party's (fazhi/core/crypto.py), and shown masked."""

    name = models.CharField(_("姓名"), max_length=50)
    id_number = EncryptedCharField(_("身份证号"), max_length=18, validators=[id_number_validator])
    id_number_index = BlindIndexField(_("身份证号索引"), source="id_number", kind="id_number")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("所在单位")
    )
    photo = models.FileField(_("照片"), upload_to="enforcement/photos/%Y/", blank=True)
    source = models.CharField(_("来源"), max_length=20, choices=Source.choices, default=Source.REGISTERED)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    BLIND_INDEXES = {"id_number": "id_number_index"}
    objects = OfficerQuerySet.as_manager()
    access_path = AccessPath.of_line(KEEPER_LINE, region="organisation__region__code")

    class Meta:
        ordering = ["organisation_id", "name", "id"]
        verbose_name = _("执法人员")
        verbose_name_plural = _("执法人员")
        constraints = [
            models.UniqueConstraint(
                fields=["id_number_index"], condition=~Q(id_number_index=""), name="enforcement_officer_unique_person"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Certificate(models.Model):
    """A 行政执法证 or 行政执法监督证 of one officer, from its application (申领) on; its state moves only by the
    declared moves (`fazhi.enforcement.lifecycle.MOVES`), each written as a `CertificateEvent`. The number is
    given when issued (制发) and unique; the public page is reached by `token`, never by the id."""

    officer = models.ForeignKey(
        Officer, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("持证人")
    )
    kind = models.CharField(_("证件类别"), max_length=20, choices=CertificateKind.choices)
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.APPLIED)
    number = models.CharField(_("证件编号"), max_length=40, blank=True)
    token = models.CharField(_("核验码"), max_length=64, unique=True, default=new_token, editable=False)
    applied_on = models.DateField(_("申领日期"))
    valid_from = models.DateField(_("有效期自"), null=True, blank=True)
    valid_to = models.DateField(_("有效期至"), null=True, blank=True)
    training_hours = models.DecimalField(
        _("培训学时"), max_digits=6, decimal_places=1, default=0, validators=[MinValueValidator(0)]
    )
    exam_score = models.PositiveSmallIntegerField(
        _("考试成绩"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    source = models.CharField(_("来源"), max_length=20, choices=Source.choices, default=Source.REGISTERED)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = RestrictedQuerySet.as_manager()
    access_path = AccessPath.of_line(
        KEEPER_LINE, region="officer__organisation__region__code", organisation="officer__organisation"
    )

    class Meta:
        ordering = ["-applied_on", "-id"]
        verbose_name = _("行政执法证件")
        verbose_name_plural = _("行政执法证件")
        constraints = [
            models.UniqueConstraint(fields=["number"], condition=~Q(number=""), name="enforcement_certificate_number"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="enforcement_certificate_validity_order",
            ),
        ]
        indexes = [models.Index(fields=["kind", "state", "valid_to"], name="enforcement_cert_kind_state")]

    def __str__(self) -> str:
        return self.number or f"{self.get_kind_display()}（{self.officer.name}）"

    def status_on(self, day: date) -> str:
        """有效 / 未生效 / 已暂扣 / 已注销 / 已收回 / 已过期 (or 未发证) of the certificate as it stands, read on `day`:
        a card issued ahead of its validity (valid_from after `day`) is 未生效 until that day."""
        if self.state == State.VALID:
            if self.valid_from is not None and self.valid_from > day:
                return Status.NOT_YET_VALID
            if self.valid_to is not None and self.valid_to < day:
                return Status.EXPIRED
            return Status.VALID
        return {
            State.SUSPENDED: Status.SUSPENDED,
            State.CANCELLED: Status.CANCELLED,
            State.WITHDRAWN: Status.WITHDRAWN,
        }.get(State(self.state), Status.PENDING)

    def status_label_on(self, day: date) -> str:
        return str(Status(self.status_on(day)).label)


class CertificateEvent(models.Model):
    """One move of a certificate (append-only): its date, who recorded it, the state it left the certificate in, and
    the validity the certificate had after it, so "in force on day X" is read from the history alone."""

    certificate = models.ForeignKey(
        Certificate, on_delete=models.CASCADE, related_name="events", verbose_name=_("证件")
    )
    code = models.CharField(_("事项"), max_length=20)
    on = models.DateField(_("日期"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("经办人"),
    )
    state_after = models.CharField(_("办理后状态"), max_length=20, choices=State.choices)
    valid_from = models.DateField(_("有效期自"), null=True, blank=True)
    valid_to = models.DateField(_("有效期至"), null=True, blank=True)
    data = models.JSONField(_("登记内容"), default=dict, blank=True)
    basis = models.CharField(_("依据"), max_length=300)
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    access_path = AccessPath.through("certificate", Certificate.access_path)

    class Meta:
        ordering = ["on", "id"]
        verbose_name = _("证件办理记录")
        verbose_name_plural = _("证件办理记录")
        indexes = [models.Index(fields=["certificate", "on"], name="enforcement_event_cert_on")]

    def __str__(self) -> str:
        return f"{self.certificate} {self.code} {self.on}"


class ExpiryReminder(models.Model):
    """The nightly job's note that a certificate's validity ends within the reminder window (one per certificate and
    end date: a re-run adds nothing; a renewal's new end date is reminded again)."""

    certificate = models.ForeignKey(
        Certificate, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("证件")
    )
    valid_to = models.DateField(_("有效期至"))
    listed_on = models.DateField(_("提醒日期"))

    objects = RestrictedQuerySet.as_manager()
    access_path = AccessPath.through("certificate", Certificate.access_path)

    class Meta:
        ordering = ["valid_to", "id"]
        verbose_name = _("证件到期提醒")
        verbose_name_plural = _("证件到期提醒")
        constraints = [
            models.UniqueConstraint(fields=["certificate", "valid_to"], name="enforcement_reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.certificate} {self.valid_to}"


class ReplacedToken(models.Model):
    """The QR code of a card replaced by a renewal (换证): its token and number, kept so the old card's public page
    says 已换发新证，原证失效 instead of 未找到该证件 (it never leads to the new card)."""

    certificate = models.ForeignKey(
        Certificate, on_delete=models.CASCADE, related_name="replaced_tokens", verbose_name=_("证件")
    )
    token = models.CharField(_("原核验码"), max_length=64, unique=True)
    number = models.CharField(_("原证件编号"), max_length=40)
    valid_from = models.DateField(_("有效期自"), null=True, blank=True)
    valid_to = models.DateField(_("有效期至"), null=True, blank=True)
    replaced_on = models.DateField(_("换证日期"))

    objects = RestrictedQuerySet.as_manager()
    access_path = AccessPath.through("certificate", Certificate.access_path)

    class Meta:
        ordering = ["replaced_on", "id"]
        verbose_name = _("已换发证件的原核验码")
        verbose_name_plural = _("已换发证件的原核验码")

    def __str__(self) -> str:
        return f"{self.number} {self.replaced_on}"
