"""Import historical reconsideration cases from Excel: `import_reconsideration FILE --organisation NAME --user NAME`."""

from fazhi.cases.imports import ImportCommand
from fazhi.reconsideration.imports import IMPORTER


class Command(ImportCommand):
    help = "Import historical reconsideration cases from an Excel (.xlsx) file; nothing is written if any row fails."
    importer = IMPORTER
