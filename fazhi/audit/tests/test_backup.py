"""Backup and restore round-trip: a populated database and its uploads come back table by table, row by row.

Runs on whichever database the suite runs on (SQLite, or PostgreSQL with DATABASE_URL). The test is
transactional: pg_dump reads through its own connection and sees only committed rows, and a restore may not run
inside the test's transaction. It restores in place into the worker's own test database (`…_gwN` under xdist),
which the transactional teardown then flushes as usual.
"""

from __future__ import annotations

import os
import stat
from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from fazhi.audit.backup import BackupError, pg_tool, restore
from fazhi.audit.models import AccessRecord
from fazhi.cases.models import Case, Material
from fazhi.cases.runner import PartyInput, case_transition
from fazhi.cases.tests.factories import open_county_case, open_reconsideration, org

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


@pytest.fixture
def tools():
    """pg_dump/pg_restore on PostgreSQL: required on CI, skipped elsewhere when the client is not installed."""
    if connection.vendor != "postgresql":
        return
    try:
        pg_tool("pg_dump"), pg_tool("pg_restore")
    except BackupError as exc:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(f"PostgreSQL client programs missing on this machine: {exc}")


@pytest.fixture
def places(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.FAZHI_BACKUP_DIR = tmp_path / "backups"
    return tmp_path


def populate(baotou, login) -> dict:
    """Cases of three lines through the real services, a step, a document, a material, reads, an m2m row."""
    from django.contrib.auth.models import Group

    from fazhi.cases.services import material_add
    from fazhi.documents.services import document_issue
    from fazhi.legal_aid.models import HardshipStandardRecord
    from fazhi.legal_aid.services import AidApplication, aid_application_register

    clerk, county = baotou["city_clerk"], baotou["donghe_clerk"]
    reconsideration = open_reconsideration(clerk)
    reconsideration = case_transition(
        case=reconsideration, code="accept", actor=clerk, on=date(2024, 10, 8), data={"procedure_type": "ordinary"}
    )
    HardshipStandardRecord.objects.create(
        region_id="150200000000", effective_from=date(2022, 1, 1), monthly_income_per_capita=Decimal("1500")
    )
    aid = aid_application_register(
        organisation=org("包头市法律援助中心"),
        application=AidApplication(
            applicant=PartyInput(role="applicant", name="王五", id_number="11010519491231002X", phone="13812345678"),
            case_category="civil",
            summary="追索劳动报酬",
            received_on=date(2024, 9, 20),
            matter="labour",
            monthly_income_per_capita=Decimal("1200"),
        ),
        actor=clerk,
    )
    mediation = open_county_case(county, "东河区司法局")
    with transaction.atomic():
        document = document_issue(
            case=reconsideration, kind="acceptance_notice", actor=clerk, on=date(2024, 10, 8), data={}
        )
    material = material_add(
        case=reconsideration, upload=SimpleUploadedFile("申请书.pdf", PDF), title="申请书", actor=clerk
    )
    client = login(clerk)
    for case in (reconsideration, aid):
        assert client.get(f"/cases/{case.pk}/").status_code == 200
    assert client.get(f"/documents/{document.pk}/download/").status_code == 200
    Group.objects.create(name="备份测试组").user_set.add(baotou["auditor"])  # an m2m through-table row
    return {"reconsideration": reconsideration, "aid": aid, "mediation": mediation, "material": material}


def snapshot() -> dict[str, list]:
    """Every table of the database, every row, in a stable order (raw SQL: nothing a model hides is skipped)."""
    tables = sorted(connection.introspection.table_names())
    model_tables = {m._meta.db_table for m in apps.get_models(include_auto_created=True) if m._meta.managed}
    assert model_tables <= set(tables)  # every model, auditlog's and the m2m through tables included
    qn = connection.ops.quote_name
    out = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {qn(table)}")
            out[table] = sorted((tuple(row) for row in cursor.fetchall()), key=repr)
    return out


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.django_db(transaction=True)
def test_a_populated_database_round_trips_table_by_table(baotou, login, places, tools, capsys):
    made = populate(baotou, login)
    call_command("backup")
    out = capsys.readouterr().out
    files = sorted((places / "backups").iterdir())
    database = next(f for f in files if f.suffix in {".pgdump", ".sqlite3"})
    media = database.with_name(database.name.rsplit(".", 1)[0] + ".media.tar.gz")
    assert str(database) in out and media.exists()
    assert mode(places / "backups") == 0o700 and mode(database) == 0o600 and mode(media) == 0o600
    before = snapshot()
    for table in ["cases_case", "cases_material", "documents_issueddocument", "audit_accessrecord"]:
        assert before[table], table
    assert before["auditlog_logentry"] and before["accounts_user_groups"]
    stored = places / "media" / made["material"].file.name
    content = stored.read_bytes()

    # what an accident or an intruder might do after the backup
    Case.objects.filter(pk=made["reconsideration"].pk).update(title="被篡改的案由")
    Material.objects.all().delete()
    stored.unlink()
    AccessRecord.objects.create(action="view", object_type="cases.case", object_id="999")
    apps.get_model("auditlog", "LogEntry").objects.all().delete()
    apps.get_model("auth", "Group").objects.all().delete()
    open_reconsideration(baotou["city_clerk"], title="备份之后的案件")
    assert snapshot() != before

    call_command("restore", str(database), "--noinput")
    after = snapshot()
    assert after.keys() == before.keys()
    for table in before:
        assert after[table] == before[table], table
    assert stored.read_bytes() == content
    safety = [f for f in (places / "backups").iterdir() if f.name.startswith("pre-restore-")]
    assert len(safety) == 2 and all(mode(f) == 0o600 for f in safety)  # the state before the restore, kept


@pytest.mark.django_db(transaction=True)
def test_a_corrupt_or_foreign_file_is_refused_and_nothing_changes(baotou, places, tools, tmp_path):
    open_reconsideration(baotou["city_clerk"])
    before = snapshot()
    junk = tmp_path / ("x.pgdump" if connection.vendor == "postgresql" else "x.sqlite3")
    junk.write_bytes(b"not a backup" * 100)
    with pytest.raises(CommandError):
        call_command("restore", str(junk), "--noinput")
    other = tmp_path / ("x.sqlite3" if connection.vendor == "postgresql" else "x.pgdump")
    other.write_bytes(b"x")
    with pytest.raises(CommandError, match="不是"):
        call_command("restore", str(other), "--noinput")
    with pytest.raises(CommandError, match="找不到备份文件"):
        call_command("restore", str(tmp_path / "missing.sqlite3"), "--noinput")
    assert snapshot() == before


def test_restore_asks_before_overwriting(places, monkeypatch, tmp_path):
    file = tmp_path / "fazhi-x.sqlite3"
    file.write_bytes(b"")
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="已取消恢复"):
        call_command("restore", str(file))


def test_backup_and_restore_refuse_inside_a_transaction(db, places, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the in-transaction guard is the SQLite path's; pg_dump and pg_restore use their own sessions")
    import sqlite3

    from fazhi.audit.backup import backup

    with pytest.raises(BackupError, match="事务"):
        backup(directory=tmp_path / "b")
    file = tmp_path / "fazhi-x.sqlite3"
    sqlite3.connect(file).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(BackupError, match="事务"):
        restore(file, safety_copy=False)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("shared_mode", [0o1777, 0o755])
def test_a_restore_leaves_the_mode_of_the_directory_it_reads_from_alone(places, tools, tmp_path, shared_mode):
    """Restoring from /tmp (as root) must not make /tmp 0700: the safety copy beside the file keeps its mode."""
    from fazhi.audit.backup import backup

    made = backup()
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(shared_mode)
    file = shared / made.database.name
    file.write_bytes(made.database.read_bytes())
    saved = restore(file, media=made.media)
    assert saved is not None and saved.database.parent == shared and mode(saved.database) == 0o600
    assert mode(shared) == shared_mode
    assert mode(places / "backups") == 0o700  # a directory backup() creates itself is still private


def test_an_uploads_archive_with_a_link_is_refused_and_the_uploads_stay(tmp_path):
    """Only plain files and folders come back from an uploads archive (links are how CVE-2025-4517 escapes)."""
    import io
    import tarfile

    from fazhi.audit.backup import BackupError, _restore_media

    media = tmp_path / "media"
    (media / "cases").mkdir(parents=True)
    (media / "cases" / "a.pdf").write_bytes(b"%PDF-1.4 kept")
    for bad in ("link", "dotdot"):
        archive = tmp_path / f"{bad}.media.tar.gz"
        with tarfile.open(archive, "w:gz") as tar:
            if bad == "link":
                member = tarfile.TarInfo("cases/evil")
                member.type, member.linkname = tarfile.SYMTYPE, "/etc/passwd"
                tar.addfile(member)
            else:
                member = tarfile.TarInfo("../outside.txt")
                member.size = 1
                tar.addfile(member, io.BytesIO(b"x"))
        with pytest.raises(BackupError, match="不允许的条目"):
            _restore_media(archive, media)
        assert (media / "cases" / "a.pdf").read_bytes() == b"%PDF-1.4 kept"
    assert not (tmp_path / "outside.txt").exists()
