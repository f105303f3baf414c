"""`manage.py backup`: the database and the uploads to data/backups/ (files readable by their owner only)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fazhi.audit.backup import BackupError, backup


class Command(BaseCommand):
    help = "备份数据库（PostgreSQL 用 pg_dump -Fc，SQLite 用在线备份接口）和上传文件，保存到 data/backups/。"

    def add_arguments(self, parser):
        parser.add_argument("--directory", type=Path, default=None, help="备份目录（默认 data/backups/）")
        parser.add_argument("--database", default="default", help="数据库别名")

    def handle(self, *args, directory=None, database="default", **options):
        try:
            files = backup(directory=directory, alias=database)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"数据库已备份到 {files.database}")
        self.stdout.write(f"上传文件已备份到 {files.media}")
