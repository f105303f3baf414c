"""What the rule book hears from below, connected once from `RulebookConfig.ready`."""

from __future__ import annotations

from django.db.models.signals import post_migrate

from fazhi.cases import hooks


def connect(app_config) -> None:
    from fazhi.rulebook.incidental import open_review
    from fazhi.rulebook.search import restore_index

    hooks.after_step(open_review)  # an unlawful incidental finding opens a review task (incidental.py)
    post_migrate.connect(restore_index, sender=app_config, dispatch_uid="rulebook_restore_index")
