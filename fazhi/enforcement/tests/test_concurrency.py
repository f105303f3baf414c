"""Two keepers moving one certificate at once (暂扣 and 注销 of a card 有效): the certificate row is locked, so the
second sees the first's state and is refused in Chinese; one history row, no lost move."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from fazhi.enforcement import services
from fazhi.enforcement.choices import State
from fazhi.enforcement.models import Certificate
from fazhi.enforcement.tests.factories import issued


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_moves_take_one_and_refuse_the_other(baotou):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks and a connection per thread; SQLite runs one writer at a time")
    cert = issued()
    holding, release = threading.Event(), threading.Event()
    outcome: dict[str, str] = {}

    def first() -> None:
        try:
            with transaction.atomic():
                services.certificate_move(
                    actor=None, certificate=cert, code="suspend", on=date(2024, 6, 1), data={"reason": "暂扣待查"}
                )
                holding.set()
                assert release.wait(60)
        finally:
            connection.close()

    def second() -> None:
        try:
            assert holding.wait(60)
            services.certificate_move(
                actor=None, certificate=cert, code="annual_review", on=date(2024, 6, 1), data={"training_hours": 8}
            )
            outcome["second"] = "saved"
        except ValidationError as exc:
            outcome["second"] = exc.messages[0]
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    assert holding.wait(60)
    for _ in range(600):  # until the second waits on the first one's row lock
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
            if cursor.fetchone()[0]:
                break
        threading.Event().wait(0.05)
    else:
        pytest.fail("the second move never waited")
    release.set()
    for t in threads:
        t.join(timeout=60)
    fresh = Certificate.objects.get(pk=cert.pk)
    assert "已暂扣" in outcome["second"] and "不能办理“年审”" in outcome["second"]
    assert fresh.state == State.SUSPENDED and fresh.training_hours == 48
    assert list(fresh.events.values_list("code", flat=True)) == ["apply", "train", "approve", "issue", "suspend"]
