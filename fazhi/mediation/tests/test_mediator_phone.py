"""A mediator's phone: encrypted at rest, shown nowhere (committee page, admin); the migration encrypts the rows
already there and reverses."""

from __future__ import annotations

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from fazhi.cases.tests.factories import org
from fazhi.core.crypto import is_token
from fazhi.mediation.models import Committee, Mediator

pytestmark = pytest.mark.django_db

PHONE, MASKED = "13847201234", "138****1234"


@pytest.fixture
def committee(baotou) -> Committee:
    return Committee.objects.create(
        organisation=org("和平路街道人民调解委员会"), kind="township", term_start=date(2023, 1, 1)
    )


def stored(mediator: Mediator) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM mediation_mediator WHERE id = %s", [mediator.pk])
        return cursor.fetchone()[0]


def test_a_mediator_added_on_the_committee_page_has_the_phone_encrypted_and_not_shown(login, donghe_clerk, committee):
    client = login(donghe_clerk)
    response = client.post(
        f"/mediation/committees/{committee.pk}/mediators/", {"name": "赵调解员", "kind": "hired", "phone": PHONE}
    )
    assert response.status_code == 302
    m = committee.mediators.get()
    assert m.phone == PHONE and is_token(stored(m)) and PHONE not in stored(m)
    html = client.get(f"/mediation/committees/{committee.pk}/").content.decode()
    assert "赵调解员" in html and PHONE not in html
    changes = LogEntry.objects.get_for_object(m).get().changes_dict
    assert changes["phone"] == ["None", MASKED] and PHONE not in str(changes)
    made = Mediator.objects.bulk_create([Mediator(committee=committee, name="钱调解员", phone="0472-5123456")])
    assert is_token(stored(made[0])) and Mediator.objects.get(pk=made[0].pk).phone == "0472-5123456"


def test_the_admin_does_not_show_a_mediators_phone(login, baotou, committee):
    m = Mediator.objects.create(committee=committee, name="赵调解员", phone=PHONE)
    client = login(baotou["admin"])
    html = client.get(f"/admin/mediation/mediator/{m.pk}/change/").content.decode()
    assert "赵调解员" in html and PHONE not in html and "gAAAAA" not in html
    response = client.post(  # editing the mediator in the admin leaves the phone alone
        f"/admin/mediation/mediator/{m.pk}/change/",
        {
            "committee": committee.pk,
            "name": "赵调解员",
            "kind": "member",
            "is_active": "on",
            "trainings-TOTAL_FORMS": "0",
            "trainings-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    assert Mediator.objects.get(pk=m.pk).phone == PHONE


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_existing_rows_and_reverses(baotou):
    committee = Committee.objects.create(organisation=org("和平路街道人民调解委员会"), kind="township")
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate([("mediation", "0001_initial")])
    try:
        with connection.cursor() as cursor:  # rows as they were before the migration
            cursor.executemany(
                "INSERT INTO mediation_mediator (committee_id, name, kind, phone, is_active) "
                "VALUES (%s, %s, 'member', %s, %s)",
                [[committee.pk, name, phone, True] for name, phone in (("甲", PHONE), ("乙", ""))],
            )
        executor = MigrationExecutor(connection)
        executor.migrate([("mediation", "0003_mediator_phone_encrypt_rows")])
        a, b = Mediator.objects.order_by("id")
        assert (a.phone, b.phone) == (PHONE, "") and is_token(stored(a)) and stored(b) == ""

        executor = MigrationExecutor(connection)
        executor.migrate([("mediation", "0001_initial")])  # backwards: clear again
        with connection.cursor() as cursor:
            cursor.execute("SELECT phone FROM mediation_mediator ORDER BY id")
            assert [r[0] for r in cursor.fetchall()] == [PHONE, ""]
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(leaves)
    assert is_token(stored(Mediator.objects.order_by("id").first()))
