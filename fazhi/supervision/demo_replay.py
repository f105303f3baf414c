"""行政执法监督 in the demo replay: two years of the city supervision body's work, whose figures are the city's 2024
report (包头市司法局 2024: "对10个执法部门开展法治体检……约谈败诉和被纠错单位负责人16人"), and the three registries
the body keeps (the network and certificates, the lenient-penalty register, the business environment), written by
their own `replay_<app>`.

- Health checks: a plan a year over the city's enforcement departments (8 in 2023, 10 in 2024), findings per item
  (三项制度 among them), a rectification notice where something failed, the report (a few late) and verification.
- Interviews: proposed from the reconsideration replay's corrected cases and lost suits of the first half of each
  year (`services.interviews_propose`, which reads that line through the kernel), the most corrected agencies'
  heads interviewed in the second half (11 in 2023, 16 in 2024), with minutes and follow-up; the rest dismissed.
- Supervision cases: a few a year through the history writer (督办函, 监督意见书, one referred to the government, one
  not supervised again under art. 33 ¶3).
All through the services and the history writer, so the records are what the pages would have made. Idempotent: a
year whose plan exists is not written again.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from importlib import import_module
from importlib.util import find_spec

from fazhi.accounts.models import Membership, Organisation, OrganisationKind, Role, User
from fazhi.cases.history import PastCase, Step, history_write_many
from fazhi.cases.models import Case
from fazhi.cases.runner import PartyInput
from fazhi.cases.sampling import Place, body, handlers, person, weighted
from fazhi.supervision import services
from fazhi.supervision.choices import LINE, FindingItem
from fazhi.supervision.models import HealthCheckPlan, Interview, SupervisionCase

REGISTRIES = ("enforcement", "lenient", "business")  # the registries the line keeps, below it
CHECKED = {2023: 8, 2024: 10}  # the seed: 法治体检 10 departments in 2024
INTERVIEWED = {2023: 11, 2024: 16}  # the seed: 约谈单位负责人 16 in 2024
CASES = {2023: 7, 2024: 12}
PROBLEMS = {
    FindingItem.PUBLICITY: "部分行政处罚决定未在7个工作日内公示",
    FindingItem.FULL_RECORDING: "现场检查未全程音像记录",
    FindingItem.LEGAL_REVIEW: "重大执法决定作出前未经法制审核（行政处罚法第五十八条）",
    FindingItem.CERTIFICATES: "个别执法人员未持证执法",
    FindingItem.CASE_FILES: "案卷证据材料不完整，文书不规范",
}
MATTERS = [
    ("对无证经营举报受理后逾期未作处理", "issue_urging_letter"),
    ("同类违法行为罚款幅度明显不一致", "issue_opinion"),
    ("执法检查未出示执法证件", "issue_opinion"),
    ("对企业重复检查、多头检查", "issue_opinion"),
    ("投诉举报超期未答复", "issue_urging_letter"),
    ("行政处罚决定未按规定公示", "issue_opinion"),
]


def replay(place: Place) -> int:
    """Write the line's records of `place.years` and the registries' (the seed year and the one before); returns
    the number of supervision cases written."""
    rng = place.rng(LINE)
    section = supervision_body(place)
    head = _head(section)
    staff = handlers(rng, section, "sv", LINE, 2)
    agencies = _departments(place)
    written = 0
    if not Case.objects.filter(line=LINE, organisation=section, received_on__year__in=place.years).exists():
        pasts = [
            _case(rng, place, section, staff, head, agencies, year, i)
            for year in place.years
            for i in range(CASES.get(year, 5))
        ]
        pasts.sort(key=lambda p: p.case.received_on)
        history_write_many(pasts)
        written = len(pasts)
    for year in place.years:
        _health_checks(rng, section, head, agencies, year)
        _interviews(rng, section, head, year)
    for registry_replay in registry_replays():
        registry_replay(place.code, max(place.years))
    return written


def registry_replays() -> list:
    """The registries' `replay_<app>(city_code, year)` (each writes the year and the one before, idempotently)."""
    found = []
    for app in REGISTRIES:
        if find_spec(f"fazhi.{app}") is not None and find_spec(f"fazhi.{app}.demo") is not None:
            module = import_module(f"fazhi.{app}.demo")
            if hasattr(module, f"replay_{app}"):
                found.append(getattr(module, f"replay_{app}"))
    return found


def supervision_body(place: Place) -> Organisation:
    """The city bureau's 行政执法协调监督科 (the demo's persona's body when loaded)."""
    return body(
        f"{place.bureau.name}行政执法协调监督科",
        place.code,
        OrganisationKind.SUPERVISION_BODY,
        place.bureau.short_name,
        place.bureau,
    )


def _head(section: Organisation) -> User:
    held = Membership.objects.filter(organisation=section, role=Role.SECTION_HEAD).select_related("user").first()
    if held is not None:
        return held.user
    user, _ = User.objects.get_or_create(
        username=f"sv{section.region_id[:6]}-head", defaults={"full_name": "监督科负责人", "password": "!replay"}
    )
    Membership.objects.get_or_create(
        user=user, organisation=section, role=Role.SECTION_HEAD, defaults={"lines": [LINE]}
    )
    return user


def _departments(place: Place) -> list[Organisation]:
    """The city's own enforcement departments (the reconsideration replay's respondents of the city level), made up
    where there are too few; the government itself is not a department checked."""
    found = list(
        Organisation.objects.filter(region_id=place.code, kind=OrganisationKind.ENFORCEMENT_AGENCY)
        .exclude(name__endswith="人民政府")
        .order_by("name")
    )
    extra = ["市场监督管理局", "生态环境局", "交通运输局", "应急管理局", "城市管理综合执法局", "自然资源局",
             "住房和城乡建设局", "卫生健康委员会", "农牧局", "文化旅游广电局", "水务局"]  # fmt: skip
    for name in extra:
        if len(found) >= max(CHECKED.values()):
            break
        made = body(f"{place.name}{name}", place.code, OrganisationKind.ENFORCEMENT_AGENCY, place.name[:1], None)
        if made not in found:
            found.append(made)
    return found


def _workday(d: date) -> date:
    while d.weekday() >= 5:
        d += timedelta(days=1)
    return d


def _health_checks(rng: random.Random, section: Organisation, head: User, agencies: list[Organisation], year: int):
    if HealthCheckPlan.objects.filter(organisation=section, year=year).exists():
        return
    chosen = agencies[: CHECKED.get(year, 6)]
    plan = services.plan_create(
        organisation=section,
        year=year,
        title=f"{year}年行政执法部门法治体检工作方案",
        agencies=chosen,
        scope="三项制度落实、持证执法、执法案卷质量",
        actor=head,
    )
    for i, check in enumerate(plan.checks.order_by("id")):
        checked_on = _workday(date(year, 4, 8) + timedelta(days=7 * i))
        failing = set(rng.sample(list(PROBLEMS), rng.randint(0, 2))) if i else {FindingItem.LEGAL_REVIEW}
        findings = [
            services.FindingInput(
                item=item,
                conforming=item not in failing,
                problem=PROBLEMS[item] if item in failing else "",
                examined=20,
                defective=rng.randint(1, 4) if item in failing else 0,
            )
            for item in PROBLEMS
        ]
        check = services.check_record(check=check, checked_on=checked_on, findings=findings, actor=head)
        if not failing:
            continue
        notice_on = checked_on + timedelta(days=7)
        due_on = notice_on + timedelta(days=30)
        check = services.notice_issue(
            check=check, notice_on=notice_on, due_on=due_on, text="对照检查发现的问题逐项整改，建立长效机制", actor=head
        )
        late = rng.random() < 0.15
        reported_on = (
            due_on + timedelta(days=rng.randint(3, 10)) if late else due_on - timedelta(days=rng.randint(1, 10))
        )
        check = services.report_receive(
            check=check, reported_on=reported_on, text="已逐项整改，完善了公示和法制审核制度", actor=head
        )
        services.rectification_verify(
            check=check,
            verified_on=reported_on + timedelta(days=10),
            passed=True,
            opinion="经现场核查，整改到位",
            actor=head,
        )


def _interviews(rng: random.Random, section: Organisation, head: User, year: int) -> None:
    start, end = date(year, 1, 1), date(year, 6, 30)
    if Interview.objects.filter(organisation=section, period_start=start, period_end=end).exists():
        return
    proposed = services.interviews_propose(organisation=section, start=start, end=end, actor=head)
    ranked = sorted(proposed, key=lambda i: (-(i.corrected + 2 * i.lost_suits), i.agency_id))
    held = ranked[: INTERVIEWED.get(year, 8)]
    for n, interview in enumerate(held):
        on = _workday(date(year, 7, 8) + timedelta(days=9 * n))
        interview = services.interview_schedule(
            interview=interview, on=on, head_name=f"{person(rng)}（主要负责人）", actor=head
        )
        interview = services.interview_hold(
            interview=interview,
            on=on,
            minutes=(
                f"通报该单位{start:%Y年%m月}至{end:%m月}被行政复议纠错{interview.corrected}件、"
                f"行政诉讼败诉{interview.lost_suits}件的情况，分析问题原因，提出整改要求。"
            ),
            actor=head,
        )
        services.interview_follow_up(
            interview=interview,
            on=on + timedelta(days=30),
            text="该单位已召开专题会议，完善重大执法决定法制审核程序。",
            actor=head,
        )
    for interview in ranked[len(held) :]:
        services.interview_dismiss(interview=interview, reason="纠错案件系个案，已通过案件分析督促整改", actor=head)


def _case(
    rng: random.Random,
    place: Place,
    section: Organisation,
    staff: list[User],
    head: User,
    agencies: list[Organisation],
    year: int,
    i: int,
) -> PastCase:
    clerk = rng.choice(staff)
    agency = rng.choice(agencies)
    received = _workday(date(year, 2, 1) + timedelta(days=rng.randint(0, 240)))
    matter, document = MATTERS[i % len(MATTERS)]
    source = weighted(rng, [("complaint", 50), ("referral", 20), ("finding", 30)])
    case = Case(
        line=LINE,
        organisation=section,
        region_id=section.region_id,
        title=f"{agency.name}{matter}"[:200],
        channel="walk_in",
        received_on=received,
        assignee=clerk,
    )
    parallel = i == 3  # one dispute already in reconsideration: not supervised again (art. 33 ¶3)
    detail = SupervisionCase(
        source=source,
        agency=agency,
        matter=matter,
        in_review_or_litigation=parallel,
        parallel_proceedings="当事人已申请行政复议" if parallel else "",
    )
    parties = [PartyInput(role="respondent", name=agency.name, kind="organisation")]
    if parallel:
        steps = [Step("not_duplicated", received + timedelta(days=3), clerk, {"reasons": "引导当事人通过行政复议解决"})]
        return PastCase(case, detail, parties, steps, clerk, place.note)
    on = received + timedelta(days=2)
    steps = [
        Step("file_case", on, clerk, {}),
        Step("investigate", on + timedelta(days=5), clerk, {"measure": "调阅案卷", "findings": matter}),
    ]
    if i == 5:
        steps.append(
            Step("close_no_violation", on + timedelta(days=20), head, {"conclusion": "经调查，未发现违法情形"})
        )
        return PastCase(case, detail, parties, steps, clerk, place.note)
    issued = on + timedelta(days=12)
    days = rng.choice([15, 20, 30])
    steps.append(
        Step(document, issued, head, {"problem": matter, "requirement": "依法纠正并报送纠正情况", "rectify_days": days})
    )
    if i == 2:  # not corrected in time: referred to the government, which decides (art. 29)
        referred = issued + timedelta(days=days + 5)
        steps += [
            Step("refer_to_government", referred, head, {"proposal": "建议责令限期纠正"}),
            Step(
                "government_decision",
                referred + timedelta(days=10),
                clerk,
                {"decision_number": f"包府督决〔{year}〕1号", "decision": "责令限期纠正", "rectify_days": 15},
            ),
        ]
        reported = referred + timedelta(days=20)
    else:
        late = rng.random() < 0.15
        reported = issued + timedelta(days=days + rng.randint(1, 5) if late else rng.randint(5, days))
    steps += [
        Step("rectification_report", reported, clerk, {"report": "已依法纠正"}),
        Step("close_corrected", reported + timedelta(days=5), head, {"verification": "经核查已纠正"}),
    ]
    return PastCase(case, detail, parties, steps, clerk, place.note)
