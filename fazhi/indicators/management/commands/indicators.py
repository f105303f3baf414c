"""Print a line's figures for a region subtree and a year.

python manage.py indicators --line reconsideration --region 150200000000 --year 2024 --format json
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from fazhi.core.models import Region
from fazhi.indicators.registry import Period, compute, registry


class Command(BaseCommand):
    help = "Compute indicators from case-level records for a region subtree and a calendar year."

    def add_arguments(self, parser):
        parser.add_argument("--line", action="append", help="line key (repeatable; default: every line)")
        parser.add_argument("--region", required=True, help="12-digit region code; its whole subtree is counted")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args, line, region, year, format, **options):
        known = registry()
        lines = line or sorted(known)
        unknown = [x for x in lines if x not in known]
        if unknown:
            raise CommandError(f"未知的业务条线：{'、'.join(unknown)}（可选：{'、'.join(sorted(known))}）")
        try:
            prefix = Region.objects.get(code=region).prefix
        except Region.DoesNotExist:
            raise CommandError(f"未知的行政区划代码：{region}") from None
        figures = compute(lines, Period.year(year, prefix))
        if format == "json":
            self.stdout.write(json.dumps(figures, ensure_ascii=False, indent=2, default=str))
            return
        for line_key, values in figures.items():
            self.stdout.write(f"[{line_key}]")
            labels = {i.key: i.zh for i in known[line_key].indicators}
            for key, value in values.items():
                self.stdout.write(f"  {labels[key]}（{key}）：{value}")
