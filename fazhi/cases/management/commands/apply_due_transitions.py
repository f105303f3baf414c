"""Apply every automatic (deemed) transition whose period has lapsed; idempotent, safe to re-run."""

from django.core.management.base import BaseCommand

from fazhi.cases.runner import apply_due_transitions


class Command(BaseCommand):
    help = "Apply automatic transitions (deemed acceptance, deemed abandonment…) whose clocks have lapsed."

    def handle(self, *args, **options):
        n = apply_due_transitions()
        self.stdout.write(f"已执行 {n} 项自动程序。")
