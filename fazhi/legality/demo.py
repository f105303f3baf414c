"""The line's demo data (found by the demo app through the line registry): live reviews, and the replay's history.

`load_demo`: a few dozen requests of the city's departments walked through the runner by the demo's reviewer
(legality_clerk) and section head (legality_head): accepted, materials asked for, experts on a contract, reviewers'
and legal advisers' opinions, concluded with the written opinion; the latest few left open with live clocks.
`replay(place)`: the 2023–2024 reviews whose computed figure is the city's 2024 report (`demo_replay`).
`SUMMARY`: the figures the demo loader prints for the line.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from fazhi.accounts.models import Organisation, User
from fazhi.cases.models import Case
from fazhi.cases.runner import case_transition
from fazhi.legality.choices import LINE, ReviewKind
from fazhi.legality.demo_replay import (
    AMENDED,
    CONTRACT_OUTCOMES,
    DEPARTMENTS,
    DOCUMENT_OUTCOMES,
    REFUSED,
    _title,
    replay,
)
from fazhi.legality.services import ReviewRequest, review_register

__all__ = ["SUMMARY", "load_demo", "replay"]

SUMMARY = ("legality_reviews",)  # the city's figure of the replay's last year
KINDS = [ReviewKind.CONTRACT, ReviewKind.CONTRACT, ReviewKind.NORMATIVE_DOCUMENT, ReviewKind.MAJOR_DECISION]


def load_demo(*, count: int = 40, today: date | None = None, seed: int = 2024) -> int:
    """Register and walk `count` requests to the city's legality section; once per database."""
    if Case.objects.filter(line=LINE).exclude(received_on__year__in=(2023, 2024)).exists():
        return 0
    rng = random.Random(seed)
    today = today or timezone.localdate()
    section = Organisation.objects.get(name="包头市司法局合法性审核科")
    clerk, head = User.objects.get(username="legality_clerk"), User.objects.get(username="legality_head")
    for i in range(count):
        open_case = i % 8 == 0
        received = (
            today - timedelta(days=rng.randint(1, 5))
            if open_case
            else date(2025, 1, 6) + timedelta(days=rng.randint(0, 480))
        )
        with transaction.atomic():
            _walk(rng, section, clerk, head, min(received, today), today, open_case)
    return count


def _walk(rng, section, clerk, head, received: date, today: date, open_case: bool) -> None:
    kind = rng.choice(KINDS)
    request = ReviewRequest(
        kind=kind,
        title=_title(rng, kind),
        requesting_body=rng.choice(DEPARTMENTS)[0],
        received_on=received,
        draft_summary="送审稿及起草说明、制定依据、征求意见情况",
    )
    case = review_register(organisation=section, request=request, actor=clerk)
    if open_case:
        return
    on = received

    def step(code: str, actor, days: int, **data):
        nonlocal case, on
        on = min(on + timedelta(days=days), today)
        case = case_transition(case=case, code=code, actor=actor, on=on, data=data)

    if kind == ReviewKind.MAJOR_DECISION:
        step(
            "accept_decision",
            clerk,
            0,
            catalogue_item=f"{received.year}年包头市重大行政决策事项目录第{rng.randint(1, 12)}项",
            comment_days="30",
            expert_review="召开专家论证会",
            risk_assessment="社会稳定风险评估结论为低风险",
            discussion_on=(on + timedelta(days=30)).isoformat(),
        )
    else:
        step("accept", clerk, 0)
    if rng.random() < 0.15:
        step("request_materials", clerk, 1, items="制定依据\n公平竞争审查意见")
        step("materials_received", clerk, rng.randint(2, 6))
    if kind == ReviewKind.CONTRACT and rng.random() < 0.3:
        step("start_expert_review", clerk, 1, matter="合同价款调整和违约责任条款")
        step("expert_review_done", clerk, rng.randint(3, 7), expert_opinion="建议明确价款调整的条件和上限")
    step("comment", clerk, 1, reviewer=clerk.full_name, opinion="经审查，制定主体和程序符合规定")
    if kind == ReviewKind.MAJOR_DECISION:
        step(
            "legal_opinion",
            clerk,
            1,
            reviewer="内蒙古正义律师事务所周律师",
            capacity="legal_adviser",
            opinion="未发现违法情形",
        )
    outcome = rng.choices([c for c, _ in _outcomes(kind)], weights=[w for _, w in _outcomes(kind)])[0]
    data = {"outcome": outcome, "opinion": "经审查，该事项符合法定权限，履行了法定程序"}
    if outcome in AMENDED:
        data["conditions"] = "删除增设审批条件的条款\n明确违约责任和争议解决方式"
    if outcome in REFUSED:
        data["reasons"] = "增设了法律、法规未规定的行政许可条件"
    step("conclude_contract" if kind == ReviewKind.CONTRACT else "conclude", head, rng.randint(1, 3), **data)


def _outcomes(kind: str):
    return CONTRACT_OUTCOMES if kind == ReviewKind.CONTRACT else DOCUMENT_OUTCOMES
