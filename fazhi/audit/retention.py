"""The audit retention policy: access records and change history older than the kept period are deleted.

This is the one sanctioned deletion path of the append-only trail (AccessRecordQuerySet.purge_before); each
purge leaves an access record of its own (action "purge") saying when, up to which cutoff and how many rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from auditlog.models import LogEntry
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.audit.context import get_request_id
from fazhi.audit.models import AccessRecord

MINIMUM_DAYS = 183  # 等保 2.0 (GB/T 22239-2019 8.1.4.3) and 网络安全法 art. 21: logs kept at least six months


class RetentionError(ValueError):
    """A retention period below the legal minimum."""


@dataclass(frozen=True)
class PurgeResult:
    cutoff: datetime
    access_records: int
    change_records: int
    dry_run: bool


def retention_days() -> int:
    return int(getattr(settings, "FAZHI_AUDIT_RETENTION_DAYS", 3 * 365))


def check_days(days: int) -> None:
    if days < MINIMUM_DAYS:
        raise RetentionError(
            _("审计记录至少保存%(min)d天（六个月，等保2.0和网络安全法第二十一条的要求），不能只保留%(days)d天。")
            % {"min": MINIMUM_DAYS, "days": days}
        )


def purge(*, keep_days: int | None = None, now: datetime | None = None, dry_run: bool = False) -> PurgeResult:
    """Delete access records and change records older than `keep_days` (default: the setting) before `now`."""
    days = retention_days() if keep_days is None else keep_days
    check_days(days)
    cutoff = (now or timezone.now()) - timedelta(days=days)
    access = AccessRecord.objects.filter(at__lt=cutoff)
    changes = LogEntry.objects.filter(timestamp__lt=cutoff)
    if dry_run:
        return PurgeResult(cutoff, access.count(), changes.count(), True)
    with transaction.atomic():
        removed_access = AccessRecord.objects.purge_before(cutoff)
        removed_changes, _per_model = changes.delete()
        AccessRecord.objects.create(
            action=AccessRecord.Action.PURGE,
            object_type="audit.retention",
            object_repr=_("清理%(date)s之前的审计记录")
            % {"date": timezone.localtime(cutoff).strftime("%Y-%m-%d %H:%M")},
            request_id=get_request_id() or "",
            detail={
                "keep_days": str(days),
                "cutoff": cutoff.isoformat(),
                "access_records": str(removed_access),
                "change_records": str(removed_changes),
            },
        )
    return PurgeResult(cutoff, removed_access, removed_changes, False)
