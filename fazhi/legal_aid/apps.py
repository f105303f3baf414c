from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from fazhi.core.lines import STAFF_PAGE, LineSpec, NavEntry
from fazhi.legal_aid.choices import OrganisationKind


class LegalAidConfig(AppConfig):
    name = "fazhi.legal_aid"
    label = "legal_aid"
    verbose_name = _("法律援助")
    line = LineSpec(
        key="legal_aid",
        label=_("法律援助"),
        order=20,
        organisation_kinds=dict(OrganisationKind.choices),
        nav=(NavEntry(_("法律援助"), "legal_aid:consultation_list"),),
        menu=(
            NavEntry(_("法律咨询"), "legal_aid:consultation_list"),
            NavEntry(_("登记援助申请"), "legal_aid:intake", permission="fazhi.legal_aid.selectors.may_register"),
            NavEntry(_("经济困难标准"), "legal_aid:standards"),
            NavEntry(_("法律援助案件"), "cases:case_list", query="?line=legal_aid", permission=STAFF_PAGE),
            NavEntry(_("导入历史数据"), "legal_aid:import", permission="fazhi.legal_aid.import_views.may_import"),
        ),
    )

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from fazhi.legal_aid.models import Consultation, HardshipStandardRecord, LegalAidDetail

        # the caller's phone masked in the change record (like a party's); its blind index is derived, not history
        auditlog.register(
            Consultation,
            exclude_fields=["phone_index"],
            mask_fields=["phone"],
            mask_callable="fazhi.core.logging.mask_value",
        )
        for model in (HardshipStandardRecord, LegalAidDetail):
            auditlog.register(model)
