"""合法性审核 in the demo replay: two years of the city bureau's reviews of the government's normative documents, major
decisions and contracts, written through the kernel's history writer.

The city's legality section reviews what the city government and its departments send; each review's state, dates,
outcome and clock come from the steps of this line's procedure. The last year reproduces Baotou's report: 1,026
documents and agreements reviewed (reviews concluded in the year). The titles and departments' requests are made up.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from fazhi.accounts.models import Membership, Organisation, Role, User
from fazhi.cases.history import PastCase, Step, history_write_many
from fazhi.cases.models import Case
from fazhi.cases.runner import PartyInput
from fazhi.cases.sampling import OFFICE_MONTHS, Place, body, handlers, person, scaled, weighted
from fazhi.core.workdays import WorkCalendar
from fazhi.legality.choices import LINE, Capacity, OrganisationKind, ReviewKind
from fazhi.legality.models import LegalityReview
from fazhi.legality.periods import periods_read_once
from fazhi.rulebook.demo import replay_rulebook

REVIEWS = {2023: 958, 2024: 1026}  # concluded in the year (the seed: 文件、协议的合法性审核 1,026 in 2024)
RETURNED = {2023: 21, 2024: 24}  # returned without an opinion: not reviews
KINDS = [(ReviewKind.CONTRACT, 55), (ReviewKind.NORMATIVE_DOCUMENT, 38), (ReviewKind.MAJOR_DECISION, 7)]
DOCUMENT_OUTCOMES = [("lawful", 55), ("lawful_if_amended", 42), ("unlawful", 3)]
CONTRACT_OUTCOMES = [("sign", 45), ("sign_if_amended", 52), ("do_not_sign", 3)]
AMENDED = ("lawful_if_amended", "sign_if_amended")
REFUSED = ("unlawful", "do_not_sign")
# working days the review takes, by kind (within the 15 / 7 / 5 of the procedure; a few run late)
SPANS: dict[str, tuple[int, int]] = {
    ReviewKind.NORMATIVE_DOCUMENT: (4, 15),
    ReviewKind.MAJOR_DECISION: (4, 7),
    ReviewKind.CONTRACT: (2, 5),
}
DEPARTMENTS = [
    ("包头市人民政府办公室", 8),
    ("包头市发展和改革委员会", 8),
    ("包头市财政局", 7),
    ("包头市自然资源局", 8),
    ("包头市住房和城乡建设局", 9),
    ("包头市交通运输局", 6),
    ("包头市生态环境局", 5),
    ("包头市市场监督管理局", 5),
    ("包头市教育局", 4),
    ("包头市卫生健康委员会", 4),
    ("包头市民政局", 3),
    ("包头市人力资源和社会保障局", 4),
    ("包头市文化旅游广电局", 3),
    ("包头市城市管理综合执法局", 5),
    ("包头市农牧局", 4),
    ("包头市国有资产监督管理委员会", 6),
    ("包头市工业和信息化局", 5),
    ("包头市应急管理局", 2),
]
SUBJECTS = ["城市供热", "公共停车", "老旧小区改造", "稀土产业", "中小企业融资", "农村牧区人居环境", "校外培训",
            "养老服务", "再生水利用", "黄河流域生态保护", "政务数据共享", "建筑垃圾处置", "公共租赁住房",
            "新能源汽车推广", "旅游市场秩序", "职业技能培训"]  # fmt: skip
DOCUMENT_FORMS = ["管理办法", "实施细则", "若干措施", "实施意见", "暂行办法", "工作规则"]
DECISION_FORMS = ["调整方案", "专项规划", "实施方案"]
CONTRACT_FORMS = ["特许经营协议", "政府购买服务合同", "国有土地使用权出让合同", "招商引资协议", "工程建设合同",
                  "资产租赁合同"]  # fmt: skip
LAWYERS = ["内蒙古正义律师事务所", "包头鹿城律师事务所", "包头北方律师事务所"]


def replay(place: Place) -> int:
    """Write the line's records of `place.years`; returns the number of cases written."""
    rng = place.rng(LINE)
    section = body(
        f"{place.bureau.name}合法性审核科",
        place.code,
        OrganisationKind.LEGALITY_SECTION,
        place.bureau.short_name,
        place.bureau,
    )
    staff = handlers(rng, section, "hf", LINE, 4)
    head = _head(section)
    calendar = place.days.calendar
    pasts = []
    for year in place.years:
        plans = ["review"] * scaled(REVIEWS[year], place.scale) + ["returned"] * scaled(RETURNED[year], place.scale)
        for plan in plans:
            pasts.append(_review(rng, place, calendar, section, (staff, head), year, plan))
    pasts.sort(key=lambda p: p.case.received_on)  # numbered in order of receipt
    with periods_read_once():  # the writer's thread may not query: the periods are read here, once
        history_write_many(pasts)
    # the rule book the section keeps: the registry and the seed year's cleanup rounds (written through its services)
    replay_rulebook(place.code, max(place.years))
    return len(pasts)


def _head(section: Organisation) -> User:
    """The section's head: the demo's persona if it is there, else one made up for the replay."""
    held = Membership.objects.filter(organisation=section, role=Role.SECTION_HEAD).select_related("user").first()
    if held is not None:
        return held.user
    user, _ = User.objects.get_or_create(
        username=f"hf{section.region_id[:6]}-head", defaults={"full_name": "审核科负责人", "password": "!replay"}
    )
    Membership.objects.get_or_create(
        user=user, organisation=section, role=Role.SECTION_HEAD, defaults={"lines": [LINE]}
    )
    return user


def _forward(calendar: WorkCalendar, d: date, n: int) -> date:
    """The n-th working day after `d` (d itself for n = 0)."""
    while n > 0:
        d += timedelta(days=1)
        n -= calendar.is_working_day(d)
    return d


def _back(calendar: WorkCalendar, d: date, n: int) -> date:
    """The n-th working day before `d`."""
    while n > 0:
        d -= timedelta(days=1)
        n -= calendar.is_working_day(d)
    return d


def _title(rng: random.Random, kind: str) -> str:
    subject = rng.choice(SUBJECTS)
    if kind == ReviewKind.NORMATIVE_DOCUMENT:
        return f"包头市{subject}{rng.choice(DOCUMENT_FORMS)}（送审稿）"
    if kind == ReviewKind.MAJOR_DECISION:
        return f"包头市{subject}{rng.choice(DECISION_FORMS)}"
    return f"包头市{subject}项目{rng.choice(CONTRACT_FORMS)}"


def _review(
    rng: random.Random,
    place: Place,
    calendar: WorkCalendar,
    section: Organisation,
    people: tuple[list[User], User],
    year: int,
    plan: str,
) -> PastCase:
    staff, head = people
    reviewer = rng.choice(staff)
    kind = weighted(rng, KINDS)
    ends = place.days.draw(rng, year, OFFICE_MONTHS)  # the opinion (or the return) falls in the year
    plan_steps = _plan(rng, kind, plan)
    span = plan_steps[-1][0]
    first = date(place.years[0], 1, 1)
    received = max(
        _back(calendar, ends, span), first if calendar.is_working_day(first) else _forward(calendar, first, 1)
    )
    if received > ends:
        received = ends
    steps = []
    for offset, code, data in plan_steps:
        on = min(_forward(calendar, received, offset), ends) if code not in _CONCLUSIONS else ends
        actor = head if code in _CONCLUSIONS else reviewer
        steps.append(Step(code, max(on, received), actor, data))
    case = Case(
        line=LINE,
        organisation=section,
        region_id=section.region_id,
        title=_title(rng, kind),
        channel=weighted(rng, [("walk_in", 70), ("web", 25), ("post", 5)]),
        received_on=received,
        assignee=reviewer,
    )
    if steps[0].code == "accept_decision":
        steps[0] = Step(steps[0].code, steps[0].on, reviewer, _decision_record(rng, calendar, steps[0].on, year))
    detail = LegalityReview(kind=kind, draft_summary="送审稿及起草说明、制定依据、征求意见情况")
    requester = PartyInput(role="applicant", name=weighted(rng, DEPARTMENTS), kind="organisation")
    return PastCase(case, detail, [requester], steps, reviewer, place.note)


_CONCLUSIONS = {"conclude", "conclude_contract"}


def _plan(rng: random.Random, kind: str, plan: str) -> list[tuple[int, str, dict]]:
    """(working days after receipt, step code, data) of each step; the last is the conclusion (or the return)."""
    if plan == "returned":
        return [(rng.randint(0, 2), "return_request", {"reasons": "送审材料不齐全，未附制定依据和征求意见情况说明"})]
    low, high = SPANS[kind]
    days = rng.randint(low, high) if rng.random() > 0.02 else high + rng.randint(1, 3)  # a few run late
    accept = "accept_decision" if kind == ReviewKind.MAJOR_DECISION else "accept"
    steps: list[tuple[int, str, dict]] = [(0, accept, {})]
    extra = 0
    if rng.random() < 0.1:  # materials asked for: the clock pauses
        wait = rng.randint(3, 10)
        steps += [
            (1, "request_materials", {"items": "制定依据\n公平竞争审查意见"}),
            (1 + wait, "materials_received", {}),
        ]
        extra += wait
    if kind == ReviewKind.CONTRACT and rng.random() < 0.15:  # experts: not counted either
        wait = rng.randint(3, 8)
        base = steps[-1][0] + 1
        steps += [
            (base, "start_expert_review", {"matter": "合同价款调整和违约责任条款"}),
            (base + wait, "expert_review_done", {"expert_opinion": "建议明确价款调整的条件和上限"}),
        ]
        extra += wait
    last = steps[-1][0]
    steps.append((last, "comment", {"reviewer": person(rng), "opinion": "经审查，制定主体和程序符合规定"}))
    if kind == ReviewKind.MAJOR_DECISION:  # art. 28
        capacity = rng.choice([Capacity.LEGAL_ADVISER.value, Capacity.PUBLIC_LAWYER.value])
        lawyer = f"{rng.choice(LAWYERS)}{person(rng)}" if capacity == Capacity.LEGAL_ADVISER else person(rng)
        steps.append((last, "legal_opinion", {"reviewer": lawyer, "capacity": capacity, "opinion": "未发现违法情形"}))
    contract = kind == ReviewKind.CONTRACT
    outcome = weighted(rng, CONTRACT_OUTCOMES if contract else DOCUMENT_OUTCOMES)
    code = "conclude_contract" if contract else "conclude"
    data = {"outcome": outcome, "opinion": "经审查，该事项符合法定权限，履行了法定程序"}
    if outcome in AMENDED:
        data["conditions"] = rng.choice(["删除增设审批条件的条款", "明确违约责任和争议解决方式", "补充听取意见程序"])
    if outcome in REFUSED:
        data["reasons"] = rng.choice(["增设了法律、法规未规定的行政许可条件", "以财政资金为合同相对方提供担保"])
    steps.append((days + extra, code, data))
    return steps


def _decision_record(rng: random.Random, calendar: WorkCalendar, accepted: date, year: int) -> dict:
    """A major decision's procedure as recorded on acceptance: catalogue item, 30 days' comment, experts, risk,
    and the collective discussion at least 7 working days after (arts. 15, 19–22, 26)."""
    return {
        "catalogue_item": f"{year}年包头市重大行政决策事项目录第{rng.randint(1, 12)}项",
        "comment_days": str(rng.choice([30, 30, 30, 45])),
        "expert_review": "召开专家论证会",
        "risk_assessment": "社会稳定风险评估结论为低风险",
        "discussion_on": _forward(calendar, accepted, rng.randint(10, 20)).isoformat(),
    }
