"""The line's demo data (found by the demo app through the line registry).

`replay(place)`: the 2023–2024 records whose figures are the city's 2024 report, and the three registries the line
keeps (`demo_replay`). `load_demo`: a few live leads walked through the runner by the demo's supervisor and section
head. `SUMMARY`: the figures the demo loader prints for the line.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from fazhi.accounts.models import Organisation, OrganisationKind, User
from fazhi.cases.models import Case
from fazhi.cases.runner import case_transition
from fazhi.supervision.choices import LINE
from fazhi.supervision.demo_replay import replay
from fazhi.supervision.services import Lead, case_register

__all__ = ["SUMMARY", "load_demo", "replay"]

SUMMARY = ("rule_of_law_health_checks", "unit_heads_interviewed", "certified_supervisors", "lenient_penalty_cases")
LEADS = [
    ("complaint", "投诉执法人员检查时未出示执法证件"),
    ("referral", "12345热线移送：对无证经营举报久拖不办"),
    ("finding", "案卷评查发现罚款决定未经法制审核"),
    ("complaint", "企业反映同一事项被多个部门重复检查"),
]


def load_demo(*, count: int = 4, today: date | None = None, seed: int = 2024) -> int:
    """Register a few live leads at the city's supervision body and take the first steps; once per database."""
    if Case.objects.filter(line=LINE).exclude(received_on__year__in=(2023, 2024)).exists():
        return 0
    today = today or timezone.localdate()
    section = Organisation.objects.filter(name="包头市司法局行政执法协调监督科").first()
    agency = Organisation.objects.filter(kind=OrganisationKind.ENFORCEMENT_AGENCY, name="包头市市场监督管理局").first()
    clerk = User.objects.filter(username="supervision_clerk").first()
    head = User.objects.filter(username="supervision_head").first()
    if not (section and agency and clerk and head):
        return 0
    for i, (source, title) in enumerate(LEADS[:count]):
        received = today - timedelta(days=3 + 5 * i)
        with transaction.atomic():
            case = case_register(
                organisation=section,
                lead=Lead(source=source, agency=agency, title=title, matter=title, received_on=received),
                actor=clerk,
            )
            if i % 2 == 0:
                case = case_transition(case=case, code="file_case", actor=clerk, on=received, data={})
            if i == 0:
                case_transition(
                    case=case,
                    code="issue_opinion",
                    actor=head,
                    on=received + timedelta(days=1),
                    data={"problem": title, "requirement": "依法纠正", "rectify_days": "15"},
                )
    return count
