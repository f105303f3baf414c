"""Staff users, the organisation tree and role memberships that decide what each user sees and may do."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.lines import Line


class User(AbstractUser):
    """A person who logs in: staff of an organisation, or a citizen on the portal."""

    full_name = models.CharField(_("姓名"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.full_name or self.username


class Organisation(models.Model):
    """A body in the judicial administration: bureau, 司法所, centre, office, committee, service point…"""

    class Kind(models.TextChoices):
        JUSTICE_BUREAU = "justice_bureau", _("司法局")
        JUSTICE_OFFICE = "justice_office", _("司法所")
        LEGAL_AID_CENTRE = "legal_aid_centre", _("法律援助中心")
        RECONSIDERATION_OFFICE = "reconsideration_office", _("行政复议机构")
        MEDIATION_COMMITTEE = "mediation_committee", _("人民调解委员会")
        SERVICE_POINT = "service_point", _("公共法律服务站点")
        ENFORCEMENT_AGENCY = "enforcement_agency", _("行政执法机关")
        SUPERVISION_BODY = "supervision_body", _("行政执法监督机构")
        LIAISON_POINT = "liaison_point", _("涉企行政复议联系点")

    name = models.CharField(_("名称"), max_length=100)
    short_name = models.CharField(
        _("文号简称"), max_length=10, help_text=_("案号、文号前缀，如“包”用于“包复〔2024〕17号”。")
    )
    kind = models.CharField(_("类型"), max_length=30, choices=Kind.choices)
    region = models.ForeignKey("core.Region", verbose_name=_("行政区划"), on_delete=models.PROTECT)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级机构"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        ordering = ["region_id", "name"]
        verbose_name = _("机构")
        verbose_name_plural = _("机构")
        constraints = [models.UniqueConstraint(fields=["name", "region"], name="organisation_unique_name_region")]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    """What a member may do; each line's procedure names the roles allowed per transition."""

    REGISTRAR = "registrar", _("登记员")
    HANDLER = "handler", _("承办人")
    SECTION_HEAD = "section_head", _("科室负责人")
    LEADER = "leader", _("机关负责人")
    MEDIATOR = "mediator", _("人民调解员")
    VIEWER = "viewer", _("查阅人员")
    AUDITOR = "auditor", _("审计员")
    ADMINISTRATOR = "administrator", _("系统管理员")


class Membership(models.Model):
    """A user's role in one organisation, for the lines listed; the region subtree of the organisation bounds it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("用户"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("机构")
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    lines = models.JSONField(_("业务条线"), default=list, help_text=_("该角色可办理的业务条线。"))
    is_active = models.BooleanField(_("有效"), default=True)

    class Meta:
        verbose_name = _("任职")
        verbose_name_plural = _("任职")
        constraints = [models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_unique_role")]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation} · {self.get_role_display()}"

    def covers(self, line: str, region_code: str) -> bool:
        """Whether this membership reaches a record of `line` in region `region_code`."""
        return line in self.lines and region_code.startswith(self.organisation.region.prefix)

    def clean(self) -> None:
        unknown = set(self.lines) - set(Line.values)
        if unknown:
            raise ValidationError({"lines": _("未知的业务条线：%(lines)s") % {"lines": "、".join(sorted(unknown))}})
