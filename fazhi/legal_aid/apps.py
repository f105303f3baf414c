from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalAidConfig(AppConfig):
    name = "fazhi.legal_aid"
    label = "legal_aid"
    verbose_name = _("法律援助")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from fazhi.legal_aid.models import Consultation, HardshipStandardRecord, LegalAidDetail

        for model in (Consultation, HardshipStandardRecord, LegalAidDetail):
            auditlog.register(model)
