from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReconsiderationConfig(AppConfig):
    name = "fazhi.reconsideration"
    label = "reconsideration"
    verbose_name = _("行政复议")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from fazhi.reconsideration.models import AgencyAnalysis, Litigation, ReconsiderationDetail

        auditlog.register(ReconsiderationDetail)
        auditlog.register(Litigation)
        auditlog.register(AgencyAnalysis, m2m_fields={"lost_litigation_cases", "corrected_cases"})
