from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "fazhi.accounts"
    label = "accounts"
    verbose_name = _("机构与用户")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from fazhi.accounts.models import Membership, Organisation, User

        auditlog.register(User, exclude_fields=["password", "last_login"])
        auditlog.register(Organisation)
        auditlog.register(Membership)
