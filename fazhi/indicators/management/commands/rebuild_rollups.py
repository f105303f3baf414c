"""Recompute every rollup from the case records (after a bulk load, a restore, or a change of an outcome set)."""

from django.core.management.base import BaseCommand

from fazhi.indicators.rollups import rebuild


class Command(BaseCommand):
    help = "Rebuild the indicator rollups from case-level records."

    def handle(self, *args, **options):
        self.stdout.write(f"已重建 {rebuild()} 行汇总数据。")
