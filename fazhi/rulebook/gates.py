"""What the rule book asks before a normative document is registered as issued: a legality review that found it
lawful (国办发〔2018〕115号: a document not reviewed, or found unlawful, may not be issued).

The rule book sits below the lines, so it names none: the line that reviews documents declares, from its
`AppConfig.ready`, which of its outcomes allow issue (`accept_reviews_from("legality", {...})`).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

_lawful: dict[str, frozenset[str]] = {}


def accept_reviews_from(line: str, outcomes: Iterable[str]) -> None:
    _lawful[line] = frozenset(outcomes)


def review_refusal(case) -> str | None:
    """None when `case` is a closed legality review whose outcome allows issue; otherwise the reason, in Chinese."""
    if case is None:
        return _("该文件未经合法性审核，不得登记为已发布。")
    outcomes = _lawful.get(case.line)
    if outcomes is None:
        return _("所选案件不是合法性审核案件。")
    if case.closed_on is None:
        return _("合法性审核尚未办结，不得登记为已发布。")
    if case.outcome not in outcomes:
        return _("该文件经合法性审核未通过，不得登记为已发布。")
    return None
