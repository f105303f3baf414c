"""Legality-review writes beyond one step: a request registered with its kind and the requesting body."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fazhi.accounts.models import Organisation
from fazhi.cases.models import Case
from fazhi.cases.runner import PartyInput, case_open
from fazhi.legality.choices import LINE


@dataclass
class ReviewRequest:
    """A request for review: what is sent (its kind and title), by whom, when its materials arrived."""

    kind: str
    title: str
    requesting_body: str
    received_on: date  # the day the materials were received: the review period counts from it
    draft_summary: str = ""
    channel: str = "walk_in"


def review_register(*, organisation: Organisation, request: ReviewRequest, actor) -> Case:
    """Register the request: the requesting body as the applicant, the kind and draft on the line's detail; the
    review clock starts with the period the kind and the jurisdiction give (fazhi.legality.periods)."""
    r = request
    return case_open(
        line=LINE,
        organisation=organisation,
        title=r.title[:200],
        received_on=r.received_on,
        actor=actor,
        channel=r.channel,
        parties=(PartyInput(role="applicant", name=r.requesting_body, kind="organisation"),),
        detail={"kind": r.kind, "draft_summary": r.draft_summary},
    )
