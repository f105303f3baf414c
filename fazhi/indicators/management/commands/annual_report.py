"""Print the annual report's figures for a region subtree and a year, keyed like reference/baotou-2024-figures.json.

python manage.py annual_report --region 150200000000 --year 2024 --format json
python manage.py annual_report --region 150200000000 --year 2024 --format text   # the "一年来…" paragraphs
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from fazhi.core.models import Region
from fazhi.indicators.registry import registry
from fazhi.indicators.renderers import as_text
from fazhi.indicators.report import AnnualReport, annual_figures


class Command(BaseCommand):
    help = "Every figure of a year for a region subtree: JSON keyed like the Baotou 2024 reference, or the report text."

    def add_arguments(self, parser):
        parser.add_argument("--region", required=True, help="12-digit region code; its whole subtree is counted")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=["json", "text"], default="json")

    def handle(self, *args, region, year, format, **options):
        try:
            place = Region.objects.get(code=region)
        except Region.DoesNotExist:
            raise CommandError(f"未知的行政区划代码：{region}") from None
        if format == "json":
            figures = annual_figures(place, year)
            self.stdout.write(json.dumps(figures, ensure_ascii=False, indent=2, default=str))
            return
        self.stdout.write(as_text(AnnualReport.build(place, year, registry())))
