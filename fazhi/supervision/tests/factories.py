"""Supervision cases, plans and interviews made the way every interface makes them (the services, then the runner)."""

from __future__ import annotations

from datetime import date

from fazhi.accounts.models import Organisation
from fazhi.cases.models import Case
from fazhi.cases.runner import case_transition
from fazhi.cases.tests.factories import org
from fazhi.supervision.services import Lead, case_register

BODY = "包头市司法局行政执法协调监督科"
AGENCY = "包头市市场监督管理局"


def agency(name: str = AGENCY) -> Organisation:
    return org(name)


def register(actor, received_on: date = date(2024, 3, 4), **kwargs) -> Case:
    lead = Lead(
        source=kwargs.pop("source", "complaint"),
        agency=kwargs.pop("agency", None) or agency(),
        title=kwargs.pop("title", "投诉市场监管局对无证经营举报未依法查处"),
        matter=kwargs.pop("matter", "举报人反映某无证经营餐馆，市场监管局受理举报后三个月未作处理"),
        received_on=received_on,
        informant=kwargs.pop("informant", "王某"),
        **kwargs,
    )
    return case_register(organisation=org(BODY), lead=lead, actor=actor)


def step(case: Case, code: str, actor, on: date, **data) -> Case:
    return case_transition(case=case, code=code, actor=actor, on=on, data=data)


LETTER = {
    "problem": "对无证经营举报受理后逾期未作处理",
    "requirement": "依法调查处理该举报\n将处理结果告知举报人",
}
