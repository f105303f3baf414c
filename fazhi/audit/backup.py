"""Backup and restore of the database and the uploaded files (等保 2.0: data backup and recovery).

`backup()` writes, under data/backups/ (created mode 0700, files 0600), one timestamped database file
- PostgreSQL: `fazhi-<stamp>.pgdump`, pg_dump's custom format (-Fc), checked with `pg_restore --list`;
- SQLite: `fazhi-<stamp>.sqlite3`, a page copy through SQLite's online backup API, checked with integrity_check;
and beside it `fazhi-<stamp>.media.tar.gz`, the uploads (MEDIA_ROOT).

`restore(file)` first saves the current state as `pre-restore-<stamp>` (so a wrong restore can be undone), then
replaces the database (pg_restore --clean --if-exists in one transaction; SQLite's backup API into the live
database) and, when the media archive sits beside the file, the uploads. Stop the web server and the task worker
first: a restore replaces everything they might be writing.

Personal data stays encrypted in the dump (fazhi/core/crypto.py); the keys are not in the backup and must be
kept separately, or the restored ID numbers cannot be read.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connections
from django.utils import timezone

from fazhi.core.sealed import SealedFileSystemStorage, is_sealed, seal_in_place

EXTENSIONS = {"postgresql": ".pgdump", "sqlite": ".sqlite3"}
MEDIA_SUFFIX = ".media.tar.gz"


class BackupError(RuntimeError):
    """A backup or restore that could not be done; the message says why, in Chinese."""


@dataclass(frozen=True)
class BackupFiles:
    database: Path
    media: Path | None


def default_directory() -> Path:
    return Path(getattr(settings, "FAZHI_BACKUP_DIR", settings.DATA_DIR / "backups"))


@contextmanager
def _private_files():
    """Files created inside are readable by the owner only."""
    old = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(old)


def _stamp() -> str:
    return timezone.localtime().strftime("%Y%m%d-%H%M%S-%f")


def _pg_env_args(settings_dict: dict) -> tuple[dict, list[str]]:
    """Connection options for the PostgreSQL client programs; the password goes in the environment, not argv."""
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    args = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            args += [flag, str(settings_dict[key])]
    return env, args


def pg_tool(name: str) -> str:
    """The path of pg_dump / pg_restore, or a BackupError naming the package to install."""
    found = shutil.which(name)
    if not found:
        raise BackupError(f"找不到 {name}，请安装 PostgreSQL 客户端（例如 apt-get install postgresql-client-15）。")
    return found


def _run(cmd: list[str], env: dict) -> subprocess.CompletedProcess:
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{Path(cmd[0]).name} 失败：{done.stderr.strip()[:2000]}")
    return done


def _backup_database(alias: str, target: Path) -> None:
    connection = connections[alias]
    if connection.vendor == "postgresql":
        env, args = _pg_env_args(connection.settings_dict)
        _run(
            [pg_tool("pg_dump"), "--format=custom", "--file", str(target), *args, connection.settings_dict["NAME"]], env
        )
        _run([pg_tool("pg_restore"), "--list", str(target)], env)  # the archive reads back
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        if connection.in_atomic_block:  # SQLite's backup would wait forever for our own open transaction
            raise BackupError("备份不能在事务中进行。")
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)  # a consistent snapshot even while others write
            if copy.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError("备份文件完整性检查未通过。")
        copy.close()
    else:
        raise BackupError(f"不支持备份 {connection.vendor} 数据库。")


def _tar_media(media_root: Path, target: Path) -> None:
    """The uploads as a tar: sealed files only (one still in clear from before sealing existed is sealed first)."""
    if media_root.exists() and isinstance(default_storage, SealedFileSystemStorage):
        for path in media_root.rglob("*"):
            if path.is_file() and not path.name.endswith(".sealing") and not is_sealed(path):
                seal_in_place(path)
    with tarfile.open(target, "w:gz") as tar:
        if media_root.exists():
            for child in sorted(media_root.iterdir()):
                tar.add(child, arcname=child.name)


def backup(*, directory: Path | None = None, alias: str = "default", label: str = "fazhi") -> BackupFiles:
    """Write the database and the uploads to `directory` (default data/backups/), owner-readable only.

    A directory this call creates is 0700; an existing one keeps its mode (the files in it are 0600 either way).
    """
    directory = Path(directory or default_directory())
    vendor = connections[alias].vendor
    if vendor not in EXTENSIONS:
        raise BackupError(f"不支持备份 {vendor} 数据库。")
    with _private_files():
        # Created under umask 077: 0700, parents included. An existing directory (a restore from /tmp, say) is
        # someone else's: its mode is left alone, the files in it are 0600.
        with suppress(FileExistsError):
            directory.mkdir(parents=True)
        base = directory / f"{label}-{_stamp()}"
        database = base.with_name(base.name + EXTENSIONS[vendor])
        media = base.with_name(base.name + MEDIA_SUFFIX)
        try:
            _backup_database(alias, database)
            _tar_media(Path(settings.MEDIA_ROOT), media)
        except BaseException:
            database.unlink(missing_ok=True)
            media.unlink(missing_ok=True)
            raise
    for path in (database, media):
        path.chmod(0o600)
    return BackupFiles(database, media)


def media_archive_of(database_file: Path) -> Path | None:
    """The uploads archive written beside `database_file`, if it is there."""
    for ext in EXTENSIONS.values():
        if database_file.name.endswith(ext):
            candidate = database_file.with_name(database_file.name[: -len(ext)] + MEDIA_SUFFIX)
            return candidate if candidate.exists() else None
    return None


def _restore_database(file: Path, alias: str) -> None:
    connection = connections[alias]
    if not file.name.endswith(EXTENSIONS.get(connection.vendor, "\0")):
        raise BackupError(
            f"{file.name} 不是 {connection.vendor} 数据库的备份文件（应以 {EXTENSIONS[connection.vendor]} 结尾）。"
        )
    if connection.vendor == "postgresql":
        env, args = _pg_env_args(connection.settings_dict)
        connection.close()  # hold no locks on the tables being replaced
        _run(
            [
                pg_tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--single-transaction",  # all or nothing: a failed restore leaves the database as it was
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                *args,
                "--dbname",
                connection.settings_dict["NAME"],
                str(file),
            ],
            env,
        )
    else:
        connection.ensure_connection()
        if connection.in_atomic_block:
            raise BackupError("恢复不能在事务中进行。")
        source = sqlite3.connect(file.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            try:
                intact = source.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            except sqlite3.DatabaseError:
                intact = False
            if not intact:
                raise BackupError("备份文件已损坏或不是数据库文件（完整性检查未通过），未做任何恢复。")
            source.backup(connection.connection)
        finally:
            source.close()


def _check_members(tar: tarfile.TarFile) -> None:
    """Uploads are plain files and folders: refuse links, devices, absolute paths and ".." before extracting.

    `filter="data"` says the same, but Python before 3.11.13 lets crafted links through it (CVE-2025-4517), and a
    backup archive is exactly the file an attacker would plant.
    """
    for member in tar.getmembers():
        parts = Path(member.name).parts
        if not (member.isfile() or member.isdir()) or member.name.startswith(("/", "\\")) or ".." in parts:
            raise BackupError(f"上传文件归档中有不允许的条目：{member.name}（只能是普通文件和文件夹），未恢复。")


def _restore_media(archive: Path, media_root: Path) -> None:
    """Replace MEDIA_ROOT by the archive's files (extracted beside it first, then swapped in)."""
    media_root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".media-restore-", dir=media_root.parent))
    try:
        with tarfile.open(archive, "r:gz") as tar:
            _check_members(tar)
            tar.extractall(staging, filter="data")  # no absolute paths, no "..", no device files
        old = media_root.with_name(f".{media_root.name}-replaced-{_stamp()}")
        if media_root.exists():
            media_root.rename(old)
        staging.rename(media_root)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def restore(
    file: Path, *, alias: str = "default", media: Path | None = None, safety_copy: bool = True
) -> BackupFiles | None:
    """Replace the database (and the uploads, when their archive is beside `file` or given) by a backup.

    Returns the safety copy of the state before the restore (None with safety_copy=False).
    """
    file = Path(file)
    if not file.is_file():
        raise BackupError(f"找不到备份文件 {file}。")
    media = media if media is not None else media_archive_of(file)
    saved = backup(directory=file.parent, alias=alias, label="pre-restore") if safety_copy else None
    _restore_database(file, alias)
    if media is not None:
        _restore_media(Path(media), Path(settings.MEDIA_ROOT))
    return saved
