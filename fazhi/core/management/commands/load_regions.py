"""Load GB/T 2260 regions from a CSV file (code,name,level,parent_code,lat,lon); the whole file or nothing."""

from __future__ import annotations

import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from fazhi.core.models import Region
from fazhi.core.regions import CODE_RE, level_of

DEFAULT_FILE = Path(__file__).resolve().parents[2] / "data" / "baotou_divisions.csv"
LEVELS = set(Region.Level.values)


def load_regions(path: Path) -> int:
    """Validate every row, then upsert all of them in one transaction; returns the number of rows."""
    errors: list[str] = []
    rows: list[dict[str, str]] = []
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            missing = {"code", "name", "level", "parent_code"} - set(reader.fieldnames or [])
            if missing:
                raise CommandError(f"文件缺少列：{'、'.join(sorted(missing))}")
            rows = list(reader)
    except UnicodeDecodeError as exc:
        raise CommandError("文件应为 UTF-8 编码的 CSV。") from exc
    codes = {r["code"] for r in rows}
    for i, r in enumerate(rows, start=2):
        if not CODE_RE.match(r["code"] or ""):
            errors.append(f"第{i}行：区划代码应为12位数字：{r['code']!r}")
        elif r["level"] not in LEVELS or level_of(r["code"]) != r["level"]:
            errors.append(f"第{i}行：层级 {r['level']!r} 与代码 {r['code']} 不符")
        if not r["name"]:
            errors.append(f"第{i}行：名称为空")
    if errors:
        raise CommandError("\n".join(errors[:50]))
    existing = set(Region.objects.values_list("code", flat=True))
    regions = [
        Region(
            code=r["code"],
            name=r["name"],
            level=r["level"],
            parent_id=r["parent_code"] if r["parent_code"] in codes | existing else None,
            lat=float(r["lat"]) if r.get("lat") else None,
            lon=float(r["lon"]) if r.get("lon") else None,
        )
        for r in rows  # the file is sorted by code, so parents come before children
    ]
    with transaction.atomic():
        Region.objects.bulk_create(
            regions,
            batch_size=500,
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=["name", "level", "parent", "lat", "lon"],
        )
    return len(rows)


class Command(BaseCommand):
    help = "Load administrative divisions from CSV (default: the shipped Baotou file)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(DEFAULT_FILE))

    def handle(self, *args, path: str, **options):
        n = load_regions(Path(path))
        self.stdout.write(f"已载入 {n} 个行政区划。")
