"""schemathesis runs against the live app as an outside client would, and finds nothing wrong.

Every check (`--checks all`) and every phase (examples, coverage, fuzzing, stateful) of the `st` command, against
a live server on the test database, with a read-and-write token of a clerk who holds the roles of the three
lines (so the calls reach the input handling, not only the 403). The run is deterministic (no randomness, no
example database) and bounded by fazhi/api/tests/schemathesis.toml, which also says, per operation, where rules
the schema cannot state answer 400. A failure prints schemathesis's own report, with a curl line per finding.
A deeper run: FAZHI_ST_EXAMPLES=100 pytest fazhi/api/tests/test_schemathesis.py
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from rest_framework.throttling import SimpleRateThrottle

from fazhi.accounts.models import ApiToken, Membership, User
from fazhi.cases.tests.factories import open_county_case, open_reconsideration

CONFIG = Path(__file__).with_name("schemathesis.toml")
# personas whose memberships the client holds: reconsideration registrar and handler, a county handler of every
# line, a section head, a people's mediator
ROLES_OF = ("city_clerk", "city_head", "donghe_clerk", "mediator", "supervision_clerk")


@pytest.fixture
def client_key(baotou) -> str:
    """A write token of a clerk holding the roles of every line, and a few cases for it to work on."""
    user = User.objects.create_user(username="st_client", password=None, first_name="接口测试")
    for persona in ROLES_OF:
        for m in Membership.objects.filter(user=baotou[persona], is_active=True):
            Membership.objects.get_or_create(user=user, organisation=m.organisation, role=m.role, lines=m.lines)
    open_reconsideration(baotou["city_clerk"], received_on=date(2024, 9, 30))
    open_county_case(baotou["donghe_clerk"], "东河区司法局", received_on=date(2024, 5, 6))
    open_county_case(baotou["donghe_clerk"], "东河区司法局", line="legal_aid", received_on=date(2024, 5, 6))
    _, key = ApiToken.issue(user=user, name="schemathesis", scopes=["read", "write"])
    return key


def test_schemathesis_finds_no_failure(live_server, client_key, monkeypatch):
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "user", None)  # the run calls in a burst
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "anon", None)
    command = [
        *(sys.executable, "-m", "schemathesis.cli", "--config-file", str(CONFIG), "--no-color"),
        *("run", f"{live_server.url}/api/v1/schema/?format=json", "--checks", "all"),
        *("--phases", "examples,coverage,fuzzing,stateful"),
        *("--max-examples", os.environ.get("FAZHI_ST_EXAMPLES", "5")),
        *("-H", f"Authorization: Bearer {client_key}", "-H", "Connection: close"),
    ]
    run = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    report = run.stdout + run.stderr
    assert run.returncode == 0, report[-20000:]
    assert "Tested: " in report and "failures" not in report.splitlines()[-1], report[-5000:]
