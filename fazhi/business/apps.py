from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BusinessConfig(AppConfig):
    """The business environment (法治化营商环境): the enterprise legal-service list, notary service relations with
    enterprises and outreach to parks and enterprises. A registry below the lines (layer 4)."""

    name = "fazhi.business"
    label = "business"
    verbose_name = _("法治化营商环境")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from fazhi.business.models import (
            Enterprise,
            IndustrialPark,
            NotaryRelation,
            OutreachEvent,
            ServiceItem,
            ServiceList,
            ServiceListVersion,
        )

        for model in (IndustrialPark, Enterprise, ServiceList, ServiceListVersion, ServiceItem, NotaryRelation):
            auditlog.register(model)
        auditlog.register(OutreachEvent, m2m_fields={"enterprises"})
