"""Delete audit rows older than the retention period (FAZHI_AUDIT_RETENTION_DAYS; never under six months)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from fazhi.audit.retention import MINIMUM_DAYS, RetentionError, purge, retention_days


class Command(BaseCommand):
    help = (
        f"删除超过保存期限的访问记录和变更记录（默认保留 FAZHI_AUDIT_RETENTION_DAYS 天，不得少于 {MINIMUM_DAYS} 天）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--keep-days", type=int, default=None, help="保留最近多少天的审计记录")
        parser.add_argument("--dry-run", action="store_true", help="只统计将被删除的记录，不删除")

    def handle(self, *args, keep_days=None, dry_run=False, **options):
        try:
            result = purge(keep_days=keep_days, dry_run=dry_run)
        except RetentionError as exc:
            raise CommandError(str(exc)) from None
        days = retention_days() if keep_days is None else keep_days
        cutoff = timezone.localtime(result.cutoff).strftime("%Y-%m-%d %H:%M")
        verb = "将删除" if dry_run else "已删除"
        self.stdout.write(
            f"保留{days}天：{verb}{cutoff}之前的访问记录{result.access_records}条、变更记录{result.change_records}条。"
        )
