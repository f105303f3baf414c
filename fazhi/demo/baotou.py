"""The Baotou demo: organisations and staff personas over the shipped division codes (deterministic)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from fazhi.accounts.models import Membership, Organisation, Role, User
from fazhi.accounts.twofactor import ensure_demo_device
from fazhi.core.lines import Line
from fazhi.core.management.commands.load_regions import DEFAULT_FILE, load_regions
from fazhi.core.models import Region

DEMO_PASSWORD = "fazhi-demo-2024"
CASE_LINES = [Line.RECONSIDERATION, Line.MEDIATION, Line.LEGAL_AID]

# (key, name, short name, kind, region code, parent key)
ORGANISATIONS = [
    ("city_bureau", "包头市司法局", "包", "justice_bureau", "150200000000", None),
    (
        "city_reconsideration",
        "包头市人民政府行政复议办公室",
        "包",
        "reconsideration_office",
        "150200000000",
        "city_bureau",
    ),
    ("city_legal_aid", "包头市法律援助中心", "包", "legal_aid_centre", "150200000000", "city_bureau"),
    ("city_legality", "包头市司法局合法性审核科", "包", "legality_section", "150200000000", "city_bureau"),
    ("city_supervision", "包头市司法局行政执法协调监督科", "包", "supervision_body", "150200000000", "city_bureau"),
    ("city_market_agency", "包头市市场监督管理局", "包", "enforcement_agency", "150200000000", None),
    ("donghe_bureau", "东河区司法局", "东", "justice_bureau", "150202000000", "city_bureau"),
    ("kundulun_bureau", "昆都仑区司法局", "昆", "justice_bureau", "150203000000", "city_bureau"),
    ("heping_office", "和平路司法所", "和", "justice_office", "150202001000", "donghe_bureau"),
    ("heping_committee", "和平路街道人民调解委员会", "和", "mediation_committee", "150202001000", "heping_office"),
]


@dataclass(frozen=True)
class Persona:
    username: str
    full_name: str
    memberships: tuple[tuple[str, str, Sequence[str]], ...]  # (organisation key, role, lines)
    note: str
    superuser: bool = False


PERSONAS = [
    Persona("admin", "系统管理员", (), "系统管理员（全部权限）", superuser=True),
    Persona(
        "leader",
        "王局长",
        (("city_bureau", Role.LEADER, [*CASE_LINES, Line.LEGALITY, Line.SUPERVISION]),),
        "市局领导：全市全部条线",
    ),
    Persona(
        "city_head",
        "李科长",
        (
            ("city_reconsideration", Role.SECTION_HEAD, [Line.RECONSIDERATION]),
            ("city_legal_aid", Role.SECTION_HEAD, [Line.LEGAL_AID]),
        ),
        "市复议办/法援中心科室负责人",
    ),
    Persona(
        "city_clerk",
        "张办事员",
        (
            ("city_reconsideration", Role.REGISTRAR, [Line.RECONSIDERATION]),
            ("city_reconsideration", Role.HANDLER, [Line.RECONSIDERATION]),
            ("city_legal_aid", Role.HANDLER, [Line.LEGAL_AID]),
        ),
        "市复议办登记员、承办人",
    ),
    Persona(
        "aid_clerk",
        "刘登记员",
        (("city_legal_aid", Role.REGISTRAR, [Line.LEGAL_AID]),),
        "市法律援助中心登记员：受理申请、导入历史案件",
    ),
    Persona(
        "legality_clerk",
        "何审核",
        (("city_legality", "legality_reviewer", [Line.LEGALITY]),),
        "市司法局合法性审核科审核员：登记、审核文件和合同",
    ),
    Persona(
        "legality_head",
        "冯科长",
        (("city_legality", Role.SECTION_HEAD, [Line.LEGALITY]),),
        "市司法局合法性审核科负责人：出具审核意见",
    ),
    Persona(
        "supervision_clerk",
        "陈监督",
        (("city_supervision", "supervisor", [Line.SUPERVISION]),),
        "市司法局行政执法协调监督科监督员：执法证件、法治体检、约谈、监督案件",
    ),
    Persona(
        "supervision_head",
        "蒋科长",
        (("city_supervision", Role.SECTION_HEAD, [Line.SUPERVISION]),),
        "市司法局行政执法协调监督科负责人：签发督办函、监督意见书",
    ),
    Persona(
        "agency_reporter",
        "马报送",
        (("city_market_agency", "enforcement_reporter", [Line.SUPERVISION]),),
        "市市场监督管理局执法数据报送员：报送免罚轻罚决定",
    ),
    Persona("donghe_clerk", "赵承办", (("donghe_bureau", Role.HANDLER, CASE_LINES),), "东河区司法局承办人"),
    Persona("kundulun_clerk", "钱承办", (("kundulun_bureau", Role.HANDLER, CASE_LINES),), "昆都仑区司法局承办人"),
    Persona(
        "donghe_head",
        "吴股长",
        (("donghe_bureau", Role.SECTION_HEAD, [Line.RECONSIDERATION]),),
        "东河区司法局复议股负责人",
    ),
    Persona(
        "kundulun_head",
        "郑股长",
        (("kundulun_bureau", Role.SECTION_HEAD, [Line.RECONSIDERATION]),),
        "昆都仑区司法局复议股负责人",
    ),
    Persona("mediator", "孙调解员", (("heping_committee", "mediator", [Line.MEDIATION]),), "和平路街道调解员"),
    Persona("auditor", "周审计", (("city_bureau", Role.AUDITOR, []),), "审计员：只看审计记录"),
    Persona("citizen", "市民小刘", (), "公众用户（无机构）"),
]


@transaction.atomic
def load_baotou_people() -> list[Persona]:
    """Create regions (if missing), the demo organisations and the personas; re-running changes nothing."""
    if not Region.objects.exists():
        load_regions(DEFAULT_FILE)
    orgs: dict[str, Organisation] = {}
    for key, name, short, kind, region, parent in ORGANISATIONS:
        orgs[key], _ = Organisation.objects.get_or_create(
            name=name,
            region_id=region,
            defaults={"short_name": short, "kind": kind, "parent": orgs.get(parent) if parent else None},
        )
    for p in PERSONAS:
        user, created = User.objects.get_or_create(
            username=p.username,
            defaults={"full_name": p.full_name, "is_superuser": p.superuser, "is_staff": p.superuser},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        for org_key, role, lines in p.memberships:
            Membership.objects.get_or_create(
                user=user, organisation=orgs[org_key], role=role, defaults={"lines": [str(x) for x in lines]}
            )
        if p.superuser or p.memberships:  # staff log in with a second factor: a demo TOTP device, code by otp_code
            ensure_demo_device(user)
    return PERSONAS
