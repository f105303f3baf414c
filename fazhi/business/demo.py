"""The business environment's part of the Baotou replay: `replay_business(city_code, year)` writes the year and the
year before — industrial parks, enterprises, notary offices' service relations, outreach events and the city's
enterprise legal-service list in two published versions — so that `fazhi.business.figures` gives the seed's 2024
figures for 包头市 exactly: 10 industrial parks visited (of 14 registered), 52 enterprises visited, 104 lectures,
72 enterprises with notary service relations; the year before is smaller (8 parks, 36 enterprises, 78 lectures,
50 enterprises with relations), as the seed's "growth" implies.

Every name, credit code (valid check digits, GB 32100-2015 and GB 11714) and date here is made up; the parks are
named after Baotou's real districts. Deterministic, and idempotent: a park is found by region and name, an
enterprise by its credit code, a relation by enterprise, office and start, an event by date, region, park and
topic; the service list is published twice once. Another city gets the same shape over its own counties.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction

from fazhi.accounts.models import Organisation, OrganisationKind
from fazhi.business import services
from fazhi.business.choices import EventKind
from fazhi.business.models import (
    Enterprise,
    IndustrialPark,
    NotaryRelation,
    OutreachEvent,
    ServiceList,
    ServiceListVersion,
)
from fazhi.core.models import Region
from fazhi.core.validators import ORG_CODE_WEIGHTS, uscc_check_char

BAOTOU = "150200000000"
# (name, county code): Baotou's 14 parks; the first ten are visited in the replayed year, the first eight the year
# before
BAOTOU_PARKS = [
    ("包头稀土高新区稀土新材料产业园", "150271000000"),
    ("包头装备制造产业园区", "150204000000"),
    ("包头金属深加工园区", "150203000000"),
    ("九原工业园区", "150207000000"),
    ("包头铝业产业园区", "150202000000"),
    ("土默特右旗新型工业园区", "150221000000"),
    ("固阳县金山工业园区", "150222000000"),
    ("达茂旗巴润工业园区", "150223000000"),
    ("石拐工业园区", "150205000000"),
    ("白云鄂博矿区稀土产业园", "150206000000"),
    ("东河区东兴工业园区", "150202000000"),
    ("包头农畜产品加工产业园", "150207000000"),
    ("包头物流园区", "150203000000"),
    ("包头稀土高新区电子信息产业园", "150271000000"),
]
PARK_SUFFIXES = ["工业园区", "产业园区"]
PREFIXES = ["鹿城", "北方", "草原", "钢城", "稀土", "黄河", "阴山", "鑫达", "恒泰", "宏远"]
INDUSTRIES = ["稀土材料", "装备制造", "新能源", "物流", "食品", "建材", "化工", "信息技术", "铝业", "乳业"]
ENTERPRISES = 100
TOPICS = ["新公司法", "优化营商环境条例", "民法典合同编", "劳动合同法", "安全生产法", "知识产权保护", "行政复议法"]
# notary offices (a name and the county they sit in: the agencies line will own them, fazhi/business/models.py)
NOTARY_OFFICES = [
    ("{city}青山公证处", "150204000000"),
    ("{city}昆都仑公证处", "150203000000"),
    ("{city}东河公证处", "150202000000"),
    ("{city}九原公证处", "150207000000"),
]
SERVICES = [
    "合同公证、证据保全公证",
    "知识产权保全证据公证",
    "公司章程及股东会决议公证",
    "赋予债权文书强制执行效力公证",
]

# years before the replayed one → (events, lectures of the first events as (how many, each), parks visited,
# first enterprise visited, enterprises visited, days between events, (month, day) of the first event)
YEAR_PLAN = {
    0: (52, ((24, 3), (16, 2)), 10, 0, 52, 6, (1, 8)),
    1: (36, ((18, 3), (12, 2)), 8, 20, 36, 9, (1, 9)),
}

# the city's list: version 1 (March) and version 2 (September, three services more) of the replayed year
LIST_ITEMS = [
    ("12348公共法律服务热线法律咨询", "{city}公共法律服务中心", "12348热线", None),
    ("企业“法治体检”", "{city}律师协会", "{city}公共法律服务中心企业服务窗口", None),
    ("涉企行政复议案件受理与调解", "", "{city}人民政府行政复议办公室接待窗口", "reconsideration_office"),
    ("涉企行政复议联系点咨询", "", "各联系点工作人员", "reconsideration_office"),
    ("企业合同公证、证据保全公证", "{city}青山公证处", "公证处业务大厅", None),
    ("商事纠纷人民调解", "{city}商会人民调解委员会", "商会调解室", None),
    ("劳动争议人民调解", "{city}劳动争议人民调解委员会", "调解委员会接待室", None),
    ("涉企法律援助", "", "{city}法律援助中心窗口", "legal_aid_centre"),
    ("知识产权纠纷调解", "{city}知识产权纠纷人民调解委员会", "调解委员会接待室", None),
    ("企业合规法律培训", "{city}律师协会", "{city}公共法律服务中心企业服务窗口", None),
    ("行政规范性文件涉企条款咨询", "", "{city}司法局合法性审核科", "legality_section"),
    ("“免罚轻罚”清单解读", "", "{city}司法局行政执法协调监督科", "supervision_body"),
]
LIST_ADDED = [
    ("新公司法专题法律咨询", "{city}律师协会", "{city}公共法律服务中心企业服务窗口", None),
    ("企业破产重整法律服务", "{city}律师协会破产管理人专业委员会", "律师协会秘书处", None),
    ("涉外商事法律服务", "{city}涉外法律服务中心", "{city}公共法律服务中心涉外服务窗口", None),
]


def demo_uscc(county_code: str, n: int) -> str:
    """A made-up, valid unified social credit code: 91 (a company) + the county's six digits + an organisation code
    MA0nnnnn with its GB 11714 check character + the GB 32100 check character."""
    body = f"MA0{n:05d}"
    values = [int(c) if c.isdigit() else ord(c) - ord("A") + 10 for c in body]
    r = 11 - sum(v * w for v, w in zip(values, ORG_CODE_WEIGHTS, strict=True)) % 11
    first17 = f"91{county_code[:6]}{body}{ {10: 'X', 11: '0'}.get(r, str(r)) }"
    return first17 + uscc_check_char(first17)


def _keeper(city: Region) -> Organisation | None:
    orgs = Organisation.objects.filter(region=city)
    return (
        orgs.filter(kind=OrganisationKind.SUPERVISION_BODY).order_by("pk").first()
        or orgs.filter(kind=OrganisationKind.JUSTICE_BUREAU).order_by("pk").first()
    )


def _counties(city: Region) -> list[Region]:
    counties = list(Region.objects.filter(parent=city, level=Region.Level.COUNTY).order_by("code"))
    return counties or [city]


def _parks(city: Region, counties: list[Region], keeper: Organisation | None) -> list[IndustrialPark]:
    if city.code == BAOTOU:
        plan = BAOTOU_PARKS
    else:
        plan = [(f"{c.name}{PARK_SUFFIXES[i // len(counties) % 2]}{i + 1}", c.code) for i, c in enumerate(counties * 2)]
        plan = plan[: len(BAOTOU_PARKS)]
    parks = []
    for name, code in plan:
        park, _created = IndustrialPark.objects.get_or_create(
            region_id=code, name=name, defaults={"organisation": keeper}
        )
        parks.append(park)
    return parks


def _enterprises(city: Region, counties: list[Region], keeper: Organisation | None) -> list[Enterprise]:
    found = []
    for n in range(ENTERPRISES):
        county = counties[n % len(counties)]
        name = f"{city.name.removesuffix('市')}{PREFIXES[n % 10]}{INDUSTRIES[n // 10 % 10]}有限公司"
        enterprise, _created = Enterprise.objects.get_or_create(
            uscc=demo_uscc(county.code, n),
            defaults={"name": name, "region": county, "organisation": keeper},
        )
        found.append(enterprise)
    return found


def _events(year: int, offset: int, parks, enterprises, keeper) -> None:
    count, lectures, parks_visited, first, visited, step, start = YEAR_PLAN[offset]
    counts: list[int] = [each for many, each in lectures for _ in range(many)]
    counts += [0] * (count - len(counts))
    for i in range(count):
        park = None if i % 13 == 12 else parks[i % parks_visited]
        chosen = [enterprises[first + (2 * i) % visited], enterprises[first + (2 * i + 1) % visited]]
        region_id = park.region_id if park else chosen[0].region_id
        kind = EventKind.LECTURE if counts[i] else (EventKind.VISIT if i % 2 else EventKind.CONSULTATION_DAY)
        event, _created = OutreachEvent.objects.get_or_create(
            held_on=date(year - offset, *start) + timedelta(days=step * i),
            region_id=region_id,
            park=park,
            topic=TOPICS[i % len(TOPICS)],
            defaults={
                "kind": kind,
                "lecture_count": counts[i],
                "audience": 30 + (i * 17) % 90 if counts[i] else 8 + i % 12,
                "organisation": keeper,
            },
        )
        event.enterprises.set(chosen)


def _relations(city: Region, year: int, enterprises, keeper) -> None:
    """The year before: 50 enterprises tied (8 relations ending in December); the year: 30 more, so 72 in force."""
    counties = _counties(city)
    offices = [
        (name.format(city=city.name), code if city.code == BAOTOU else counties[i % len(counties)].code)
        for i, (name, code) in enumerate(NOTARY_OFFICES)
    ]
    plan = [(n, date(year - 1, 2, 1) + timedelta(days=5 * (n - 40)), n < 48) for n in range(40, 90)]
    plan += [(n, date(year, 2, 1) + timedelta(days=7 * (n - 10)), False) for n in range(10, 40)]
    for n, started_on, ends in plan:
        office, office_region = offices[n % len(offices)]
        NotaryRelation.objects.get_or_create(
            enterprise=enterprises[n],
            notary_office=office,
            started_on=started_on,
            defaults={
                "region_id": office_region,
                "ended_on": date(year - 1, 12, 15) if ends else None,
                "services": SERVICES[n % len(SERVICES)],
                "organisation": keeper,
            },
        )


def _items(service_list: ServiceList, rows, city: Region) -> ServiceListVersion:
    draft = services.draft_start(actor=None, service_list=service_list)
    for service, provider, contact, kind in rows:
        organisation = Organisation.objects.filter(region=city, kind=kind).order_by("pk").first() if kind else None
        services.item_add(
            actor=None,
            version=draft,
            revision=None,
            service=service,
            provider_organisation=organisation,
            provider_name=provider.format(city=city.name) or f"{city.name}司法局",
            contact=contact.format(city=city.name),
            region_code=city.code,
        )
    return draft


def _service_list(city: Region, year: int, keeper: Organisation | None) -> None:
    service_list = ServiceList.objects.filter(region=city).first()
    if service_list is None:
        title = f"{city.name}司法行政机关涉企法治服务清单"
        service_list = services.service_list_create(actor=None, region_code=city.code, title=title, organisation=keeper)
    if service_list.versions.filter(number__isnull=False).count() >= 2:
        return
    first = _items(service_list, LIST_ITEMS, city)
    services.version_publish(actor=None, version=first, revision=None, published_on=date(year, 3, 1), note="首次发布")
    second = _items(service_list, LIST_ADDED, city)
    services.version_publish(
        actor=None,
        version=second,
        revision=None,
        published_on=date(year, 9, 1),
        note="新增新公司法专题法律咨询等3项",
    )


@transaction.atomic
def replay_business(city_code: str, year: int) -> None:
    """Write the business environment of city `city_code` for `year` and `year - 1` (idempotent)."""
    city = Region.objects.get(code=city_code)
    keeper = _keeper(city)
    counties = _counties(city)
    parks = _parks(city, counties, keeper)
    enterprises = _enterprises(city, counties, keeper)
    for offset in (1, 0):
        _events(year, offset, parks, enterprises, keeper)
    _relations(city, year, enterprises, keeper)
    _service_list(city, year, keeper)
