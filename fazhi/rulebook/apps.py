from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RulebookConfig(AppConfig):
    """The rule book (规章规范性文件库): a registry below the lines (layer 4), so the legality line, reconsideration's
    incidental review and the portal's search all reach it without a line importing another."""

    name = "fazhi.rulebook"
    label = "rulebook"
    verbose_name = _("规章规范性文件库")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from fazhi.rulebook import listeners
        from fazhi.rulebook.models import (
            CleanupCampaign,
            CleanupItem,
            DocumentRelation,
            DocumentVersion,
            EvaluationTask,
            NormativeDocument,
        )

        for model in (
            NormativeDocument,
            DocumentVersion,
            DocumentRelation,
            EvaluationTask,
            CleanupCampaign,
            CleanupItem,
        ):
            auditlog.register(model)
        listeners.connect(self)  # the incidental-review listener; the search index kept after migrations
