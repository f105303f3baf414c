from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnforcementConfig(AppConfig):
    """The enforcement network (执法监督网络): supervision bodies per tier, enforcement agencies, officers and their
    certificates. A registry below the lines (layer 4), read by the supervision line."""

    name = "fazhi.enforcement"
    label = "enforcement"
    verbose_name = _("行政执法监督网络")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from fazhi.enforcement.models import (
            Certificate,
            CertificateEvent,
            ExpiryReminder,
            Officer,
            ReplacedToken,
            SupervisionBody,
        )

        auditlog.register(SupervisionBody)
        auditlog.register(Officer, exclude_fields=["id_number_index"], mask_fields=["id_number"])  # as cases.Party
        auditlog.register(Certificate, exclude_fields=["token"])  # the public key stays off the change log
        auditlog.register(CertificateEvent)
        auditlog.register(ExpiryReminder)
        auditlog.register(ReplacedToken, exclude_fields=["token"])
