"""The historical 法律援助 import page and its problem-list download (the shared views of fazhi.cases.import_views)."""

from fazhi.cases.import_views import import_views
from fazhi.legal_aid.imports import IMPORTER

import_cases, import_report = import_views(IMPORTER, namespace="legal_aid", title="导入历史法律援助案件")
