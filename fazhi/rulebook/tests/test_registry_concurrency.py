"""Two people saving the same document at once: the second, read at the same version, is refused; nothing is lost."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import connection, transaction

from fazhi.rulebook import services
from fazhi.rulebook.models import NormativeDocument
from fazhi.rulebook.tests.registry_factories import a_document


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_edits_of_one_version_save_one_and_refuse_the_other(baotou):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks and a connection per thread; SQLite runs one writer at a time")
    doc = a_document()
    read_at = doc.version
    holding, release = threading.Event(), threading.Event()
    outcome: dict[str, object] = {}

    def first() -> None:
        try:
            with transaction.atomic():
                services.document_update(doc=doc, actor=None, version=read_at, issuer="包头市人大常委会")
                holding.set()
                assert release.wait(60)
        finally:
            connection.close()

    def second() -> None:
        try:
            assert holding.wait(60)
            services.document_file(doc=doc, actor=None, version=read_at, filed_on=date(2024, 2, 1))
            outcome["second"] = "saved"
        except services.StaleEdit:
            outcome["second"] = "refused"
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
        pytest.fail("the second write never waited")
    release.set()
    for t in threads:
        t.join(timeout=60)
    fresh = NormativeDocument.objects.get(pk=doc.pk)
    assert outcome["second"] == "refused"
    assert (fresh.issuer, fresh.filed_on, fresh.version) == ("包头市人大常委会", None, read_at + 1)
