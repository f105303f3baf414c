"""Import historical 法律援助 cases from an .xlsx file: the whole file or nothing (docs/import-legal-aid.md)."""

from fazhi.cases.imports import ImportCommand
from fazhi.legal_aid.imports import IMPORTER


class Command(ImportCommand):
    help = "Import historical legal aid cases from an Excel (.xlsx) file; nothing is written if any row fails."
    importer = IMPORTER
