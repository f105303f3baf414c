from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "fazhi.accounts"
    label = "accounts"
    verbose_name = _("机构与用户")

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.contrib.auth.signals import user_logged_in
        from django_otp.plugins.otp_static.models import StaticDevice
        from django_otp.plugins.otp_totp.models import TOTPDevice

        import fazhi.accounts.schema  # noqa: F401  (registers the OpenAPI descriptions of the auth classes)
        from fazhi.accounts.middleware import stamp_login
        from fazhi.accounts.models import ApiToken, Membership, Organisation, User

        auditlog.register(User, exclude_fields=["password", "last_login"])
        auditlog.register(Organisation)
        auditlog.register(Membership)
        # creation and revocation of machine tokens are in the change history; the key digest and the use stamp are not
        auditlog.register(ApiToken, exclude_fields=["key_hash", "last_used_at"])
        # second-factor devices: enrolment, confirmation and removal are recorded, never the secret or the use counters
        auditlog.register(TOTPDevice, include_fields=["user", "name", "confirmed"])
        auditlog.register(StaticDevice, include_fields=["user", "name", "confirmed"])
        user_logged_in.connect(stamp_login, dispatch_uid="fazhi.accounts.stamp_login")
        from fazhi.accounts import totp_secrets

        totp_secrets.install()  # TOTP secrets stored encrypted
