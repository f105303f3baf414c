"""Staff users, the organisation tree and role memberships that decide what each user sees and may do."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from datetime import datetime

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core.lines import Label, line_keys, lines


class User(AbstractUser):
    """A person who logs in: staff of an organisation, or a citizen on the portal."""

    full_name = models.CharField(_("姓名"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.full_name or self.username


class OrganisationKind(models.TextChoices):
    """The kernel's kinds of body; each line adds its own in `LineSpec.organisation_kinds`.

    Service points, enforcement agencies and supervision bodies stay here until the lines that own them are built.
    """

    JUSTICE_BUREAU = "justice_bureau", _("司法局")
    JUSTICE_OFFICE = "justice_office", _("司法所")
    SERVICE_POINT = "service_point", _("公共法律服务站点")
    ENFORCEMENT_AGENCY = "enforcement_agency", _("行政执法机关")
    SUPERVISION_BODY = "supervision_body", _("行政执法监督机构")


class Role(models.TextChoices):
    """The kernel's roles; each line adds its own in `LineSpec.roles`, and its procedure names who may take a step."""

    REGISTRAR = "registrar", _("登记员")
    HANDLER = "handler", _("承办人")
    SECTION_HEAD = "section_head", _("科室负责人")
    LEADER = "leader", _("机关负责人")
    VIEWER = "viewer", _("查阅人员")
    AUDITOR = "auditor", _("审计员")
    ADMINISTRATOR = "administrator", _("系统管理员")


def _with_lines(kernel: Sequence[tuple[str, Label]], declared: str) -> list[tuple[str, Label]]:
    """The kernel's choices, then those the registered lines declare (a value two lines share is listed once)."""
    found: dict[str, Label] = dict(kernel)
    for spec in lines():
        for value, label in getattr(spec, declared).items():
            found.setdefault(value, label)
    return list(found.items())


def organisation_kind_choices() -> list[tuple[str, Label]]:
    """Kinds of body: the kernel's and every registered line's (a callable `choices`: a new line needs no migration)."""
    return _with_lines(OrganisationKind.choices, "organisation_kinds")


def role_choices() -> list[tuple[str, Label]]:
    """Roles: the kernel's and every registered line's (a callable `choices`: a new line needs no migration)."""
    return _with_lines(Role.choices, "roles")


class Organisation(models.Model):
    """A body in the judicial administration: bureau, 司法所, centre, office, committee, service point…"""

    Kind = OrganisationKind

    name = models.CharField(_("名称"), max_length=100)
    short_name = models.CharField(
        _("文号简称"), max_length=10, help_text=_("案号、文号前缀，如“包”用于“包复〔2024〕17号”。")
    )
    kind = models.CharField(_("类型"), max_length=30, choices=organisation_kind_choices)
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


class Membership(models.Model):
    """A user's role in one organisation, for the lines listed; the region subtree of the organisation bounds it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("用户"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("机构")
    )
    role = models.CharField(_("角色"), max_length=20, choices=role_choices)
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
        unknown = set(self.lines) - set(line_keys())
        if unknown:
            raise ValidationError({"lines": _("未知的业务条线：%(lines)s") % {"lines": "、".join(sorted(unknown))}})


class ApiToken(models.Model):
    """A key for a machine client (a provincial system, a script): scoped, expiring, revocable.

    Only a public prefix and the SHA-256 of the whole key are stored; the key itself is shown once, at creation.
    """

    KEY_PREFIX = "fz"

    class Scope(models.TextChoices):
        READ = "read", _("读取")
        WRITE = "write", _("写入")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("所属用户"))
    name = models.CharField(_("名称"), max_length=100, help_text=_("用途，如“省级平台数据交换”。"))
    prefix = models.CharField(_("前缀"), max_length=16, unique=True, editable=False)
    key_hash = models.CharField(_("密钥摘要"), max_length=64, editable=False)
    scopes = models.JSONField(_("权限范围"), default=list, help_text=_("read：只读；write：可写。"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    expires_at = models.DateTimeField(_("到期时间"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")

    def __str__(self) -> str:
        return f"{self.name} ({self.KEY_PREFIX}_{self.prefix}…)"

    @staticmethod
    def digest(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(
        cls, *, user: User, name: str, scopes: Sequence[str], expires_at: datetime | None = None
    ) -> tuple[ApiToken, str]:
        """Create a token; returns it with the clear key, which is not stored and cannot be shown again."""
        prefix = secrets.token_hex(4)
        key = f"{cls.KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
        token = cls(
            user=user,
            name=name,
            prefix=prefix,
            key_hash=cls.digest(key),
            scopes=sorted(set(scopes)),
            expires_at=expires_at,
        )
        token.full_clean()
        token.save()
        return token, key

    @classmethod
    def split(cls, key: str) -> tuple[str, str] | None:
        """(prefix, key) for a well-formed key, else None."""
        parts = key.split("_", 2)
        if len(parts) != 3 or parts[0] != cls.KEY_PREFIX or not parts[1] or not parts[2]:
            return None
        return parts[1], key

    def matches(self, key: str) -> bool:
        return hmac.compare_digest(self.key_hash, self.digest(key))

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and not self.is_expired and self.user.is_active

    def allows(self, scope: str) -> bool:
        return scope in self.scopes

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])

    def clean(self) -> None:
        unknown = set(self.scopes) - set(self.Scope.values)
        if unknown or not self.scopes:
            raise ValidationError({"scopes": _("权限范围只能是 read、write 中的一项或多项。")})
