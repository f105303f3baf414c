from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    """行政执法监督: the judicial bureau as the government's supervision body (行政执法监督条例 art. 6)."""

    name = "fazhi.supervision"
    label = "supervision"
    verbose_name = _("行政执法监督")
    default_auto_field = "django.db.models.BigAutoField"
