"""Load a named demo data set into an empty database (make run does this): `load_demo baotou-2024`.

baotou-2024: the Baotou regions, organisations and staff; the walked demos (a few hundred cases per line taken
step by step through the runner, dated 2025–2026, some open with live deadlines); and the replay of 2023–2024
(fazhi.demo.replay) whose computed figures are the city's 2024 report. Each registered line brings its own (its
`demo.py`); this command names none.

Resumable: each line's walked demo is one transaction that runs while the line has no cases, and the replay is one
transaction that runs while the city has no 2023–2024 cases of its lines, so a load stopped at any point (Ctrl-C, a
killed process) leaves whole stages behind, and the next run does the stages that are missing. The 2024 figures
come from the replay alone (the walked demos are dated 2025–2026), so they are the same however often it resumed.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from fazhi.core.lines import line_label
from fazhi.demo.baotou import DEMO_PASSWORD, PERSONAS, load_baotou_people
from fazhi.demo.lines import line_demos
from fazhi.demo.replay import load_baotou_replay, replay_done
from fazhi.indicators.registry import Period, registry


class Stages:
    """What the load shows while it works: one bar over the stages, its clock ticking while a stage runs.

    tqdm only redraws on update; a stage (the mediation replay) can take minutes, so a thread refreshes the bar every
    second and the elapsed time keeps moving. Off a terminal (CI logs) tqdm prints only at updates and `note`s.
    """

    def __init__(self, total: int, out: Callable[[str], None] | None, *, enabled: bool):
        self.out = out
        self.bar = tqdm(
            total=total,
            desc="载入演示数据",
            unit="步",
            disable=not enabled,
            file=sys.stdout,
            bar_format="{desc}：{n}/{total} 步 |{bar:20}| 已用 {elapsed}  {postfix}",
            dynamic_ncols=True,
        )

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        self.bar.set_postfix_str(name)
        stop = threading.Event()

        def tick() -> None:
            while not stop.wait(1.0):
                self.bar.refresh()

        ticker = threading.Thread(target=tick, daemon=True)
        ticker.start()
        try:
            yield
        finally:
            stop.set()
            ticker.join()
            self.bar.update(1)

    def note(self, text: str) -> None:
        if self.out is None:
            return
        if self.bar.disable:
            self.out(text)
        else:
            self.bar.write(text, file=sys.stdout)

    def close(self) -> None:
        self.bar.set_postfix_str("完成")
        self.bar.close()


def load_baotou_2024(out: Callable[[str], None] | None = None, *, progress: bool = False) -> list:
    demos = line_demos()
    walked = [(line, module) for line, module in demos if hasattr(module, "load_demo")]
    stages = Stages(2 + len(walked), out, enabled=progress)
    try:
        with stages.stage("机构和人员"):
            personas = load_baotou_people()
        # The walked demos first: each loads only while its line has no cases at all, so after the replay they would
        # not run. Their dates (2025–2026) stay clear of the replay's years, so the 2024 figures are the replay's.
        for line, module in walked:
            with stages.stage(f"逐步办理的演示案件：{line_label(line)}"):
                started = time.monotonic()
                with transaction.atomic():  # a line's walked cases land whole or not at all
                    made = module.load_demo()
            if made:
                stages.note(f"逐步办理的演示案件（2025—2026年）{line_label(line)}：{made} 件，{_seconds(started)}")
        with stages.stage("2023—2024年回放数据（约需数分钟）"):
            started = time.monotonic()
            written = load_baotou_replay(
                before_line=lambda line: stages.bar.set_postfix_str(f"2023—2024年回放数据：{line_label(line)}")
            )
        if written:
            n = "，".join(f"{line_label(line)} {count} 件" for line, count in written.items())
            stages.note(f"2023—2024年回放数据：{n}（{_seconds(started)}）")
        elif replay_done():
            stages.note("2023—2024年回放数据已在库中，未重复载入。")
    finally:
        stages.close()
    return personas


def _seconds(started: float) -> str:
    return f"{time.monotonic() - started:.1f} 秒"


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


def login_lines() -> list[str]:
    """The demo logins, one per persona, as `make run` prints them (the README lists the same)."""
    lines = [f"演示登录（密码均为 {DEMO_PASSWORD}）："]
    lines += [f"  {p.username:<16} {p.note}" for p in PERSONAS]
    lines.append(
        "工作人员登录还需6位动态验证码（citizen 除外）：.venv/bin/python manage.py otp_code <用户名> 显示当前验证码，"
        "或用验证器应用扫描演示密钥（仅演示数据创建的设备可查看）。"
    )
    return lines


DATASETS = {"baotou-2024": load_baotou_2024}


class Command(BaseCommand):
    help = "Load a demo data set (baotou-2024: Baotou regions, organisations, staff and demo cases)."

    def add_arguments(self, parser):
        parser.add_argument("dataset", choices=sorted(DATASETS))
        parser.add_argument(
            "--progress",
            choices=("auto", "on", "off"),
            default="auto",
            help="progress bar: auto = only on a terminal",
        )
        parser.add_argument("--logins-only", action="store_true", help="print the demo logins and load nothing")

    def handle(self, *args, dataset: str, progress: str = "auto", logins_only: bool = False, **options):
        if dataset not in DATASETS:
            raise CommandError(f"未知的演示数据集：{dataset}")
        if logins_only:
            for line in login_lines():
                self.stdout.write(line)
            return
        shown = progress == "on" or (progress == "auto" and sys.stdout.isatty())
        try:
            DATASETS[dataset](self.stdout.write, progress=shown)
        except KeyboardInterrupt:
            # Every stage is one transaction: what was under way is rolled back, finished stages stay.
            self.stderr.write("\n已中断：已完成的步骤保留，下次运行 make run 会从中断处继续载入。")
            raise SystemExit(130) from None
        for line in summary_lines():
            self.stdout.write(line)
        for line in login_lines():
            self.stdout.write(line)
