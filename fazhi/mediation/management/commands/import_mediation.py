"""Import historical 人民调解 disputes from an .xlsx file: the whole file or nothing (docs/import-mediation.md)."""

from fazhi.cases.imports import ImportCommand
from fazhi.mediation.imports import IMPORTER


class Command(ImportCommand):
    help = "Import historical mediation disputes from an Excel (.xlsx) file; nothing is written if any row fails."
    importer = IMPORTER
