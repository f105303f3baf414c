"""The lenient-penalty register (免罚轻罚): the list entries, the agencies' fields, and the decisions agencies report.

The list (免罚轻罚清单) is published: any member of the supervision line reads every entry; the keepers (members of
the line in a supervision body, 行政执法监督机构) write the entries of their region's subtree (`fazhi.lenient.access`).
A decision is an agency's: its reporter (执法数据报送员) reads and reports its own agency's only, the line's other
members those of their region's subtree (`Decision.objects.visible_to`). No personal data is kept: a decision names
the kind of party (企业 or 个人), never the party. Changes made one at a time are in the audit history (auditlog,
registered in `apps.py`); a batch written in bulk is recorded by its `Report` (who, when, which file, what it did).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.access import AccessPath, RestrictedQuerySet, is_active_superuser, line_scopes, region_within
from fazhi.lenient.choices import KEEPER_LINE, REPORTER_ROLE, Channel, Domain, LenientPenaltyKind, PartyKind


class AgencyScopedQuerySet(RestrictedQuerySet):
    """`visible_to` as every register's, except that an agency's reporter sees only its own agency's rows.

    The kernel's rule gives a membership its organisation's region subtree; a reporter's membership is in an agency
    of the city, whose subtree is every agency of the city, so the reporter's scope is narrowed to the agency.
    """

    def visible_to(self, user):  # type: ignore[override]
        if is_active_superuser(user):
            return self.all()
        path = self.model.access_path
        q: Q | None = None
        for scope in line_scopes(user, KEEPER_LINE):
            if scope.role == REPORTER_ROLE:
                part = Q(**{path.organisation: scope.organisation_id})
            else:
                part = region_within(path.region, scope.prefix)
            q = part if q is None else q | part
        return self.none() if q is None else self.filter(q)


class ListEntry(models.Model):
    """One item of a 免罚轻罚清单: the conduct, its legal basis, the conditions, what is granted, from when to when
    (行政处罚法 art. 33 ¶1 不予处罚 for a first minor offence corrected in time, art. 32 从轻或者减轻处罚)."""

    region = models.ForeignKey("core.Region", on_delete=models.PROTECT, verbose_name=_("适用地区"))
    issuer = models.CharField(_("发布机关"), max_length=200)
    code = models.CharField(_("事项编号"), max_length=40, unique=True)
    domain = models.CharField(_("领域"), max_length=30, choices=Domain.choices)
    conduct = models.CharField(_("违法行为"), max_length=500)
    legal_basis = models.TextField(_("法律依据"))
    conditions = models.TextField(_("适用条件"))
    kind = models.CharField(_("类型"), max_length=20, choices=LenientPenaltyKind.choices)
    measures = models.TextField(_("配套措施"), blank=True)
    effective_from = models.DateField(_("施行日期"))
    effective_to = models.DateField(_("截止日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    version = models.PositiveIntegerField(_("修订次数"), default=1, editable=False)  # optimistic lock

    class Meta:
        ordering = ["domain", "code"]
        verbose_name = _("免罚轻罚清单事项")
        verbose_name_plural = _("免罚轻罚清单事项")
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=models.F("effective_from")),
                name="lenient_entry_dates_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.conduct}"

    def clean(self) -> None:
        """An entry decisions have applied keeps its field and kind (they are counted by them): a changed rule is a
        new entry, the old one given an end date."""
        if self.pk is None:
            return
        before = ListEntry.objects.filter(pk=self.pk).values("domain", "kind").first()
        if before and (before["domain"], before["kind"]) != (self.domain, self.kind) and self.decisions.exists():
            raise ValidationError(
                _("已有决定适用该事项，不能修改其领域或类型；请为该事项设置截止日期，并新增一个事项。")
            )

    def in_force_on(self, day) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


class AgencyDomain(models.Model):
    """An enforcement field an agency decides in (市场监督管理局 → 市场监管), kept by the supervision body: a decision
    citing an entry of a field its agency has not got is flagged. An agency with no field recorded is not."""

    agency = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="lenient_domains", verbose_name=_("执法机关")
    )
    domain = models.CharField(_("领域"), max_length=30, choices=Domain.choices)

    objects = AgencyScopedQuerySet.as_manager()
    access_path = AccessPath.of_line(KEEPER_LINE, region="agency__region__code", organisation="agency")

    class Meta:
        ordering = ["agency_id", "domain"]
        verbose_name = _("执法机关领域")
        verbose_name_plural = _("执法机关领域")
        constraints = [models.UniqueConstraint(fields=["agency", "domain"], name="lenient_agency_domain_unique")]

    def __str__(self) -> str:
        return f"{self.agency} · {self.get_domain_display()}"


class Report(models.Model):
    """One batch of decisions reported (an uploaded file or one API call): who, when, and what it did."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("报送单位"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("报送人"),
    )
    channel = models.CharField(_("报送方式"), max_length=10, choices=Channel.choices)
    file_name = models.CharField(_("文件名"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("报送时间"), auto_now_add=True)
    rows = models.PositiveIntegerField(_("行数"), default=0)
    added = models.PositiveIntegerField(_("新增"), default=0)
    already_present = models.PositiveIntegerField(_("已存在"), default=0)
    flagged = models.PositiveIntegerField(_("存疑"), default=0)

    objects = AgencyScopedQuerySet.as_manager()
    access_path = AccessPath.of_line(KEEPER_LINE, region="organisation__region__code", organisation="organisation")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("报送批次")
        verbose_name_plural = _("报送批次")

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.file_name} {self.created_at:%Y-%m-%d %H:%M}"


class Decision(models.Model):
    """A lenient-penalty decision an agency reported: which entry it applied, to whom (kind only), how much was
    waived or reduced. The agency's 文书号 identifies it, so a row sent again is recognised and not counted twice."""

    agency = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("执法机关")
    )
    number = models.CharField(_("决定书文号"), max_length=60)
    decided_on = models.DateField(_("决定日期"))
    entry = models.ForeignKey(ListEntry, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("清单事项"))
    # copied when written, so the figures count one table: the agency's region (an agency keeps its region), the
    # entry's field and kind (an entry a decision applies keeps them: `services.entry_save` refuses to change them)
    region = models.ForeignKey(
        "core.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("行政区划"), db_index=False
    )
    domain = models.CharField(_("领域"), max_length=30, choices=Domain.choices)
    kind = models.CharField(_("类型"), max_length=20, choices=LenientPenaltyKind.choices)
    party_kind = models.CharField(_("当事人类型"), max_length=12, choices=PartyKind.choices)
    amount = models.DecimalField(
        _("免罚或减罚金额（元）"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("报送批次"))
    # the flags, set when the decision is written (the entry's dates and field, the agency's fields, at that time)
    out_of_dates = models.BooleanField(_("不在清单事项有效期内"), default=False)
    other_domain = models.BooleanField(_("非本机关领域"), default=False)

    objects = AgencyScopedQuerySet.as_manager()
    access_path = AccessPath.of_line(KEEPER_LINE, region="region__code", organisation="agency")

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("免罚轻罚决定")
        verbose_name_plural = _("免罚轻罚决定")
        constraints = [
            models.UniqueConstraint(fields=["agency", "number"], name="lenient_decision_agency_number"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="lenient_decision_amount_not_negative"),
        ]
        indexes = [
            models.Index(fields=["decided_on"], name="lenient_decision_day"),
            models.Index(fields=["region", "decided_on"], name="lenient_decision_region_day"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.number}"

    @property
    def flagged(self) -> bool:
        return self.out_of_dates or self.other_domain
