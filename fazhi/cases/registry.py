"""Finds each installed line's `procedure.PROCEDURE`, and the deadline rules they offer."""

from __future__ import annotations

from functools import cache
from importlib import import_module

from django.apps import apps

from fazhi.cases.procedure import Clock, Procedure


@cache
def procedures() -> dict[str, Procedure]:
    """Every installed app that has a `procedure` module with a `PROCEDURE`, keyed by line."""
    found: dict[str, Procedure] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("fazhi.") or config.label == "cases":
            continue
        try:
            module = import_module(f"{config.name}.procedure")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.procedure":
                raise
            continue
        proc = getattr(module, "PROCEDURE", None)
        if isinstance(proc, Procedure):
            found[proc.line] = proc
    return found


def procedure_for(line: str) -> Procedure:
    try:
        return procedures()[line]
    except KeyError:
        raise LookupError(f"no procedure declared for line {line!r}") from None


def deadline_rules() -> dict[str, Clock]:
    """Rules the deadline calculator answers, keyed `<line>.<clock>` (e.g. `reconsideration.reply`)."""
    rules: dict[str, Clock] = {}
    for line, proc in sorted(procedures().items()):
        for clock in proc.clocks:
            if not proc.public_rules or clock.key in proc.public_rules:
                rules[f"{line}.{clock.key}"] = clock
    return rules
