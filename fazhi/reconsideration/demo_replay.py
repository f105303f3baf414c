"""行政复议 in the demo replay: two years of applications with their outcomes, suits and the bureau's analyses.

Written through the kernel's history writer, so each case's state, dates and outcome come from the steps of this
line's procedure. The 2024 dispositions reproduce Baotou's report (statutes.md §1.8): 1,293 received (three times
2023), 899 closed, 288 mediated or settled (32.04%), 813 concluded on the merits, 136 directly corrected (16.73%);
41 lost suits and 110 corrected cases analysed in four quarterly reports; three enterprise liaison points.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from fazhi.accounts.models import Organisation, User
from fazhi.accounts.models import OrganisationKind as KernelKind
from fazhi.cases.history import PastCase, Step, history_write_many
from fazhi.cases.models import Case
from fazhi.cases.runner import PartyInput
from fazhi.cases.sampling import OFFICE_MONTHS, Days, Place, body, handlers, log_uniform, person, scaled, weighted
from fazhi.core.lines import Line
from fazhi.indicators.tallies import record_rows
from fazhi.reconsideration.choices import OrganisationKind
from fazhi.reconsideration.indicators import DIRECTLY_CORRECTED
from fazhi.reconsideration.models import AgencyAnalysis, Litigation, ReconsiderationDetail

AGENCY = KernelKind.ENFORCEMENT_AGENCY
AGENCY_NAMES = [
    "市场监督管理局",
    "公安分局",
    "自然资源局",
    "人力资源和社会保障局",
    "住房和城乡建设局",
    "城市管理综合执法局",
]
ACTS = [
    ("penalty", "罚款决定", (500, 200000)),
    ("warning", "警告决定", None),
    ("coercive", "查封扣押决定", None),
    ("licensing", "不予许可决定", None),
    ("information_disclosure", "政府信息公开答复", None),
    ("non_performance", "未履行法定职责", None),
    ("work_injury", "工伤认定决定", None),
    ("expropriation", "房屋征收补偿决定", (50000, 900000)),
]
LIAISON_POINT_NAMES = [  # the walked demo creates the same three (the city has exactly 3)
    "包头稀土高新区涉企行政复议联系点",
    "包头市工商业联合会涉企行政复议联系点",
    "九原工业园区涉企行政复议联系点",
]
# The 2024 dispositions of closed cases (统计口径 statutes.md §1.8): 办结 899; 调解和解 288; 审结 = 899 − 86 = 813;
# 直接纠错 136; the rest of 审结 upheld, claims rejected, agreement decisions.
CLOSED_2024 = {
    "mediation_statement": 118,
    "settled_withdrawn": 170,
    "application_rejected": 41,
    "withdrawn": 37,
    "terminated": 8,
    "revoked": 51,
    "remake_ordered": 25,
    "varied": 14,
    "confirmed_unlawful": 30,
    "confirmed_invalid": 3,
    "performance_ordered": 13,
    "upheld": 302,
    "claim_rejected": 80,
    "agreement_order": 7,
}
RECEIVED = {2023: 431, 2024: 1293}  # 2024 is three times 2023's caseload
CARRIED_INTO_2024 = 50  # received in late 2023, closed in 2024 (part of the 899)
NOT_ACCEPTED = {2023: 55, 2024: 180}
ABANDONED = {2023: 9, 2024: 30}
CLOSING_STEP = {
    "mediation_statement": "mediate",
    "settled_withdrawn": "settle_withdraw",
    "withdrawn": "withdraw",
    "terminated": "terminate",
}  # every other outcome of a closed case is a decision (decide)
CLOSING_DATA = {
    "mediate": {"agreement": "经调解，被申请人调整处理决定，申请人认可，制作行政复议调解书"},
    "settle_withdraw": {"settlement": "双方自愿达成和解，申请人撤回行政复议申请"},
    "withdraw": {"reasons": "申请人主动撤回行政复议申请"},
    "terminate": {"ground": "2"},
}
AGENCY_ACTS = {
    "公安分局": [("penalty", 6), ("coercive", 2), ("information_disclosure", 1), ("non_performance", 1)],
    "市场监督管理局": [("penalty", 5), ("information_disclosure", 2), ("non_performance", 3), ("licensing", 1)],
    "自然资源局": [("expropriation", 3), ("licensing", 2), ("penalty", 2), ("information_disclosure", 2)],
    "人力资源和社会保障局": [("work_injury", 6), ("non_performance", 3), ("information_disclosure", 1)],
    "住房和城乡建设局": [("licensing", 2), ("expropriation", 2), ("information_disclosure", 2), ("penalty", 1)],
    "城市管理综合执法局": [("penalty", 5), ("coercive", 3)],
    "人民政府": [("expropriation", 4), ("information_disclosure", 4), ("non_performance", 2), ("agreement", 1)],
}
DEFAULT_ACTS = [("penalty", 4), ("licensing", 2), ("information_disclosure", 2), ("warning", 1), ("non_performance", 1)]
ACT_TEXT = {a: text for a, text, _ in ACTS} | {"agreement": "行政协议履行"}
AGENCY_WEIGHTS = {
    "公安分局": 5,
    "市场监督管理局": 3,
    "自然资源局": 3,
    "人力资源和社会保障局": 3,
    "住房和城乡建设局": 2,
    "城市管理综合执法局": 2,
    "人民政府": 1,
}


class _Bodies:
    """The reconsideration bodies (the city's office, each county's bureau), their agencies and liaison points."""

    bodies: list[tuple[Organisation, list[User], float]]  # (body, its handlers, its share of the applications)
    agencies: dict[str, list[Organisation]]  # body's region → the agencies whose acts it reviews

    def __init__(self, rng: random.Random, place: Place) -> None:
        office = body(
            "包头市人民政府行政复议办公室", place.code, OrganisationKind.RECONSIDERATION_OFFICE, "包", place.bureau
        )
        zones = sum(a.share for a in place.areas if a.bureau is None)  # development zones apply to the city
        self.bodies = [(office, handlers(rng, office, "fy", Line.RECONSIDERATION, 4), 0.38 + zones)]
        for area in place.counties:
            assert area.bureau is not None
            staff = handlers(rng, area.bureau, "fy", Line.RECONSIDERATION, max(1, round(area.share * 14)))
            self.bodies.append((area.bureau, staff, area.share * 0.62))
        self.agencies = {}
        for organisation, _staff, _weight in self.bodies:
            region = organisation.region
            prefix = place.name if region.level == "city" else region.name
            names = [*AGENCY_NAMES, "生态环境局", "交通运输局", "卫生健康委员会", "应急管理局"]
            self.agencies[region.code] = [body(f"{prefix}{n}", region.code, AGENCY, prefix[:1], None) for n in names]
        self.agencies[place.code].extend(
            body(f"{a.bureau.region.name}人民政府", a.code, AGENCY, a.short, None)
            for a in place.counties
            if a.bureau is not None
        )
        self.liaison_points = [
            body(n, place.code, OrganisationKind.LIAISON_POINT, "企", None) for n in LIAISON_POINT_NAMES
        ]


def replay(place: Place) -> int:
    """Write the line's records of `place.years`; returns the number of cases written."""
    rng = place.rng(Line.RECONSIDERATION)
    bodies = _Bodies(rng, place)
    outcomes_2024 = [o for o, n in CLOSED_2024.items() for _ in range(scaled(n, place.scale))]
    rng.shuffle(outcomes_2024)
    carried_in = min(scaled(CARRIED_INTO_2024, place.scale), len(outcomes_2024))
    mix = list(CLOSED_2024.items())
    pasts: list[PastCase] = []
    for year in place.years:
        received = sorted(place.days.draw(rng, year, OFFICE_MONTHS) for _ in range(scaled(RECEIVED[year], place.scale)))
        n_na, n_ab = scaled(NOT_ACCEPTED[year], place.scale), scaled(ABANDONED[year], place.scale)
        if year == place.years[-1]:
            in_year = outcomes_2024[carried_in:]
            carried_out = max(0, len(received) - len(in_year) - n_na - n_ab)
        else:
            carried_out = carried_in
            in_year = [weighted(rng, mix) for _ in range(max(0, len(received) - carried_in - n_na - n_ab))]
        head = [("closed", o) for o in in_year] + [("not_accepted", "")] * n_na + [("abandoned", "")] * n_ab
        head = head[: len(received) - carried_out]
        rng.shuffle(head)
        tail = [("next_year", o) for o in (outcomes_2024[:carried_in] if year != place.years[-1] else [])]
        tail += [("next_year", weighted(rng, mix)) for _ in range(carried_out - len(tail))]
        rng.shuffle(tail)
        for on, (kind, outcome) in zip(received, head + tail, strict=True):
            pasts.append(_application(rng, place, bodies, on, kind, outcome))
    history_write_many(pasts)
    _suits_and_analyses(rng, place, [p.case for p in pasts])
    return len(pasts)


def _application(
    rng: random.Random, place: Place, bodies: _Bodies, received: date, kind: str, outcome: str
) -> PastCase:
    days = place.days
    organisation, staff, _weight = rng.choices(bodies.bodies, weights=[b[2] for b in bodies.bodies])[0]
    handler = rng.choice(staff)
    agencies = bodies.agencies[organisation.region_id]
    agency = rng.choices(
        agencies, weights=[next((v for k, v in AGENCY_WEIGHTS.items() if a.name.endswith(k)), 1) for a in agencies]
    )[0]
    act_type = weighted(rng, next((v for k, v in AGENCY_ACTS.items() if agency.name.endswith(k)), DEFAULT_ACTS))
    amount = None
    if act_type == "penalty":
        amount = log_uniform(rng, 200, 300000)
    elif act_type == "expropriation":
        amount = log_uniform(rng, 50000, 1500000, 1000)
    enterprise = rng.random() < (0.45 if act_type in ("penalty", "licensing", "coercive") else 0.15)
    applicant = place.company(rng) if enterprise else person(rng)
    simplified = act_type in ("warning", "information_disclosure") or (amount is not None and amount <= 3000)
    knew_on = received - timedelta(days=rng.randint(3, 75))
    act_text = ACT_TEXT[act_type]
    case = Case(
        line=Line.RECONSIDERATION,
        organisation=organisation,
        region_id=organisation.region_id,
        title=f"{applicant}不服{agency.name}{act_text}"[:200],
        channel=weighted(rng, [("walk_in", 45), ("web", 30), ("post", 15), ("oral", 5), ("referral", 5)]),
        received_on=received,
        assignee=handler,
    )
    detail = ReconsiderationDetail(
        respondent_agency=agency,
        act_type=act_type,
        act_description=act_text,
        act_on=knew_on - timedelta(days=rng.randint(0, 5)),
        knew_on=knew_on,
        real_property=act_type == "expropriation",
        on_the_spot=act_type == "warning",
        amount=amount,
        all_parties_agree_simplified=simplified and rng.random() < 0.3,
        major_complex=not simplified and rng.random() < 0.03,
        enterprise_applicant=enterprise,
        liaison_point=rng.choice(bodies.liaison_points) if enterprise and rng.random() < 0.3 else None,
    )
    parties = [
        PartyInput(role="applicant", kind="organisation" if enterprise else "person", name=applicant),
        PartyInput(role="respondent", kind="organisation", name=agency.name),
    ]
    steps = _steps(rng, days, received, kind, outcome, handler, simplified)
    return PastCase(case, detail, parties, steps, received_by=handler, note=place.note)


def _steps(rng: random.Random, days: Days, received: date, kind: str, outcome: str, handler, simplified) -> list[Step]:
    year_end = date(received.year, 12, 31)
    if kind == "not_accepted":
        on = min(days.working(received + timedelta(days=rng.randint(2, 7))), year_end)
        ground = weighted(
            rng,
            [
                ("out_of_time", 4),
                ("no_act", 3),
                ("not_competent", 2),
                ("no_standing", 1),
                ("already_sued", 1),
                ("duplicate", 1),
            ],
        )
        return [Step("not_accept", on, handler, {"ground": ground, "reasons": "经审查，不符合行政复议受理条件"})]
    if kind == "abandoned":
        notice = days.working(received + timedelta(days=rng.randint(1, 4)))
        lapsed = min(days.working(notice + timedelta(days=14)), year_end)
        return [
            Step("request_correction", notice, handler, {"items": "申请人身份证明；行政行为决定书复印件"}),
            Step("correction_lapsed", lapsed),
        ]
    accepted = days.working(received + timedelta(days=rng.randint(1, 6)))
    accept = Step("accept", accepted, handler, {"procedure_type": "simplified" if simplified else "ordinary"})
    step = CLOSING_STEP.get(outcome, "decide")
    span = (8, 28) if simplified else (12, 40) if step == "withdraw" else (20, 58)  # simplified: 30 days (art. 62)
    closed = days.working(accepted + timedelta(days=rng.randint(*span)))
    if kind == "closed" and closed > year_end:
        closed = max(days.working_before(year_end - timedelta(days=rng.randint(0, 6))), accepted)
    elif kind == "next_year":
        closed = max(closed, days.working(date(received.year + 1, 1, 2) + timedelta(days=rng.randint(0, 30))))
    data = dict(CLOSING_DATA.get(step, {"decision": outcome, "reasons": "经审查，依法作出本决定"}))
    review = _review(rng, days, accepted, closed, handler, heard=step == "decide" and not simplified)
    return [accept, *review, Step(step, closed, handler, data)]


def _review(rng: random.Random, days: Days, accepted: date, closed: date, handler, heard: bool) -> list[Step]:
    """The copy to the respondent, its reply and (before a decision in the ordinary procedure) hearing the parties,
    each within its period (art. 48–49), as far as they fit before the case closed."""
    steps = []
    sent = days.working(accepted + timedelta(days=rng.randint(1, 3)))
    replied = days.working(sent + timedelta(days=rng.randint(3, 8)))
    if replied < closed:
        steps += [Step("send_copy", sent, handler), Step("receive_reply", replied, handler)]
        if heard:
            on = min(days.working(replied + timedelta(days=rng.randint(1, 5))), closed)
            method = weighted(rng, [("当面", 5), ("电话", 3), ("网络视频", 2)])
            steps.append(Step("hear_parties", on, handler, {"method": method, "record": "已听取申请人、被申请人意见"}))
    return steps


def _suits_and_analyses(rng: random.Random, place: Place, cases: list[Case]) -> None:
    """Suits after decisions (41 lost), and the bureau's four analyses of lost and corrected cases in the last year."""
    year = place.years[-1]
    reports = [date(year, 3, 29), date(year, 6, 28), date(year, 9, 27), date(year, 12, 20)]
    cut = reports[-1] - timedelta(days=7)
    decided = sorted(
        (c.closed_on, c.number, c.pk, c) for c in cases if c.outcome in ("upheld", "claim_rejected") and c.closed_on
    )
    suits, judged = [], {}
    for closed_on, _number, _pk, c in decided:
        if closed_on > date(year, 8, 31) or rng.random() > 0.3:
            continue
        filed = closed_on + timedelta(days=rng.randint(5, 14))
        court = "包头市中级人民法院" if c.region_id == place.code else f"{c.organisation.region.name}人民法院"
        suit = Litigation(case=c, filed_on=filed, court=court, note=f"数据来源：{place.source}")
        judged[id(suit)] = filed + timedelta(days=rng.randint(60, 150))
        suits.append(suit)
    # lost in the report's year, so the year's 败诉 figure and the cases its analyses cover are the same 41 (a suit
    # judged the year before counted in that year's figure but was analysed this year: "41 analysed" beside 37 lost)
    eligible = [s for s in suits if date(year, 1, 1) <= judged[id(s)] <= cut]
    lost = set(map(id, rng.sample(eligible, min(scaled(41, place.scale), len(eligible)))))
    for s in suits:
        s.judged_on = judged[id(s)]
        if id(s) in lost:
            s.result = "lost"
        else:
            s.result = weighted(rng, [("upheld", 70), ("withdrawn", 12), ("dismissed", 10), ("pending", 8)])
            if s.result == "pending":
                s.judged_on = None
    Litigation.objects.bulk_create(suits)
    record_rows(Litigation, [s.pk for s in suits])  # a bulk write sends no signal: the lost suits' tally
    corrected = sorted(
        (
            c
            for c in cases
            if c.outcome in DIRECTLY_CORRECTED and c.closed_on and date(year - 1, 10, 1) <= c.closed_on <= cut
        ),
        key=lambda c: (c.closed_on, c.number),
    )
    corrected = rng.sample(corrected, min(scaled(110, place.scale), len(corrected)))
    quarters = ["第一季度", "第二季度", "第三季度", "第四季度"]
    analyses = [
        AgencyAnalysis.objects.create(
            organisation=place.bureau,
            title=f"{year}年{q}行政复议败诉及纠错案件分析报告",
            reported_on=on,
            findings="执法程序不规范、证据收集不充分、法律适用错误是被纠错和败诉的主要原因；已逐案向被申请人反馈。",
        )
        for q, on in zip(quarters, reports, strict=True)
    ]

    def report_for(d: date) -> AgencyAnalysis:
        return next(a for a, on in zip(analyses, reports, strict=True) if d + timedelta(days=7) <= on)

    lost_through = AgencyAnalysis.lost_litigation_cases.through
    corrected_through = AgencyAnalysis.corrected_cases.through
    lost_through.objects.bulk_create(
        lost_through(agencyanalysis_id=report_for(judged[id(s)]).pk, case_id=s.case.pk)
        for s in suits
        if s.result == "lost"
    )
    corrected_through.objects.bulk_create(
        corrected_through(agencyanalysis_id=report_for(c.closed_on).pk, case_id=c.pk) for c in corrected if c.closed_on
    )
