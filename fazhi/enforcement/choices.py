"""The enforcement network's kinds, tiers and certificate states (行政执法监督网络), and the one place that names the
line whose members keep it: the strings, not an import of `fazhi.supervision` (a registry sits below the lines)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

KEEPER_LINE = "supervision"  # 行政执法监督: the line whose members keep the network
SUPERVISOR_ROLE = "supervisor"  # 行政执法监督员 (fazhi.supervision.choices.LineRole.SUPERVISOR)
REPORTER_ROLE = "enforcement_reporter"  # an agency's 执法数据报送员: reads, keeps nothing here
AGENCY_KIND = "enforcement_agency"  # kernel OrganisationKind.ENFORCEMENT_AGENCY: 行政执法机关


class Tier(models.TextChoices):
    """The three tiers of the supervision network; a body's tier is its region's level."""

    CITY = "city", _("市级")
    COUNTY = "county", _("旗县区级")
    TOWNSHIP = "township", _("苏木乡镇街道级")


class CertificateKind(models.TextChoices):
    ENFORCEMENT = "enforcement", _("行政执法证")
    SUPERVISION = "supervision", _("行政执法监督证")


class State(models.TextChoices):
    """Where a certificate stands in its lifecycle (statutes.md §6.4). 已过期 is no state: a certificate in force
    whose validity ended reads as expired (`Certificate.status_on`)."""

    APPLIED = "applied", _("已申领")
    TRAINED = "trained", _("已培训考试")
    APPROVED = "approved", _("已审核")
    VALID = "valid", _("有效")
    SUSPENDED = "suspended", _("已暂扣")
    CANCELLED = "cancelled", _("已注销")
    WITHDRAWN = "withdrawn", _("已收回")
    REFUSED = "refused", _("不予发证")


class Status(models.TextChoices):
    """What the public page and the lists say of a certificate on a day."""

    VALID = "valid", _("有效")
    NOT_YET_VALID = "not_yet_valid", _("未生效")
    SUSPENDED = "suspended", _("已暂扣")
    CANCELLED = "cancelled", _("已注销")
    WITHDRAWN = "withdrawn", _("已收回")
    EXPIRED = "expired", _("已过期")
    PENDING = "pending", _("未发证")


class Source(models.TextChoices):
    REGISTERED = "registered", _("登记")
    DEMO = "demo", _("演示数据")
