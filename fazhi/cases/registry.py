"""Finds each installed line's `procedure.PROCEDURE`, and the clocks they declare (the deadline calculator's rules)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.utils.translation import gettext

from fazhi.cases.procedure import Clock, Label, Procedure
from fazhi.core.discovery import line_modules
from fazhi.core.lines import line_keys, line_label
from fazhi.core.workdays import Unit

UNIT_LABELS = {Unit.CALENDAR_DAY: "日", Unit.WORKING_DAY: "个工作日", Unit.MONTH: "个月", Unit.HOUR: "小时"}


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


@dataclass(frozen=True)
class DeadlineRule:
    """A registered clock as the deadline calculator offers it: `<line>.<clock>` and the clock itself."""

    line: str
    clock: Clock

    @property
    def key(self) -> str:
        return f"{self.line}.{self.clock.key}"

    @property
    def line_label(self) -> Label:
        return line_label(self.line)

    @property
    def unit_label(self) -> str:
        return UNIT_LABELS[self.clock.unit]


@cache
def deadline_rules() -> dict[str, DeadlineRule]:
    """Every clock of every line, keyed `<line>.<clock>` (e.g. `reconsideration.reply`), in the lines' order.

    Every statutory period the platform applies is here, so a citizen or an auditor can check any of them.
    Built once, like `procedures()`: lines register when the apps load. Read it, do not change it.
    """
    order = {key: i for i, key in enumerate(line_keys())}
    found = sorted(procedures().items(), key=lambda item: (order.get(item[0], len(order)), item[0]))
    rules = (DeadlineRule(line, clock) for line, proc in found for clock in proc.clocks)
    return {rule.key: rule for rule in rules}


def day_word(unit: str) -> str:
    """What "N days left" counts in: working days for a period in working days, calendar days for the others (a
    period in months or hours is also counted down in calendar days: fazhi.cases.deadlines.days_left)."""
    return gettext("个工作日") if unit == Unit.WORKING_DAY else gettext("个自然日")
