from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediationConfig(AppConfig):
    name = "fazhi.mediation"
    label = "mediation"
    verbose_name = _("人民调解")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from fazhi.mediation.models import Campaign, Committee, CommitteeMember, MediationDetail, Mediator, Training

        # a mediator's phone masked in the change record, like a party's
        auditlog.register(Mediator, mask_fields=["phone"], mask_callable="fazhi.core.logging.mask_value")
        for model in (Committee, CommitteeMember, Training, Campaign, MediationDetail):
            auditlog.register(model)
