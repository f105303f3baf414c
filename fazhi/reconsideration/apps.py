from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from fazhi.core.lines import LineSpec, NavEntry
from fazhi.reconsideration.choices import OrganisationKind


class ReconsiderationConfig(AppConfig):
    name = "fazhi.reconsideration"
    label = "reconsideration"
    verbose_name = _("行政复议")
    line = LineSpec(
        key="reconsideration",
        label=_("行政复议"),
        order=10,
        organisation_kinds=dict(OrganisationKind.choices),
        nav=(NavEntry(_("行政复议"), "reconsideration:hearing_calendar"),),
    )

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from fazhi.reconsideration.models import AgencyAnalysis, Litigation, ReconsiderationDetail

        auditlog.register(ReconsiderationDetail)
        auditlog.register(Litigation)
        auditlog.register(AgencyAnalysis, m2m_fields={"lost_litigation_cases", "corrected_cases"})
