"""The Baotou replay of the lenient-penalty register: the list, the agencies' fields, and the decisions of a year.

`replay_lenient(city_code, year)` writes `year` and `year - 1`: 126,000 decisions dated in 2024 worth
¥90,632,500.00 (the seed: "免罚轻罚案件12.6万件，免罚减罚金额9000万余元") and 95,000 in 2023 worth ¥68,400,000.00,
over the enforcement agencies of the city and its counties (the kernel's `enforcement_agency` organisations already
there, e.g. those the reconsideration replay made; the missing ones are created by name). Deterministic (a seeded
generator), idempotent (a year already written — its demo batch on record — is skipped), and fast: the rows go in by
the kernel's bulk writer (COPY on PostgreSQL, one prepared INSERT per chunk on SQLite).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from fazhi.accounts.models import Organisation
from fazhi.core.models import Region
from fazhi.core.regions import subtree_prefix
from fazhi.lenient.choices import AGENCY_KIND, KEEPER_KIND, Channel, Domain, LenientPenaltyKind, PartyKind
from fazhi.lenient.demo_list import CONDITIONS, CONDUCTS, KIND_BASIS, MEASURES
from fazhi.lenient.models import AgencyDomain, ListEntry, Report
from fazhi.lenient.services import write_decisions

DECISIONS = {2024: 126_000, 2023: 95_000}
AMOUNTS = {2024: Decimal("90632500.00"), 2023: Decimal("68400000.00")}
LIST_FROM = date(2022, 7, 1)  # the first edition of the city's list
OLD_EDITION_TO = date(2023, 12, 31)  # a tenth of the entries were replaced by the 2024 edition
FLAGGED_SHARE = 0.004  # decisions citing an entry out of its dates or of another field (the supervision's to check)

# the agency's name (keyword) → its field; an agency named otherwise (a county government) reports nothing here
KEYWORDS = [
    ("市场监督管理", Domain.MARKET_REGULATION),
    ("生态环境", Domain.ECOLOGY_ENVIRONMENT),
    ("交通运输", Domain.TRANSPORT),
    ("城市管理", Domain.URBAN_MANAGEMENT),
    ("文化旅游", Domain.CULTURE_TOURISM),
    ("应急管理", Domain.EMERGENCY_MANAGEMENT),
    ("税务", Domain.TAXATION),
    ("自然资源", Domain.NATURAL_RESOURCES),
    ("卫生健康", Domain.HEALTH),
    ("住房和城乡建设", Domain.HOUSING_CONSTRUCTION),
    ("人力资源和社会保障", Domain.HUMAN_RESOURCES),
    ("公安", Domain.PUBLIC_SECURITY),
    ("农牧", Domain.AGRICULTURE),
]
# each field's share of the decisions (market regulation and urban management decide most)
WEIGHTS = {
    Domain.MARKET_REGULATION: 30,
    Domain.URBAN_MANAGEMENT: 14,
    Domain.TRANSPORT: 13,
    Domain.TAXATION: 12,
    Domain.ECOLOGY_ENVIRONMENT: 6,
    Domain.EMERGENCY_MANAGEMENT: 5,
    Domain.CULTURE_TOURISM: 4,
    Domain.PUBLIC_SECURITY: 5,
    Domain.HEALTH: 3,
    Domain.HOUSING_CONSTRUCTION: 3,
    Domain.NATURAL_RESOURCES: 2,
    Domain.HUMAN_RESOURCES: 2,
    Domain.AGRICULTURE: 1,
}
# the city's agencies created when missing (short names for their 文书号), and the counties' for the main fields
CITY_AGENCIES = {
    Domain.MARKET_REGULATION: "包头市市场监督管理局",
    Domain.ECOLOGY_ENVIRONMENT: "包头市生态环境局",
    Domain.TRANSPORT: "包头市交通运输局",
    Domain.URBAN_MANAGEMENT: "包头市城市管理综合执法局",
    Domain.CULTURE_TOURISM: "包头市文化旅游广电局",
    Domain.EMERGENCY_MANAGEMENT: "包头市应急管理局",
    Domain.TAXATION: "国家税务总局包头市税务局",
    Domain.NATURAL_RESOURCES: "包头市自然资源局",
    Domain.HEALTH: "包头市卫生健康委员会",
    Domain.HOUSING_CONSTRUCTION: "包头市住房和城乡建设局",
    Domain.HUMAN_RESOURCES: "包头市人力资源和社会保障局",
    Domain.PUBLIC_SECURITY: "包头市公安局",
    Domain.AGRICULTURE: "包头市农牧局",
}
COUNTY_DEPARTMENTS = ["市场监督管理局", "城市管理综合执法局", "交通运输局", "应急管理局", "文化旅游体育局"]
KIND_MIX = [(LenientPenaltyKind.NO_PENALTY, 55), (LenientPenaltyKind.REDUCED, 15), (LenientPenaltyKind.LIGHTER, 30)]
# yuan waived or reduced, by kind: (low, high), drawn in steps of 50
AMOUNT_RANGE = {"no_penalty": (0, 1_500), "reduced": (200, 3_000), "lighter": (50, 1_200)}


def domain_of(name: str) -> str | None:
    return next((d for k, d in KEYWORDS if k in name), None)


def _entries(city: Region) -> dict[str, list[ListEntry]]:
    """The city's list (created once): per field, three entries per conduct; a tenth end with the 2023 edition."""
    existing = {e.code: e for e in ListEntry.objects.filter(region=city)}
    new = []
    for domain, (code, issuer, conducts) in CONDUCTS.items():
        for i, (conduct, basis) in enumerate(conducts, start=1):
            for kind, letter in (("no_penalty", "BY"), ("reduced", "JQ"), ("lighter", "CQ")):
                key = f"BT-{code}-{letter}-{i:03d}"
                if key in existing:
                    continue
                new.append(
                    ListEntry(
                        region=city,
                        issuer=f"包头市司法局、{issuer}",
                        code=key,
                        domain=domain,
                        conduct=conduct,
                        legal_basis=f"{basis}；{KIND_BASIS[kind]}",
                        conditions=CONDITIONS[kind],
                        kind=kind,
                        measures=MEASURES[kind],
                        effective_from=LIST_FROM,
                        effective_to=OLD_EDITION_TO if i % 10 == 0 else None,
                    )
                )
    ListEntry.objects.bulk_create(new, batch_size=500)
    by_domain: dict[str, list[ListEntry]] = {}
    for entry in ListEntry.objects.filter(region=city).order_by("code"):
        by_domain.setdefault(entry.domain, []).append(entry)
    return by_domain


def _agency(name: str, region: Region) -> Organisation:
    found = Organisation.objects.filter(name=name, region=region).first()
    return found or Organisation.objects.create(name=name, region=region, kind=AGENCY_KIND, short_name=name[:2])


def _agencies(city: Region) -> dict[str, list[Organisation]]:
    """Every enforcement agency of the city and its counties with a field, the missing ones created; their fields."""
    for name in CITY_AGENCIES.values():
        _agency(name, city)
    for county in Region.objects.filter(parent=city, level=Region.Level.COUNTY).order_by("code"):
        for department in COUNTY_DEPARTMENTS:
            _agency(f"{county.name}{department}", county)
    agencies = Organisation.objects.filter(kind=AGENCY_KIND, region__code__startswith=subtree_prefix(city.code))
    by_domain: dict[str, list[Organisation]] = {}
    known = set(AgencyDomain.objects.filter(agency__in=agencies).values_list("agency_id", "domain"))
    fields = []
    for agency in agencies.order_by("region_id", "name"):
        domain = domain_of(agency.name)
        if domain is None:
            continue
        by_domain.setdefault(domain, []).append(agency)
        if (agency.pk, domain) not in known:
            fields.append(AgencyDomain(agency=agency, domain=domain))
    AgencyDomain.objects.bulk_create(fields)
    return by_domain


def _amounts(rng: random.Random, kinds: Sequence[str], total: Decimal) -> list[Decimal]:
    """Amounts in steps of 50 by kind, scaled to whole yuan so that they sum to `total` exactly (the rounding's rest
    spread one yuan at a time over the first non-zero amounts)."""
    raw = [rng.randrange(AMOUNT_RANGE[k][0], AMOUNT_RANGE[k][1] + 1, 50) for k in kinds]
    scale = total / Decimal(sum(raw))
    amounts = [int((Decimal(a) * scale).quantize(Decimal("1"))) for a in raw]
    rest = int(total) - sum(amounts)
    step = 1 if rest > 0 else -1
    i = 0
    while rest:
        if amounts[i % len(amounts)] > 0:
            amounts[i % len(amounts)] += step
            rest -= step
        i += 1
    return [Decimal(a) for a in amounts]


def _year(year: int, city: Region, entries: dict[str, list[ListEntry]], agencies: dict[str, list[Organisation]]):
    marker = f"demo-{city.code}-{year}"
    if Report.objects.filter(channel=Channel.DEMO, file_name=marker).exists():
        return
    rng = random.Random(f"lenient-{city.code}-{year}")
    n = DECISIONS.get(year, DECISIONS[2023] * 3 // 4)
    domains = [d for d in WEIGHTS if d in agencies and d in entries]
    domain_draws = rng.choices(domains, weights=[WEIGHTS[d] for d in domains], k=n)
    kinds = [k for k, _ in KIND_MIX]
    kind_draws = rng.choices(kinds, weights=[w for _, w in KIND_MIX], k=n)
    first = date(year, 1, 1)
    days = (date(year, 12, 31) - first).days + 1
    in_force: dict[tuple[str, str], list[ListEntry]] = {}
    stale: dict[str, list[ListEntry]] = {}
    for domain, listed in entries.items():
        for entry in listed:
            if entry.effective_to is None or entry.effective_to >= date(year, 12, 31):
                in_force.setdefault((domain, entry.kind), []).append(entry)
            else:
                stale.setdefault(domain, []).append(entry)
    amounts = _amounts(rng, kind_draws, AMOUNTS.get(year, AMOUNTS[2023]))
    sequence: dict[int, int] = {}
    rows = []
    for i in range(n):
        domain, kind = domain_draws[i], kind_draws[i]
        agency = rng.choice(agencies[domain])
        decided_on = first + timedelta(days=rng.randrange(days))
        entry = rng.choice(in_force[(domain, kind)])
        out_of_dates = other_domain = False
        if rng.random() < FLAGGED_SHARE:
            if stale.get(domain) and decided_on > OLD_EDITION_TO and rng.random() < 0.5:
                entry, out_of_dates = rng.choice(stale[domain]), True
            else:
                other = rng.choice([d for d in domains if d != domain])
                entry, other_domain = rng.choice(in_force[(other, kind)]), True
        sequence[agency.pk] = sequence.get(agency.pk, 0) + 1
        number = f"{agency.short_name}罚决〔{year}〕{sequence[agency.pk]}号"
        party = PartyKind.ENTERPRISE if rng.random() < 0.7 else PartyKind.PERSON
        flags = (out_of_dates, other_domain)
        copies = (agency.region_id, entry.domain, entry.kind)
        rows.append((agency.pk, number, decided_on, entry.pk, party, amounts[i], *flags, *copies))
    keeper = Organisation.objects.filter(kind=KEEPER_KIND, region=city).order_by("pk").first()
    report = Report.objects.create(
        organisation=keeper,
        channel=Channel.DEMO,
        file_name=marker,
        rows=n,
        added=n,
        flagged=sum(1 for r in rows if r[6] or r[7]),
    )
    write_decisions(iter(rows), report_id=report.pk, total=n)


def replay_lenient(city_code: str, year: int) -> None:
    """Write the city's list, its agencies' fields, and the decisions of `year - 1` and `year` (idempotent)."""
    city = Region.objects.get(code=city_code)
    with transaction.atomic():
        entries = _entries(city)
        agencies = _agencies(city)
        for y in (year - 1, year):
            _year(y, city, entries, agencies)
