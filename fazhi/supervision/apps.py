from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from fazhi.core.lines import LineSpec, NavEntry
from fazhi.supervision.choices import LINE, LineRole

READS = "fazhi.supervision.selectors.may_read"  # the line's pages refuse an agency's reporter (报送员)


class SupervisionConfig(AppConfig):
    """行政执法监督: the judicial bureau as the government's supervision body (行政执法监督条例 art. 6)."""

    name = "fazhi.supervision"
    label = "supervision"
    verbose_name = _("行政执法监督")
    default_auto_field = "django.db.models.BigAutoField"
    line = LineSpec(
        key=LINE,
        label=_("行政执法监督"),
        order=60,
        # no kinds of its own: the kernel keeps supervision_body and enforcement_agency (an agency is also a
        # reconsideration respondent and the registries' subject)
        roles=dict(LineRole.choices),
        # an agency's reporter (报送员) sees its own agency's records of the line (its lenient-penalty decisions), never
        # the region's supervision cases, checks or interviews
        own_organisation_roles=frozenset({LineRole.REPORTER.value}),
        nav=(
            NavEntry(_("行政执法监督"), "supervision:case_list", permission=READS),
            # the lenient-penalty register the line keeps, which an agency's reporter (refused the line's own pages)
            # reports to: in the top bar for whoever reads it
            NavEntry(_("免罚轻罚"), "lenient:decision_list", permission="fazhi.lenient.access.can_read"),
        ),
        menu=(
            NavEntry(_("监督案件"), "supervision:case_list", permission=READS),
            NavEntry(_("登记监督线索"), "supervision:intake", permission="fazhi.supervision.selectors.may_register"),
            NavEntry(_("法治体检"), "supervision:plan_list", permission=READS),
            NavEntry(_("约谈"), "supervision:interview_list", permission=READS),
            # the registries the line's members keep (below the line: each page checks its registry's own rule)
            NavEntry(_("执法证件"), "enforcement:certificate_list", permission="fazhi.enforcement.access.can_read"),
            NavEntry(_("免罚轻罚"), "lenient:decision_list", permission="fazhi.lenient.access.can_read"),
            NavEntry(_("营商环境"), "business:index", permission="fazhi.business.access.can_read"),
        ),
    )

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from fazhi.supervision.models import Finding, HealthCheck, HealthCheckPlan, Interview, SupervisionCase

        for model in (SupervisionCase, HealthCheckPlan, HealthCheck, Finding, Interview):
            auditlog.register(model)
