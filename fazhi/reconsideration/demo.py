"""The line's demo data (found by the demo app through the line registry): walked cases, and the replay's history.

`load_demo`: a few hundred applications walked through the real procedure, deterministic. Every case goes through
the runner step by step (intake, 补正, acceptance, copy and reply, hearing the parties, 听证, suspension,
mediation, decision…), so its timeline, clocks, documents and audit trail are what staff would have produced.
Closed cases fall in 2025 (2023–2024 belong to the replay, `demo_replay`); a share received in the last weeks
before `today` stays open in every open state, so the workbench has live deadlines.

`replay(place)`: the 2023–2024 records whose computed figures are the city's 2024 report (`demo_replay`).
`SUMMARY`: the figures the demo loader prints for the line.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from fazhi.accounts.models import Organisation, User
from fazhi.cases.models import Case
from fazhi.cases.runner import PartyInput, case_transition
from fazhi.cases.sampling import GIVEN, SURNAMES
from fazhi.core.calendar import work_calendar
from fazhi.core.validators import id_number_check_char
from fazhi.core.workdays import Unit, due_date
from fazhi.indicators.tallies import record_rows
from fazhi.reconsideration.choices import OrganisationKind
from fazhi.reconsideration.demo_replay import ACTS, AGENCY_NAMES, LIAISON_POINT_NAMES, replay
from fazhi.reconsideration.models import AgencyAnalysis, Litigation
from fazhi.reconsideration.services import Application, reconsideration_intake

__all__ = ["SUMMARY", "load_demo", "replay"]

SUMMARY = (  # the city's figures of the replay's last year
    "received",
    "closed",
    "mediated_or_settled",
    "mediated_or_settled_rate_pct",
    "concluded",
    "directly_corrected",
    "correction_rate_pct",
)

# final dispositions of the 2024 cases, with weights close to Baotou's mix (statutes.md §1.8)
FINAL = [
    ("upheld", 30),
    ("revoked", 8),
    ("remake_ordered", 3),
    ("varied", 2),
    ("confirmed_unlawful", 4),
    ("performance_ordered", 2),
    ("claim_rejected", 4),
    ("application_rejected", 6),
    ("mediate", 14),
    ("settle_withdraw", 17),
    ("withdraw", 3),
    ("not_accept", 5),
    ("abandon", 2),
]
OPEN = ["received", "correction_requested", "accepted", "hearing_scheduled", "suspended"]


@dataclass
class Office:
    organisation: Organisation
    clerk: User
    head: User


CORRECTION_ITEMS = "申请人身份证明复印件\n被申请行政复议的行政行为决定书复印件\n具体的行政复议请求和理由"
MEDIATION_AGREEMENT = "被申请人重新核定处理决定的内容\n申请人认可调整后的处理决定，不再坚持原复议请求"
_FACTS = "被申请人提交的证据、依据及执法案卷显示，其作出该行政行为前已依法告知申请人陈述、申辩的权利。"
# What the decision says, for each decision the demo makes (the article cited follows from it, procedure.py).
DECISION_TEXT = {
    "upheld": {
        "facts": _FACTS,
        "reasons": "被申请人作出的行政行为认定事实清楚，证据确凿，适用依据正确，程序合法，内容适当。",
    },
    "revoked": {
        "decision_ground": "64-1-1",
        "facts": _FACTS + "\n但被申请人提交的证据不能证明申请人实施了被认定的违法行为。",
        "reasons": "被申请人作出的行政行为主要事实不清、证据不足，依法应予撤销。",
    },
    "remake_ordered": {
        "decision_ground": "64-1-2",
        "facts": "被申请人作出该行政行为前未告知申请人陈述、申辩的权利。",
        "reasons": "被申请人作出的行政行为违反法定程序，依法应予撤销，并责令其重新作出行政行为。",
        "disposition": "被申请人应当自收到本决定书之日起六十日内重新作出行政行为。",
    },
    "varied": {
        "decision_ground": "63-1-1",
        "facts": _FACTS,
        "reasons": "被申请人作出的行政行为事实清楚，证据确凿，程序合法，但处理内容明显不当。",
        "disposition": "将罚款数额变更为原决定数额的二分之一。",
    },
    "confirmed_unlawful": {
        "decision_ground": "65-1-2",
        "facts": "被申请人送达行政行为决定书超过法定期限。",
        "reasons": "被申请人作出的行政行为程序轻微违法，但对申请人权利不产生实际影响。",
    },
    "performance_ordered": {
        "facts": "申请人向被申请人提出申请后，被申请人在法定期限内未作出处理。",
        "reasons": "被申请人负有相应法定职责，其未依法履行。",
        "disposition": "被申请人应当自收到本决定书之日起三十日内对申请人的申请作出处理。",
    },
    "claim_rejected": {
        "facts": "申请人申请行政复议前，被申请人已对申请人的申请作出书面答复。",
        "reasons": "被申请人在受理前已经履行法定职责。",
    },
    "application_rejected": {
        "facts": "本机关受理后查明，申请人就同一行政行为已向人民法院提起行政诉讼，人民法院已经受理。",
        "reasons": "该行政复议申请不符合《中华人民共和国行政复议法》第三十条第一款第七项规定的受理条件。",
    },
}


def _offices() -> list[Office]:
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=["city_clerk", "city_head", "donghe_clerk", "donghe_head", "kundulun_clerk", "kundulun_head"]
        )
    }
    org = {
        o.name: o
        for o in Organisation.objects.filter(
            name__in=["包头市人民政府行政复议办公室", "东河区司法局", "昆都仑区司法局"]
        )
    }
    return [
        Office(org["包头市人民政府行政复议办公室"], users["city_clerk"], users["city_head"]),
        Office(org["东河区司法局"], users["donghe_clerk"], users["donghe_head"]),
        Office(org["昆都仑区司法局"], users["kundulun_clerk"], users["kundulun_head"]),
    ]


def _agencies(office: Office) -> list[Organisation]:
    region = office.organisation.region
    prefix = "包头市" if region.level == "city" else region.name
    return [
        Organisation.objects.get_or_create(
            name=f"{prefix}{name}",
            region=region,
            defaults={"short_name": prefix[:1], "kind": Organisation.Kind.ENFORCEMENT_AGENCY},
        )[0]
        for name in AGENCY_NAMES
    ]


def _liaison_points(city: Organisation) -> list[Organisation]:
    names = LIAISON_POINT_NAMES
    return [
        Organisation.objects.get_or_create(
            name=n, region=city.region, defaults={"short_name": "企", "kind": OrganisationKind.LIAISON_POINT}
        )[0]
        for n in names
    ]


def _id_number(rng: random.Random, region_code: str, born: date) -> str:
    body = f"{region_code[:6]}{born:%Y%m%d}{rng.randint(100, 999)}"
    return body + id_number_check_char(body)


def load_demo(*, count: int = 120, today: date | None = None, seed: int = 2024) -> int:
    """Create `count` cases (about one in eight still open near `today`); does nothing if any exist."""
    if Case.objects.filter(line="reconsideration").exists():
        return 0
    rng = random.Random(seed)
    today = today or timezone.localdate()
    calendar = work_calendar()
    offices = _offices()
    agencies = {o.organisation.pk: _agencies(o) for o in offices}
    liaison = _liaison_points(offices[0].organisation)
    made = 0
    for i in range(count):
        office = offices[0] if i % 5 < 3 else offices[1 + i % 2]
        # the first cases take every disposition and open state once, so a small demo still shows them all
        targets = [f for f, _ in FINAL] + OPEN
        fixed = targets[i] if i < len(targets) else None
        open_target = (fixed if fixed in OPEN else None) if fixed else (rng.choice(OPEN) if i % 8 == 7 else None)
        received = (
            today - timedelta(days=rng.randint(2, 40))
            if open_target
            else date(2025, 1, 2) + timedelta(days=rng.randint(0, 270))
        )
        received = calendar.next_working_day(received)
        if received > today:
            continue
        with transaction.atomic():
            _walk(
                rng, office, agencies[office.organisation.pk], liaison, received, open_target or fixed, calendar, today
            )
        made += 1
    _litigation_and_analysis(rng, offices[0])
    return made


def _litigation_and_analysis(rng: random.Random, city: Office) -> None:
    """Suits after some 2025 decisions, and the year's analysis of lost and corrected cases (as Baotou did)."""
    decided = list(Case.objects.filter(line="reconsideration", state="decided", closed_on__year=2025).order_by("id"))
    suits = [
        Litigation(
            case=c,
            filed_on=c.closed_on + timedelta(days=rng.randint(5, 14)),
            court="包头市东河区人民法院",
            result=rng.choice(["upheld", "upheld", "lost", "withdrawn"]),
            judged_on=c.closed_on + timedelta(days=90),
            recorded_by=city.clerk,
        )
        for c in decided[::9]
        if c.closed_on is not None
    ]
    Litigation.objects.bulk_create(suits)
    record_rows(Litigation, [s.pk for s in suits])  # a bulk write sends no signal: the lost suits' tally
    analysis = AgencyAnalysis.objects.create(
        organisation=Organisation.objects.get(name="包头市司法局"),
        title="2025年度行政复议败诉及纠错案件分析报告",
        reported_on=date(2025, 12, 20),
        findings="执法程序不规范、证据收集不充分是被纠错的主要原因。",
    )
    analysis.lost_litigation_cases.add(*[s.case for s in suits if s.result == "lost"])
    analysis.corrected_cases.add(*[c for c in decided if c.outcome in {"revoked", "varied", "confirmed_unlawful"}][:20])


def _walk(rng, office, agencies, liaison, received, target, calendar, today: date) -> None:
    act_type, act, amounts = rng.choice(ACTS)
    enterprise = rng.random() < 0.3
    name = (
        "包头市"
        + rng.choice(["鑫源", "恒达", "草原", "北方", "鹿城", "稀土"])
        + rng.choice(["商贸", "建材", "物流"])
        + "有限公司"
        if enterprise
        else rng.choice(SURNAMES) + rng.choice(GIVEN)
    )
    applicant = PartyInput(
        role="applicant",
        name=name,
        kind="organisation" if enterprise else "person",
        id_number=""
        if enterprise
        else _id_number(
            rng, office.organisation.region_id, date(rng.randint(1955, 2000), rng.randint(1, 12), rng.randint(1, 28))
        ),
        phone=f"13{rng.randint(100000000, 999999999)}",
    )
    knew_on = received - timedelta(days=rng.randint(3, 75))
    amount = Decimal(rng.randint(*amounts)) if amounts else None
    simplified = act_type in ("warning", "information_disclosure") or (amount is not None and amount <= 3000)
    case = reconsideration_intake(
        organisation=office.organisation,
        actor=office.clerk,
        application=Application(
            applicant=applicant,
            act_description=act,
            received_on=received,
            respondent_agency=rng.choice(agencies),
            act_type=act_type,
            act_on=knew_on - timedelta(days=rng.randint(0, 5)),
            knew_on=knew_on,
            amount=amount,
            on_the_spot=act_type == "warning",
            enterprise_applicant=enterprise,
            liaison_point=rng.choice(liaison) if enterprise and rng.random() < 0.4 else None,
            major_complex=not simplified and rng.random() < 0.03,
            channel=rng.choice(["walk_in", "walk_in", "post", "web", "oral"]),
        ),
    )
    walker = _Walker(case, received, calendar, today)
    final = target or rng.choices([f for f, _ in FINAL], weights=[w for _, w in FINAL])[0]
    if final == "received":
        return
    if rng.random() < 0.2 or final in ("correction_requested", "abandon"):
        walker.step("request_correction", office.clerk, 1, items=CORRECTION_ITEMS)
        if final == "correction_requested":
            return
        if final == "abandon":
            lapse = due_date(walker.on, 10, Unit.WORKING_DAY, calendar)
            walker.step("correction_lapsed", None, 0, on=lapse)  # what the nightly sweep would do
            return
        walker.step("correction_received", office.clerk, rng.randint(2, 8))
    if final == "not_accept":
        walker.step("not_accept", office.head, 3, ground="out_of_time", reasons="超过法定申请期限且无正当理由")
        return
    simplified = simplified and final != "hearing_scheduled"  # 听证 belongs to the ordinary procedure
    walker.step("accept", office.clerk, rng.randint(1, 4), procedure_type="simplified" if simplified else "ordinary")
    if final == "accepted":
        return
    walker.step("send_copy", office.clerk, rng.randint(1, 3))
    walker.step("receive_reply", office.clerk, rng.randint(4, 9))
    walker.step(
        "hear_parties",
        office.clerk,
        rng.randint(1, 5),
        method=rng.choice(["当面", "电话", "网络视频"]),
        record="已听取申请人、被申请人意见",
    )
    if final == "hearing_scheduled" or (case.reconsideration.major_complex and not simplified):
        notice_on = walker.next_date(1)
        hearing_on = due_date(notice_on, 5, Unit.WORKING_DAY, calendar)  # written notice 5 WD ahead (art. 51)
        walker.step(
            "schedule_hearing",
            office.head,
            0,
            on=notice_on,
            hearing_on=hearing_on.isoformat(),
            hearing_time="上午9时",
            place=f"{office.organisation.name}听证室",
            matters="被申请人作出的行政行为认定事实是否清楚、适用依据是否正确、程序是否合法",
        )
        if final == "hearing_scheduled":
            return
        walker.step("hold_hearing", office.clerk, 0, on=hearing_on, record="听证笔录（略）")
        walker.step("committee_opinion", office.head, 3, opinion="建议依法作出决定")
    if final == "suspended":
        walker.step("suspend", office.head, 2, ground=rng.choice(["5", "6", "8"]))
        return
    if final == "mediate":
        walker.step("mediate", office.clerk, rng.randint(5, 20), agreement=MEDIATION_AGREEMENT)
    elif final == "settle_withdraw":
        walker.step("settle_withdraw", office.head, rng.randint(5, 20), settlement="双方和解，申请人撤回申请")
    elif final == "withdraw":
        walker.step("withdraw", office.head, rng.randint(5, 20), reasons="申请人主动撤回申请")
    else:
        text = DECISION_TEXT.get(final, {"reasons": "经审查，依法作出本决定。"})
        walker.step("decide", office.head, rng.randint(10, 40), None, decision=final, **text)


class _Walker:
    """Takes steps on one case, each a few working days after the last, never later than the decision clock."""

    def __init__(self, case: Case, received: date, calendar, today: date) -> None:
        self.case, self.on, self.calendar, self.today = case, received, calendar, today

    def next_date(self, days: int) -> date:
        """The working day `days` after the last step, but never after today."""
        return min(self.calendar.next_working_day(self.on + timedelta(days=days)), self.today)

    def step(self, code: str, actor, days: int, on: date | None = None, **data) -> None:
        self.on = on or self.next_date(days)
        self.case = case_transition(case=self.case, code=code, actor=actor, on=self.on, data=data)
