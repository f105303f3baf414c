"""Data on disk (issue 13): private modes, uploads sealed at rest and streamed, keys rotated, backups sealed."""

from __future__ import annotations

import io
import os
import stat
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from fazhi.core.crypto import _keys
from fazhi.core.sealed import CHUNK, MAGIC, SealedFileError, SealedFileSystemStorage, is_sealed, seal_in_place

KEY_A, KEY_B = Fernet.generate_key().decode(), Fernet.generate_key().decode()
MARK = "申请人身份证号码 150202199001011234 的证据".encode()


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def clear_content(size: int) -> bytes:
    """`size` bytes with the marker at the start, across a chunk boundary and at the end."""
    body = bytearray(os.urandom(size))
    for at in (0, CHUNK - 10, size - len(MARK)):
        body[at : at + len(MARK)] = MARK
    return bytes(body)


def test_the_default_storage_seals(media):
    assert isinstance(default_storage, SealedFileSystemStorage)


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 123])
def test_an_upload_is_sealed_on_disk_private_and_reads_back_whole(media, size):
    content = clear_content(size) if size >= 2 * CHUNK else os.urandom(size)
    name = default_storage.save("materials/1/a.pdf", ContentFile(content))
    path = Path(default_storage.path(name))
    raw = path.read_bytes()
    assert raw.startswith(MAGIC) and (size < 16 or content[:16] not in raw)
    assert MARK not in raw
    assert mode(path) == 0o600 and mode(path.parent) == 0o700 and mode(path.parent.parent) == 0o700
    with default_storage.open(name) as f:
        assert f.read() == content
    assert default_storage.size(name) == size


def test_a_big_upload_is_streamed_from_its_temporary_file_and_never_moved_into_place_in_clear(media):
    content = clear_content(20 * 1024 * 1024)  # the upload limit: Django keeps it in a temporary file
    upload = TemporaryUploadedFile("evidence.pdf", "application/pdf", len(content), None)
    upload.write(content)
    upload.seek(0)
    name = default_storage.save("materials/2/b.pdf", upload)
    assert os.path.exists(upload.temporary_file_path())  # copied through the sealing stream, not moved
    raw = Path(default_storage.path(name)).read_bytes()
    assert MARK not in raw
    with default_storage.open(name) as f:  # read in pieces and by seeking, as a download and python-docx do
        assert f.read(100) == content[:100]
        f.seek(CHUNK * 5 + 7)
        assert f.read(CHUNK) == content[CHUNK * 5 + 7 : CHUNK * 6 + 7]
        f.seek(-50, os.SEEK_END)
        assert f.read() == content[-50:]
    upload.close()


def test_a_sealed_word_template_opens_as_a_zip(media):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("word/document.xml", "<w:document>" + "复议决定书" * 20000 + "</w:document>")
    name = default_storage.save("templates/t.docx", ContentFile(buffer.getvalue()))
    with default_storage.open(name) as f, zipfile.ZipFile(f) as z:
        assert "复议决定书" in z.read("word/document.xml").decode()


def test_an_altered_or_cut_file_is_refused(media):
    name = default_storage.save("materials/3/c.pdf", ContentFile(clear_content(2 * CHUNK + 10)))
    path = Path(default_storage.path(name))
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 1
    path.write_bytes(bytes(raw))
    with pytest.raises(SealedFileError), default_storage.open(name) as f:
        f.read()
    name = default_storage.save("materials/3/d.pdf", ContentFile(clear_content(2 * CHUNK + 10)))
    path = Path(default_storage.path(name))
    path.write_bytes(path.read_bytes()[: -(CHUNK // 2)])  # the last chunk dropped part-way
    with pytest.raises(SealedFileError), default_storage.open(name) as f:
        f.read()


def test_rotation_rewraps_the_key_and_seals_files_written_in_clear(media, db):
    content = clear_content(CHUNK * 2)
    with override_settings(FAZHI_PII_KEYS=[KEY_A]):
        name = default_storage.save("materials/4/e.pdf", ContentFile(content))
    path = Path(default_storage.path(name))
    body = path.read_bytes()[-CHUNK:]
    legacy = media / "materials" / "4" / "old.pdf"
    legacy.write_bytes(content)  # stored before uploads were sealed
    with default_storage.open("materials/4/old.pdf") as f:
        assert f.read() == content  # read as it is until sealed
    with override_settings(FAZHI_PII_KEYS=[KEY_B, KEY_A, *_keys()]):  # every key in use stays listed
        call_command("rotate_pii_keys", stdout=io.StringIO())
        assert path.read_bytes()[-CHUNK:] == body  # only the header changed
        assert not seal_in_place(path)  # already under the newest key
    assert is_sealed(legacy) and MARK not in legacy.read_bytes() and mode(legacy) == 0o600
    with override_settings(FAZHI_PII_KEYS=[KEY_B]):  # the old key retired
        for stored in (name, "materials/4/old.pdf"):
            with default_storage.open(stored) as f:
                assert f.read() == content
    with override_settings(FAZHI_PII_KEYS=[KEY_A]), pytest.raises(SealedFileError):
        default_storage.open(name).read()


@pytest.mark.django_db(transaction=True)  # a backup reads through its own connection, outside any transaction
def test_a_material_downloads_in_clear_and_a_backup_holds_it_sealed(media, tmp_path, baotou, login):
    from fazhi.audit.backup import backup
    from fazhi.cases.services import material_add
    from fazhi.cases.tests.factories import open_reconsideration

    clerk = baotou["city_clerk"]
    case = open_reconsideration(clerk)
    pdf = b"%PDF-1.4\n" + MARK + b"\n%%EOF"
    material = material_add(case=case, title="证据", upload=SimpleUploadedFile("证据.pdf", pdf), actor=clerk)
    assert MARK not in Path(material.file.path).read_bytes()
    (media / "materials" / "legacy.pdf").write_bytes(pdf)  # a file from before sealing: the backup seals it first
    response = login(clerk).get(reverse("cases:material_download", args=[material.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == pdf
    files = backup(directory=tmp_path / "backups")
    assert mode(files.media) == 0o600 and mode(files.database) == 0o600
    with tarfile.open(files.media) as tar:
        members = [m for m in tar.getmembers() if m.isfile()]
        assert len(members) == 2
        assert all(MARK not in tar.extractfile(m).read() for m in members)


def test_a_fresh_data_directory_and_database_are_private(tmp_path):
    """What `make run` creates: the data directory 0700, the SQLite database and its WAL files 0600."""
    data = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {"FAZHI_DATA_DIR": str(data), "DJANGO_SETTINGS_MODULE": "config.settings"}
    script = (
        "import django; django.setup();"
        "from django.db import connection; connection.ensure_connection();"
        "connection.cursor().execute('CREATE TABLE t (x int)')"
    )
    subprocess.run([sys.executable, "-c", script], env=env, cwd=django_settings.BASE_DIR, check=True)
    assert mode(data) == 0o700
    files = sorted(data.glob("fazhi.sqlite3*"))
    assert files and all(mode(f) == 0o600 for f in files)


def test_totp_secrets_are_encrypted_rotated_and_still_verify(db, baotou):
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from fazhi.accounts.totp_secrets import clear_key
    from fazhi.accounts.twofactor import demo_key
    from fazhi.core.crypto import is_current, is_token

    device = TOTPDevice.objects.get(user=baotou["leader"])
    hex_key = demo_key("leader")
    TOTPDevice.objects.filter(pk=device.pk).update(key=hex_key)  # a row from before: clear hex
    device.refresh_from_db()
    assert device.bin_key.hex() == hex_key  # still reads
    with override_settings(FAZHI_PII_KEYS=[KEY_B, *_keys()]):  # the others' devices are under the current keys
        call_command("rotate_pii_keys", stdout=io.StringIO())
        stored = TOTPDevice.objects.values_list("key", flat=True).get(pk=device.pk)
        assert is_token(stored) and is_current(stored) and clear_key(stored) == hex_key
        device.refresh_from_db()
        code = TOTP(device.bin_key, device.step, device.t0, device.digits).token()
        assert device.verify_token(f"{code:06d}")
