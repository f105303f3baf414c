"""Killed halfway (SIGKILL): an import leaves no row behind, and the nightly deadline job applies each step once.

Each test runs the real management command in a child process against the test database (PostgreSQL: it must see
what the test committed, and a killed client's open transaction is rolled back by the server). A small driver patches
one function in the child so it stops at a known point — mid-transaction — and says so in a marker file; the test
then kills it with SIGKILL, checks the database, and runs the command again unpatched.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import Count

from fazhi.cases.models import Case, CaseEvent, Deadline, NumberSequence, Party
from fazhi.cases.tests.factories import open_reconsideration

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

# The child: set up Django, replace one function so the command parks inside its transaction, run the command.
DRIVER = textwrap.dedent(
    """
    import os, sys, time
    import django
    django.setup()
    from django.core.management import call_command

    marker, target, stop_at, *command = sys.argv[1:]
    module_name, name = target.rsplit(".", 1)
    module = __import__(module_name, fromlist=[name])
    original = getattr(module, name)
    calls = 0

    def parked(*args, **kwargs):
        global calls
        result = original(*args, **kwargs)
        calls += 1
        if calls == int(stop_at):  # the step is done but its transaction is still open
            from fazhi.cases.models import Case, CaseEvent
            with open(marker + ".tmp", "w") as f:
                f.write(f"{Case.objects.count()} {CaseEvent.objects.count()}")
            os.replace(marker + ".tmp", marker)
            time.sleep(600)
        return result

    setattr(module, name, parked)
    for assignment in filter(None, os.environ.get("CHILD_SETS", "").split(",")):  # e.g. a smaller write chunk
        path, value = assignment.split("=")
        holder, attr = path.rsplit(".", 1)
        setattr(__import__(holder, fromlist=[attr]), attr, int(value))
    call_command(*command)
    """
)


def child_env() -> dict[str, str]:
    """The child's environment: the same settings, pointed at this test's database."""
    db = connection.settings_dict
    auth = quote(db["USER"] or "postgres") + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    url = f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ENV"}
    return env | {"DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings"}


def run_and_kill(tmp_path: Path, target: str, stop_at: int, *command: str, sets: str = "") -> tuple[int, int]:
    """Start the command with `target` parked after its `stop_at`-th call; SIGKILL it there.

    Returns (cases, events) as the child saw them inside its open transaction, to show it had written something.
    """
    marker = tmp_path / "parked"
    child = subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(marker), target, str(stop_at), *command],
        cwd=settings.BASE_DIR,
        env=child_env() | {"CHILD_SETS": sets},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            if child.poll() is not None:
                out, err = child.communicate()
                pytest.fail(f"the child ended before parking ({child.returncode}):\n{out}\n{err}")
            if time.monotonic() > deadline:
                pytest.fail("the child did not reach the parking point in 120 s")
            time.sleep(0.05)
        first, second = (int(n) for n in marker.read_text().split()[:2])
        seen = (first, second)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    wait_for_server_to_drop_the_connection()
    return seen


def wait_for_server_to_drop_the_connection() -> None:
    """PostgreSQL ends a killed client's backend (and rolls its transaction back) once it sees the socket close."""
    name = connection.settings_dict["NAME"]
    with connection.cursor() as cursor:
        for _ in range(200):
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [name]
            )
            if cursor.fetchone()[0] == 0:
                return
            time.sleep(0.05)


def manage(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(autouse=True)
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: a second process must see the committed test data (SQLite tests run in memory)")


def snapshot() -> tuple[int, ...]:
    return (
        Case.objects.count(),
        CaseEvent.objects.count(),
        Party.objects.count(),
        Deadline.objects.count(),
        NumberSequence.objects.count(),
    )


def test_an_import_killed_halfway_leaves_no_row(baotou, tmp_path):
    from fazhi.reconsideration.tests.test_import import GOOD, OFFICE, xlsx

    path = tmp_path / "2023年复议台账.xlsx"
    path.write_bytes(xlsx(GOOD))
    before = snapshot()
    command = ("import_reconsideration", str(path), "--organisation", OFFICE, "--user", "city_clerk")
    # the history writer inserts chunks of 4 and tells the rollups after each: parked after the second, rows 1–8
    # (cases, events, parties, clocks, numbers and rollup deltas) are written inside the open transaction
    seen_cases, _ = run_and_kill(
        tmp_path,
        "fazhi.cases.history.cases_opened",
        2,
        *command,
        sets="fazhi.reconsideration.imports.WRITE_CHUNK=4",
    )
    assert seen_cases > before[0]  # the child had written cases when it died…
    assert snapshot() == before  # …and none of them, nor their events, parties, clocks or numbers, survived

    done = manage(*command)  # the same file imports cleanly afterwards: no half-taken number is in the way
    assert done.returncode == 0, done.stdout + done.stderr
    assert Case.objects.count() == before[0] + len(GOOD)


def test_the_deadline_job_killed_mid_run_applies_each_step_exactly_once_when_run_again(baotou, tmp_path):
    clerk = baotou["city_clerk"]
    cases = [open_reconsideration(clerk, received_on=date(2024, 9, 30)) for _ in range(6)]  # review lapsed long ago
    # the 3rd deemed acceptance is taken but not committed when the job dies; the first two are committed
    run_and_kill(tmp_path, "fazhi.cases.runner.case_transition", 3, "apply_due_transitions")
    deemed = CaseEvent.objects.filter(code="deemed_accept").values("case_id").annotate(n=Count("id"))
    assert sorted(d["n"] for d in deemed) == [1, 1]  # two committed, once each; the third rolled back

    again = manage("apply_due_transitions")
    assert again.returncode == 0, again.stdout + again.stderr
    assert "已执行 4 项自动程序" in again.stdout
    for case in cases:
        case.refresh_from_db()
        assert case.state == "accepted" and case.accepted_on == date(2024, 10, 12)
        assert case.events.filter(code="deemed_accept").count() == 1
        assert case.deadlines.filter(clock="acceptance_review", state="running").count() == 0
    assert "已执行 0 项自动程序" in manage("apply_due_transitions").stdout  # and a third run has nothing left
