"""The line's demo data (found by the demo app through the line registry): walked cases, and the replay's history.

`load_demo`: the hardship standard, consultations, and a few hundred applications walked to closure. Each goes
through the runner (review, materials notice, grant or refusal, assignment, closure report, quality review; some
notified criminal cases and objections), so the figures are computed from case records.

`replay(place)`: the 2023–2024 records whose computed figures are the city's 2024 report (`demo_replay`).
`SUMMARY`: the figures the demo loader prints for the line.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from fazhi.accounts.models import Organisation, User
from fazhi.cases.models import Case
from fazhi.cases.runner import PartyInput, case_transition
from fazhi.core.lines import Line
from fazhi.indicators.tallies import record_rows
from fazhi.legal_aid.demo_replay import replay
from fazhi.legal_aid.models import Consultation, HardshipStandardRecord
from fazhi.legal_aid.services import AidApplication, aid_application_register

__all__ = ["SUMMARY", "load_demo", "replay"]

SUMMARY = ("cases", "recovered_for_workers_yuan")  # the city's figures of the replay's last year
NAMES = ["白音", "高建平", "韩素芬", "吕志军", "苏日娜", "宋国庆", "邢桂花", "朝鲁", "马金花", "杜永强"]
LAWYERS = [
    ("周律师", "内蒙古正义律师事务所", 8),
    ("吴律师", "包头鹿城律师事务所", 2),
    ("郑律师", "包头北方律师事务所", 12),
]


def load_demo(*, count: int = 80, today: date | None = None, seed: int = 2024) -> int:
    """Create the standard, 300 consultations and `count` applications; once per database."""
    if Case.objects.filter(line=Line.LEGAL_AID).exists():
        return 0
    rng = random.Random(seed)
    today = today or timezone.localdate()
    centre = Organisation.objects.get(name="包头市法律援助中心")
    clerk, head = User.objects.get(username="city_clerk"), User.objects.get(username="city_head")
    HardshipStandardRecord.objects.get_or_create(
        region_id="150200000000",
        effective_from=date(2023, 1, 1),
        defaults={"monthly_income_per_capita": Decimal("1680"), "basis": "参照内蒙古自治区最低工资标准（演示数据）"},
    )
    callers = random.Random(seed + 1)  # the callers' (made-up) phones: their own draws, the rest stays as it was
    light = Consultation.objects.bulk_create(  # bulk_create encrypts the phones and computes their blind indexes
        Consultation(
            organisation=centre,
            region=centre.region,
            channel=rng.choice(["walk_in", "hotline_12348", "online"]),
            phone=f"139{callers.randint(10000000, 99999999)}" if callers.random() < 0.6 else "",
            on=date(2025, 1, 2) + timedelta(days=rng.randint(0, 360)),
            matter=rng.choice(["labour", "maintenance", "injury", ""]),
            summary=rng.choice(
                ["咨询拖欠工资如何维权", "咨询离婚财产分割", "咨询工伤认定程序", "咨询借款纠纷诉讼时效"]
            ),
            handled_by=clerk,
        )
        for _ in range(300)
    )
    record_rows(Consultation, [c.pk for c in light])  # a bulk write sends no signal: the consultations' tally
    made = 0
    for i in range(count):
        received = (
            date(2025, 1, 2) + timedelta(days=rng.randint(0, 330))
            if i % 10
            else today - timedelta(days=rng.randint(1, 6))
        )
        with transaction.atomic():
            _walk(rng, centre, clerk, head, min(received, today), today, open_case=i % 10 == 0)
        made += 1
    return made


def _walk(rng, centre, clerk, head, received: date, today: date, open_case: bool) -> None:
    notified = rng.random() < 0.15
    worker = not notified and rng.random() < 0.45
    application = AidApplication(
        applicant=PartyInput(role="applicant", name=rng.choice(NAMES)),
        case_category="criminal"
        if notified
        else rng.choice(["civil", "civil", "civil", "administrative", "non_litigation"]),
        summary="刑事辩护" if notified else ("追索劳动报酬" if worker else "民事代理"),
        received_on=received,
        route="notified" if notified else "application",
        notifier="court" if notified else "",
        notified_ground=rng.choice(["minor", "life_or_death", "disabled_sensory"]) if notified else "",
        matter="" if notified else ("labour" if worker else rng.choice(["maintenance", "injury", "social_insurance"])),
        exemption_ground="migrant_worker_wages" if worker else "",
        monthly_income_per_capita=None if notified or worker else Decimal(rng.randint(800, 2200)),
        verification="" if notified or worker else "integrity_undertaking",
        recipient_group=rng.choice(["migrant_worker", "herder"]) if worker else "",
        claim_kind=rng.choice(["wages", "wages", "work_injury"]) if worker else "",
    )
    application.life_or_death = application.notified_ground == "life_or_death"  # art. 26 applies to assignment
    case = aid_application_register(organisation=centre, application=application, actor=clerk)
    if open_case:
        return
    on = received

    def step(code: str, actor, days: int, **data):
        nonlocal case, on
        on = min(on + timedelta(days=days), today)
        case = case_transition(case=case, code=code, actor=actor, on=on, data=data)

    name, firm, years = rng.choice([lw for lw in LAWYERS if lw[2] >= 3] if application.life_or_death else LAWYERS)
    assign = {"assignee_kind": "lawyer", "lawyer": name, "firm": firm, "practice_years": str(years)}
    if notified:
        step("assign_notified", clerk, rng.randint(0, 2), **assign)
    else:
        if rng.random() < 0.15:
            step(
                "request_materials",
                clerk,
                1,
                items="申请人身份证明\n经济困难状况说明（个人诚信承诺）\n劳动合同或者工资欠条",
            )
            step("materials_received", clerk, rng.randint(2, 6))
        if not case.legal_aid.qualifies:
            step("refuse", head, rng.randint(1, 5), reasons="家庭人均收入高于本地经济困难标准")
            if rng.random() < 0.3:
                bureau = User.objects.get(username="leader")  # art. 49: the bureau that set up the centre
                step("file_objection", bureau, 2, objection="家庭收入计算有误，应当扣除家庭成员的大额医疗支出")
                step(
                    "dismiss_objection",
                    bureau,
                    3,
                    facts="经核查申请人提交的收入证明，其家庭人均月收入高于本地经济困难标准",
                    reasons="法律援助中心作出的不予法律援助决定认定事实清楚，符合法律援助法第四十三条的规定",
                )
            return
        step("grant", head, rng.randint(1, 5))
        step("assign", clerk, rng.randint(0, 2), **assign)
    if rng.random() < 0.03:
        step("terminate", head, rng.randint(10, 40), ground="6", reasons="受援人自行委托律师")
        return
    result = "defence" if notified else rng.choice(["won", "won", "mediated", "partly_won", "lost"])
    awarded = Decimal(rng.randint(5, 120) * 1000) if worker and result != "lost" else None
    amounts = (
        {
            "amount_awarded": str(awarded),
            "amount_collected": str(awarded * Decimal("0.9")),
            "basis_document": "民事调解书（演示）",
        }
        if awarded
        else {}
    )
    step("close", clerk, rng.randint(30, 120), result=result, report="案件办结，已提交结案报告", **amounts)
    if rng.random() < 0.6:
        step(
            "quality_review", head, rng.randint(5, 30), quality_grade=rng.choice(["excellent", "good", "good", "pass"])
        )
