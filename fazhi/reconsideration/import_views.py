"""The historical 行政复议 import page and its problem-list download (the shared views of fazhi.cases.import_views)."""

from __future__ import annotations

from fazhi.cases.import_views import import_views
from fazhi.reconsideration.imports import IMPORTER

import_cases, import_report = import_views(IMPORTER, namespace="reconsideration", title="导入历史行政复议案件")
