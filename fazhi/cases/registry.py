"""Finds each installed line's `procedure.PROCEDURE`, and the deadline rules they offer."""

from __future__ import annotations

from functools import cache

from fazhi.cases.procedure import Clock, Procedure
from fazhi.core.discovery import line_modules


@cache
def procedures() -> dict[str, Procedure]:
    """Every installed app that has a `procedure` module with a `PROCEDURE`, keyed by line."""
    found = (getattr(module, "PROCEDURE", None) for module in line_modules("procedure"))
    return {proc.line: proc for proc in found if isinstance(proc, Procedure)}


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
