from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LenientConfig(AppConfig):
    """The lenient-penalty register (免罚轻罚清单): list entries and the decisions agencies report. A registry below
    the lines (layer 4), read by the supervision line."""

    name = "fazhi.lenient"
    label = "lenient"
    verbose_name = _("免罚轻罚")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from fazhi.lenient import models

        for model in (models.ListEntry, models.AgencyDomain, models.Report, models.Decision):
            auditlog.register(model)
