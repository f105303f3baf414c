"""The import command every line's `import_<line>` subclasses: the same check and write as the import page."""

from __future__ import annotations

from pathlib import Path

from auditlog.context import set_actor
from django.core.management.base import BaseCommand, CommandError

from fazhi.accounts.models import Organisation, User
from fazhi.cases.imports.line import ImportForbidden, LineImport


class ImportCommand(BaseCommand):
    """`manage.py import_<line> FILE --organisation NAME --user USERNAME [--dry-run] [--report OUT.xlsx]`.

    Prints the summary, or every problem and exits with status 1.
    """

    importer: LineImport

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .xlsx file")
        parser.add_argument("--organisation", required=True, help="the importing organisation's exact name")
        parser.add_argument("--region", default="", help="its 12-digit region code, when the name is not unique")
        parser.add_argument("--user", required=True, help="username of the user importing (an importing role)")
        parser.add_argument("--dry-run", action="store_true", help="check the file only; write nothing")
        parser.add_argument("--report", default="", help="write the list of problems to this .xlsx file")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        orgs = Organisation.objects.filter(name=options["organisation"])
        if options["region"]:
            orgs = orgs.filter(region_id=options["region"])
        found = list(orgs.select_related("region")[:10])
        if not found:
            raise CommandError(f"找不到机构：{options['organisation']}")
        if len(found) > 1:
            codes = "、".join(o.region_id for o in found)
            raise CommandError(f"有多个同名机构（区划代码 {codes}），请用 --region 指定。")
        try:
            user = User.objects.get(username=options["user"], is_active=True)
        except User.DoesNotExist:
            raise CommandError(f"找不到用户：{options['user']}") from None
        try:
            with set_actor(user):
                report = self.importer.run(
                    path, organisation=found[0], actor=user, file_name=path.name, dry_run=options["dry_run"]
                )
        except ImportForbidden as forbidden:
            raise CommandError(str(forbidden)) from None
        if report.ok:
            self.stdout.write(report.summary())
            timing = f"检查 {report.validate_seconds:.2f} 秒"
            if report.write_seconds:
                timing += f"，写入 {report.write_seconds:.2f} 秒"
            self.stdout.write(f"{timing}（{len(report.rows)} 行）。")
            return
        for e in report.errors:
            where = f"第{e.row}行" if e.row is not None else "文件"
            column = f" [{e.column}]" if e.column else ""
            value = f" “{e.value}”" if e.value else ""
            self.stderr.write(f"{where}{column}{value}：{e.message}")
        if options["report"]:
            Path(options["report"]).write_bytes(report.to_xlsx())
            self.stderr.write(f"问题清单已写入 {options['report']}")
        self.stderr.write(report.summary())
        raise SystemExit(1)
