"""The Baotou 2024 replay: case-level records of 2023 and 2024 whose computed figures are the city's 2024 report.

`load_baotou_replay()` writes, in bulk, what the city's bodies recorded over two years — 行政复议 applications with
their outcomes, suits and analyses; people's-mediation disputes over a few hundred committees; legal-aid cases with
their lawyers and the money recovered for workers — so that the indicators computed for 包头市 and 2024 equal every
figure of `data/baotou-2024-figures.json` for the lines that exist (288 / 899 = 32.04%, 136 / 813 = 16.73%,
40,120 mediated at 98.9%, 2,320 aid cases, ¥8,181,000). Nothing is typed into a figure: only cases, their detail,
parties and timeline events are written, each event named after the step of the line's procedure that would have
produced it (label and legal basis from the procedure), with data {"source": "baotou-2024-replay"}.

The data set is deterministic for a seed. `scale` multiplies every volume (for benchmarks); only scale=1 gives the
published figures. Cases are numbered gap-free per organisation, line and year (包复〔2024〕17号), and the number
sequences are left at the last number used, so the runner continues after them.
"""

from __future__ import annotations

import io
import itertools
import math
import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, NamedTuple

from django.core.management import call_command, get_commands
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction
from django.db.models import Max
from django.utils import timezone

from fazhi.accounts.models import Membership, Organisation, Role, User
from fazhi.cases.models import Case, CaseEvent, NumberSequence, Party
from fazhi.cases.numbering import format_number
from fazhi.cases.registry import procedure_for
from fazhi.core.calendar import work_calendar
from fazhi.core.crypto import BlindIndexField, EncryptedMixin, blind_index
from fazhi.core.lines import Line
from fazhi.core.models import Region
from fazhi.core.workdays import WorkCalendar
from fazhi.demo.reconsideration import ACTS, AGENCY_NAMES, GIVEN, SURNAMES
from fazhi.legal_aid.models import LegalAidDetail
from fazhi.mediation.models import Campaign, Committee, CommitteeMember, MediationDetail, Mediator
from fazhi.reconsideration.models import AgencyAnalysis, Litigation, ReconsiderationDetail

SOURCE = "baotou-2024-replay"
CITY = "150200000000"
YEARS = (2023, 2024)
BATCH = 2000

# County-level divisions: (code, short name for numbers, share of the city's population and caseload).
# 高新区 has no bureau of its own here: its committees answer to the city bureau, its applicants go to the city.
COUNTIES = [
    ("150202000000", "东", 0.13),
    ("150203000000", "昆", 0.22),
    ("150204000000", "青", 0.14),
    ("150205000000", "石", 0.015),
    ("150206000000", "白", 0.012),
    ("150207000000", "九", 0.09),
    ("150221000000", "土右", 0.10),
    ("150222000000", "固", 0.06),
    ("150223000000", "达茂", 0.035),
]
HIGH_TECH = ("150271000000", 0.06)
LIAISON_POINT_NAMES = [  # the walked reconsideration demo creates the same three (the city has exactly 3)
    "包头稀土高新区涉企行政复议联系点",
    "包头市工商业联合会涉企行政复议联系点",
    "九原工业园区涉企行政复议联系点",
]
MONTHS = [7.0, 5.5, 8.5, 8.5, 8.8, 8.6, 8.4, 8.2, 8.6, 8.0, 9.2, 9.7]  # 春节 in February, year-end peak
MEDIATION_MONTHS = [9.8, 8.9, 8.4, 8.0, 8.3, 8.0, 8.1, 8.2, 7.9, 8.1, 8.3, 8.0]  # disputes peak around 春节
MONGOL = ["巴特尔", "其其格", "乌云", "巴图", "苏日娜", "朝鲁", "额尔敦", "萨仁", "斯琴", "图雅", "宝音", "那仁"]
COMPANY_WORDS = (
    ["鑫源", "恒达", "草原", "北方", "鹿城", "稀土", "钢城", "黄河", "阴山", "蒙兴", "金泰", "华宇"],
    ["商贸", "建材", "物流", "稀土材料", "机械", "餐饮", "房地产开发", "矿业", "运输", "农牧业"],
)


def _scaled(n: int | float, scale: float) -> int:
    return max(0, round(n * scale))


def _weighted(rng: random.Random, pairs: Sequence[tuple[Any, float]]) -> Any:
    return rng.choices([k for k, _ in pairs], weights=[w for _, w in pairs])[0]


def _log_uniform(rng: random.Random, low: float, high: float, step: int = 100) -> Decimal:
    value = math.exp(rng.uniform(math.log(low), math.log(high)))
    return Decimal(max(step, round(value / step) * step))


def _person(rng: random.Random) -> str:
    if rng.random() < 0.12:
        return rng.choice(MONGOL)
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def _company(rng: random.Random) -> str:
    return f"包头市{rng.choice(COMPANY_WORDS[0])}{rng.choice(COMPANY_WORDS[1])}有限公司"


class _Days:
    """Dates drawn by month weights: working days for offices, any day for field mediation."""

    def __init__(self, calendar: WorkCalendar) -> None:
        self.calendar = calendar
        self._cache: dict[tuple[int, int, bool], list[date]] = {}

    def month(self, year: int, month: int, working: bool) -> list[date]:
        key = (year, month, working)
        if key not in self._cache:
            d, days = date(year, month, 1), []
            while d.month == month:
                if not working or self.calendar.is_working_day(d):
                    days.append(d)
                d += timedelta(days=1)
            self._cache[key] = days
        return self._cache[key]

    def draw(self, rng: random.Random, year: int, weights: Sequence[float], working: bool = True) -> date:
        month = rng.choices(range(1, 13), weights=weights)[0]
        return rng.choice(self.month(year, month, working))

    def working(self, d: date) -> date:
        return self.calendar.next_working_day(d)

    def working_before(self, d: date) -> date:
        while not self.calendar.is_working_day(d):
            d -= timedelta(days=1)
        return d


# --- writing -----------------------------------------------------------------------------------------------------


class _Event(NamedTuple):
    code: str
    label: str
    on: date
    actor_id: int | None
    from_state: str
    to_state: str
    basis: str
    data: dict[str, Any]


def _party(*, role: str, name: str, kind: str = "person") -> tuple[str, str, str]:
    return (role, kind, name)  # names only: no ID numbers, phones or addresses in demo data


@dataclass
class _Record:
    """One case to write: its row, its detail, parties and the steps of its timeline (code, date, actor, data)."""

    case: Case
    detail: models.Model
    parties: list[tuple[str, str, str]]
    steps: list[tuple[str, date, Any, dict[str, Any]]] = field(default_factory=list)
    events: list[_Event] = field(default_factory=list)


class _Writer:
    """Derives each case's state, outcome and dates from its steps (as the runner would) and bulk-writes it all."""

    def __init__(self, line: str) -> None:
        self.line = line
        self.proc = procedure_for(line)
        self.records: list[_Record] = []

    def add(self, record: _Record) -> _Record:
        record.events = self._replay_steps(record)
        self.records.append(record)
        return record

    def _replay_steps(self, r: _Record) -> list[_Event]:
        case, detail, proc = r.case, r.detail, self.proc
        state = proc.initial_state
        first_actor = r.steps[0][2] if r.steps else None
        events = [
            _Event(
                proc.initial_event,
                "收到申请",
                case.received_on,
                first_actor.pk if first_actor else None,
                "",
                state,
                "",
                {"source": SOURCE},
            )
        ]
        for code, on, actor, data in r.steps:
            t = proc.transition(code)
            if t is None:
                raise ValueError(f"{self.line}: unknown step {code!r}")
            if state not in t.sources:
                raise ValueError(f"{self.line}: {code!r} not allowed from {state!r}")
            if on < case.received_on:
                raise ValueError(f"{self.line}: {code!r} on {on} before receipt {case.received_on}")
            from_state, state = state, t.target or state
            if t.outcome or t.outcome_from:
                case.outcome = t.outcome or str(data[t.outcome_from])
            if t.accepts:
                case.accepted_on = on
            if t.closes:
                case.closed_on = on
            for k, v in {**t.sets, **{k: data[k] for k in t.sets_from_data if k in data}}.items():
                setattr(detail, k, detail._meta.get_field(k).to_python(v))
            label = _LABELS.get((self.line, code)) or _LABELS.setdefault((self.line, code), str(t.label))
            events.append(
                _Event(
                    code, label, on, actor.pk if actor else None, from_state, state, t.basis, {**data, "source": SOURCE}
                )
            )
        case.state = state
        return events

    def write(self) -> int:
        """Number the cases gap-free per organisation and year of receipt, then write rows in batches."""
        by_series: dict[tuple[int, int], list[_Record]] = defaultdict(list)
        for r in self.records:
            by_series[(r.case.organisation.pk, r.case.received_on.year)].append(r)
        for (org_id, year), records in sorted(by_series.items()):
            records.sort(key=lambda r: r.case.received_on)  # stable: same-day cases keep their drawing order
            prefix = records[0].case.organisation.short_name + self.proc.number_code
            for n, r in enumerate(records, start=1):
                r.case.number = format_number(prefix, year, n)
            sequence, _ = NumberSequence.objects.get_or_create(
                organisation_id=org_id, series=self.line, year=year, defaults={"last": 0}
            )
            if sequence.last < len(records):
                sequence.last = len(records)
                sequence.save(update_fields=["last"])
        ordered = sorted(self.records, key=lambda r: (r.case.received_on, r.case.number))
        for start in range(0, len(ordered), BATCH):
            chunk = ordered[start : start + BATCH]
            _insert_models(Case, [r.case for r in chunk])
            for r in chunk:
                r.detail.case = r.case
            _insert_models(type(chunk[0].detail), [r.detail for r in chunk])
            # The replay draws no ID numbers, phones or addresses; were it to, `_execute` encrypts them (their fields
            # prepare the values) and the blind indexes must be computed here, as BlindIndexField.pre_save would.
            no_id = no_phone = ""
            indexes = [blind_index("id_number", no_id), blind_index("phone", no_phone)]
            columns = ["case", "role", "kind", "name", "id_number", "uscc", "phone", "address"]
            _insert_rows(
                Party,
                [*columns, *Party.BLIND_INDEXES.values()],
                [[r.case.pk, *p, no_id, "", no_phone, "", *indexes] for r in chunk for p in r.parties],
            )
            now = timezone.now()
            _insert_rows(
                CaseEvent,
                ["case", "code", "label", "on", "at", "actor", "from_state", "to_state", "basis", "data", "request_id"],
                [[r.case.pk, *e[:3], now, *e[3:], ""] for r in chunk for e in r.events],
            )
        return len(self.records)


_LABELS: dict[tuple[str, str], str] = {}


def _insert_models(model: type[models.Model], objs: list) -> None:
    """INSERT model instances with ids allocated here: one statement prepared once for many rows (bulk_create's
    per-batch SQL assembly costs more than the rows themselves at this volume). Sequences are reset at the end."""
    if not objs:
        return
    start = (model._default_manager.aggregate(m=Max("pk"))["m"] or 0) + 1
    for i, obj in enumerate(objs, start=start):
        obj.pk = i
        obj._state.adding, obj._state.db = False, connection.alias
    now = timezone.now()
    fields = model._meta.concrete_fields
    for f in fields:
        if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False):
            for obj in objs:
                setattr(obj, f.attname, now)
        elif isinstance(f, BlindIndexField):  # as save() and bulk_create would: the index of the clear value
            for obj in objs:
                f.pre_save(obj, True)
    names = [f.attname for f in fields]
    _execute(model, fields, [[getattr(obj, n) for n in names] for obj in objs])


def _insert_rows(model: type[models.Model], names: list[str], rows: list[tuple]) -> None:
    """INSERT plain rows (no model instances) into `model`'s table."""
    _execute(model, [model._meta.get_field(n) for n in names], rows)


PLAIN = {
    "CharField",
    "TextField",
    "BooleanField",
    "IntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SmallIntegerField",
    "BigIntegerField",
    "AutoField",
    "BigAutoField",
    "ForeignKey",
    "OneToOneField",
}


def _execute(model: type[models.Model], fields: list, rows: list) -> None:
    """Values prepared by their fields (memoised: dates and amounts repeat), plain ones passed as they are."""
    if not rows:
        return
    conn = connections[DEFAULT_DB_ALIAS]
    converters = []
    for f in fields:
        if isinstance(f, EncryptedMixin):  # personal data: encrypted per value, never memoised
            converters.append(lambda v, f=f: f.get_db_prep_save(v, conn))
        elif f.get_internal_type() in PLAIN:
            converters.append(None)
        elif f.get_internal_type() == "JSONField":
            converters.append(lambda v, f=f: f.get_db_prep_save(v, conn))
        else:
            memo: dict[Any, Any] = {}
            converters.append(
                lambda v, f=f, memo=memo: memo[v] if v in memo else memo.setdefault(v, f.get_db_prep_save(v, conn))
            )
    active = [(i, c) for i, c in enumerate(converters) if c is not None]
    for row in rows:
        for i, c in active:
            row[i] = c(row[i])
    qn = conn.ops.quote_name
    sql = (
        f"INSERT INTO {qn(model._meta.db_table)} ({', '.join(qn(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    with conn.cursor() as cursor:
        cursor.executemany(sql, rows)


def _reset_sequences(models_: Iterable[type[models.Model]]) -> None:
    """After explicit ids: move PostgreSQL's sequences past them (SQLite's AUTOINCREMENT follows by itself)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(models_))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


# --- organisations and people -----------------------------------------------------------------------------------


@dataclass
class _Body:
    organisation: Organisation
    handlers: list[User]
    weight: float


def _org(name: str, region: str, kind: str, short: str, parent: Organisation | None) -> Organisation:
    return Organisation.objects.get_or_create(
        name=name, region_id=region, defaults={"short_name": short, "kind": kind, "parent": parent}
    )[0]


def _handlers(rng: random.Random, org: Organisation, prefix: str, line: str, n: int, existing: Sequence[str] = ()):
    users = list(User.objects.filter(username__in=existing).order_by("username"))
    for i in range(1, n + 1):
        user, _ = User.objects.get_or_create(
            username=f"{prefix}{org.region_id[:6]}-{i}", defaults={"full_name": _person(rng), "password": "!replay"}
        )
        Membership.objects.get_or_create(user=user, organisation=org, role=Role.HANDLER, defaults={"lines": [line]})
        users.append(user)
    return users


def _strip(name: str, suffixes: Iterable[str]) -> str:
    for s in suffixes:
        if name.endswith(s) and len(name) > len(s):
            return name[: -len(s)]
    return name


@dataclass
class _City:
    bureau: Organisation
    county_bureaus: dict[str, Organisation]  # region code → 司法局
    reconsideration: list[_Body]
    legal_aid: list[_Body]
    agencies: dict[str, list[Organisation]]  # body region → respondents
    liaison_points: list[Organisation]


def _organisations(rng: random.Random) -> _City:
    regions = {r.code: r for r in Region.objects.filter(level__in=["city", "county"])}
    bureau = _org("包头市司法局", CITY, "justice_bureau", "包", None)
    office = _org("包头市人民政府行政复议办公室", CITY, "reconsideration_office", "包", bureau)
    centre = _org("包头市法律援助中心", CITY, "legal_aid_centre", "包", bureau)
    county_bureaus: dict[str, Organisation] = {}
    reconsideration = [
        _Body(office, _handlers(rng, office, "fy", Line.RECONSIDERATION, 4, ["city_clerk"]), 0.38 + HIGH_TECH[1])
    ]
    legal_aid = [_Body(centre, _handlers(rng, centre, "fa", Line.LEGAL_AID, 5, ["city_clerk"]), 0.22 + HIGH_TECH[1])]
    personas = {"150202000000": "donghe_clerk", "150203000000": "kundulun_clerk"}
    for code, short, weight in COUNTIES:
        name = regions[code].name
        cb = _org(f"{name}司法局", code, "justice_bureau", short, bureau)
        county_bureaus[code] = cb
        existing = [personas[code]] if code in personas else []
        n = max(1, round(weight * 14))
        reconsideration.append(_Body(cb, _handlers(rng, cb, "fy", Line.RECONSIDERATION, n, existing), weight * 0.62))
        ca = _org(f"{name}法律援助中心", code, "legal_aid_centre", short, cb)
        legal_aid.append(_Body(ca, _handlers(rng, ca, "fa", Line.LEGAL_AID, n), weight * 0.78))
    agencies: dict[str, list[Organisation]] = {}
    for body in reconsideration:
        region = body.organisation.region
        prefix = "包头市" if region.level == "city" else region.name
        names = [*AGENCY_NAMES, "生态环境局", "交通运输局", "卫生健康委员会", "应急管理局"]
        agencies[region.code] = [
            _org(f"{prefix}{n}", region.code, "enforcement_agency", prefix[:1], None) for n in names
        ]
    agencies[CITY].extend(
        _org(f"{regions[code].name}人民政府", code, "enforcement_agency", short, None) for code, short, _ in COUNTIES
    )
    liaison = [_org(n, CITY, "liaison_point", "企", None) for n in LIAISON_POINT_NAMES]
    return _City(bureau, county_bureaus, reconsideration, legal_aid, agencies, liaison)


# --- 行政复议 ---------------------------------------------------------------------------------------------------------

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


def _reconsideration(rng: random.Random, city: _City, days: _Days, scale: float) -> tuple[_Writer, dict]:
    w = _Writer(Line.RECONSIDERATION)
    outcomes_2024 = [o for o, n in CLOSED_2024.items() for _ in range(_scaled(n, scale))]
    rng.shuffle(outcomes_2024)
    carried_in = min(_scaled(CARRIED_INTO_2024, scale), len(outcomes_2024))
    mix = [(o, n) for o, n in CLOSED_2024.items()]
    by_year: dict[int, list[_Record]] = {}
    for year in YEARS:
        received = sorted(days.draw(rng, year, MONTHS) for _ in range(_scaled(RECEIVED[year], scale)))
        plans: list[tuple[str, str]] = []  # (kind, outcome) in order of receipt
        n_na, n_ab = _scaled(NOT_ACCEPTED[year], scale), _scaled(ABANDONED[year], scale)
        if year == 2024:
            in_year = outcomes_2024[carried_in:]
            carried_out = max(0, len(received) - len(in_year) - n_na - n_ab)
        else:
            carried_out = carried_in
            in_year = [_weighted(rng, mix) for _ in range(max(0, len(received) - carried_in - n_na - n_ab))]
        head = [("closed", o) for o in in_year] + [("not_accepted", "")] * n_na + [("abandoned", "")] * n_ab
        head = head[: len(received) - carried_out]
        rng.shuffle(head)
        tail = [("next_year", o) for o in (outcomes_2024[:carried_in] if year == 2023 else [])]
        tail += [("next_year", _weighted(rng, mix)) for _ in range(carried_out - len(tail))]
        rng.shuffle(tail)
        plans = head + tail
        by_year[year] = [
            _application(rng, city, days, on, kind, outcome)
            for on, (kind, outcome) in zip(received, plans, strict=True)
        ]
        for r in by_year[year]:
            w.add(r)
    return w, by_year


def _application(rng: random.Random, city: _City, days: _Days, received: date, kind: str, outcome: str) -> _Record:
    bodies = city.reconsideration
    body = rng.choices(bodies, weights=[b.weight for b in bodies])[0]
    handler = rng.choice(body.handlers)
    agencies = city.agencies[body.organisation.region_id]
    agency = rng.choices(
        agencies, weights=[next((v for k, v in AGENCY_WEIGHTS.items() if a.name.endswith(k)), 1) for a in agencies]
    )[0]
    acts = next((v for k, v in AGENCY_ACTS.items() if agency.name.endswith(k)), DEFAULT_ACTS)
    act_type = _weighted(rng, acts)
    amount = None
    if act_type == "penalty":
        amount = _log_uniform(rng, 200, 300000)
    elif act_type == "expropriation":
        amount = _log_uniform(rng, 50000, 1500000, 1000)
    enterprise = rng.random() < (0.45 if act_type in ("penalty", "licensing", "coercive") else 0.15)
    applicant = _company(rng) if enterprise else _person(rng)
    simplified = act_type in ("warning", "information_disclosure") or (amount is not None and amount <= 3000)
    knew_on = received - timedelta(days=rng.randint(3, 75))
    act_text = ACT_TEXT[act_type]
    case = Case(
        line=Line.RECONSIDERATION,
        organisation=body.organisation,
        region_id=body.organisation.region_id,
        title=f"{applicant}不服{agency.name}{act_text}"[:200],
        channel=_weighted(rng, [("walk_in", 45), ("web", 30), ("post", 15), ("oral", 5), ("referral", 5)]),
        state="received",
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
        liaison_point=rng.choice(city.liaison_points) if enterprise and rng.random() < 0.3 else None,
    )
    parties = [
        _party(role="applicant", kind="organisation" if enterprise else "person", name=applicant),
        _party(role="respondent", kind="organisation", name=agency.name),
    ]
    r = _Record(case, detail, parties)
    year_end = date(received.year, 12, 31)
    if kind == "not_accepted":
        on = min(days.working(received + timedelta(days=rng.randint(2, 7))), year_end)
        ground = _weighted(
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
        r.steps.append(("not_accept", on, handler, {"ground": ground, "reasons": "经审查，不符合行政复议受理条件"}))
        return r
    if kind == "abandoned":
        notice = days.working(received + timedelta(days=rng.randint(1, 4)))
        r.steps.append(("request_correction", notice, handler, {"items": "申请人身份证明；行政行为决定书复印件"}))
        r.steps.append(("correction_lapsed", min(days.working(notice + timedelta(days=14)), year_end), None, {}))
        return r
    accepted = days.working(received + timedelta(days=rng.randint(1, 6)))
    procedure = "simplified" if simplified else "ordinary"
    r.steps.append(("accept", accepted, handler, {"procedure_type": procedure}))
    step = CLOSING_STEP.get(outcome, "decide")
    span = (8, 28) if simplified and step == "decide" else (12, 40) if step == "withdraw" else (20, 58)
    closed = days.working(accepted + timedelta(days=rng.randint(*span)))
    if kind == "closed" and closed > year_end:
        closed = days.working_before(year_end - timedelta(days=rng.randint(0, 6)))
        closed = max(closed, accepted)
    elif kind == "next_year":
        closed = max(closed, days.working(date(received.year + 1, 1, 2) + timedelta(days=rng.randint(0, 30))))
    data = dict(CLOSING_DATA.get(step, {"decision": outcome, "reasons": "经审查，依法作出本决定"}))
    r.steps.append((step, closed, handler, data))
    return r


def _suits_and_analyses(rng: random.Random, city: _City, records: list[_Record], scale: float) -> dict[str, int]:
    """Suits after decisions (41 lost), and the bureau's four 2024 analyses of lost and corrected cases."""
    from fazhi.reconsideration.indicators import DIRECTLY_CORRECTED

    reports = [date(2024, 3, 29), date(2024, 6, 28), date(2024, 9, 27), date(2024, 12, 20)]
    cut = reports[-1] - timedelta(days=7)
    decided = sorted(
        (r.case for r in records if r.case.outcome in ("upheld", "claim_rejected") and r.case.closed_on),
        key=lambda c: (c.closed_on, c.number),
    )
    suits = []
    for c in decided:
        if c.closed_on > date(2024, 8, 31) or rng.random() > 0.3:
            continue
        filed = c.closed_on + timedelta(days=rng.randint(5, 14))
        judged = filed + timedelta(days=rng.randint(60, 150))
        court = "包头市中级人民法院" if c.region_id == CITY else f"{c.organisation.region.name}人民法院"
        suits.append(Litigation(case=c, filed_on=filed, court=court, judged_on=judged, note=f"数据来源：{SOURCE}"))
    eligible = [s for s in suits if s.judged_on <= cut]
    lost = set(map(id, rng.sample(eligible, min(_scaled(41, scale), len(eligible)))))
    for s in suits:
        if id(s) in lost:
            s.result = "lost"
        else:
            s.result = _weighted(rng, [("upheld", 70), ("withdrawn", 12), ("dismissed", 10), ("pending", 8)])
            if s.result == "pending":
                s.judged_on = None
    Litigation.objects.bulk_create(suits)
    corrected = sorted(
        (
            r.case
            for r in records
            if r.case.outcome in DIRECTLY_CORRECTED
            and r.case.closed_on
            and date(2023, 10, 1) <= r.case.closed_on <= cut
        ),
        key=lambda c: (c.closed_on, c.number),
    )
    corrected = rng.sample(corrected, min(_scaled(110, scale), len(corrected)))
    quarters = ["第一季度", "第二季度", "第三季度", "第四季度"]
    analyses = [
        AgencyAnalysis.objects.create(
            organisation=city.bureau,
            title=f"2024年{q}行政复议败诉及纠错案件分析报告",
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
        lost_through(agencyanalysis_id=report_for(s.judged_on).pk, case_id=s.case.pk)
        for s in suits
        if s.result == "lost"
    )
    corrected_through.objects.bulk_create(
        corrected_through(agencyanalysis_id=report_for(c.closed_on).pk, case_id=c.pk) for c in corrected
    )
    return {"suits": len(suits), "lost": len(lost), "corrected_analysed": len(corrected)}


# --- 人民调解 ---------------------------------------------------------------------------------------------------------

MEDIATED = {2023: (37_375, 531), 2024: (39_679, 441)}  # (successful, failed): 2024 → 40,120 mediated, 98.90%
DECLINED = {2023: 455, 2024: 402}
OPEN_AT_YEAR_END = 260  # received in the last weeks of 2024, settled in January 2025
TYPE_WEIGHTS = {
    "neighbour": 24,
    "marriage_family": 20,
    "housing_land": 8,
    "damages": 8,
    "contract": 7,
    "property_management": 6,
    "labour": 5,
    "consumer": 4,
    "other": 4,
    "forest_land": 3,
    "business": 3,
    "traffic": 3,
    "expropriation": 2,
    "medical": 1,
    "environment": 1,
}
RURAL = {"150221000000", "150222000000", "150223000000", "150205000000"}
AMOUNTS = {
    "neighbour": (200, 8000),
    "marriage_family": (3000, 150000),
    "housing_land": (5000, 200000),
    "damages": (1000, 80000),
    "contract": (3000, 300000),
    "property_management": (300, 20000),
    "labour": (2000, 80000),
    "consumer": (200, 20000),
    "forest_land": (2000, 100000),
    "business": (5000, 300000),
    "traffic": (2000, 300000),
    "expropriation": (20000, 500000),
    "medical": (10000, 600000),
    "environment": (2000, 100000),
    "other": (500, 30000),
}
SUMMARIES = {
    "neighbour": ["因通道通行发生争执", "因房屋漏水发生纠纷", "因噪音扰民发生纠纷", "因堆放杂物发生争执"],
    "marriage_family": ["因赡养问题发生纠纷", "因离婚财产分割发生纠纷", "因子女抚养发生纠纷", "因家庭琐事发生矛盾"],
    "housing_land": ["因宅基地界址发生纠纷", "因房屋买卖发生纠纷"],
    "damages": ["因人身损害赔偿发生纠纷", "因财产损失赔偿发生纠纷"],
    "contract": ["因借款合同发生纠纷", "因买卖合同发生纠纷", "因租赁合同发生纠纷"],
    "property_management": ["因物业费缴纳发生纠纷", "因小区停车管理发生纠纷"],
    "labour": ["因拖欠工资发生纠纷", "因解除劳动关系补偿发生纠纷"],
    "consumer": ["因商品质量发生纠纷", "因预付卡退费发生纠纷"],
    "forest_land": ["因草场边界发生纠纷", "因土地承包经营权发生纠纷"],
    "business": ["因合伙经营发生纠纷", "因养殖经营发生纠纷"],
    "traffic": ["因道路交通事故赔偿发生纠纷"],
    "expropriation": ["因征地补偿发生纠纷", "因拆迁安置发生纠纷"],
    "medical": ["因诊疗损害赔偿发生纠纷"],
    "environment": ["因油烟污染发生纠纷", "因养殖污染发生纠纷"],
    "other": ["因其他事项发生纠纷"],
}
INDUSTRY = [  # (name, region, field, dispute type, share of the city's disputes)
    ("包头市医疗纠纷人民调解委员会", CITY, "medical", "medical", 0.012),
    ("包头市劳动人事争议人民调解委员会", CITY, "labour", "labour", 0.02),
    ("包头市物业纠纷人民调解委员会", CITY, "property", "property_management", 0.02),
    ("包头市道路交通事故人民调解委员会", CITY, "traffic", "traffic", 0.015),
    ("东河区道路交通事故人民调解委员会", "150202000000", "traffic", "traffic", 0.01),
    ("昆都仑区道路交通事故人民调解委员会", "150203000000", "traffic", "traffic", 0.015),
    ("青山区道路交通事故人民调解委员会", "150204000000", "traffic", "traffic", 0.01),
    ("九原区道路交通事故人民调解委员会", "150207000000", "traffic", "traffic", 0.006),
    ("土默特右旗道路交通事故人民调解委员会", "150221000000", "traffic", "traffic", 0.006),
    ("昆都仑区劳动争议人民调解委员会", "150203000000", "labour", "labour", 0.008),
]
VILLAGE_COMMITTEES = 200


@dataclass
class _Committee:
    committee: Committee
    mediators: list[Mediator]
    region: str
    county: str
    weight: float
    dispute_type: str = ""  # industry committees take one type


def _committees(rng: random.Random, city: _City) -> list[_Committee]:
    shares = dict((c, w) for c, _, w in COUNTIES) | {HIGH_TECH[0]: HIGH_TECH[1]}
    townships = list(Region.objects.filter(level="township").order_by("code"))
    villages = list(Region.objects.filter(level="village").order_by("code"))
    chosen = set(v.code for v in rng.sample(villages, min(VILLAGE_COMMITTEES, len(villages)))) | {"150202001012"}
    offices: dict[str, Organisation] = {}
    specs: list[tuple[str, str, str, str, str, Organisation, float]] = []  # name, short, region, county, kind…
    per_county = Counter(t.code[:6] for t in townships)
    for t in townships:
        county = t.code[:6].ljust(12, "0")
        parent = city.county_bureaus.get(county, city.bureau)
        base = _strip(t.name, ["街道办事处", "办事处", "街道", "镇", "乡", "苏木"])
        offices[t.code] = _org(f"{base}司法所", t.code, "justice_office", base[:2], parent)
        share = shares.get(county, 0.01) * 0.88 / per_county[t.code[:6]]
        specs.append((f"{t.name}人民调解委员会", base[:2], t.code, county, "township", offices[t.code], share * 0.4))
    village_counts = Counter(v.code[:9] for v in villages if v.code in chosen)
    for v in villages:
        if v.code not in chosen:
            continue
        county = v.code[:6].ljust(12, "0")
        township = v.code[:9].ljust(12, "0")
        parent = offices.get(township) or city.county_bureaus.get(county, city.bureau)
        base = _strip(v.name, ["村民委员会", "居民委员会", "村委会", "居委会", "委员会"])
        n = village_counts[v.code[:9]]
        t_share = next((s[6] / 0.4 for s in specs if s[2] == township), 0.001)
        specs.append((f"{base}人民调解委员会", base[:2], v.code, county, "village", parent, t_share * 0.6 / n))
    made: list[_Committee] = []
    for name, short, region, county, kind, parent, weight in specs:
        made.append(_committee(rng, name, short, region, county, kind, "", parent, weight))
    for name, region, field_, dtype, share in INDUSTRY:
        parent = city.county_bureaus.get(region, city.bureau)
        made.append(_committee(rng, name, name[:2], region, region, "industry", field_, parent, share, dtype))
    return made


def _committee(rng, name, short, region, county, kind, field_, parent, weight, dtype="") -> _Committee:
    organisation = _org(name, region, "mediation_committee", short, parent)
    committee, created = Committee.objects.get_or_create(
        organisation=organisation,
        defaults={
            "kind": kind,
            "industry_field": field_,
            "multi_ethnic_area": True,
            "term_start": date(2024, 1, 1),
            "term_end": date(2026, 12, 31),
        },
    )
    if created or not committee.members.exists():
        members = []
        for j in range(rng.randint(3, 7)):
            minority = j == 1
            members.append(
                CommitteeMember(
                    committee=committee,
                    name=rng.choice(MONGOL) if minority else _person(rng),
                    role="chair" if j == 0 else "vice_chair" if j == 3 else "member",
                    gender="female" if j in (1, 2) or rng.random() < 0.3 else "male",
                    ethnicity="蒙古族" if minority else "汉族",
                    ethnic_minority=minority,
                    joined_on=date(2024, 1, 1),
                )
            )
        CommitteeMember.objects.bulk_create(members)
    mediators = list(committee.mediators.order_by("id"))
    if len(mediators) < 2:
        n = 2 + (kind != "village") + (kind == "industry") * 2
        mediators += Mediator.objects.bulk_create(
            Mediator(
                committee=committee,
                name=_person(rng),
                kind=_weighted(rng, [("member", 6), ("hired", 3), ("full_time", 2 if kind == "industry" else 0)]),
            )
            for _ in range(n)
        )
    return _Committee(committee, mediators, region, county, weight * math.exp(rng.gauss(0, 0.35)), dtype)


def _mediation(rng: random.Random, city: _City, days: _Days, scale: float) -> _Writer:
    w = _Writer(Line.MEDIATION)
    committees = _committees(rng, city)
    cumulative = list(itertools.accumulate(c.weight for c in committees))
    campaigns = {
        year: [
            Campaign.objects.get_or_create(
                organisation=city.bureau,
                kind=kind,
                name=name,
                defaults={"starts_on": start, "ends_on": end, "screenings": screenings},
            )[0]
            for kind, name, start, end, screenings in (
                ("special", f"{year}年春节前矛盾纠纷专项排查", date(year, 1, 8), date(year, 2, 2), 860),
                ("screening", f"{year}年秋冬季矛盾纠纷排查化解专项行动", date(year, 10, 9), date(year, 11, 29), 1240),
            )
        ]
        for year in YEARS
    }
    for year in YEARS:
        success, failed = (_scaled(n, scale) for n in MEDIATED[year])
        plans = ["success"] * success + ["failed"] * failed + ["declined"] * _scaled(DECLINED[year], scale)
        if year == 2024:
            plans += ["next_year"] * _scaled(OPEN_AT_YEAR_END, scale)
        rng.shuffle(plans)
        for plan in plans:
            c = rng.choices(committees, cum_weights=cumulative)[0]
            w.add(_dispute(rng, c, days, year, plan, campaigns))
    return w


def _dispute(rng: random.Random, c: _Committee, days: _Days, year: int, plan: str, campaigns) -> _Record:
    rural = c.county in RURAL
    if c.dispute_type:
        dtype = c.dispute_type
    else:
        dtype = _weighted(
            rng,
            [(t, w * (2.5 if rural and t in ("forest_land", "housing_land") else 1)) for t, w in TYPE_WEIGHTS.items()],
        )
    if plan == "next_year":
        received = date(year, 12, rng.randint(10, 31))
        closed = max(received + timedelta(days=rng.randint(5, 25)), date(year + 1, 1, 2) + timedelta(rng.randint(0, 9)))
    else:
        closed = days.draw(rng, year, MEDIATION_MONTHS, working=False)
        span = _weighted(rng, [((0, 0), 40), ((1, 3), 25), ((4, 10), 20), ((11, 30), 15)])
        received = closed - timedelta(days=0 if plan == "declined" else rng.randint(*span))
        if plan == "declined":
            received = closed - timedelta(days=rng.randint(0, 3))
        if year == 2023:
            received = max(received, date(2023, 1, 1))
    source = _weighted(
        rng,
        [("referral_police", 50), ("application", 40), ("referral_court", 10)]
        if dtype == "traffic" and c.dispute_type
        else [
            ("application", 48),
            ("proactive", 30),
            ("referral_court", 9),
            ("referral_police", 9),
            ("referral_other", 4),
        ],
    )
    channel = {"proactive": "field", "application": "walk_in" if rng.random() < 0.7 else "phone"}.get(
        source, "referral"
    )
    applicant, respondent = (
        _person(rng),
        (_company(rng) if dtype in ("labour", "consumer", "medical", "property_management") else _person(rng)),
    )
    if dtype == "medical":
        respondent = rng.choice(["包头市中心医院", "包头医学院第一附属医院", "包头市第四医院", "包钢医院"])
    summary = rng.choice(SUMMARIES[dtype])
    amount = _log_uniform(rng, *AMOUNTS[dtype]) if rng.random() < 0.55 or dtype in ("traffic", "medical") else None
    persons = _weighted(rng, [(2, 70), (rng.randint(3, 5), 25), (rng.randint(6, 30), 5)])
    risk = rng.random() < 0.012
    campaign = next((k for k in campaigns.get(received.year, []) if k.starts_on <= received <= k.ends_on), None)
    mediator = rng.choice(c.mediators)
    case = Case(
        line=Line.MEDIATION,
        organisation=c.committee.organisation,
        region_id=c.region,
        title=f"{applicant}{summary}"[:200],
        channel=channel,
        state="received",
        received_on=received,
    )
    detail = MediationDetail(
        source=source,
        dispute_type=dtype,
        amount=amount,
        persons_involved=persons,
        campaign=campaign if source == "proactive" else None,
        mediator=mediator,
        mediator_chosen_by_parties=rng.random() < 0.05,
        escalation_risk=risk,
    )
    parties = [
        _party(role="applicant", name=applicant),
        _party(
            role="respondent",
            name=respondent,
            kind="organisation" if respondent.endswith(("公司", "医院")) else "person",
        ),
    ]
    r = _Record(case, detail, parties)
    if plan == "declined":
        r.steps.append(("decline", closed, None, {"reasons": "一方当事人明确拒绝调解，告知其他解决途径"}))
        return r
    accepted = min(received + timedelta(days=rng.choice([0, 0, 0, 1, 2])), closed)
    r.steps.append(("accept", accepted, None, {}))
    if plan == "failed":
        r.steps.append(
            (
                "terminate",
                closed,
                None,
                {"reasons": "双方分歧较大，调解不成", "routes": "告知当事人可依法向人民法院起诉"},
            )
        )
        return r
    written = rng.random() < (0.75 if amount and amount > 10000 else 0.35)
    terms: dict[str, Any] = {"terms": "双方达成一致，按协议约定履行" if written else "双方达成一致，当场履行"}
    if amount:
        terms["agreement_amount"] = str((amount * Decimal(rng.uniform(0.5, 1.0))).quantize(Decimal(100)))
    if written:
        r.steps.append(("agree_written", closed, None, {**terms, "agreement_effective_on": closed.isoformat()}))
    else:
        r.steps.append(("agree_oral", closed, None, terms))
    if risk:
        detail.escalation_prevented = True
    on = closed
    if written and rng.random() < 0.06:
        on += timedelta(days=rng.randint(2, 10))
        r.steps.append(("apply_confirmation", on, None, {"court": f"{c.committee.organisation.region.name}人民法院"}))
        on += timedelta(days=rng.randint(5, 15))
        result = "granted" if rng.random() < 0.96 else "rejected"
        r.steps.append(("record_confirmation", on, None, {"confirmation_result": result}))
    if rng.random() < 0.9:  # 回访: most committees call back on every agreement
        on += timedelta(days=rng.randint(7, 40))
        performance = _weighted(rng, [("performed", 95), ("partly", 2), ("pending", 2), ("not_performed", 1)])
        r.steps.append(("follow_up", on, None, {"performance": performance, "record": "电话回访，了解协议履行情况"}))
    return r


# --- 法律援助 ---------------------------------------------------------------------------------------------------------

AID_CASES = {2023: 2105, 2024: 2320}  # accepted in the year (法律援助案件 = 受理之日在年内)
AID_REFUSED = {2023: 88, 2024: 96}
AID_WITHDRAWN = {2023: 18, 2024: 20}
RECOVERED_2024 = Decimal(8_181_000)  # Σ awarded, worker wage and work-injury cases closed in 2024
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


def _lawyers(rng: random.Random) -> list[tuple[str, str, str, int]]:
    out = []
    for firm, kind in FIRMS:
        for _ in range(5 if kind == "lawyer" else 2):
            out.append((_person(rng), firm, kind, rng.choice([1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20])))
    return out


def _legal_aid(rng: random.Random, city: _City, days: _Days, scale: float) -> _Writer:
    w = _Writer(Line.LEGAL_AID)
    lawyers = _lawyers(rng)
    for year in YEARS:
        plans = (
            ["aid"] * _scaled(AID_CASES[year], scale)
            + ["refused"] * _scaled(AID_REFUSED[year], scale)
            + ["withdrawn"] * _scaled(AID_WITHDRAWN[year], scale)
        )
        rng.shuffle(plans)
        for plan in plans:
            w.add(_aid_case(rng, city, days, year, plan, lawyers))
    # amounts recovered for workers: realistic per case, and exactly ¥8,181,000 over the cases closed in 2024
    workers = [
        r
        for r in w.records
        if r.detail.recipient_group and r.case.closed_on and r.case.outcome in ("won", "partly_won", "mediated")
    ]
    this_year = [r for r in workers if r.case.closed_on.year == 2024]
    raw = {
        id(r): _log_uniform(rng, *((3000, 90000) if r.detail.claim_kind == "wages" else (30000, 320000)))
        for r in workers
    }
    target = (RECOVERED_2024 * Decimal(str(scale))).quantize(Decimal(100))
    total = sum((raw[id(r)] for r in this_year), Decimal(0))
    if this_year and total:
        factor = target / total
        for r in this_year:
            raw[id(r)] = max(Decimal(100), (raw[id(r)] * factor / 100).quantize(Decimal(1)) * 100)
        largest = max(this_year, key=lambda r: raw[id(r)])
        raw[id(largest)] += target - sum((raw[id(r)] for r in this_year), Decimal(0))
    for r in workers:
        awarded = raw[id(r)]
        amounts = {
            "amount_awarded": awarded,
            "amount_collected": (awarded * Decimal(rng.uniform(0.7, 1.0)) / 100).quantize(Decimal(1)) * 100,
            "basis_document": _weighted(rng, [("民事调解书", 4), ("民事判决书", 3), ("劳动仲裁裁决书", 3)]),
        }
        for k, v in amounts.items():  # the closing step recorded them: its event data and the detail it set
            setattr(r.detail, k, v)
        close = next(e for e in r.events if e.code == "close")
        close.data.update({k: str(v) for k, v in amounts.items()})
    return w


def _aid_case(rng: random.Random, city: _City, days: _Days, year: int, plan: str, lawyers) -> _Record:
    body = rng.choices(city.legal_aid, weights=[b.weight for b in city.legal_aid])[0]
    handler = rng.choice(body.handlers)
    notified = plan == "aid" and rng.random() < 0.40
    worker = not notified and rng.random() < 0.21
    accepted = days.draw(rng, year, MONTHS)
    if notified:
        received = accepted - timedelta(days=rng.randint(0, 3))
    else:
        received = accepted - timedelta(days=rng.randint(1, 9))
        received = received if days.calendar.is_working_day(received) else days.working_before(received)
    received = max(received, days.working(date(YEARS[0], 1, 1)))  # the replay's records begin in 2023
    name = _person(rng)
    detail = LegalAidDetail(route="notified" if notified else "application")
    if notified:
        detail.case_category = "criminal"
        detail.notifier = _weighted(rng, [("court", 55), ("procuratorate", 25), ("police", 20)])
        detail.notified_ground = _weighted(
            rng,
            [
                ("other", 50),
                ("minor", 25),
                ("disabled_sensory", 7),
                ("mental", 5),
                ("life_or_death", 8),
                ("compulsory_treatment", 2),
                ("absentia", 1),
                ("death_review", 2),
            ],
        )
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
        detail.matter = _weighted(
            rng,
            [
                ("maintenance", 30),
                ("injury", 25),
                ("social_insurance", 10),
                ("other", 25),
                ("pension", 3),
                ("capacity", 3),
                ("state_compensation", 2),
                ("environment", 2),
            ],
        )
        detail.case_category = (
            "state_compensation"
            if detail.matter == "state_compensation"
            else _weighted(rng, [("civil", 75), ("non_litigation", 12), ("criminal", 8), ("administrative", 5)])
        )
        if rng.random() < 0.12:
            detail.exemption_ground = _weighted(rng, [("minor_elderly_disabled", 2), ("social_assistance", 3)])
        elif rng.random() < 0.04:
            detail.no_means_test_ground = "abuse_victim"
        else:
            income = rng.randint(1800, 3200) if plan == "refused" else rng.randint(500, 1650)
            detail.monthly_income_per_capita = Decimal(income)
            detail.verification = _weighted(rng, [("integrity_undertaking", 3), ("information_check", 2)])
        summary = {
            "maintenance": "追索赡养费、抚养费",
            "injury": "人身损害赔偿",
            "social_insurance": "社会保险待遇",
            "state_compensation": "国家赔偿",
            "pension": "追索抚恤金",
            "capacity": "认定无民事行为能力",
            "environment": "环境污染损害赔偿",
        }.get(detail.matter, "民事代理")
    detail.qualifies = None if notified else plan != "refused"
    case = Case(
        line=Line.LEGAL_AID,
        organisation=body.organisation,
        region_id=body.organisation.region_id,
        title=f"{name}：{summary}",
        channel="referral"
        if notified
        else _weighted(rng, [("walk_in", 70), ("web", 15), ("post", 5), ("referral", 10)]),
        state="received",
        received_on=received,
        assignee=handler,
    )
    r = _Record(case, detail, [_party(role="applicant", name=name)])
    if plan == "refused":
        r.steps.append(
            (
                "refuse",
                days.working(received + timedelta(days=rng.randint(3, 7))),
                handler,
                {"reasons": "家庭人均月收入高于本地经济困难标准"},
            )
        )
        return r
    if plan == "withdrawn":
        notice = days.working(received + timedelta(days=1))
        r.steps.append(("request_materials", notice, handler, {"items": "身份证明、经济困难证明"}))
        r.steps.append(
            (
                "deem_withdrawn",
                days.working(notice + timedelta(days=rng.randint(20, 40))),
                handler,
                {"reasons": "未按要求补充材料"},
            )
        )
        return r
    pool = [lw for lw in lawyers if lw[3] >= 3 and lw[2] == "lawyer"] if detail.life_or_death else lawyers
    lawyer, firm, kind, years = rng.choice(pool)
    if rng.random() < 0.05 and not detail.life_or_death:
        lawyer, firm, kind, years = handler.full_name, body.organisation.name, "staff", rng.randint(2, 10)
    assign = {"assignee_kind": kind, "lawyer": lawyer, "firm": firm, "practice_years": str(years)}
    if notified:
        r.steps.append(("assign_notified", accepted, handler, assign))
    else:
        r.steps.append(("grant", accepted, handler, {}))
        r.steps.append(("assign", days.working(accepted + timedelta(days=rng.randint(0, 2))), handler, assign))
    last = r.steps[-1][1]
    if rng.random() < 0.02:
        r.steps.append(
            (
                "terminate",
                days.working(last + timedelta(days=rng.randint(10, 60))),
                handler,
                {"ground": "6", "reasons": "受援人自行委托律师"},
            )
        )
        return r
    span = {"criminal": (40, 200), "civil": (45, 260), "non_litigation": (20, 120)}.get(detail.case_category, (60, 200))
    closed = days.working(last + timedelta(days=rng.randint(*span)))
    if notified or detail.case_category == "criminal":
        result = "defence"
    elif worker:
        result = _weighted(rng, [("won", 50), ("partly_won", 15), ("mediated", 27), ("lost", 8)])
    else:
        result = _weighted(rng, [("won", 45), ("partly_won", 15), ("mediated", 25), ("lost", 10), ("other", 5)])
    data: dict[str, Any] = {"result": result, "report": "案件办结，已提交结案报告及相关法律文书"}
    if not worker and result in ("won", "partly_won", "mediated") and detail.matter in ("maintenance", "injury"):
        data["amount_awarded"] = str(_log_uniform(rng, 10000, 200000))
    r.steps.append(("close", closed, handler, data))
    if rng.random() < 0.35:
        grade = _weighted(rng, [("excellent", 20), ("good", 50), ("pass", 28), ("fail", 2)])
        r.steps.append(
            (
                "quality_review",
                days.working(closed + timedelta(days=rng.randint(10, 60))),
                handler,
                {"quality_grade": grade, "subsidy_yuan": str(rng.choice([800, 1200, 1500, 2000, 2500, 3000]))},
            )
        )
    return r


# --- entry point ---------------------------------------------------------------------------------------------------


def load_baotou_replay(*, seed: int = 2024, scale: float = 1.0) -> dict[str, int]:
    """Write the 2023–2024 case records of the three lines; does nothing if the city has cases of those years.

    Returns the number of cases written per line. Needs the Baotou regions and people (load_baotou_people).
    """
    lines = [Line.RECONSIDERATION, Line.MEDIATION, Line.LEGAL_AID]
    if Case.objects.filter(line__in=lines, received_on__year__in=YEARS).exists():
        return {}
    rng = random.Random(seed)
    days = _Days(work_calendar())
    with transaction.atomic():
        city = _organisations(rng)
        reconsideration, by_year = _reconsideration(random.Random(rng.random()), city, days, scale)
        mediation = _mediation(random.Random(rng.random()), city, days, scale)
        legal_aid = _legal_aid(random.Random(rng.random()), city, days, scale)
        written = {w.line: w.write() for w in (reconsideration, mediation, legal_aid)}
        _reset_sequences([Case, ReconsiderationDetail, MediationDetail, LegalAidDetail])
        records = [r for year in YEARS for r in by_year[year]]
        _suits_and_analyses(random.Random(rng.random()), city, records, scale)
    if "rebuild_rollups" in get_commands():  # the rows were written in bulk, past the runner's rollup deltas
        call_command("rebuild_rollups", stdout=io.StringIO())
    return written
