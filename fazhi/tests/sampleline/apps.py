from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from fazhi.core.lines import LineSpec, NavEntry
from fazhi.tests.sampleline.choices import LINE, LineRole, OrganisationKind


class SampleLineConfig(AppConfig):
    name = "fazhi.tests.sampleline"
    label = "sampleline"
    verbose_name = _("示例条线")
    default_auto_field = "django.db.models.BigAutoField"
    line = LineSpec(
        key=LINE,
        label=_("示例条线"),
        order=90,
        organisation_kinds=dict(OrganisationKind.choices),
        roles=dict(LineRole.choices),
        nav=(
            NavEntry(_("示例条线"), "sample_line:case_list"),
            # narrowed: only the line's own inspectors see the second link
            NavEntry(_("示例核查"), "sample_line:inspection", roles=frozenset({LineRole.INSPECTOR})),
        ),
    )
