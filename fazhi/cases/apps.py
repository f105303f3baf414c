from datetime import date

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "fazhi.cases"
    label = "cases"
    verbose_name = _("案件")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from fazhi.cases.clocks import deadlines_recompute
        from fazhi.cases.models import Case, Deadline, Party
        from fazhi.core.models import CalendarDay
        from fazhi.core.signals import calendar_changed

        def recompute_clocks(sender: object, *, since: date, reason: str, **kwargs: object) -> int:
            """A calendar edit in core moves the open clocks it touches, without core importing the kernel."""
            return deadlines_recompute(since=since, reason=reason)

        calendar_changed.connect(recompute_clocks, weak=False, dispatch_uid="fazhi.cases.recompute_clocks")

        # concrete fields only: auditlog would otherwise log reverse relations (events, documents…) as noise
        auditlog.register(Case, include_fields=[f.name for f in Case._meta.concrete_fields])
        # personal data masked in the change record; the blind indexes are derived, not history
        auditlog.register(
            Party,
            exclude_fields=["id_number_index", "phone_index"],
            mask_fields=["id_number", "phone", "address"],
            mask_callable="fazhi.core.logging.mask_value",
        )
        auditlog.register(Deadline)
        auditlog.register(CalendarDay)
