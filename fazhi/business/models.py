"""The business environment's records (法治化营商环境): the enterprise legal-service list (涉企法律服务清单) in
numbered versions, the enterprises the bureau serves, notary offices' service relations with them (公证机构与企业的
服务对接), the industrial parks of each region and the outreach events held in them (进园区、进企业).

Enterprises, relations and events are scoped by region (`access_path`): members of the supervision line read their
region's subtree; who writes is `fazhi.business.access`. Every change is in the audit history (auditlog, registered
in `apps.py`). A published version of the service list is frozen: `fazhi.business.services` refuses to change it.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.access import AccessPath, RestrictedQuerySet
from fazhi.business.choices import KEEPER_LINE, EventKind, VersionState
from fazhi.core.validators import uscc_validator

_SCOPED = AccessPath.of_line(KEEPER_LINE)  # region__code, organisation: the keeping body


def _keeper():
    return models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("登记单位"),
    )


class IndustrialPark(models.Model):
    """An industrial park (工业园区、产业园区) of a region, where outreach events are held."""

    region = models.ForeignKey("core.Region", on_delete=models.PROTECT, verbose_name=_("行政区划"))
    name = models.CharField(_("园区名称"), max_length=200)
    organisation = _keeper()
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    access_path = _SCOPED

    class Meta:
        ordering = ["region_id", "name"]
        verbose_name = _("园区")
        verbose_name_plural = _("园区")
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="business_park_unique_name")]

    def __str__(self) -> str:
        return self.name


class Enterprise(models.Model):
    """An enterprise the bureau serves, identified by its unified social credit code (统一社会信用代码, GB 32100-2015,
    check digit validated)."""

    name = models.CharField(_("企业名称"), max_length=200)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True, validators=[uscc_validator])
    region = models.ForeignKey("core.Region", on_delete=models.PROTECT, verbose_name=_("所在行政区划"))
    organisation = _keeper()
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    access_path = _SCOPED

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("企业")
        verbose_name_plural = _("企业")

    def __str__(self) -> str:
        return self.name


class ServiceList(models.Model):
    """The enterprise legal-service list (涉企法律服务清单) of one region: the versions below it, one draft at most."""

    region = models.OneToOneField("core.Region", on_delete=models.PROTECT, verbose_name=_("行政区划"))
    title = models.CharField(_("清单名称"), max_length=200)
    organisation = _keeper()
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    access_path = _SCOPED

    class Meta:
        ordering = ["region_id"]
        verbose_name = _("涉企法律服务清单")
        verbose_name_plural = _("涉企法律服务清单")

    def __str__(self) -> str:
        return self.title

    def current(self) -> ServiceListVersion | None:
        """The version the public reads: the published one with the highest number."""
        return self.versions.filter(state=VersionState.PUBLISHED).order_by("-number").first()

    def draft(self) -> ServiceListVersion | None:
        return self.versions.filter(state=VersionState.DRAFT).first()


class ServiceListVersion(models.Model):
    """One version of a service list: a draft (no number, edited) or published version N (frozen for ever)."""

    service_list = models.ForeignKey(
        ServiceList, on_delete=models.CASCADE, related_name="versions", verbose_name=_("清单")
    )
    number = models.PositiveIntegerField(_("版本号"), null=True, blank=True)  # set when published: 1, 2, …
    state = models.CharField(_("状态"), max_length=20, choices=VersionState.choices, default=VersionState.DRAFT)
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("发布人"),
    )
    note = models.CharField(_("修订说明"), max_length=300, blank=True)
    # optimistic lock of the draft: every edit raises it; a publish or edit posted from an older page is refused
    revision = models.PositiveIntegerField(_("修订次数"), default=1)

    objects = RestrictedQuerySet.as_manager()
    access_path = AccessPath.through("service_list", _SCOPED)

    class Meta:
        ordering = ["service_list_id", "-number"]
        verbose_name = _("清单版本")
        verbose_name_plural = _("清单版本")
        constraints = [
            models.UniqueConstraint(fields=["service_list", "number"], name="business_version_unique_number"),
            models.UniqueConstraint(
                fields=["service_list"], condition=Q(state="draft"), name="business_version_one_draft"
            ),
            models.CheckConstraint(
                condition=Q(state="draft", number__isnull=True, published_on__isnull=True)
                | Q(state="published", number__isnull=False, published_on__isnull=False),
                name="business_version_number_when_published",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service_list} {self.number or ''}"

    @property
    def is_draft(self) -> bool:
        return self.state == VersionState.DRAFT


class ServiceItem(models.Model):
    """One service of a list version: what it is, who provides it (a registered organisation or a provider's name),
    how to reach it, and the region it serves."""

    version = models.ForeignKey(
        ServiceListVersion, on_delete=models.CASCADE, related_name="items", verbose_name=_("清单版本")
    )
    position = models.PositiveIntegerField(_("序号"), default=1)
    service = models.CharField(_("服务事项"), max_length=300)
    provider_organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("提供机构"),
    )
    provider_name = models.CharField(_("提供单位"), max_length=200, blank=True)  # when no registered organisation
    contact = models.CharField(_("联系方式"), max_length=300)  # an office phone or address: no personal data
    region = models.ForeignKey("core.Region", on_delete=models.PROTECT, verbose_name=_("服务区域"))

    objects = RestrictedQuerySet.as_manager()
    access_path = AccessPath.through("version__service_list", _SCOPED)

    class Meta:
        ordering = ["version_id", "position", "id"]
        verbose_name = _("服务事项")
        verbose_name_plural = _("服务事项")
        constraints = [
            models.CheckConstraint(
                condition=Q(provider_organisation__isnull=False) | ~Q(provider_name=""),
                name="business_item_has_provider",
            )
        ]

    def __str__(self) -> str:
        return self.service

    @property
    def provider(self) -> str:
        return self.provider_organisation.name if self.provider_organisation is not None else self.provider_name


def in_force(relations: models.QuerySet, start: date, end: date) -> models.QuerySet:
    """Notary relations in force on some day of [start, end]: begun by its end, not ended before its start."""
    return relations.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start), started_on__lte=end)


class NotaryRelation(models.Model):
    """A notary office's service relation with an enterprise (公证机构与企业的服务对接), from `started_on` to `ended_on`
    (open while in force).

    The notary office is for now a name and the region it sits in: the agencies line (公证 鉴定 仲裁) will own
    notary offices (`NotaryOffice`), and then `notary_office` becomes a foreign key to it (a data migration matching
    name and region), while the relation stays here. `region` scopes the relation (the notary office's region).
    """

    notary_office = models.CharField(_("公证机构"), max_length=200)
    region = models.ForeignKey("core.Region", on_delete=models.PROTECT, verbose_name=_("公证机构所在行政区划"))
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="notary_relations", verbose_name=_("企业")
    )
    started_on = models.DateField(_("对接开始日期"))
    ended_on = models.DateField(_("对接结束日期"), null=True, blank=True)
    services = models.TextField(_("服务内容"))
    organisation = _keeper()
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    version = models.PositiveIntegerField(_("修订次数"), default=1)

    objects = RestrictedQuerySet.as_manager()
    access_path = _SCOPED

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("公证服务对接")
        verbose_name_plural = _("公证服务对接")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="business_relation_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.notary_office}—{self.enterprise}"


class OutreachEvent(models.Model):
    """An outreach event (进园区、进企业): a lecture, visit or consultation day on a date, in an industrial park (or at
    enterprises outside one), with the enterprises visited, its topic (新公司法…), lectures given and audience."""

    held_on = models.DateField(_("活动日期"))
    region = models.ForeignKey("core.Region", on_delete=models.PROTECT, verbose_name=_("行政区划"))
    park = models.ForeignKey(
        IndustrialPark,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("园区"),
    )
    enterprises = models.ManyToManyField(
        Enterprise, blank=True, related_name="outreach_events", verbose_name=_("走访企业")
    )
    topic = models.CharField(_("主题"), max_length=200)
    kind = models.CharField(_("活动形式"), max_length=20, choices=EventKind.choices)
    lecture_count = models.PositiveSmallIntegerField(_("讲座场次"), default=0, validators=[MaxValueValidator(100)])
    audience = models.PositiveIntegerField(_("受众人数"), default=0, validators=[MaxValueValidator(100000)])
    notes = models.TextField(_("备注"), blank=True)
    organisation = _keeper()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("登记人"),
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    version = models.PositiveIntegerField(_("修订次数"), default=1)

    objects = RestrictedQuerySet.as_manager()
    access_path = _SCOPED

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("进园区进企业活动")
        verbose_name_plural = _("进园区进企业活动")
        indexes = [models.Index(fields=["held_on"], name="business_event_held_on")]

    def __str__(self) -> str:
        return f"{self.held_on} {self.topic}"
