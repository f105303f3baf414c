"""The Baotou replay of the enforcement network (deterministic; re-running it writes nothing new).

`replay_enforcement(city_code, year)` writes, for `year` and the year before, the seed's three-tier network — 36
city-level supervision bodies hosted by city departments, 9 county-level ones (the county justice bureaus) and 48
township-level ones (司法所 of real townships under the city) — and the certificates with their whole history: the
supervision certificates in force come to 260 at the end of `year − 1` and exactly 352 at the end of `year` (+35%,
the seed's "持证监督人员增至352名，较上年增长35%"), computed from the history like any figure; plus the agencies'
enforcement officers. Enforcement agencies are the kernel's organisations of kind `enforcement_agency`, reused by
name where the reconsideration replay made them ("包头市市场监督管理局"). Rows are bulk-written (fast on SQLite and
PostgreSQL), each certificate's moves checked against the declared table (`lifecycle.MOVES`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction

from fazhi.accounts.models import Organisation, OrganisationKind
from fazhi.cases.sampling import body, person
from fazhi.core.models import Region
from fazhi.core.regions import subtree_prefix
from fazhi.core.validators import id_number_check_char
from fazhi.enforcement import lifecycle
from fazhi.enforcement.choices import AGENCY_KIND, CertificateKind, Source, State
from fazhi.enforcement.models import Certificate, CertificateEvent, Officer, SupervisionBody, new_token
from fazhi.enforcement.services import _apply, _jsonable

SEED = 15
SUPERVISORS_AT_END = 352  # the seed: 持证监督人员增至352名
SUPERVISORS_A_YEAR_BEFORE = 260  # 352 / 260 − 1 = 35.4%: the seed's 较上年增长35%
VALID_YEARS = 5  # [LOCAL] the provinces' term of a certificate (commonly 5 years); unconfirmed
# The city departments hosting the 36 city-level bodies: the 司法局's 行政执法协调监督科 (the persona's body), the ten
# the reconsideration replay already made as agencies (reused by name), and 25 more.
AGENCY_NAMES = [
    "市场监督管理局",
    "公安分局",
    "自然资源局",
    "人力资源和社会保障局",
    "住房和城乡建设局",
    "城市管理综合执法局",
    "生态环境局",
    "交通运输局",
    "卫生健康委员会",
    "应急管理局",
]
MORE_CITY_DEPARTMENTS = [
    "发展和改革委员会", "教育局", "科学技术局", "工业和信息化局", "民政局", "财政局", "水务局", "农牧局", "商务局",
    "文化旅游广电局", "退役军人事务局", "审计局", "体育局", "统计局", "医疗保障局", "林业和草原局", "能源局",
    "粮食和物资储备局", "民族事务委员会", "人民防空办公室", "地震局", "气象局", "烟草专卖局", "消防救援支队",
    "邮政管理局",
]  # fmt: skip
CITY_SECTION = "司法局行政执法协调监督科"
TOWNSHIP_BODIES = 48
CITY_BODIES_NEW_IN_YEAR = 6  # set up in the replayed year (the rest earlier): 30 → 36
TOWNSHIP_BODIES_NEW_IN_YEAR = 28  # 20 → 48


@dataclass
class _Cert:
    officer_key: str
    kind: str
    steps: list[tuple[str, date, dict[str, Any]]]
    row: Certificate | None = None
    events: list[CertificateEvent] = field(default_factory=list)


def _later(day: date, years: int) -> date:
    """The same day `years` later (29 February → 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _id_number(region6: str, born: date, seq: int) -> str:
    first17 = f"{region6}{born:%Y%m%d}{seq % 1000:03d}"
    return first17 + id_number_check_char(first17)


def _counties(city: Region) -> list[Region]:
    """The city's real counties (旗县区), not its development zones (codes 7x: 稀土高新区)."""
    return [r for r in Region.objects.filter(parent=city, level="county").order_by("code") if r.code[4:6] < "70"]


def _townships(counties: list[Region], n: int) -> list[Region]:
    """`n` townships taken in turn from each county (deterministic)."""
    pools = [list(Region.objects.filter(parent=c, level="township").order_by("code")) for c in counties]
    found: list[Region] = []
    while len(found) < n and any(pools):
        for pool in pools:
            if pool and len(found) < n:
                found.append(pool.pop(0))
    return found


def _bodies(city: Region, year: int, counties: list[Region]) -> list[SupervisionBody]:
    """The three tiers' bodies, created once each (get_or_create by name and region)."""
    bureau = body(f"{city.name}司法局", city.code, OrganisationKind.JUSTICE_BUREAU, city.name[:1], None)
    section = body(f"{city.name}{CITY_SECTION}", city.code, OrganisationKind.SUPERVISION_BODY, city.name[:1], bureau)
    hosts = [section] + [
        body(f"{city.name}{n}", city.code, AGENCY_KIND, city.name[:1], None)
        for n in [*AGENCY_NAMES, *MORE_CITY_DEPARTMENTS]
    ]
    planned: list[tuple[str, Organisation, date]] = []
    for i, host in enumerate(hosts):
        new = i >= len(hosts) - CITY_BODIES_NEW_IN_YEAR
        planned.append(
            (f"{host.name}行政执法监督机构", host, date(year, 3 + i % 6, 10) if new else date(year - 3, 6, 1))
        )
    for county in counties:
        host = body(f"{county.name}司法局", county.code, OrganisationKind.JUSTICE_BUREAU, county.name[:1], bureau)
        planned.append((f"{county.name}行政执法监督机构", host, date(year - 3, 9, 1)))
    for i, township in enumerate(_townships(counties, TOWNSHIP_BODIES)):
        assert township.parent is not None
        county_bureau = Organisation.objects.filter(
            region=township.parent, kind=OrganisationKind.JUSTICE_BUREAU
        ).first()
        office = Organisation.objects.filter(region=township, kind=OrganisationKind.JUSTICE_OFFICE).order_by("id")
        host = office.first() or body(
            f"{township.name.removesuffix('街道').removesuffix('镇').removesuffix('苏木')}司法所",
            township.code,
            OrganisationKind.JUSTICE_OFFICE,
            township.name[:1],
            county_bureau,
        )
        new = i >= TOWNSHIP_BODIES - TOWNSHIP_BODIES_NEW_IN_YEAR
        set_up = date(year, 2 + i % 10, 15) if new else date(year - 2, 4, 1)
        planned.append((f"{township.name}行政执法监督站", host, set_up))
    found = []
    for name, host, set_up in planned:
        row, _ = SupervisionBody.objects.get_or_create(
            name=name,
            region=host.region,
            defaults={"host": host, "tier": host.region.level, "established_on": set_up, "source": Source.DEMO},
        )
        found.append(row)
    return found


def _issue_steps(rng: random.Random, issued: date, number: str) -> list[tuple[str, date, dict[str, Any]]]:
    """申领 → 培训考试 → 审核 → 制发 ending on `issued`, valid for VALID_YEARS."""
    valid_to = _later(issued, VALID_YEARS) - timedelta(days=1)
    training = {"training_hours": rng.choice([40, 48, 56, 64]), "exam_score": rng.randint(66, 98)}
    return [
        ("train", issued - timedelta(days=40), training),
        ("approve", issued - timedelta(days=12), {}),
        ("issue", issued, {"number": number, "valid_from": issued, "valid_to": valid_to}),
    ]  # fmt: skip


def _reviews(rng: random.Random, issued: date, until: date) -> list[tuple[str, date, dict[str, Any]]]:
    """Annual reviews on each anniversary up to `until` (年审, with the year's training hours)."""
    steps = []
    for n in range(1, VALID_YEARS):
        day = _later(issued, n)
        if day > until:
            break
        steps.append(("annual_review", day, {"training_hours": rng.choice([12, 16, 20, 24])}))
    return steps


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def _supervisor_plan(
    rng: random.Random, year: int, city_code: str
) -> list[tuple[str, list[tuple[str, date, dict[str, Any]]]]]:
    """(group, steps) per supervision certificate: 260 in force at the end of year − 1, 352 at the end of year."""
    end = date(year, 12, 31)
    seq = iter(range(1, 10_000))
    plans: list[tuple[str, list]] = []

    def number() -> str:
        return f"{city_code[:4]}{year % 100:02d}9{next(seq):05d}"  # digits only, 监督证 9 [LOCAL]

    # 250 issued over the four years before `year`, in force at the end of year − 1 and (valid five years) of year
    stayers = []
    for _i in range(SUPERVISORS_A_YEAR_BEFORE - 10):
        issued = _day(rng, date(year - 4, 1, 15), date(year - 1, 11, 30))
        stayers.append(_issue_steps(rng, issued, number()) + _reviews(rng, issued, end))
    # 10 whose first card ran out in year − 1 and was renewed (换证) before it did
    for _i in range(10):
        issued = _day(rng, date(year - 6, 2, 1), date(year - 6, 10, 31))
        renewed = _later(issued, VALID_YEARS) - timedelta(days=20)
        steps = _issue_steps(rng, issued, number()) + _reviews(rng, issued, renewed)
        steps.append(("renew", renewed, {"number": number(), "valid_to": _later(renewed, VALID_YEARS)}))
        stayers.append(steps)
    # those who leave during `year`: 8 leave the post (注销: retired, transferred), 2 lose the card (收回), and 3 are
    # suspended (暂扣), 1 of them given it back
    leave = [
        ("cancel", "退休"),
        *([("cancel", "调离执法岗位")] * 7),
        ("withdraw", "违法执法"),
        ("withdraw", "取消执法资格"),
    ]
    for i, (code, reason) in enumerate(leave):
        stayers[i * 7].append((code, _day(rng, date(year, 2, 1), date(year, 11, 30)), {"reason": reason}))
    for i, back in ((100, True), (107, False), (114, False)):
        day = _day(rng, date(year, 3, 1), date(year, 8, 31))
        stayers[i].append(("suspend", day, {"reason": "涉嫌违规执法，暂扣待查"}))
        if back:
            stayers[i].append(("reinstate", day + timedelta(days=60), {"reason": "核查完毕，发还证件"}))
    for steps in stayers:
        steps.sort(key=lambda s: s[1])
        stopped = next((on for code, on, _data in steps if code in ("suspend", "cancel", "withdraw")), None)
        if stopped is not None:  # no annual review of a card held back or ended
            steps[:] = [s for s in steps if s[0] != "annual_review" or s[1] < stopped]
        plans.append(("stayer", steps))
    # not in force at the end of year − 1: 6 cancelled earlier, 4 expired without renewal
    for _i in range(6):
        issued = _day(rng, date(year - 6, 1, 10), date(year - 4, 12, 20))
        steps = _issue_steps(rng, issued, number())
        steps.append(("cancel", _day(rng, date(year - 3, 1, 5), date(year - 1, 10, 31)), {"reason": "调离执法岗位"}))
        plans.append(("gone", steps))
    for _i in range(4):
        issued = _day(rng, date(year - 6, 1, 10), date(year - 6, 11, 30))
        plans.append(("expired", _issue_steps(rng, issued, number()) + _reviews(rng, issued, end)))
    # issued during `year`: as many as bring the end of year to 352
    leaving_for_good = len(leave) + 2
    for _i in range(SUPERVISORS_AT_END - (SUPERVISORS_A_YEAR_BEFORE - leaving_for_good)):
        issued = _day(rng, date(year, 1, 20), date(year, 12, 20))
        plans.append(("new", _issue_steps(rng, issued, number())))
    # still on the way at the end of year: applied, trained, approved; and two refused
    for code_steps in ([], [("train", date(year, 12, 5), {"training_hours": 40, "exam_score": 80})]):
        for _i in range(3):
            plans.append(("pending", list(code_steps)))
    plans.append(("refused", [("refuse", date(year, 10, 9), {"reason": "资格考试未通过"})]))
    return plans


def _walk(plan: _Cert, applied_on: date, source: str = Source.DEMO) -> None:
    """Apply the plan's steps through the declared moves (a step the table does not allow fails the demo)."""
    cert = Certificate(kind=plan.kind, applied_on=applied_on, source=source, token=new_token())
    events = [
        CertificateEvent(code=lifecycle.APPLY, on=applied_on, state_after=State.APPLIED, basis=lifecycle.APPLY_BASIS)
    ]
    for code, on, data in plan.steps:
        move = lifecycle.MOVES[code]
        assert cert.state in move.sources, (code, cert.state)
        values = {k: (Decimal(v) if k == "training_hours" else v) for k, v in data.items()}
        _apply(cert, move, on, values, check_number=False)
        events.append(
            CertificateEvent(
                code=code,
                on=on,
                state_after=cert.state,
                valid_from=cert.valid_from,
                valid_to=cert.valid_to,
                data=_jsonable(values),
                basis=move.basis,
            )
        )
    plan.row, plan.events = cert, events


def _applied_on(plan: _Cert, year: int) -> date:
    first = plan.steps[0][1] if plan.steps else date(year, 12, 10)
    return first - timedelta(days=20)


@transaction.atomic
def replay_enforcement(city_code: str, year: int) -> None:
    """Write the city's network and certificates for `year` and `year − 1` (nothing, if already written)."""
    city = Region.objects.get(code=city_code)
    prefix = subtree_prefix(city_code)
    rng = random.Random(f"{SEED}:{city_code}:{year}")
    counties = _counties(city)
    bodies = _bodies(city, year, counties)
    if Officer.objects.filter(source=Source.DEMO, organisation__region__code__startswith=prefix).exists():
        return
    hosts = [b.host for b in bodies]
    plans: list[_Cert] = []
    officers: dict[str, Officer] = {}
    born = date(1970, 1, 1)
    used: set[str] = set()

    def id_number(region6: str, seq: int) -> str:
        day = born + timedelta(days=rng.randrange(12000))
        while (value := _id_number(region6, day, seq)) in used:
            day += timedelta(days=1)
        used.add(value)
        return value

    for i, (group, steps) in enumerate(_supervisor_plan(rng, year, city_code)):
        # the supervisors certified during `year` work mostly in the bodies new that year (townships)
        host = hosts[-1 - i % TOWNSHIP_BODIES_NEW_IN_YEAR] if group == "new" and i % 3 else hosts[i % len(hosts)]
        key = f"s{i}"
        officers[key] = Officer(
            name=person(rng),
            id_number=id_number(host.region_id[:6], i),
            organisation=host,
            source=Source.DEMO,
        )
        plans.append(_Cert(key, CertificateKind.SUPERVISION, steps))
    # the agencies' enforcement officers: five per agency of the city and of each county
    agencies = [h for h in hosts if h.kind == AGENCY_KIND] + [
        body(f"{c.name}{n}", c.code, AGENCY_KIND, c.name[:1], None) for c in counties for n in AGENCY_NAMES
    ]
    seq = iter(range(1, 100_000))
    for a, agency in enumerate(agencies):
        for j in range(5):
            key = f"e{a}-{j}"
            officers[key] = Officer(
                name=person(rng),
                id_number=id_number(agency.region_id[:6], a * 5 + j),
                organisation=agency,
                source=Source.DEMO,
            )
            issued = _day(rng, date(year - 4, 1, 10), date(year, 11, 30))
            steps = _issue_steps(rng, issued, f"{city_code[:4]}{year % 100:02d}1{next(seq):05d}") + _reviews(
                rng, issued, date(year, 12, 31)
            )
            plans.append(_Cert(key, CertificateKind.ENFORCEMENT, steps))
    Officer.objects.bulk_create(officers.values(), batch_size=500)
    for plan in plans:
        _walk(plan, _applied_on(plan, year))
        assert plan.row is not None
        plan.row.officer = officers[plan.officer_key]
    Certificate.objects.bulk_create([p.row for p in plans if p.row is not None], batch_size=500)
    events = []
    for plan in plans:
        assert plan.row is not None
        for event in plan.events:
            event.certificate = plan.row
            events.append(event)
    CertificateEvent.objects.bulk_create(events, batch_size=1000)
