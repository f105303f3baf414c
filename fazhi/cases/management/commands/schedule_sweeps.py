"""Make sure exactly one sweep of lapsed clocks and one audit purge are queued for the task worker."""

from django.core.management.base import BaseCommand
from django_tasks_db.models import DBTaskResult

from fazhi.audit.tasks import purge_audit_trail  # the audit retention purge runs nightly beside the sweep
from fazhi.cases.tasks import sweep_lapsed_clocks


class Command(BaseCommand):
    help = "Queue the nightly sweep of lapsed clocks and the audit purge, each unless one is already pending."

    def handle(self, *args, **options):
        for job, queued, added in [
            (sweep_lapsed_clocks, "夜间时限巡检已在队列中。", "已加入时限巡检任务。"),
            (purge_audit_trail, "夜间审计记录清理已在队列中。", "已加入审计记录清理任务。"),
        ]:
            pending = DBTaskResult.objects.filter(task_path=job.module_path, status__in=["READY", "RUNNING"]).exists()
            if pending:
                self.stdout.write(queued)
                continue
            job.enqueue()
            self.stdout.write(added)
