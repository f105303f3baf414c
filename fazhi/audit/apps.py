from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "fazhi.audit"
    label = "audit"
    verbose_name = _("审计")

    def ready(self) -> None:
        from axes.signals import user_locked_out

        from fazhi.accounts.access import record_reads_with
        from fazhi.audit.receivers import record_lockout
        from fazhi.audit.services import reads_recorded

        record_reads_with(reads_recorded)  # rows of a line that logs every read are recorded where they are read
        user_locked_out.connect(record_lockout, dispatch_uid="fazhi.audit.record_lockout")  # one record per lockout
