"""The historical 人民调解 import page and its problem-list download (the shared views of fazhi.cases.import_views)."""

from fazhi.cases.import_views import import_views
from fazhi.mediation.imports import IMPORTER

import_cases, import_report = import_views(
    IMPORTER, namespace="mediation", title="导入历史人民调解纠纷", organisation_label="人民调解委员会"
)
