"""法律援助 in the demo replay: two years of applications and notified criminal cases, with lawyers and money recovered.

Written through the kernel's history writer, so each case's state, dates and outcome come from the steps of this
line's procedure. The last year reproduces Baotou's report: 2,320 legal-aid cases (accepted in the year) and
¥8,181,000 recovered for migrant workers and herders in the wage and work-injury cases closed in the year.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from fazhi.accounts.models import Organisation, User
from fazhi.cases.history import PastCase, Step, history_walk, history_write_many
from fazhi.cases.models import Case
from fazhi.cases.runner import PartyInput
from fazhi.cases.sampling import OFFICE_MONTHS, Place, body, handlers, log_uniform, person, scaled, weighted
from fazhi.core.lines import Line
from fazhi.legal_aid.choices import OrganisationKind
from fazhi.legal_aid.models import LegalAidDetail

AID_CASES = {2023: 2105, 2024: 2320}  # accepted in the year (法律援助案件 = 受理之日在年内)
AID_REFUSED = {2023: 88, 2024: 96}
AID_WITHDRAWN = {2023: 18, 2024: 20}
RECOVERED = Decimal(8_181_000)  # Σ awarded, worker wage and work-injury cases closed in the last year
FIRMS = [
    ("内蒙古正义律师事务所", "lawyer"),
    ("包头鹿城律师事务所", "lawyer"),
    ("包头北方律师事务所", "lawyer"),
    ("内蒙古钢城律师事务所", "lawyer"),
    ("内蒙古稀都律师事务所", "lawyer"),
    ("包头黄河律师事务所", "lawyer"),
    ("内蒙古阴山律师事务所", "lawyer"),
    ("土默特右旗萨拉齐法律服务所", "basic_legal_worker"),
    ("固阳县金山法律服务所", "basic_legal_worker"),
]
NOTIFIED_GROUNDS = [
    ("other", 50),
    ("minor", 25),
    ("disabled_sensory", 7),
    ("mental", 5),
    ("life_or_death", 8),
    ("compulsory_treatment", 2),
    ("absentia", 1),
    ("death_review", 2),
]
MATTERS = [
    ("maintenance", 30),
    ("injury", 25),
    ("social_insurance", 10),
    ("other", 25),
    ("pension", 3),
    ("capacity", 3),
    ("state_compensation", 2),
    ("environment", 2),
]
SUMMARIES = {
    "maintenance": "追索赡养费、抚养费",
    "injury": "人身损害赔偿",
    "social_insurance": "社会保险待遇",
    "state_compensation": "国家赔偿",
    "pension": "追索抚恤金",
    "capacity": "认定无民事行为能力",
    "environment": "环境污染损害赔偿",
}
Lawyer = tuple[str, str, str, int]  # name, firm, kind, years of practice
Centre = tuple[Organisation, list[User], float]  # the centre, its handlers, its share of the cases


def replay(place: Place) -> int:
    """Write the line's records of `place.years`; returns the number of cases written."""
    rng = place.rng(Line.LEGAL_AID)
    centres = _centres(rng, place)
    lawyers = [
        (person(rng), firm, kind, rng.choice([1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20]))
        for firm, kind in FIRMS
        for _ in range(5 if kind == "lawyer" else 2)
    ]
    pasts = []
    for year in place.years:
        plans = (
            ["aid"] * scaled(AID_CASES[year], place.scale)
            + ["refused"] * scaled(AID_REFUSED[year], place.scale)
            + ["withdrawn"] * scaled(AID_WITHDRAWN[year], place.scale)
        )
        rng.shuffle(plans)
        pasts += [_aid_case(rng, place, centres, year, plan, lawyers) for plan in plans]
    _recovered(rng, place, pasts)
    pasts.sort(key=lambda p: p.case.received_on)  # numbered in order of receipt
    history_write_many(pasts)
    return len(pasts)


def _centres(rng: random.Random, place: Place) -> list[Centre]:
    kind = OrganisationKind.LEGAL_AID_CENTRE
    city = body(f"{place.name}法律援助中心", place.code, kind, place.bureau.short_name, place.bureau)
    zones = sum(a.share for a in place.areas if a.bureau is None)  # development zones apply to the city
    centres = [(city, handlers(rng, city, "fa", Line.LEGAL_AID, 5), 0.22 + zones)]
    for area in place.counties:
        assert area.bureau is not None
        centre = body(f"{area.bureau.region.name}法律援助中心", area.code, kind, area.short, area.bureau)
        n = max(1, round(area.share * 14))
        centres.append((centre, handlers(rng, centre, "fa", Line.LEGAL_AID, n), area.share * 0.78))
    return centres


def _recovered(rng: random.Random, place: Place, pasts: list[PastCase]) -> None:
    """Amounts recovered for workers, recorded by each closing step: realistic per case, and exactly ¥8,181,000 over
    the cases closed in the last year."""
    for p in pasts:
        history_walk(p, calendar=place.days.calendar)  # the dates and outcomes the steps lead to
    workers = [
        p
        for p in pasts
        if _aid(p).recipient_group and p.case.closed_on and p.case.outcome in ("won", "partly_won", "mediated")
    ]
    this_year = [p for p in workers if p.case.closed_on and p.case.closed_on.year == place.years[-1]]
    raw = {
        id(p): log_uniform(rng, *((3000, 90000) if _aid(p).claim_kind == "wages" else (30000, 320000))) for p in workers
    }
    target = (RECOVERED * Decimal(str(place.scale))).quantize(Decimal(100))
    total = sum((raw[id(p)] for p in this_year), Decimal(0))
    if this_year and total:
        factor = target / total
        for p in this_year:
            raw[id(p)] = max(Decimal(100), (raw[id(p)] * factor / 100).quantize(Decimal(1)) * 100)
        largest = max(this_year, key=lambda p: raw[id(p)])
        raw[id(largest)] += target - sum((raw[id(p)] for p in this_year), Decimal(0))
    for p in workers:
        awarded = raw[id(p)]
        amounts = {
            "amount_awarded": awarded,
            "amount_collected": (awarded * Decimal(rng.uniform(0.7, 1.0)) / 100).quantize(Decimal(1)) * 100,
            "basis_document": weighted(rng, [("民事调解书", 4), ("民事判决书", 3), ("劳动仲裁裁决书", 3)]),
        }
        steps = list(p.steps)
        i = next(i for i, s in enumerate(steps) if s.code == "close")
        steps[i] = replace(steps[i], data={**steps[i].data, **{k: str(v) for k, v in amounts.items()}})
        p.steps = steps


def _aid(past: PastCase) -> LegalAidDetail:
    assert isinstance(past.detail, LegalAidDetail)
    return past.detail


def _aid_case(
    rng: random.Random, place: Place, centres: list[Centre], year: int, plan: str, lawyers: list[Lawyer]
) -> PastCase:
    days = place.days
    centre, staff, _share = rng.choices(centres, weights=[c[2] for c in centres])[0]
    handler = rng.choice(staff)
    notified = plan == "aid" and rng.random() < 0.40
    worker = not notified and rng.random() < 0.21
    accepted = days.draw(rng, year, OFFICE_MONTHS)
    if notified:
        received = accepted - timedelta(days=rng.randint(0, 3))
    else:
        received = accepted - timedelta(days=rng.randint(1, 5))  # decided within the 7 days of art. 43
        received = received if days.calendar.is_working_day(received) else days.working_before(received)
    received = max(received, days.working(date(place.years[0], 1, 1)))  # the replay's records begin then
    name = person(rng)
    detail, summary = _detail(rng, plan, notified, worker)
    case = Case(
        line=Line.LEGAL_AID,
        organisation=centre,
        region_id=centre.region_id,
        title=f"{name}：{summary}",
        channel="referral"
        if notified
        else weighted(rng, [("walk_in", 70), ("web", 15), ("post", 5), ("referral", 10)]),
        received_on=received,
        assignee=handler,
    )
    steps = _steps(rng, place, detail, plan, (notified, worker), (received, accepted), (centre, handler), lawyers)
    return PastCase(case, detail, [PartyInput(role="applicant", name=name)], steps, handler, place.note)


def _detail(rng: random.Random, plan: str, notified: bool, worker: bool) -> tuple[LegalAidDetail, str]:
    detail = LegalAidDetail(route="notified" if notified else "application")
    if notified:
        detail.case_category = "criminal"
        detail.notifier = weighted(rng, [("court", 55), ("procuratorate", 25), ("police", 20)])
        detail.notified_ground = weighted(rng, NOTIFIED_GROUNDS)
        detail.life_or_death = detail.notified_ground in ("life_or_death", "death_review")
        summary = "刑事辩护（通知辩护）"
    elif worker:
        detail.recipient_group = "herder" if rng.random() < 0.2 else "migrant_worker"
        detail.claim_kind = "wages" if rng.random() < 0.78 else "work_injury"
        detail.matter = "labour" if detail.claim_kind == "wages" else "injury"
        detail.case_category = "civil" if rng.random() < 0.75 else "non_litigation"
        if detail.recipient_group == "migrant_worker":
            detail.exemption_ground = "migrant_worker_wages"
        else:
            detail.monthly_income_per_capita = Decimal(rng.randint(600, 1600))
            detail.verification = "integrity_undertaking"
        summary = "追索劳动报酬" if detail.claim_kind == "wages" else "工伤赔偿"
    else:
        detail.matter = weighted(rng, MATTERS)
        detail.case_category = (
            "state_compensation"
            if detail.matter == "state_compensation"
            else weighted(rng, [("civil", 75), ("non_litigation", 12), ("criminal", 8), ("administrative", 5)])
        )
        if rng.random() < 0.12:
            detail.exemption_ground = weighted(rng, [("minor_elderly_disabled", 2), ("social_assistance", 3)])
        elif rng.random() < 0.04:
            detail.no_means_test_ground = "abuse_victim"
        else:
            income = rng.randint(1800, 3200) if plan == "refused" else rng.randint(500, 1650)
            detail.monthly_income_per_capita = Decimal(income)
            detail.verification = weighted(rng, [("integrity_undertaking", 3), ("information_check", 2)])
        summary = SUMMARIES.get(detail.matter, "民事代理")
    detail.qualifies = None if notified else plan != "refused"
    return detail, summary


def _steps(
    rng: random.Random,
    place: Place,
    detail: LegalAidDetail,
    plan: str,
    kind_of: tuple[bool, bool],  # (notified, worker)
    dates: tuple[date, date],  # (received, accepted)
    by: tuple[Organisation, User],  # (centre, handler)
    lawyers: list[Lawyer],
) -> list[Step]:
    (notified, worker), (received, accepted), (centre, handler), days = kind_of, dates, by, place.days
    if plan == "refused":
        refused = days.working(received + timedelta(days=rng.randint(3, 7)))
        return [Step("refuse", refused, handler, {"reasons": "家庭人均月收入高于本地经济困难标准"})]
    if plan == "withdrawn":
        notice = days.working(received + timedelta(days=1))
        lapsed = days.working(notice + timedelta(days=rng.randint(20, 40)))
        return [
            Step("request_materials", notice, handler, {"items": "身份证明、经济困难证明"}),
            Step("deem_withdrawn", lapsed, handler, {"reasons": "未按要求补充材料"}),
        ]
    pool = [lw for lw in lawyers if lw[3] >= 3 and lw[2] == "lawyer"] if detail.life_or_death else lawyers
    lawyer, firm, kind, years = rng.choice(pool)
    if rng.random() < 0.05 and not detail.life_or_death:
        lawyer, firm, kind, years = handler.full_name, centre.name, "staff", rng.randint(2, 10)
    assign = {"assignee_kind": kind, "lawyer": lawyer, "firm": firm, "practice_years": str(years)}
    if notified:
        steps = [Step("assign_notified", accepted, handler, assign)]
    else:
        assigned = days.working(accepted + timedelta(days=rng.randint(0, 2)))
        steps = [Step("grant", accepted, handler), Step("assign", assigned, handler, assign)]
    last = steps[-1].on
    if rng.random() < 0.02:
        ended = days.working(last + timedelta(days=rng.randint(10, 60)))
        return [*steps, Step("terminate", ended, handler, {"ground": "6", "reasons": "受援人自行委托律师"})]
    span = {"criminal": (40, 200), "civil": (45, 260), "non_litigation": (20, 120)}.get(detail.case_category, (60, 200))
    closed = days.working(last + timedelta(days=rng.randint(*span)))
    if notified or detail.case_category == "criminal":
        result = "defence"
    elif worker:
        result = weighted(rng, [("won", 50), ("partly_won", 15), ("mediated", 27), ("lost", 8)])
    else:
        result = weighted(rng, [("won", 45), ("partly_won", 15), ("mediated", 25), ("lost", 10), ("other", 5)])
    data: dict[str, Any] = {"result": result, "report": "案件办结，已提交结案报告及相关法律文书"}
    if not worker and result in ("won", "partly_won", "mediated") and detail.matter in ("maintenance", "injury"):
        data["amount_awarded"] = str(log_uniform(rng, 10000, 200000))
    steps.append(Step("close", closed, handler, data))
    if rng.random() < 0.35:
        grade = weighted(rng, [("excellent", 20), ("good", 50), ("pass", 28), ("fail", 2)])
        reviewed = days.working(closed + timedelta(days=rng.randint(10, 60)))
        subsidy = str(rng.choice([800, 1200, 1500, 2000, 2500, 3000]))
        steps.append(Step("quality_review", reviewed, handler, {"quality_grade": grade, "subsidy_yuan": subsidy}))
    return steps
