"""`manage.py open_evaluations [--today 2025-08-28]`: what the nightly job does, on demand (idempotent)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from fazhi.rulebook.services import open_due_evaluations


class Command(BaseCommand):
    help = "Open the expiry evaluation tasks that have come due, and close as invalid the documents whose term ended."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--today", help="the day to run as (YYYY-MM-DD); default: today")

    def handle(self, *args, **options) -> None:
        try:
            today = date.fromisoformat(options["today"]) if options["today"] else None
        except ValueError as exc:
            raise CommandError("日期格式应为 YYYY-MM-DD。") from exc
        result = open_due_evaluations(today=today)
        self.stdout.write(f"新生成评估任务 {result.opened} 件，有效期届满失效 {result.expired} 件。")
