"""The runner's contract with every line: a step takes only its declared data, the case's facts decide its checks,
and only the owning organisation's members act, a superior body only through a declared supervisory step.

The first tests replay three bypasses found in the running demo (issue 11); the property test and the matrix walk
every transition of every registered line, so a new line is covered without editing this file.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from importlib import import_module

import pytest
from django.db import transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.accounts.access import step_roles
from fazhi.accounts.models import Membership, Organisation, Role, User
from fazhi.cases.errors import TransitionError, TransitionForbidden
from fazhi.cases.fields import FieldKind
from fazhi.cases.models import Case
from fazhi.cases.procedure import SYSTEM, Procedure, Transition
from fazhi.cases.registry import procedures
from fazhi.cases.runner import case_open, case_transition, facts_of
from fazhi.cases.steps import step_view
from fazhi.core.lines import registered

pytestmark = pytest.mark.django_db
RECEIVED = date(2024, 5, 6)
ON = date(2024, 5, 20)
OWNER = "昆都仑区司法局"  # county B: the case belongs to it, the personas below belong elsewhere


def sample_detail(line: str) -> dict:
    """The detail a line needs to open a case, declared in its own tests package (`SAMPLE_DETAIL`)."""
    app = next(r.app_name for r in registered() if r.spec.key == line)
    try:
        return dict(getattr(import_module(f"{app}.tests"), "SAMPLE_DETAIL", {}))
    except ModuleNotFoundError:
        return {}


def open_case(line: str, actor) -> Case:
    return case_open(
        line=line,
        organisation=Organisation.objects.get(name=OWNER),
        title="测试案件",
        received_on=RECEIVED,
        actor=actor,
        detail=sample_detail(line),
    )


def valid_data(proc: Procedure, t: Transition) -> dict:
    """A plausible value for every key the step accepts (the step may still refuse it on the law's checks)."""
    data: dict[str, object] = {}
    for key in t.accepted_keys:
        field = proc.fields[key]
        if key in t.choices:
            data[key] = next(iter(t.choices[key]))
        elif field.kind == FieldKind.DATE:
            data[key] = (ON + timedelta(days=30) if key in {d.field for d in t.date_checks} else ON).isoformat()
        elif field.kind == FieldKind.INTEGER:
            data[key] = max(1, int(field.minimum or 1))
        elif field.kind == FieldKind.DECIMAL:
            data[key] = "100"
        elif field.kind == FieldKind.BOOLEAN:
            data[key] = True
        else:
            data[key] = "测试内容"
    return data


def snapshot(case: Case) -> tuple:
    case = Case.objects.get(pk=case.pk)
    return (
        case.state,
        case.version,
        case.outcome,
        case.accepted_on,
        case.closed_on,
        case.events.count(),
        sorted(case.deadlines.values_list("clock", "state", "due_on")),
        sorted(facts_of(case).items(), key=str),
    )


def in_state(case: Case, state: str) -> Case:
    Case.objects.filter(pk=case.pk).update(state=state)
    return Case.objects.get(pk=case.pk)


EVERY_STEP = [(line, t.code) for line, proc in sorted(procedures().items()) for t in proc.transitions]
PEOPLES_STEPS = [
    (line, t.code) for line, proc in sorted(procedures().items()) for t in proc.transitions if SYSTEM not in t.roles
]


# --- the three bypasses of issue 11 ------------------------------------------------------------------------------


def test_a_capital_case_cannot_be_declared_otherwise_by_the_assignment(city_clerk, city_head):
    """法律援助法 art. 26: posting life_or_death=False no longer lets a one-year legal worker take a capital case."""
    from fazhi.legal_aid.models import HardshipStandardRecord
    from fazhi.legal_aid.tests.test_procedure import apply, lawyer

    HardshipStandardRecord.objects.create(
        region_id="150200000000", effective_from=date(2023, 1, 1), monthly_income_per_capita=Decimal("1500")
    )
    case = apply(city_clerk, date(2024, 6, 3), case_category="criminal", matter="", life_or_death=True)
    case = case_transition(case=case, code="grant", actor=city_head, on=date(2024, 6, 4))
    before = snapshot(case)
    worker = lawyer(assignee_kind="basic_legal_worker", practice_years="1")
    with pytest.raises(TransitionError, match="不接受"):
        case_transition(
            case=case, code="assign", actor=city_clerk, on=date(2024, 6, 5), data={**worker, "life_or_death": False}
        )
    with pytest.raises(TransitionError, match="第二十六条"):
        case_transition(case=case, code="assign", actor=city_clerk, on=date(2024, 6, 5), data=worker)
    assert snapshot(case) == before and case.legal_aid.life_or_death is True


def test_the_amount_in_dispute_is_the_recorded_one_not_a_posted_one(city_clerk):
    """行政复议法 art. 53: a ¥50,000 penalty cannot be made simplified by posting amount=1."""
    from fazhi.reconsideration.tests.test_procedure import intake

    case = intake(city_clerk, date(2024, 6, 3), act_type="penalty", amount=Decimal("50000"))
    before = snapshot(case)
    with pytest.raises(TransitionError, match="不接受"):
        case_transition(
            case=case,
            code="accept",
            actor=city_clerk,
            on=date(2024, 6, 4),
            data={"procedure_type": "simplified", "amount": "1"},
        )
    with pytest.raises(TransitionError, match="第五十三条"):
        case_transition(
            case=case, code="accept", actor=city_clerk, on=date(2024, 6, 4), data={"procedure_type": "simplified"}
        )
    assert snapshot(case) == before


def test_an_ordinary_case_is_not_decided_as_simplified_by_posting_it(city_clerk, city_head):
    """行政复议法 art. 49: the parties of an ordinary case are heard; posting procedure_type=simplified changes nothing.

    Changing the procedure is its own step (转为普通程序, art. 55), and only from simplified to ordinary."""
    from fazhi.reconsideration.tests.test_procedure import intake

    case = intake(city_clerk, date(2024, 6, 3))
    case = case_transition(
        case=case, code="accept", actor=city_clerk, on=date(2024, 6, 4), data={"procedure_type": "ordinary"}
    )
    before = snapshot(case)
    decision = {"decision": "upheld", "reasons": "事实清楚"}
    with pytest.raises(TransitionError, match="不接受"):
        case_transition(
            case=case,
            code="decide",
            actor=city_head,
            on=date(2024, 6, 20),
            data={**decision, "procedure_type": "simplified"},
        )
    with pytest.raises(TransitionError, match="第四十九条"):
        case_transition(case=case, code="decide", actor=city_head, on=date(2024, 6, 20), data=decision)
    assert snapshot(case) == before and case.reconsideration.procedure_type == "ordinary"


def test_junk_keys_are_refused_not_stored(city_clerk):
    from fazhi.reconsideration.tests.test_procedure import intake

    case = intake(city_clerk, date(2024, 6, 3))
    junk = {f"k{i}": "x" * 1000 for i in range(2000)}  # ~2 MB, as the probe posted
    with pytest.raises(TransitionError, match="不接受"):
        case_transition(
            case=case,
            code="request_correction",
            actor=city_clerk,
            on=date(2024, 6, 4),
            data={"items": "身份证明", **junk},
        )
    assert not case.events.filter(code="request_correction").exists()


def test_a_step_dated_in_the_future_or_before_receipt_is_refused_and_changes_nothing(city_clerk):
    from fazhi.reconsideration.tests.test_procedure import intake

    case = intake(city_clerk, date(2024, 6, 3))
    before = snapshot(case)
    for on in (date(2024, 6, 2), date.today() + timedelta(days=1)):
        with pytest.raises(TransitionError, match="操作日期"):
            case_transition(case=case, code="accept", actor=city_clerk, on=on, data={"procedure_type": "ordinary"})
    assert snapshot(case) == before


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("10000-01-01", "YYYY-MM-DD"),
        ("1800-01-01", "之间"),
        ("2024-13-01", "YYYY-MM-DD"),
        (["2024-06-20"], "YYYY-MM-DD"),
    ],
)
def test_a_malformed_or_out_of_range_date_in_the_data_is_a_clear_error(city_clerk, city_head, value, message):
    from fazhi.reconsideration.tests.test_procedure import intake

    case = intake(city_clerk, date(2024, 6, 3))
    case = case_transition(
        case=case, code="accept", actor=city_clerk, on=date(2024, 6, 4), data={"procedure_type": "ordinary"}
    )
    with pytest.raises(TransitionError, match=message):
        case_transition(
            case=case,
            code="schedule_hearing",
            actor=city_head,
            on=date(2024, 6, 5),
            data={"hearing_on": value, "place": "一室"},
        )


# --- every transition of every line: extra and contradicting fields change nothing -------------------------------

extra_values = st.one_of(
    st.text(min_size=1, max_size=20).filter(str.strip),
    st.integers(),
    st.booleans(),
    st.sampled_from(["True", "False", "1"]),
)


@pytest.mark.parametrize(("line", "code"), EVERY_STEP)
def test_extra_and_contradicting_fields_never_change_a_step(baotou, line, code):
    proc = procedures()[line]
    t = proc.transition(code)
    assert t is not None
    admin = baotou["admin"]
    actor = None if SYSTEM in t.roles else admin
    case = in_state(open_case(line, admin), t.sources[0])  # one case: every draw must leave it as it was
    before = snapshot(case)
    facts = [f for f in proc.facts if f not in t.accepted_keys]
    strangers = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=12).filter(
        lambda k: k not in t.accepted_keys and k not in {"auto", "clock", "basis"}
    )
    keys = st.one_of(st.sampled_from(facts), strangers) if facts else strangers

    @settings(max_examples=10, deadline=None, derandomize=True)
    @given(extras=st.dictionaries(keys, extra_values, min_size=1, max_size=4))
    def take_with(extras):
        with pytest.raises(TransitionError, match="不接受"):
            case_transition(case=case, code=code, actor=actor, on=ON, data={**valid_data(proc, t), **extras})
        assert snapshot(case) == before

    take_with()


@pytest.mark.parametrize(("line", "code"), EVERY_STEP)
@settings(max_examples=30, derandomize=True)
@given(data=st.data())
def test_the_checks_see_the_recorded_facts_whatever_is_posted(line, code, data):
    """The view a step's conditions, checks and clocks read: facts win, except those the step records itself."""
    proc = procedures()[line]
    t = proc.transition(code)
    assert t is not None
    keys = st.sampled_from([*proc.facts, *t.accepted_keys, "events"])
    facts = data.draw(st.dictionaries(st.sampled_from(proc.facts), extra_values)) if proc.facts else {}
    posted = data.draw(st.dictionaries(keys, extra_values))
    view = step_view(t, facts, posted)
    for key, value in facts.items():
        expected = posted[key] if key in t.sets_from_data and key in posted else value
        assert view[key] == expected


# --- the step-authority matrix: only declared supervisory steps cross organisations ------------------------------

PERSONAS = ("city_clerk", "city_head", "leader", "donghe_clerk")  # city office and centre, city bureau, county A


@pytest.fixture
def outsiders(baotou) -> dict[str, User]:
    return {name: baotou[name] for name in PERSONAS}


@pytest.mark.parametrize(("line", "code"), PEOPLES_STEPS)
def test_only_a_declared_supervisory_step_crosses_organisations(baotou, outsiders, line, code):
    proc = procedures()[line]
    t = proc.transition(code)
    assert t is not None
    case = in_state(open_case(line, baotou["admin"]), t.sources[0])
    for name, user in outsiders.items():
        # the leader of the city bureau (above county B) holds the leader role for the three lines
        may = t.supervisory and name == "leader" and "leader" in t.roles and line in _lines_of(user)
        before = snapshot(case)
        try:
            with transaction.atomic():
                case_transition(case=case, code=code, actor=user, on=ON, data=valid_data(proc, t))
                raise _Rollback
        except TransitionForbidden:
            assert not may, f"{name} was refused {line}.{code}, a supervisory step of a body above the owner"
        except (TransitionError, _Rollback):
            assert may, f"{name} passed the authority check for {line}.{code} on another organisation's case"
        assert snapshot(case) == before


def test_the_owner_takes_ordinary_steps_but_not_the_supervisory_ones(baotou):
    owner = User.objects.create(username="kundulun_all_roles")
    for role in Role:
        Membership.objects.create(
            user=owner, organisation=Organisation.objects.get(name=OWNER), role=role, lines=list(procedures())
        )
    for line, code in PEOPLES_STEPS:
        t = procedures()[line].transition(code)
        assert t is not None
        case = in_state(open_case(line, baotou["admin"]), t.sources[0])
        try:
            with transaction.atomic():
                case_transition(case=case, code=code, actor=owner, on=ON, data=valid_data(procedures()[line], t))
                raise _Rollback
        except TransitionForbidden:
            assert t.supervisory, f"the owner's handler was refused {line}.{code}"
        except (TransitionError, _Rollback):
            assert not t.supervisory, f"the owner took the supervisory step {line}.{code} on its own case"


class _Rollback(Exception):
    """Undo a step that went through, so the next persona meets the same case."""


def _lines_of(user: User) -> set[str]:
    return {line for m in user.memberships.filter(is_active=True) for line in m.lines}


def test_a_case_received_in_the_future_is_not_registered(baotou):
    with pytest.raises(TransitionError, match="收到日期"):
        case_open(
            line="mediation",
            organisation=Organisation.objects.get(name=OWNER),
            title="测试",
            received_on=date.today() + timedelta(days=1),
            actor=baotou["admin"],
            detail=sample_detail("mediation"),
        )
    assert not Case.objects.exists()


def test_a_supervisory_step_belongs_to_the_body_directly_above_not_every_body_up_the_tree(baotou):
    """和平路司法所 sits under 东河区司法局, under the city bureau: only the county bureau supervises it."""
    office = Organisation.objects.get(name="和平路司法所")
    county = Organisation.objects.get(name="东河区司法局")
    county_leader = User.objects.create(username="donghe_leader")
    Membership.objects.create(user=county_leader, organisation=county, role=Role.LEADER, lines=["legal_aid"])
    city_leader = baotou["leader"]
    assert step_roles(county_leader, line="legal_aid", organisation_id=office.pk, supervisory=True) == {Role.LEADER}
    assert step_roles(city_leader, line="legal_aid", organisation_id=office.pk, supervisory=True) == set()
    assert step_roles(county_leader, line="legal_aid", organisation_id=office.pk) == set()  # not the owner
