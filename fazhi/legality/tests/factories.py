"""Review requests registered and stepped the way every interface does (the service, then the runner)."""

from __future__ import annotations

from datetime import date

from fazhi.cases.models import Case
from fazhi.cases.runner import case_transition
from fazhi.cases.tests.factories import org
from fazhi.legality.services import ReviewRequest, review_register

SECTION = "包头市司法局合法性审核科"
TITLES = {
    "normative_document": "包头市促进民营经济发展若干措施（送审稿）",
    "major_decision": "包头市中心城区停车收费调整方案",
    "contract": "包头市城区供热特许经营协议",
}


def request_review(
    actor, kind: str, received_on: date = date(2024, 3, 4), organisation: str = SECTION, **kwargs
) -> Case:
    """A request of `kind` from the city's housing bureau, its materials received on `received_on` (Mon 2024-03-04)."""
    request = ReviewRequest(
        kind=kind,
        title=kwargs.pop("title", TITLES[kind]),
        requesting_body=kwargs.pop("requesting_body", "包头市住房和城乡建设局"),
        received_on=received_on,
        draft_summary=kwargs.pop("draft_summary", "草案文本及起草说明"),
    )
    return review_register(organisation=org(organisation), request=request, actor=actor)


def step(case: Case, code: str, actor, on: date, **data) -> Case:
    return case_transition(case=case, code=code, actor=actor, on=on, data=data)


def review_clock(case: Case):
    return case.deadlines.get(clock="review")


DECISION_RECORD = {
    "catalogue_item": "2024年包头市重大行政决策事项目录第3项",
    "comment_days": "30",
    "expert_review": "组织5名专家论证会",
    "risk_assessment": "社会稳定风险评估为低风险",
    "discussion_on": "2024-03-29",
}
