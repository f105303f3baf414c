from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from fazhi.core.lines import STAFF_PAGE, LineSpec, NavEntry
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
        menu=(
            NavEntry(
                _("登记申请"),
                "reconsideration:intake",
                permission="fazhi.reconsideration.selectors.may_register",
            ),
            NavEntry(_("听证日程"), "reconsideration:hearing_calendar"),
            NavEntry(_("被申请机关统计"), "reconsideration:agencies"),
            NavEntry(_("行政复议案件"), "cases:case_list", query="?line=reconsideration", permission=STAFF_PAGE),
            NavEntry(
                _("导入历史数据"), "reconsideration:import", permission="fazhi.reconsideration.import_views.may_import"
            ),
        ),
    )

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from fazhi.reconsideration.models import AgencyAnalysis, Litigation, ReconsiderationDetail

        auditlog.register(ReconsiderationDetail)
        auditlog.register(Litigation)
        auditlog.register(AgencyAnalysis, m2m_fields={"lost_litigation_cases", "corrected_cases"})
