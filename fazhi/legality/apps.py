from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from fazhi.core.lines import LineSpec, NavEntry
from fazhi.legality.choices import LINE, LineRole, OrganisationKind


class LegalityConfig(AppConfig):
    name = "fazhi.legality"
    label = "legality"
    verbose_name = _("合法性审核")
    default_auto_field = "django.db.models.BigAutoField"
    line = LineSpec(
        key=LINE,
        label=_("合法性审核"),
        order=40,
        organisation_kinds=dict(OrganisationKind.choices),
        roles=dict(LineRole.choices),
        nav=(NavEntry(_("合法性审核"), "legality:review_list"),),
        menu=(
            NavEntry(_("审核案件"), "legality:review_list"),
            NavEntry(_("登记审核申请"), "legality:intake", permission="fazhi.legality.selectors.may_register"),
            NavEntry(_("审核期限"), "legality:periods"),
        ),
    )

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from fazhi.legality.choices import ISSUE_ALLOWED
        from fazhi.legality.models import LegalityReview, ReviewPeriod
        from fazhi.rulebook.gates import accept_reviews_from

        for model in (LegalityReview, ReviewPeriod):
            auditlog.register(model)
        # 国办发〔2018〕115号: a normative document not reviewed, or found unlawful, may not be issued; the rule book's
        # registration accepts a review of this line concluded with one of these outcomes (contracts are not registered)
        accept_reviews_from(LINE, ISSUE_ALLOWED)
