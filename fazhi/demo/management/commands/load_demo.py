"""Load a named demo data set into an empty database (make run does this): `load_demo baotou-2024`.

baotou-2024: the Baotou regions, organisations and staff; the walked demos (a few hundred cases per line taken
step by step through the runner, dated 2025–2026, some open with live deadlines); and, on a database that had no
cases, the replay of 2023–2024 (fazhi.demo.replay) whose computed figures are the city's 2024 report. Each
registered line brings its own (its `demo.py`); this command names none.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from fazhi.cases.models import Case
from fazhi.core.lines import line_label
from fazhi.demo.baotou import DEMO_PASSWORD, load_baotou_people
from fazhi.demo.lines import line_demos
from fazhi.demo.replay import load_baotou_replay
from fazhi.indicators.registry import Period, registry


def load_baotou_2024(out=None):
    personas = load_baotou_people()
    empty = not Case.objects.exists()
    # The walked demos first: each loads only while its line has no cases at all, so after the replay they would
    # not run. Their dates (2025–2026) stay clear of the replay's years, so the 2024 figures are the replay's alone.
    started = time.monotonic()
    for _line, module in line_demos():  # each sized so the first `make run` stays quick; the replay carries the volume
        if hasattr(module, "load_demo"):
            module.load_demo()
    if out:
        out(f"逐步办理的演示案件（2025—2026年）：{time.monotonic() - started:.1f} 秒")
    if empty:
        started = time.monotonic()
        written = load_baotou_replay()
        if out:
            n = "，".join(f"{line_label(line)} {count} 件" for line, count in written.items())
            out(f"2023—2024年回放数据：{n}（{time.monotonic() - started:.1f} 秒）")
    return personas


def summary_lines(year: int = 2024, region_prefix: str = "1502") -> list[str]:
    """One line per case line: its main figures for the city and the year, as the report computes them."""
    known = registry()
    period = Period.year(year, region_prefix)
    lines = []
    for line, module in line_demos():
        keys = getattr(module, "SUMMARY", ())
        if line not in known or not keys:
            continue
        values = known[line].compute(period)
        labels = {i.key: i.zh for i in known[line].indicators}
        parts = "，".join(f"{labels[k]} {values[k]}" for k in keys if k in values)
        lines.append(f"{line_label(line)} {year}年（包头市）：{parts}")
    return lines


DATASETS = {"baotou-2024": load_baotou_2024}


class Command(BaseCommand):
    help = "Load a demo data set (baotou-2024: Baotou regions, organisations, staff and demo cases)."

    def add_arguments(self, parser):
        parser.add_argument("dataset", choices=sorted(DATASETS))

    def handle(self, *args, dataset: str, **options):
        if dataset not in DATASETS:
            raise CommandError(f"未知的演示数据集：{dataset}")
        personas = DATASETS[dataset](self.stdout.write)
        for line in summary_lines():
            self.stdout.write(line)
        self.stdout.write(f"演示登录（密码均为 {DEMO_PASSWORD}）：")
        for p in personas:
            self.stdout.write(f"  {p.username:<16} {p.note}")
        self.stdout.write(
            "工作人员登录还需6位动态验证码（citizen 除外）：python manage.py otp_code <用户名> 显示当前验证码，"
            "或用验证器应用扫描演示密钥（仅演示数据创建的设备可查看）。"
        )
