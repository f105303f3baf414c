"""The access record: every read of a case file or sensitive record and every export, append-only."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessRecordQuerySet(models.QuerySet):
    """Append-only in bulk too: `update()` and `delete()` refuse; `purge_before()` is the one way rows leave."""

    def update(self, **kwargs):
        raise PermissionError("access records are append-only")

    def delete(self):
        raise PermissionError("access records are append-only; only `manage.py purge_audit` removes old rows")

    def purge_before(self, cutoff: datetime) -> int:
        """Delete the records older than `cutoff`; called only by fazhi.audit.retention (`manage.py purge_audit`)."""
        old = self.filter(at__lt=cutoff)
        count, _per_model = models.QuerySet.delete(old)
        return count


class AccessRecord(models.Model):
    """Who read or exported what, when and from where (等保 2.0 audit; kept at least six months)."""

    class Action(models.TextChoices):
        VIEW = "view", _("查看")
        EXPORT = "export", _("导出")
        REVEAL = "reveal", _("查看完整个人信息")
        DOWNLOAD = "download", _("下载")
        PURGE = "purge", _("清理过期审计记录")
        LOCKOUT = "lockout", _("登录锁定")

    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(_("操作"), max_length=10, choices=Action.choices)
    object_type = models.CharField(_("对象类型"), max_length=60)
    object_id = models.CharField(_("对象编号"), max_length=60, blank=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    case_number = models.CharField(_("案号"), max_length=60, blank=True, db_index=True)
    path = models.CharField(_("地址"), max_length=300, blank=True)
    ip = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    user_agent = models.CharField(_("浏览器标识"), max_length=300, blank=True)
    request_id = models.CharField(_("请求编号"), max_length=64, blank=True)
    detail = models.JSONField(_("详情"), default=dict, blank=True)

    objects = AccessRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("访问记录")
        verbose_name_plural = _("访问记录")
        indexes = [
            models.Index(fields=["user", "at"], name="access_user_at"),
            models.Index(fields=["object_type", "object_id"], name="access_object"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.get_action_display()} {self.object_repr}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise PermissionError("access records are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("access records are append-only")
