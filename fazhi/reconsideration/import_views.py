"""The historical 行政复议 import: its page, problem-list download and template (fazhi.cases.import_views), and
`may_import`, which the line's menu entry names. The template's drop-downs offer the values the import reads."""

from __future__ import annotations

from fazhi.cases.import_views import import_views
from fazhi.reconsideration import imports

VIEWS = import_views(
    imports.IMPORTER,
    namespace="reconsideration",
    title="导入历史行政复议案件",
    options={
        "applicant_kind": imports.KIND_CHOICES,
        "act_type": imports.ACT_CHOICES,
        "procedure_type": imports.PROCEDURE_CHOICES,
        "outcome": imports.OUTCOME_CHOICES,
    },
)
import_cases, import_report, import_template, may_import = VIEWS.page, VIEWS.report, VIEWS.template, VIEWS.may_import
