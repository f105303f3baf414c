"""How the layers above the kernel hear of case changes, without the kernel importing them.

`indicators` keeps its rollups, `documents` issues a step's document and `rulebook` opens the review that an
incidental finding of a reconsideration calls for, through listeners their apps register at start-up
(`AppConfig.ready`). The runner calls them inside the step's transaction, so a failing listener rolls the whole
step back.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, ExitStack, contextmanager
from typing import Any

# Listeners are called as listener(case_ids, lines=…, clocks=…): `lines` are the cases' lines when the caller has them
# in hand (the runner: its one case's line), None when it does not (the listener then finds them itself); `clocks`,
# {case id: (region code, [every clock of the case])} when the caller holds them (an intake's clocks, all just
# started; a step's, read with the lock, the list kept current by the runner as the step moves them), else None.
OpenListener = Callable[..., None]  # told the ids of cases just opened (or written as history)
StepListener = Callable[..., AbstractContextManager[Any]]  # wraps a step on these cases
DocumentIssuer = Callable[..., Any]  # issue(case=, kind=, actor=, on=, data=, event=) → the document
StepTakenListener = Callable[[Any, Any], Any]  # told (case, event) once a step is recorded, before it commits

_open: list[OpenListener] = []
_step: list[StepListener] = []
_issuer: list[DocumentIssuer] = []
_taken: list[StepTakenListener] = []


def on_case_opened(listener: OpenListener) -> None:
    if listener not in _open:
        _open.append(listener)


def around_step(listener: StepListener) -> None:
    if listener not in _step:
        _step.append(listener)


def after_step(listener: StepTakenListener) -> None:
    if listener not in _taken:
        _taken.append(listener)


def issue_documents_with(issuer: DocumentIssuer) -> None:
    _issuer[:] = [issuer]


def cases_opened(
    case_ids: Sequence[int], lines: Collection[str] | None = None, clocks: Mapping[int, Any] | None = None
) -> None:
    for listener in _open:
        listener(case_ids, lines=lines, clocks=clocks)


@contextmanager
def step_watched(
    case_ids: Sequence[int], lines: Collection[str] | None = None, clocks: Mapping[int, Any] | None = None
) -> Iterator[None]:
    with ExitStack() as stack:
        for listener in _step:
            stack.enter_context(listener(case_ids, lines=lines, clocks=clocks))
        yield


def step_taken(case: Any, event: Any) -> None:
    """Tell the listeners of `after_step` that `event` was recorded on `case` (the runner, inside the step's
    transaction: a listener that raises undoes the step)."""
    for listener in _taken:
        listener(case, event)


def issue_document(**kwargs: Any) -> Any:
    if not _issuer:
        raise LookupError("a step issues a document but no document issuer is installed (fazhi.documents)")
    return _issuer[0](**kwargs)
