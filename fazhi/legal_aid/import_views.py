"""The historical 法律援助 import: its page, problem-list download and template (fazhi.cases.import_views), and
`may_import`, which the line's menu entry names. The template's drop-downs offer the values the import reads."""

from fazhi.cases.import_views import import_views
from fazhi.legal_aid import imports

VIEWS = import_views(
    imports.IMPORTER,
    namespace="legal_aid",
    title="导入历史法律援助案件",
    options={
        "route": imports.ROUTES,
        "case_category": imports.CATEGORIES,
        "matter": imports.MATTER_CHOICES,
        "recipient_group": imports.GROUPS,
        "claim_kind": imports.CLAIMS,
        "decision": ["给予法律援助", "不予法律援助"],
        "result": imports.RESULTS,
        "quality_grade": imports.GRADES,
    },
)
import_cases, import_report, import_template, may_import = VIEWS.page, VIEWS.report, VIEWS.template, VIEWS.may_import
