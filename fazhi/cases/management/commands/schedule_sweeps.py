"""Run one sweep now and make sure exactly one future sweep is queued for the task worker."""

from django.core.management.base import BaseCommand
from django_tasks_db.models import DBTaskResult

from fazhi.cases.tasks import sweep_lapsed_clocks


class Command(BaseCommand):
    help = "Queue the nightly sweep of lapsed clocks unless one is already pending."

    def handle(self, *args, **options):
        pending = DBTaskResult.objects.filter(
            task_path=sweep_lapsed_clocks.module_path, status__in=["READY", "RUNNING"]
        ).exists()
        if pending:
            self.stdout.write("夜间时限巡检已在队列中。")
            return
        sweep_lapsed_clocks.enqueue()
        self.stdout.write("已加入时限巡检任务。")
