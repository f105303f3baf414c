"""The demo modules of the registered lines: each line's `demo.py` holds its own generators (the line registry)."""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

from fazhi.core.lines import registered


def line_demos() -> list[tuple[str, ModuleType]]:
    """(line key, its `demo` module) of every registered line that has one, in the registry's order.

    A line's demo module may offer `load_demo(count=…, today=…, seed=…)` (cases walked through the runner),
    `replay(place)` (its history for a `fazhi.cases.sampling.Place`, through the history writer) and `SUMMARY`
    (the figures the loader prints).
    """
    found = []
    for line in registered():
        name = f"{line.app_name}.demo"
        try:
            found.append((line.spec.key, import_module(name)))
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
    return found
