"""Make sure each recurring task of every installed app is queued once for the task worker.

An app declares its recurring tasks as `NIGHTLY = ((task, "中文名称"), ...)` in its `tasks.py` (the sweep of lapsed
clocks in cases, the audit purge, the fold of rollup deltas in indicators, hourly); each task re-enqueues itself
for its next run, so this command only starts the chain. Found by name, so the kernel imports no app above it.
"""

from django.core.management.base import BaseCommand
from django_tasks_db.models import DBTaskResult

from fazhi.core.discovery import line_modules


class Command(BaseCommand):
    help = "Queue every app's recurring tasks (lapsed clocks, audit purge, rollup fold), each unless one is pending."

    def handle(self, *args, **options):
        for module in line_modules("tasks"):
            for job, name in getattr(module, "NIGHTLY", ()):
                pending = DBTaskResult.objects.filter(
                    task_path=job.module_path, status__in=["READY", "RUNNING"]
                ).exists()
                if pending:
                    self.stdout.write(f"{name}任务已在队列中。")
                    continue
                job.enqueue()
                self.stdout.write(f"已加入{name}任务。")
