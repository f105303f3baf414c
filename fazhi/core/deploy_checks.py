"""Deployment checks of our own (`manage.py check --deploy`): what Django's security checks cannot know about fazhi."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import get_finders
from django.core import checks

DEVELOPMENT_SECRET_PREFIX = "fazhi-insecure-"


@checks.register(checks.Tags.security, deploy=True)
def check_secret_key(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """The development SECRET_KEY is in the public repository: sessions and tokens signed with it are forgeable."""
    if str(settings.SECRET_KEY).startswith(DEVELOPMENT_SECRET_PREFIX):
        return [
            checks.Error(
                "SECRET_KEY is the public development key.",
                hint="Set the SECRET_KEY environment variable to 50 or more random characters.",
                id="fazhi.E101",
            )
        ]
    return []


def _static_dirs() -> list[Path]:
    """Every directory the static files are collected from or served out of."""
    dirs = [Path(settings.STATIC_ROOT)] if settings.STATIC_ROOT else []
    for finder in get_finders():
        for storage in getattr(finder, "storages", {}).values():
            location = getattr(storage, "location", None)
            if location:
                dirs.append(Path(location))
    return dirs


def _inside(path: Path, parent: Path) -> bool:
    path, parent = path.resolve(), parent.resolve()
    return path == parent or parent in path.parents or path in parent.parents


@checks.register(checks.Tags.security, deploy=True)
def check_media_outside_static(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Uploaded materials must not sit where the web server hands out static files without an access check."""
    media = Path(settings.MEDIA_ROOT)
    errors: list[checks.CheckMessage] = []
    for static in _static_dirs():
        if _inside(media, static):
            errors.append(
                checks.Error(
                    f"MEDIA_ROOT ({media}) overlaps the static directory {static}.",
                    hint="Keep uploads outside every static directory; they are served only through access-checked "
                    "views.",
                    id="fazhi.E102",
                )
            )
    if settings.MEDIA_URL and settings.MEDIA_URL.strip("/"):
        errors.append(
            checks.Error(
                f"MEDIA_URL is set ({settings.MEDIA_URL}): uploads must not have a public URL.",
                hint="Leave MEDIA_URL empty; materials and documents download through their views.",
                id="fazhi.E103",
            )
        )
    return errors
