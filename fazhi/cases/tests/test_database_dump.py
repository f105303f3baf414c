"""A dump of the whole database holds no ID number or phone number in clear (issue 6, "done when")."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date

import pytest
from django.db import connection
from rest_framework.test import APIClient

from fazhi.accounts.models import Organisation
from fazhi.cases.tests.factories import open_reconsideration
from fazhi.legal_aid.models import Consultation
from fazhi.mediation.models import Committee, Mediator

ID, PHONE, ADDRESS = "15020219800101123X", "13947201234", "内蒙古包头市东河区和平路18号"
LINE_PHONES = ("13947205555", "13847206666")  # a 12348 caller's, a mediator's


def database_dump() -> str:
    """The database as an operator would dump it: SQLite's iterdump, pg_dump, or every table read with SQL."""
    if connection.vendor == "sqlite":
        return "\n".join(connection.connection.iterdump())
    settings = connection.settings_dict
    if connection.vendor == "postgresql" and shutil.which("pg_dump"):
        env = {**os.environ, "PGPASSWORD": settings.get("PASSWORD") or ""}
        args = ["pg_dump", "--no-owner", "--dbname", settings["NAME"]]
        for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
            if settings.get(key):
                args += [flag, str(settings[key])]
        done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=300, check=False)
        assert done.returncode == 0, done.stderr
        return done.stdout
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            parts.append(f"-- {table}\n" + "\n".join(repr(row) for row in cursor.fetchall()))
    return "\n".join(parts)


@pytest.mark.django_db(transaction=True)  # committed rows, so pg_dump (another connection) sees them
def test_a_database_dump_contains_no_id_number_or_phone_in_clear(baotou, login):
    clerk = baotou["city_clerk"]
    case = open_reconsideration(clerk, title="不服罚款决定")
    party = case.parties.model.objects.create(
        case=case, role="third_party", name="赵某", id_number=ID, phone=PHONE, address=ADDRESS
    )
    # everything that writes records around personal data: search, export, reveal, API read, change record
    client = login(clerk)
    listed = client.get("/cases/", {"party": ID}, follow=True)
    assert case in listed.context["page"]
    client.get(f"/cases/export/?{listed.context['query']}")
    assert ID in client.post(f"/cases/{case.pk}/parties/{party.pk}/reveal/", {"field": "id_number"}).content.decode()
    api = APIClient()
    api.force_authenticate(clerk)
    assert api.get(f"/api/v1/cases/{case.pk}/").status_code == 200
    api.post(f"/api/v1/cases/{case.pk}/parties/{party.pk}/reveal/", {"field": "phone"}, format="json")
    party.phone = "13947209999"
    party.save()
    # the other lines' phones: a 12348 caller's (listed, then taken into an intake form) and a mediator's
    organisation = Organisation.objects.get(name="包头市法律援助中心")
    consultation = Consultation.objects.create(
        organisation=organisation,
        region=organisation.region,
        channel="hotline_12348",
        on=date(2024, 9, 20),
        summary="咨询拖欠工资",
        phone=LINE_PHONES[0],
        handled_by=clerk,
    )
    client.get("/legal-aid/consultations/")
    client.get(f"/legal-aid/new/?consultation={consultation.pk}")
    committee = Committee.objects.create(
        organisation=Organisation.objects.get(name="和平路街道人民调解委员会"), kind="township"
    )
    Mediator.objects.create(committee=committee, name="孙某", phone=LINE_PHONES[1])

    dump = database_dump()
    assert "cases_party" in dump and "赵某" in dump  # the dump is real and has the party (names are not encrypted)
    assert "legal_aid_consultation" in dump and "mediation_mediator" in dump and "孙某" in dump
    for value in (ID, ID.lower(), PHONE, "13947209999", ADDRESS, "11010519491231002X", "13812345678", *LINE_PHONES):
        assert value not in dump, f"{value} appears in clear in the database dump"
    # masked forms (change record) are allowed
    assert "150202********123X" in dump or "139****1234" in dump
