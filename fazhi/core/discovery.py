"""Finding each installed line's declaration module (procedure.py, indicators.py) without a central list."""

from __future__ import annotations

from collections.abc import Iterator
from importlib import import_module
from types import ModuleType

from django.apps import apps


def line_modules(name: str) -> Iterator[ModuleType]:
    """Every installed fazhi app's `<app>.<name>` module; an app without one is skipped, a broken one raises."""
    for config in apps.get_app_configs():
        if not config.name.startswith("fazhi."):
            continue
        try:
            yield import_module(f"{config.name}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.{name}":
                raise
