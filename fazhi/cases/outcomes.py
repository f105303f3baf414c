"""A case's outcome in words: the Chinese label of `Case.outcome` (a code such as `revoked`), read from the line's
procedure, so a list, an export or a report never shows the code.

The procedure already says every way a case closes: a step with `outcome_from` closes with one of that data key's
declared choices (行政复议决定: 撤销, 变更…), a step with a fixed `outcome` closes with it, and its label says how
(准予撤回申请，终止). Where several steps close with the same code, the shortest label (the plainest) is kept.
"""

from __future__ import annotations

from functools import cache

from django.utils.translation import gettext

from fazhi.cases.procedure import Label
from fazhi.cases.registry import procedures


@cache
def outcome_labels(line: str) -> dict[str, Label]:
    """code → label (lazy: shown in the language of the request) of every outcome the line's procedure can close a
    case with."""
    procedure = procedures().get(line)
    if procedure is None:
        return {}
    labels: dict[str, Label] = {}
    for t in procedure.transitions:
        if t.outcome_from:
            labels.update(t.choices[t.outcome_from])
    fixed: dict[str, Label] = {}
    for t in procedure.transitions:
        plainer = t.outcome not in fixed or len(str(t.label)) < len(str(fixed[t.outcome]))
        if t.outcome and t.outcome not in labels and plainer:
            fixed[t.outcome] = t.label
    return labels | fixed


def outcome_label(line: str, code: str) -> str:
    """The outcome in words; "" for none; an unknown code (a line's procedure changed since) as 其他结果."""
    if not code:
        return ""
    label = outcome_labels(line).get(code)
    return str(label) if label is not None else gettext("其他结果")
