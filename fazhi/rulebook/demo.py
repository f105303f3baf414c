"""The rule book's part of the Baotou replay: registry entries and the year's ten cleanup rounds, written through the
registry's and the cleanups' services (so audited, indexed for search, and checked as a clerk's input is), whose
figures (fazhi.rulebook.figures) are the seed's: 10 rounds, 12 repealed, 4 amended, 8 local regulations enacted or
amended, 5 local regulations and 4 government rules repealed.

The seed names four documents (《包头市治理货物运输超限超载条例》 and 《包头市大气污染防治条例》 enacted or amended,
《包头市劳动者工资保障条例》 and 《包头市再生水管理办法》 repealed); their dates, numbers and texts here are made up,
as is every other document. Every row is marked source=demo. The repeals the seed counts are read as the
cleanups' results: its 12 repealed documents are the 5 local regulations, 4 government rules and 3 normative
documents the rounds repealed (a reading of "废止文件12件" the seed does not settle; the figures count each
definition on its own, see figures.py).

`replay_rulebook` may run again: a document is found by its region and title, an amendment is made once, and a
round already recorded is skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction

from fazhi.accounts.models import Organisation, OrganisationKind
from fazhi.rulebook import campaigns, services
from fazhi.rulebook.choices import CleanupResult, DocumentKind, Source
from fazhi.rulebook.models import CleanupCampaign, NormativeDocument

LR, GR, ND = DocumentKind.LOCAL_REGULATION, DocumentKind.GOVERNMENT_RULE, DocumentKind.NORMATIVE_DOCUMENT
CONGRESS = "包头市人民代表大会常务委员会"
GOVERNMENT = "包头市人民政府"
GOVERNMENT_OFFICE = "包头市人民政府办公室"
HRSS = "包头市人力资源和社会保障局"
CULTURE = "包头市文化旅游广电局"

Day = tuple[int, int, int]  # (years before the replayed year, month, day)


@dataclass(frozen=True)
class Doc:
    key: str
    kind: str
    title: str
    number: str
    issuer: str
    published: Day
    clause: str  # the operative sentence, with the words a cleanup's search looks for
    amended: Day | None = None  # a new version in force that day (修改)


DOCS = [
    # local regulations enacted or amended in the year (制定、修改8部)
    Doc(
        "overload",
        LR,
        "包头市治理货物运输超限超载条例",
        "包人大常公告〔{y}〕2号",
        CONGRESS,
        (0, 6, 5),
        "货物运输车辆超限超载的，由交通运输主管部门责令改正，依法处以罚款。",
    ),
    Doc(
        "air",
        LR,
        "包头市大气污染防治条例",
        "包人大常公告〔{y-6}〕1号",
        CONGRESS,
        (6, 1, 19),
        "排放大气污染物的企业事业单位应当遵守排放标准。",
        amended=(0, 10, 1),
    ),
    Doc(
        "heating",
        LR,
        "包头市城市供热条例",
        "包人大常公告〔{y}〕1号",
        CONGRESS,
        (0, 3, 29),
        "供热企业应当保证供热质量，按照规定的供热期供热。",
    ),
    Doc(
        "wetland",
        LR,
        "包头市黄河湿地保护条例",
        "包人大常公告〔{y}〕4号",
        CONGRESS,
        (0, 9, 27),
        "黄河湿地保护应当坚持生态优先、保护优先。",
    ),
    Doc(
        "dogs",
        LR,
        "包头市养犬管理条例",
        "包人大常公告〔{y}〕5号",
        CONGRESS,
        (0, 11, 29),
        "携犬出户的，应当束犬链并由完全民事行为能力人牵领。",
    ),
    Doc(
        "business",
        LR,
        "包头市优化营商环境条例",
        "包人大常公告〔{y}〕3号",
        CONGRESS,
        (0, 7, 31),
        "各类经营主体依法平等使用生产要素，公平参与市场竞争。",
    ),
    Doc(
        "civility",
        LR,
        "包头市文明行为促进条例",
        "包人大常公告〔{y-5}〕3号",
        CONGRESS,
        (5, 8, 30),
        "倡导文明出行、文明就餐、文明旅游。",
        amended=(0, 7, 1),
    ),
    Doc(
        "heritage_city",
        LR,
        "包头市历史文化名城保护条例",
        "包人大常公告〔{y-8}〕2号",
        CONGRESS,
        (8, 6, 2),
        "历史文化街区内的建设活动应当符合保护规划。",
        amended=(0, 12, 1),
    ),
    # local regulations a round repealed (废止5部)
    Doc(
        "wages",
        LR,
        "包头市劳动者工资保障条例",
        "包人大常公告〔{y-16}〕4号",
        CONGRESS,
        (16, 9, 26),
        "用人单位不得克扣、拖欠劳动者工资；劳动者达到退休年龄的，按照本条例规定结清工资。",
    ),
    Doc(
        "pension",
        LR,
        "包头市城镇职工基本养老保险条例",
        "包人大常公告〔{y-20}〕2号",
        CONGRESS,
        (20, 4, 30),
        "职工达到法定退休年龄并缴费满十五年的，按月领取基本养老金。",
    ),
    Doc(
        "enterprise_rights",
        LR,
        "包头市企业权益保护条例",
        "包人大常公告〔{y-14}〕3号",
        CONGRESS,
        (14, 7, 29),
        "本市企业享受本条例规定的优惠，外地企业参照执行；对外地企业可以设定不同于本地企业的准入条件，不平等对待企业。",
    ),
    Doc(
        "greening",
        LR,
        "包头市城市绿化管理条例",
        "包人大常公告〔{y-12}〕1号",
        CONGRESS,
        (12, 3, 30),
        "擅自砍伐城市树木的，处以每株五千元罚款。",
    ),
    Doc(
        "relics",
        LR,
        "包头市文物古迹保护条例",
        "包人大常公告〔{y-18}〕2号",
        CONGRESS,
        (18, 5, 31),
        "文物古迹保护范围内禁止进行爆破、钻探、挖掘等作业。",
    ),
    # government rules a round repealed (废止4部)
    Doc(
        "reclaimed_water",
        GR,
        "包头市再生水管理办法",
        "包头市人民政府令第131号",
        GOVERNMENT,
        (13, 8, 15),
        "应当使用再生水而未使用的，由水行政主管部门责令限期改正，处以一万元罚款。",
    ),
    Doc(
        "road_digging",
        GR,
        "包头市城市道路挖掘管理办法",
        "包头市人民政府令第112号",
        GOVERNMENT,
        (15, 4, 20),
        "未经批准挖掘城市道路的，处以二万元罚款。",
    ),
    Doc(
        "investment",
        GR,
        "包头市招商引资优惠政策兑现办法",
        "包头市人民政府令第145号",
        GOVERNMENT,
        (11, 10, 8),
        "优惠政策仅适用于本地注册企业，外地企业不平等享受。",
    ),
    Doc(
        "relic_units",
        GR,
        "包头市文物保护单位管理办法",
        "包头市人民政府令第98号",
        GOVERNMENT,
        (17, 2, 26),
        "文物保护单位的保护范围和建设控制地带由市人民政府划定。",
    ),
    # government rules a round kept (继续有效)
    Doc(
        "relic_safety",
        GR,
        "包头市文物安全管理办法",
        "包头市人民政府令第226号",
        GOVERNMENT,
        (3, 6, 12),
        "文物收藏单位应当建立文物安全责任制。",
    ),
    Doc(
        "private_enterprise",
        GR,
        "包头市民营企业发展促进办法",
        "包头市人民政府令第238号",
        GOVERNMENT,
        (2, 9, 1),
        "各类所有制企业依法平等享受支持政策。",
    ),
    # normative documents
    Doc(
        "local_first",
        ND,
        "包头市人民政府办公室关于本地企业优先参与政府采购的通知",
        "包府办发〔{y-4}〕15号",
        GOVERNMENT_OFFICE,
        (4, 4, 10),
        "政府采购项目优先选择本地企业，不平等对待外地企业。",
    ),
    Doc(
        "fines_cityops",
        ND,
        "包头市城市管理领域罚款事项实施办法",
        "包府办发〔{y-3}〕8号",
        GOVERNMENT_OFFICE,
        (3, 3, 15),
        "城市管理领域的罚款事项按照本办法设定的标准执行。",
    ),
    Doc(
        "retirement_approval",
        ND,
        "包头市人力资源和社会保障局关于职工退休审批有关问题的通知",
        "包人社发〔{y-2}〕11号",
        HRSS,
        (2, 5, 16),
        "职工退休审批按照国家规定的退休年龄执行。",
    ),
    Doc(
        "inspections",
        ND,
        "包头市涉企行政检查规范",
        "包府办发〔{y-2}〕20号",
        GOVERNMENT_OFFICE,
        (2, 8, 22),
        "对各类企业一视同仁，平等开展行政检查。",
    ),
    Doc(
        "eco_fines",
        ND,
        "包头市生态环境违法行为罚款裁量办法",
        "包府办发〔{y-1}〕5号",
        GOVERNMENT_OFFICE,
        (1, 2, 20),
        "生态环境违法行为的罚款数额按照违法情节分档裁量。",
    ),
    Doc(
        "retirement_rules",
        ND,
        "包头市机关事业单位工作人员退休工作实施细则",
        "包人社发〔{y-1}〕3号",
        HRSS,
        (1, 3, 8),
        "工作人员达到退休年龄的，按照本细则办理退休手续。",
    ),
    Doc(
        "immovable_relics",
        ND,
        "包头市不可移动文物保护管理实施细则",
        "包文旅发〔{y-2}〕9号",
        CULTURE,
        (2, 6, 30),
        "不可移动文物的保护管理实行属地负责。",
    ),
    Doc(
        "relief_fund",
        ND,
        "包头市企业纾困专项资金使用办法",
        "包府办发〔{y-4}〕30号",
        GOVERNMENT_OFFICE,
        (4, 6, 18),
        "纾困资金仅支持本地企业，不平等对待外地企业。",
    ),
    Doc(
        "relic_survey",
        ND,
        "包头市人民政府办公室关于开展文物普查工作的通知",
        "包府办发〔{y-3}〕40号",
        GOVERNMENT_OFFICE,
        (3, 9, 9),
        "各旗县区组织开展文物普查。",
    ),
    Doc(
        "fair_competition",
        ND,
        "包头市公平竞争审查工作实施办法",
        "包府办发〔{y-2}〕12号",
        GOVERNMENT_OFFICE,
        (2, 4, 25),
        "政策措施不得对企业不平等对待，应当经公平竞争审查。",
    ),
    Doc(
        "penalty_discretion",
        ND,
        "包头市行政处罚裁量权基准制度实施办法",
        "包府办发〔{y-3}〕22号",
        GOVERNMENT_OFFICE,
        (3, 7, 6),
        "罚款的裁量基准应当向社会公布。",
    ),
    Doc(
        "elderly_allowance",
        ND,
        "包头市养老服务补贴管理办法",
        "包民发〔{y-1}〕4号",
        "包头市民政局",
        (1, 5, 12),
        "退休人员和老年人的养老服务补贴按月发放。",
    ),
    Doc(
        "street_fines",
        ND,
        "包头市城市市容管理罚款执行规定",
        "包府办发〔{y-2}〕31号",
        GOVERNMENT_OFFICE,
        (2, 11, 3),
        "市容违法行为的罚款由城市管理部门执行。",
    ),
]

R, A, V, X = CleanupResult.REPEAL, CleanupResult.AMEND, CleanupResult.REMAIN_VALID, CleanupResult.DECLARE_INVALID
REASONS: dict[str, str] = {
    R: "与上位法规定不一致，或者已被新的规定代替，予以废止。",
    A: "部分条款与上位法或者国家政策不一致，需要修改。",
    X: "适用期已过或者调整对象已消失，宣布失效。",
}
QUERIES = {"涉不平等对待企业": "企业 平等", "罚款": "罚款", "延迟退休": "退休", "文物保护": "文物"}


@dataclass(frozen=True)
class Round:
    title: str
    topic: str
    kinds: tuple[str, ...]
    started: tuple[int, int]  # (month, day) of the replayed year
    closed: tuple[int, int]
    items: tuple[tuple[str, str], ...]  # (document key, result)
    due: tuple[int, int] = field(default=(12, 31))


ROUNDS = [
    Round(
        "涉及不平等对待企业的地方性法规、政府规章专项清理",
        "涉不平等对待企业",
        (LR, GR),
        (3, 4),
        (4, 26),
        (("enterprise_rights", R), ("investment", R), ("private_enterprise", V)),
    ),
    Round(
        "涉及不平等对待企业的规范性文件专项清理",
        "涉不平等对待企业",
        (ND,),
        (5, 6),
        (6, 28),
        (("local_first", R), ("inspections", A), ("relief_fund", X)),
    ),
    Round(
        "涉及不平等对待企业的规范性文件专项清理（复查）",
        "涉不平等对待企业",
        (ND,),
        (9, 2),
        (10, 31),
        (("fair_competition", V),),
    ),
    Round(
        "涉及罚款事项的地方性法规、政府规章专项清理",
        "罚款",
        (LR, GR),
        (4, 8),
        (6, 14),
        (("greening", R), ("reclaimed_water", R), ("road_digging", R)),
    ),
    Round(
        "涉及罚款事项的规范性文件专项清理",
        "罚款",
        (ND,),
        (6, 3),
        (7, 31),
        (("fines_cityops", R), ("eco_fines", A), ("penalty_discretion", V)),
    ),
    Round("涉及罚款事项的规范性文件专项清理（复查）", "罚款", (ND,), (10, 8), (11, 29), (("street_fines", V),)),
    Round("涉及延迟退休的地方性法规专项清理", "延迟退休", (LR,), (9, 23), (11, 15), (("wages", R), ("pension", R))),
    Round(
        "涉及延迟退休的规范性文件专项清理",
        "延迟退休",
        (ND,),
        (10, 14),
        (12, 13),
        (("retirement_approval", R), ("retirement_rules", A), ("elderly_allowance", V)),
    ),
    Round(
        "涉及文物保护的地方性法规、政府规章专项清理",
        "文物保护",
        (LR, GR),
        (5, 13),
        (7, 19),
        (("relics", R), ("relic_units", R), ("relic_safety", V)),
    ),
    Round(
        "涉及文物保护的规范性文件专项清理",
        "文物保护",
        (ND,),
        (8, 5),
        (9, 27),
        (("immovable_relics", A), ("relic_survey", X)),
    ),
]


def _day(year: int, day: Day) -> date:
    back, month, dom = day
    return date(year - back, month, dom)


def _number(template: str, year: int) -> str:
    for back in range(0, 25):
        template = template.replace(f"{{y-{back}}}", str(year - back))
    return template.replace("{y}", str(year))


def _text(doc: Doc, year: int) -> str:
    kind = {str(LR): "条例", str(GR): "办法"}.get(doc.kind, "文件")
    return (
        f"第一条 为了规范相关工作，根据有关法律、法规，结合本市实际，制定本{kind}。\n"
        f"第二条 {doc.clause}\n"
        f"第三条 本{kind}自公布之日起施行。"
    )


def _actor():
    """The demo writes as the platform's administrator (a superuser: the rule book's writer everywhere)."""
    user = get_user_model().objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    if user is None:
        raise RuntimeError("the rule book's demo needs an active superuser (load the Baotou people first)")
    return user


def _document(d: Doc, *, region_code: str, year: int, bureau: Organisation, actor) -> NormativeDocument:
    title = d.title
    existing = NormativeDocument.objects.filter(region_id=region_code, title=title).first()
    if existing is not None:
        return existing
    published = _day(year, d.published)
    return services.document_register(
        actor=actor,
        region_id=region_code,
        kind=d.kind,
        title=title,
        issuer=d.issuer,
        number=_number(d.number, year),
        adopted_on=published - timedelta(days=7),
        published_on=published,
        effective_on=published + timedelta(days=30) if d.kind == ND else published,
        text=_text(d, year),
        organisation=bureau,
        filed_on=published + timedelta(days=20) if d.kind == ND else None,
        source=Source.DEMO,
    )


def _amend(doc: NormativeDocument, d: Doc, *, year: int, actor) -> None:
    if d.amended is None or doc.versions.count() > 1:
        return
    on = _day(year, d.amended)
    text = doc.text.replace("自公布之日起施行", f"自{on.year}年{on.month}月{on.day}日起施行（{on.year}年修改）")
    services.document_amend(doc=doc, actor=actor, version=None, text=text, effective_on=on, note=f"{on.year}年修改")


def _round(r: Round, *, docs: dict[str, NormativeDocument], region_code: str, year: int, bureau, actor) -> None:
    if CleanupCampaign.objects.filter(region_id=region_code, title=r.title, started_on__year=year).exists():
        return
    started, closed = date(year, *r.started), date(year, *r.closed)
    campaign = campaigns.campaign_create(
        actor=actor,
        organisation=bureau,
        title=r.title,
        topic=r.topic,
        kinds=r.kinds,
        query=QUERIES[r.topic],
        started_on=started,
        due_on=date(year, *r.due),
        source=Source.DEMO,
    )
    items = campaigns.campaign_add(campaign=campaign, documents=[docs[key] for key, _ in r.items], actor=actor)
    decided = closed - timedelta(days=7)
    for item, (key, result) in zip(items, r.items, strict=True):
        amend = result == CleanupResult.AMEND
        campaigns.item_decide(
            item=item,
            result=result,
            actor=actor,
            reasons=REASONS.get(result, ""),
            owner=docs[key].issuer if amend else "",
            due_on=closed + timedelta(days=90) if amend else None,
            decided_on=decided,
        )
    campaigns.campaign_close(campaign=campaign, actor=actor, closed_on=closed)


@transaction.atomic
def replay_rulebook(region_code: str = "150200000000", year: int = 2024) -> None:
    """Write the year's registry entries and cleanup rounds for the region (idempotent)."""
    actor = _actor()
    bureau = Organisation.objects.filter(region_id=region_code, kind=OrganisationKind.JUSTICE_BUREAU).order_by("pk")
    organisation = bureau.first()
    if organisation is None:
        raise RuntimeError(f"no justice bureau in region {region_code}")
    docs: dict[str, NormativeDocument] = {}
    for d in DOCS:
        docs[d.key] = _document(d, region_code=region_code, year=year, bureau=organisation, actor=actor)
        _amend(docs[d.key], d, year=year, actor=actor)
    for r in ROUNDS:
        _round(r, docs=docs, region_code=region_code, year=year, bureau=organisation, actor=actor)
