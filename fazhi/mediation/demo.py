"""The line's demo data (found by the demo app through the line registry): walked disputes, and the replay's history.

`load_demo`: committees with their members and mediators, and a few hundred disputes recorded the way mediators
record them — most through the one-screen quick entry, some step by step with sessions, written agreements,
judicial confirmation and follow-up visits — so every figure of the line is computed from case-level records.
Deterministic for a given seed and `today`.

`replay(place)`: the 2023–2024 records whose computed figures are the city's 2024 report (`demo_replay`).
`SUMMARY`: the figures the demo loader prints for the line.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from fazhi.accounts.models import Membership, Organisation, User
from fazhi.cases.models import Case
from fazhi.cases.runner import PartyInput, case_transition
from fazhi.core.calendar import work_calendar
from fazhi.core.lines import Line
from fazhi.mediation.choices import DisputeType, LineRole
from fazhi.mediation.demo_replay import replay
from fazhi.mediation.models import Campaign, Committee, CommitteeMember, Mediator, Training
from fazhi.mediation.services import Dispute, QuickOutcome, dispute_quick_record, dispute_register

__all__ = ["SUMMARY", "load_demo", "replay"]

SUMMARY = ("disputes_mediated", "successful", "success_rate_pct")  # the city's figures of the replay's last year

# (organisation name, region code, committee kind, short name)
COMMITTEES = [
    ("和平路街道人民调解委员会", "150202001000", "township", "和"),
    ("环西社区人民调解委员会", "150202001012", "village", "环"),
    ("包头市医疗纠纷人民调解委员会", "150200000000", "industry", "医"),
    ("昆都仑区道路交通事故人民调解委员会", "150203000000", "industry", "交"),
]
NAMES = ["王秀兰", "李建国", "张玉梅", "刘志刚", "陈淑珍", "杨卫东", "乌云", "巴图", "赵桂英", "孙海"]
TYPE_WEIGHTS = {
    DisputeType.NEIGHBOUR: 22,
    DisputeType.MARRIAGE_FAMILY: 18,
    DisputeType.CONTRACT: 9,
    DisputeType.DAMAGES: 8,
    DisputeType.HOUSING_LAND: 7,
    DisputeType.LABOUR: 7,
    DisputeType.PROPERTY_MANAGEMENT: 6,
    DisputeType.TRAFFIC: 6,
    DisputeType.CONSUMER: 5,
    DisputeType.BUSINESS: 4,
    DisputeType.MEDICAL: 3,
    DisputeType.FOREST_LAND: 2,
    DisputeType.EXPROPRIATION: 1,
    DisputeType.ENVIRONMENT: 1,
    DisputeType.OTHER: 1,
}


def _committees(rng: random.Random) -> list[tuple[Committee, Mediator, User]]:
    parent = Organisation.objects.get(name="和平路司法所")
    made = []
    persona = User.objects.get(username="mediator")
    for i, (name, region, kind, short) in enumerate(COMMITTEES):
        organisation, _ = Organisation.objects.get_or_create(
            name=name, region_id=region, defaults={"short_name": short, "kind": "mediation_committee", "parent": parent}
        )
        committee, created = Committee.objects.get_or_create(
            organisation=organisation,
            defaults={
                "kind": kind,
                "industry_field": {"医": "medical", "交": "traffic"}.get(short, ""),
                "multi_ethnic_area": True,
                "term_start": date(2023, 1, 1),
                "term_end": date(2025, 12, 31),
            },
        )
        if created:
            for j, member in enumerate(rng.sample(NAMES, 5)):
                CommitteeMember.objects.create(
                    committee=committee,
                    name=member,
                    role="chair" if j == 0 else "member",
                    gender="female" if member[-1] in "兰梅珍英" or member == "乌云" else "male",
                    ethnicity="蒙古族" if member in ("乌云", "巴图") else "汉族",
                    ethnic_minority=member in ("乌云", "巴图"),
                    joined_on=date(2023, 1, 1),
                )
        user = (
            persona
            if i == 0
            else User.objects.get_or_create(username=f"mediator{i}", defaults={"full_name": f"调解员{i}"})[0]
        )
        Membership.objects.get_or_create(
            user=user, organisation=organisation, role=LineRole.MEDIATOR, defaults={"lines": [Line.MEDIATION]}
        )
        mediator, _ = Mediator.objects.get_or_create(
            committee=committee,
            name=user.full_name or user.username,
            defaults={"user": user, "kind": "member", "phone": f"1384720{i:04d}"},  # made up; stored encrypted
        )
        if not mediator.trainings.exists():
            Training.objects.create(
                mediator=mediator,
                held_on=date(2025, 3, 14),
                topic="民法典婚姻家庭编与调解技巧",
                hours=Decimal("6"),
                organiser="包头市司法局",
            )
        made.append((committee, mediator, user))
    return made


def load_demo(*, count: int = 120, today: date | None = None, seed: int = 2024) -> int:
    """Create committees and `count` disputes in 2025 plus a few open ones near `today`; once per database."""
    if Case.objects.filter(line=Line.MEDIATION).exists():
        return 0
    rng = random.Random(seed)
    today = today or timezone.localdate()
    calendar = work_calendar()
    committees = _committees(rng)
    campaign = Campaign.objects.get_or_create(
        organisation=committees[0][0].organisation,
        kind="special",
        name="2025年春节前矛盾纠纷专项排查",
        defaults={"starts_on": date(2025, 1, 13), "ends_on": date(2025, 1, 27), "screenings": 12},
    )[0]
    types, weights = list(TYPE_WEIGHTS), list(TYPE_WEIGHTS.values())
    made = 0
    for i in range(count):
        committee, mediator, user = committees[i % len(committees)]
        recent = i % 15 == 14
        received = (
            today - timedelta(days=rng.randint(1, 20))
            if recent
            else date(2025, 1, 2) + timedelta(days=rng.randint(0, 350))
        )
        received = min(calendar.next_working_day(received), today)
        dispute = Dispute(
            parties=[
                PartyInput(role="applicant", name=rng.choice(NAMES)),
                PartyInput(role="respondent", name=rng.choice(NAMES)),
            ],
            dispute_type=rng.choices(types, weights)[0],
            summary=rng.choice(["因琐事发生争执", "因欠款发生纠纷", "因房屋漏水发生纠纷", "因赡养问题发生纠纷"]),
            received_on=received,
            source=rng.choice(["application", "application", "proactive", "referral_court", "referral_police"]),
            amount=Decimal(rng.randint(1, 200) * 500) if rng.random() < 0.6 else None,
            persons_involved=rng.randint(2, 8),
            escalation_risk=rng.random() < 0.05,
            campaign=campaign if date(2025, 1, 13) <= received <= date(2025, 1, 27) else None,
            mediator=mediator,
        )
        with transaction.atomic():
            if recent:
                case = dispute_register(organisation=committee.organisation, dispute=dispute, actor=user)
                if rng.random() < 0.6:
                    case_transition(case=case, code="accept", actor=user, on=received)
            elif rng.random() < 0.75:
                ok = rng.random() < 0.989  # as in Baotou 2024: 98.9% of mediated disputes succeeded
                outcome = QuickOutcome(
                    ("agree_oral" if rng.random() < 0.6 else "agree_written") if ok else "terminate",
                    min(received + timedelta(days=rng.randint(0, 10)), today),
                    terms="被申请人当场向申请人赔礼道歉并赔偿损失，双方就本纠纷再无其他争议" if ok else "",
                    reasons="" if ok else "双方分歧较大",
                    routes="" if ok else "可向人民法院起诉",
                )
                dispute_quick_record(organisation=committee.organisation, dispute=dispute, outcome=outcome, actor=user)
            else:
                _step_by_step(rng, committee, user, dispute, today)
        made += 1
    return made


def _step_by_step(rng: random.Random, committee: Committee, user: User, dispute: Dispute, today: date) -> None:
    case = dispute_register(organisation=committee.organisation, dispute=dispute, actor=user)
    on = dispute.received_on

    def step(code: str, days: int, **data):
        nonlocal case, on
        on = min(on + timedelta(days=days), today)
        if "agreement_effective_on" in data:  # the agreement takes effect the day everyone signed: today's step
            data["agreement_effective_on"] = on.isoformat()
        case = case_transition(case=case, code=code, actor=user, on=on, data=data)

    if rng.random() < 0.04:
        step("decline", 1, reasons="一方当事人明确拒绝调解")
        return
    step("accept", 0)
    step("session", rng.randint(1, 5), record="组织双方面对面调解")
    step(
        "agree_written",
        rng.randint(1, 10),
        facts="双方对纠纷发生的经过无异议，争议在于赔偿数额和履行期限；经调解，被申请人承认应承担主要责任。",
        terms="被申请人分两期向申请人支付赔偿款，每月月底前支付一期\n申请人收到全部款项后，双方就本纠纷再无其他争议",
        agreement_effective_on=None,
    )
    if rng.random() < 0.3:
        step("apply_confirmation", rng.randint(3, 20), court="包头市东河区人民法院")
        step("record_confirmation", rng.randint(5, 20), confirmation_result="granted")
    if rng.random() < 0.8:
        step(
            "follow_up",
            rng.randint(10, 40),
            performance=rng.choice(["performed", "performed", "partly"]),
            record="电话回访，协议履行情况良好",
        )
