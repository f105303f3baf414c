from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from fazhi.core.lines import STAFF_PAGE, LineSpec, NavEntry
from fazhi.mediation.choices import LineRole, OrganisationKind


class MediationConfig(AppConfig):
    name = "fazhi.mediation"
    label = "mediation"
    verbose_name = _("人民调解")
    line = LineSpec(
        key="mediation",
        label=_("人民调解"),
        order=15,  # after 行政复议, before 法律援助: the annual report's and the dashboard's order of lines
        organisation_kinds=dict(OrganisationKind.choices),
        roles=dict(LineRole.choices),
        nav=(NavEntry(_("人民调解"), "mediation:committee_list"),),
        menu=(
            NavEntry(_("快速录入"), "mediation:quick", permission="fazhi.mediation.selectors.may_register"),
            NavEntry(_("登记纠纷"), "mediation:intake", permission="fazhi.mediation.selectors.may_register"),
            NavEntry(_("人民调解委员会"), "mediation:committee_list"),
            NavEntry(_("排查与专项行动"), "mediation:campaign_list"),
            NavEntry(_("调解案件"), "cases:case_list", query="?line=mediation", permission=STAFF_PAGE),
            NavEntry(_("导入历史数据"), "mediation:import", permission="fazhi.mediation.import_views.may_import"),
        ),
    )

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from fazhi.mediation.models import Campaign, Committee, CommitteeMember, MediationDetail, Mediator, Training

        # a mediator's phone masked in the change record, like a party's
        auditlog.register(Mediator, mask_fields=["phone"], mask_callable="fazhi.core.logging.mask_value")
        for model in (Committee, CommitteeMember, Training, Campaign, MediationDetail):
            auditlog.register(model)
