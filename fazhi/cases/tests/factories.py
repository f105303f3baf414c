"""Helpers that open cases through the runner, as every interface does."""

from __future__ import annotations

from datetime import date

from fazhi.accounts.models import Organisation
from fazhi.cases.models import Case
from fazhi.cases.runner import PartyInput, case_open


def org(name: str) -> Organisation:
    return Organisation.objects.get(name=name)


def open_reconsideration(actor, received_on: date = date(2024, 9, 30), **kwargs) -> Case:
    """A reconsideration application received by the city office."""
    return case_open(
        line="reconsideration",
        organisation=org("包头市人民政府行政复议办公室"),
        title=kwargs.pop("title", "不服罚款决定"),
        received_on=received_on,
        actor=actor,
        parties=(PartyInput(role="applicant", name="张三", id_number="11010519491231002X", phone="13812345678"),),
        **kwargs,
    )


DETAILS = {"mediation": {"dispute_type": "neighbour"}, "legal_aid": {"case_category": "civil", "matter": "labour"}}


def open_county_case(actor, county_org: str, line: str = "mediation", received_on: date = date(2024, 5, 6)) -> Case:
    return case_open(
        line=line,
        organisation=org(county_org),
        title="邻里纠纷",
        received_on=received_on,
        actor=actor,
        detail=DETAILS.get(line),
    )
