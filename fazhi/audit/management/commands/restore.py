"""`manage.py restore FILE`: replace the database (and the uploads archived beside FILE) by a backup."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fazhi.audit.backup import BackupError, media_archive_of, restore


class Command(BaseCommand):
    help = "用备份文件恢复数据库和上传文件（先自动备份当前状态）。恢复前请停止网站和后台任务。"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="备份文件（.pgdump 或 .sqlite3）")
        parser.add_argument("--database", default="default", help="数据库别名")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive", help="不询问确认")

    def handle(self, *args, file: Path, database="default", interactive=True, **options):
        if not file.is_file():
            raise CommandError(f"找不到备份文件 {file}。")
        media = media_archive_of(file)
        if interactive:
            what = "数据库和上传文件" if media else "数据库（旁边没有上传文件备份，上传文件保持不变）"
            answer = input(f"将用 {file.name} 覆盖当前的{what}。输入 yes 继续：")
            if answer.strip().lower() != "yes":
                raise CommandError("已取消恢复。")
        try:
            saved = restore(file, alias=database, media=media)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        if saved is not None:
            self.stdout.write(f"恢复前的状态已另存为 {saved.database}")
        self.stdout.write(f"已从 {file} 恢复数据库" + ("和上传文件。" if media else "。"))
