from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "fazhi.core"
    label = "core"
    verbose_name = _("基础数据")

    def ready(self) -> None:
        from fazhi.core import deploy_checks  # noqa: F401  (registers the `check --deploy` checks)
        from fazhi.core.calendar import connect_receivers

        connect_receivers()  # the work calendar's cache: when to check its version (core.calendar)
        from django.db.backends.signals import connection_created

        from fazhi.core.compiled import plan_once

        connection_created.connect(plan_once, dispatch_uid="fazhi.core.compiled.plan_once")
