"""人民调解 in the demo replay: two years of disputes over a few hundred committees, as their mediators recorded them.

Written through the kernel's history writer, so each dispute's state, dates and outcome come from the steps of this
line's procedure. The last year reproduces Baotou's report: 40,120 disputes mediated, 98.9% of them successfully.
Committees sit in every township, in 200 drawn villages and in ten industries; each has members and mediators.
"""

from __future__ import annotations

import itertools
import math
import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from fazhi.accounts.models import Organisation, OrganisationKind
from fazhi.cases.history import PastCase, Step, history_write_many
from fazhi.cases.models import Case
from fazhi.cases.runner import PartyInput
from fazhi.cases.sampling import (
    MONGOL,
    Days,
    Place,
    Table,
    body,
    log_uniform,
    person,
    scaled,
    strip_suffix,
    weighted,
)
from fazhi.core.lines import Line
from fazhi.core.models import Region
from fazhi.mediation.choices import OrganisationKind as MediationKind
from fazhi.mediation.models import Campaign, Committee, CommitteeMember, MediationDetail, Mediator

MEDIATED = {2023: (37_375, 531), 2024: (39_679, 441)}  # (successful, failed): 2024 → 40,120 mediated, 98.90%
DECLINED = {2023: 455, 2024: 402}
OPEN_AT_YEAR_END = 260  # received in the last weeks of the last year, settled in the January after
MEDIATION_MONTHS = [9.8, 8.9, 8.4, 8.0, 8.3, 8.0, 8.1, 8.2, 7.9, 8.1, 8.3, 8.0]  # disputes peak around 春节
TYPE_WEIGHTS = {
    "neighbour": 24,
    "marriage_family": 20,
    "housing_land": 8,
    "damages": 8,
    "contract": 7,
    "property_management": 6,
    "labour": 5,
    "consumer": 4,
    "other": 4,
    "forest_land": 3,
    "business": 3,
    "traffic": 3,
    "expropriation": 2,
    "medical": 1,
    "environment": 1,
}
RURAL = {"150221000000", "150222000000", "150223000000", "150205000000"}
AMOUNTS = {
    "neighbour": (200, 8000),
    "marriage_family": (3000, 150000),
    "housing_land": (5000, 200000),
    "damages": (1000, 80000),
    "contract": (3000, 300000),
    "property_management": (300, 20000),
    "labour": (2000, 80000),
    "consumer": (200, 20000),
    "forest_land": (2000, 100000),
    "business": (5000, 300000),
    "traffic": (2000, 300000),
    "expropriation": (20000, 500000),
    "medical": (10000, 600000),
    "environment": (2000, 100000),
    "other": (500, 30000),
}
SUMMARIES = {
    "neighbour": ["因通道通行发生争执", "因房屋漏水发生纠纷", "因噪音扰民发生纠纷", "因堆放杂物发生争执"],
    "marriage_family": ["因赡养问题发生纠纷", "因离婚财产分割发生纠纷", "因子女抚养发生纠纷", "因家庭琐事发生矛盾"],
    "housing_land": ["因宅基地界址发生纠纷", "因房屋买卖发生纠纷"],
    "damages": ["因人身损害赔偿发生纠纷", "因财产损失赔偿发生纠纷"],
    "contract": ["因借款合同发生纠纷", "因买卖合同发生纠纷", "因租赁合同发生纠纷"],
    "property_management": ["因物业费缴纳发生纠纷", "因小区停车管理发生纠纷"],
    "labour": ["因拖欠工资发生纠纷", "因解除劳动关系补偿发生纠纷"],
    "consumer": ["因商品质量发生纠纷", "因预付卡退费发生纠纷"],
    "forest_land": ["因草场边界发生纠纷", "因土地承包经营权发生纠纷"],
    "business": ["因合伙经营发生纠纷", "因养殖经营发生纠纷"],
    "traffic": ["因道路交通事故赔偿发生纠纷"],
    "expropriation": ["因征地补偿发生纠纷", "因拆迁安置发生纠纷"],
    "medical": ["因诊疗损害赔偿发生纠纷"],
    "environment": ["因油烟污染发生纠纷", "因养殖污染发生纠纷"],
    "other": ["因其他事项发生纠纷"],
}
INDUSTRY = [  # (name, region, field, dispute type, share of the city's disputes)
    ("包头市医疗纠纷人民调解委员会", "150200000000", "medical", "medical", 0.012),
    ("包头市劳动人事争议人民调解委员会", "150200000000", "labour", "labour", 0.02),
    ("包头市物业纠纷人民调解委员会", "150200000000", "property", "property_management", 0.02),
    ("包头市道路交通事故人民调解委员会", "150200000000", "traffic", "traffic", 0.015),
    ("东河区道路交通事故人民调解委员会", "150202000000", "traffic", "traffic", 0.01),
    ("昆都仑区道路交通事故人民调解委员会", "150203000000", "traffic", "traffic", 0.015),
    ("青山区道路交通事故人民调解委员会", "150204000000", "traffic", "traffic", 0.01),
    ("九原区道路交通事故人民调解委员会", "150207000000", "traffic", "traffic", 0.006),
    ("土默特右旗道路交通事故人民调解委员会", "150221000000", "traffic", "traffic", 0.006),
    ("昆都仑区劳动争议人民调解委员会", "150203000000", "labour", "labour", 0.008),
]
TYPES = Table(TYPE_WEIGHTS.items())
RURAL_TYPES = Table((t, w * (2.5 if t in ("forest_land", "housing_land") else 1)) for t, w in TYPE_WEIGHTS.items())
TRAFFIC_SOURCES = Table([("referral_police", 50), ("application", 40), ("referral_court", 10)])
SOURCES = Table(
    [("application", 48), ("proactive", 30), ("referral_court", 9), ("referral_police", 9), ("referral_other", 4)]
)
SPANS = Table([((0, 0), 40), ((1, 3), 25), ((4, 10), 20), ((11, 30), 15)])
PERFORMANCE = Table([("performed", 95), ("partly", 2), ("pending", 2), ("not_performed", 1)])
HOSPITALS = ["包头市中心医院", "包头医学院第一附属医院", "包头市第四医院", "包钢医院"]
VILLAGE_COMMITTEES = 200


@dataclass
class _Committee:
    committee: Committee
    mediators: list[Mediator]
    region: str
    county: str
    weight: float
    dispute_type: str = ""  # industry committees take one type


def replay(place: Place) -> int:
    """Write the line's records of `place.years`; returns the number of disputes written."""
    rng = place.rng(Line.MEDIATION)
    committees = _committees(rng, place)
    cumulative = list(itertools.accumulate(c.weight for c in committees))
    campaigns = {year: _campaigns(place.bureau, year) for year in place.years}
    pasts = []
    for year in place.years:
        success, failed = (scaled(n, place.scale) for n in MEDIATED[year])
        plans = ["success"] * success + ["failed"] * failed + ["declined"] * scaled(DECLINED[year], place.scale)
        if year == place.years[-1]:
            plans += ["next_year"] * scaled(OPEN_AT_YEAR_END, place.scale)
        rng.shuffle(plans)
        for plan in plans:
            c = rng.choices(committees, cum_weights=cumulative)[0]
            pasts.append(_dispute(rng, place, c, year, plan, campaigns[year]))
    pasts.sort(key=lambda p: p.case.received_on)  # numbered in order of receipt
    history_write_many(pasts)
    return len(pasts)


def _campaigns(bureau: Organisation, year: int) -> list[Campaign]:
    return [
        Campaign.objects.get_or_create(
            organisation=bureau,
            kind=kind,
            name=name,
            defaults={"starts_on": start, "ends_on": end, "screenings": screenings},
        )[0]
        for kind, name, start, end, screenings in (
            ("special", f"{year}年春节前矛盾纠纷专项排查", date(year, 1, 8), date(year, 2, 2), 860),
            ("screening", f"{year}年秋冬季矛盾纠纷排查化解专项行动", date(year, 10, 9), date(year, 11, 29), 1240),
        )
    ]


def _committees(rng: random.Random, place: Place) -> list[_Committee]:
    shares = {a.code: a.share for a in place.areas}
    townships = list(Region.objects.filter(level="township", code__startswith=place.code[:4]).order_by("code"))
    villages = list(Region.objects.filter(level="village", code__startswith=place.code[:4]).order_by("code"))
    chosen = {v.code for v in rng.sample(villages, min(VILLAGE_COMMITTEES, len(villages)))} | {"150202001012"}
    offices: dict[str, Organisation] = {}
    specs: list[tuple[str, str, str, str, str, Organisation, float]] = []  # name, short, region, county, kind…
    per_county = Counter(t.code[:6] for t in townships)
    for t in townships:
        county = t.code[:6].ljust(12, "0")
        base = strip_suffix(t.name, ["街道办事处", "办事处", "街道", "镇", "乡", "苏木"])
        office_kind = OrganisationKind.JUSTICE_OFFICE
        offices[t.code] = body(f"{base}司法所", t.code, office_kind, base[:2], place.bureau_of(county))
        share = shares.get(county, 0.01) * 0.88 / per_county[t.code[:6]]
        specs.append((f"{t.name}人民调解委员会", base[:2], t.code, county, "township", offices[t.code], share * 0.4))
    village_counts = Counter(v.code[:9] for v in villages if v.code in chosen)
    for v in villages:
        if v.code not in chosen:
            continue
        county = v.code[:6].ljust(12, "0")
        township = v.code[:9].ljust(12, "0")
        parent = offices.get(township) or place.bureau_of(county)
        base = strip_suffix(v.name, ["村民委员会", "居民委员会", "村委会", "居委会", "委员会"])
        n = village_counts[v.code[:9]]
        t_share = next((s[6] / 0.4 for s in specs if s[2] == township), 0.001)
        specs.append((f"{base}人民调解委员会", base[:2], v.code, county, "village", parent, t_share * 0.6 / n))
    made = [_committee(rng, *spec[:5], "", spec[5], spec[6]) for spec in specs]
    for name, region, field_, dtype, share in INDUSTRY:
        parent = place.bureau_of(region)
        made.append(_committee(rng, name, name[:2], region, region, "industry", field_, parent, share, dtype))
    return made


def _committee(rng, name, short, region, county, kind, field_, parent, weight, dtype="") -> _Committee:
    organisation = body(name, region, MediationKind.MEDIATION_COMMITTEE, short, parent)
    committee, created = Committee.objects.get_or_create(
        organisation=organisation,
        defaults={
            "kind": kind,
            "industry_field": field_,
            "multi_ethnic_area": True,
            "term_start": date(2024, 1, 1),
            "term_end": date(2026, 12, 31),
        },
    )
    if created or not committee.members.exists():
        members = []
        for j in range(rng.randint(3, 7)):
            minority = j == 1
            members.append(
                CommitteeMember(
                    committee=committee,
                    name=rng.choice(MONGOL) if minority else person(rng),
                    role="chair" if j == 0 else "vice_chair" if j == 3 else "member",
                    gender="female" if j in (1, 2) or rng.random() < 0.3 else "male",
                    ethnicity="蒙古族" if minority else "汉族",
                    ethnic_minority=minority,
                    joined_on=date(2024, 1, 1),
                )
            )
        CommitteeMember.objects.bulk_create(members)
    mediators = list(committee.mediators.order_by("id"))
    if len(mediators) < 2:
        n = 2 + (kind != "village") + (kind == "industry") * 2
        mediators += Mediator.objects.bulk_create(
            Mediator(
                committee=committee,
                name=person(rng),
                kind=weighted(rng, [("member", 6), ("hired", 3), ("full_time", 2 if kind == "industry" else 0)]),
            )
            for _ in range(n)
        )
    return _Committee(committee, mediators, region, county, weight * math.exp(rng.gauss(0, 0.35)), dtype)


def _dispute(
    rng: random.Random, place: Place, c: _Committee, year: int, plan: str, campaigns: list[Campaign]
) -> PastCase:
    dtype = c.dispute_type or (RURAL_TYPES if c.county in RURAL else TYPES).draw(rng)
    received, closed = _dates(rng, place.days, year, plan, first_year=year == place.years[0])
    source = (TRAFFIC_SOURCES if dtype == "traffic" and c.dispute_type else SOURCES).draw(rng)
    channel = {"proactive": "field", "application": "walk_in" if rng.random() < 0.7 else "phone"}.get(
        source, "referral"
    )
    applicant = person(rng)
    respondent = (
        place.company(rng) if dtype in ("labour", "consumer", "medical", "property_management") else person(rng)
    )
    if dtype == "medical":
        respondent = rng.choice(HOSPITALS)
    summary = rng.choice(SUMMARIES[dtype])
    amount = log_uniform(rng, *AMOUNTS[dtype]) if rng.random() < 0.55 or dtype in ("traffic", "medical") else None
    persons = weighted(rng, [(2, 70), (rng.randint(3, 5), 25), (rng.randint(6, 30), 5)])
    risk = rng.random() < 0.012
    campaign = next((k for k in campaigns if k.starts_on <= received <= (k.ends_on or received)), None)
    mediator = rng.choice(c.mediators)
    case = Case(
        line=Line.MEDIATION,
        organisation=c.committee.organisation,
        region_id=c.region,
        title=f"{applicant}{summary}"[:200],
        channel=channel,
        received_on=received,
    )
    detail = MediationDetail(
        source=source,
        dispute_type=dtype,
        amount=amount,
        persons_involved=persons,
        campaign=campaign if source == "proactive" else None,
        mediator=mediator,
        mediator_chosen_by_parties=rng.random() < 0.05,
        escalation_risk=risk,
    )
    organisation = "organisation" if respondent.endswith(("公司", "医院")) else "person"
    parties = [
        PartyInput(role="applicant", name=applicant),
        PartyInput(role="respondent", name=respondent, kind=organisation),
    ]
    steps = _steps(rng, c, plan, received, closed, amount)
    if risk and any(s.code.startswith("agree_") for s in steps):
        detail.escalation_prevented = True
    return PastCase(case, detail, parties, steps, note=place.note)


def _dates(rng: random.Random, days: Days, year: int, plan: str, first_year: bool) -> tuple[date, date]:
    if plan == "next_year":
        received = date(year, 12, rng.randint(10, 31))
        settled = date(year + 1, 1, 2) + timedelta(rng.randint(0, 9))
        return received, max(received + timedelta(days=rng.randint(5, 25)), settled)
    closed = days.draw(rng, year, MEDIATION_MONTHS, working=False)
    span = SPANS.draw(rng)
    received = closed - timedelta(days=0 if plan == "declined" else rng.randint(*span))
    if plan == "declined":
        received = closed - timedelta(days=rng.randint(0, 3))
    if first_year:
        received = max(received, date(year, 1, 1))
    return received, closed


def _steps(rng: random.Random, c: _Committee, plan: str, received: date, closed: date, amount) -> list[Step]:
    if plan == "declined":
        return [Step("decline", closed, data={"reasons": "一方当事人明确拒绝调解，告知其他解决途径"})]
    accepted = min(received + timedelta(days=rng.choice([0, 0, 0, 1, 2])), closed)
    steps = [Step("accept", accepted)]
    if plan == "failed":
        ended = {"reasons": "双方分歧较大，调解不成", "routes": "告知当事人可依法向人民法院起诉"}
        return [*steps, Step("terminate", closed, data=ended)]
    written = rng.random() < (0.75 if amount and amount > 10000 else 0.35)
    terms: dict[str, Any] = {"terms": "双方达成一致，按协议约定履行" if written else "双方达成一致，当场履行"}
    if amount:
        terms["agreement_amount"] = str((amount * Decimal(rng.uniform(0.5, 1.0))).quantize(Decimal(100)))
    if written:
        steps.append(Step("agree_written", closed, data={**terms, "agreement_effective_on": closed.isoformat()}))
    else:
        steps.append(Step("agree_oral", closed, data=terms))
    on = closed
    if written and rng.random() < 0.06:
        on += timedelta(days=rng.randint(2, 10))
        steps.append(Step("apply_confirmation", on, data={"court": f"{c.committee.organisation.region.name}人民法院"}))
        on += timedelta(days=rng.randint(5, 15))
        result = "granted" if rng.random() < 0.96 else "rejected"
        steps.append(Step("record_confirmation", on, data={"confirmation_result": result}))
    if rng.random() < 0.9:  # 回访: most committees call back on every agreement
        on += timedelta(days=rng.randint(7, 40))
        performance = PERFORMANCE.draw(rng)
        steps.append(Step("follow_up", on, data={"performance": performance, "record": "电话回访，了解协议履行情况"}))
    return steps
