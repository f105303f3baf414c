"""The historical 人民调解 import: its page, problem-list download and template (fazhi.cases.import_views), and
`may_import`, which the line's menu entry names. The template's drop-downs offer the values the import reads."""

from fazhi.cases.import_views import import_views
from fazhi.mediation import imports

VIEWS = import_views(
    imports.IMPORTER,
    namespace="mediation",
    title="导入历史人民调解纠纷",
    organisation_label="人民调解委员会",
    options={
        "source": imports.SOURCES,
        "dispute_type": imports.DISPUTE_TYPES,
        "escalation_risk": ["是", "否"],
        "outcome": imports.OUTCOMES,
        "agreement_kind": imports.AGREEMENTS,
        "confirmation": imports.CONFIRMATIONS,
        "performance": imports.PERFORMANCES,
    },
)
import_cases, import_report, import_template, may_import = VIEWS.page, VIEWS.report, VIEWS.template, VIEWS.may_import
