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
        nav=(NavEntry(_("行政执法监督"), "supervision:case_list", permission=READS),),
        menu=(
            NavEntry(_("监督案件"), "supervision:case_list", permission=READS),
            NavEntry(_("登记监督线索"), "supervision:intake", permission="fazhi.supervision.selectors.may_register"),
            NavEntry(_("法治体检"), "supervision:plan_list", permission=READS),
            NavEntry(_("约谈"), "supervision:interview_list", permission=READS),
        ),
    )

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from fazhi.supervision.models import Finding, HealthCheck, HealthCheckPlan, Interview, SupervisionCase

        for model in (SupervisionCase, HealthCheckPlan, HealthCheck, Finding, Interview):
            auditlog.register(model)
