"""Fold the pending rollup deltas into the rollup table (also done every hour by the `fold_rollup_deltas` task)."""

from django.core.management.base import BaseCommand

from fazhi.indicators.rollups import fold


class Command(BaseCommand):
    help = "Fold pending indicator deltas into the rollup table."

    def handle(self, *args, **options):
        self.stdout.write(f"已合并 {fold()} 组增量。")
