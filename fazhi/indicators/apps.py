from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "fazhi.indicators"
    label = "indicators"
    verbose_name = _("统计指标")

    def ready(self) -> None:
        from fazhi.cases.hooks import around_step, on_case_opened
        from fazhi.indicators.checks import check_report_declarations
        from fazhi.indicators.rollups import record_new, tracking
        from fazhi.indicators.tallies import connect

        on_case_opened(record_new)  # a new case's figures join the rollups in its intake transaction
        around_step(tracking)  # a step's change to the figures is written in the step's transaction
        connect()  # the save and delete signals of the rows that tallies count (consultations, suits)
        checks.register(check_report_declarations)
