from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediationConfig(AppConfig):
    name = "fazhi.mediation"
    label = "mediation"
    verbose_name = _("人民调解")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from fazhi.mediation.models import Campaign, Committee, CommitteeMember, MediationDetail, Mediator, Training

        for model in (Committee, CommitteeMember, Mediator, Training, Campaign, MediationDetail):
            auditlog.register(model)
