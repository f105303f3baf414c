"""The one read chokepoint: `Model.objects.visible_to(user)` and the access questions of fazhi.accounts.access.

County A never sees county B, the city sees both, an auditor sees no case file, a deactivated superuser sees
nothing; a line that declares `own_organisation_only` is read by its owning organisation alone, and one that
declares `log_every_read` has each row read recorded — enforced by the kernel from the LineSpec, proved here with
a line registered only for the test.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import models

from fazhi.accounts import access
from fazhi.accounts.models import Membership, Organisation, User
from fazhi.audit.models import AccessRecord
from fazhi.cases.models import Case, CaseEvent, Deadline, Party
from fazhi.cases.reveal import can_reveal
from fazhi.cases.tests.factories import open_county_case, org
from fazhi.core import lines as registry
from fazhi.core.lines import LineSpec, RegisteredLine
from fazhi.legal_aid.models import Consultation
from fazhi.mediation.models import MediationDetail

pytestmark = pytest.mark.django_db

DONGHE, KUNDULUN, HEPING_OFFICE = "东河区司法局", "昆都仑区司法局", "和平路司法所"
CORRECTIONS = LineSpec(
    key="corrections",
    label="社区矫正",
    roles={"corrections_officer": "社区矫正工作人员"},
    own_organisation_only=True,
    log_every_read=True,
)


def fresh(user: User) -> User:
    """The user as a new request sees it (scopes are cached on the user object)."""
    return User.objects.get(pk=user.pk)


def member(username: str, organisation: str, role: str, lines: list[str]) -> User:
    user = User.objects.create(username=username)
    Membership.objects.create(user=user, organisation=org(organisation), role=role, lines=lines)
    return user


@pytest.fixture
def two_counties(donghe_clerk, kundulun_clerk):
    """A mediation dispute in county A (东河区) and one in county B (昆都仑区), each with a party and a clock."""
    a = open_county_case(donghe_clerk, DONGHE)
    b = open_county_case(kundulun_clerk, KUNDULUN)
    for case in (a, b):
        Party.objects.create(case=case, role="applicant", name="申请人", phone="13812345678")
        Deadline.objects.create(
            case=case,
            clock="test",
            label="期限",
            basis="测试",
            amount=30,
            unit="CD",
            started_on=case.received_on,
            due_on=date(2024, 6, 5),
        )
    return a, b


CASE_MODELS = [
    (Case, "pk"),
    (Party, "case_id"),
    (CaseEvent, "case_id"),
    (Deadline, "case_id"),
    (MediationDetail, "case_id"),
]


def seen(model: type[models.Model], case_field: str, user) -> set[int]:
    return set(model.objects.visible_to(user).values_list(case_field, flat=True))  # type: ignore[attr-defined]


@pytest.mark.parametrize(("model", "case_field"), CASE_MODELS, ids=lambda m: getattr(m, "__name__", m))
def test_county_a_never_sees_county_b_and_the_city_sees_both(model, case_field, two_counties, baotou):
    a, b = two_counties
    assert seen(model, case_field, baotou["donghe_clerk"]) == {a.pk}
    assert seen(model, case_field, baotou["kundulun_clerk"]) == {b.pk}
    assert seen(model, case_field, baotou["leader"]) == {a.pk, b.pk}


@pytest.mark.parametrize(("model", "case_field"), CASE_MODELS, ids=lambda m: getattr(m, "__name__", m))
def test_an_auditor_a_citizen_and_a_stranger_see_no_case_file(model, case_field, two_counties, baotou):
    from django.contrib.auth.models import AnonymousUser

    for user in (baotou["auditor"], baotou["citizen"], AnonymousUser()):
        assert seen(model, case_field, user) == set()


def test_a_deactivated_superuser_sees_nothing_and_may_do_nothing(two_counties, baotou):
    admin = fresh(baotou["admin"])
    assert set(Case.objects.visible_to(admin)) == set(two_counties)
    admin.is_active = False
    admin.save()
    admin = fresh(admin)
    assert not Case.objects.visible_to(admin).exists() and not Party.objects.visible_to(admin).exists()
    assert not access.is_active_superuser(admin) and not access.is_staff_member(admin)
    assert not access.can_read(admin, "mediation") and access.region_prefixes(admin, "mediation") == []
    assert not access.intake_organisations(admin, line="mediation", roles={"registrar"}, kinds=["justice_bureau"])
    assert access.step_roles(admin, line="mediation", organisation_id=two_counties[0].organisation_id) == set()


def test_a_deactivated_member_sees_nothing(two_counties, baotou):
    clerk = fresh(baotou["donghe_clerk"])
    clerk.is_active = False
    clerk.save()
    assert not Case.objects.visible_to(fresh(clerk)).exists()


def test_the_access_questions_for_a_user_and_a_line(baotou):
    donghe, mediator, auditor = baotou["donghe_clerk"], baotou["mediator"], baotou["auditor"]
    assert access.can_read(donghe, "mediation") and access.can_read(mediator, "mediation")
    assert not access.can_read(mediator, "legal_aid") and not access.can_read(auditor, "mediation")
    assert access.region_prefixes(donghe, "mediation") == ["150202"]
    assert access.region_prefixes(baotou["leader"], "mediation") == ["1502"]
    assert access.broadest_region(baotou["admin"], "mediation") == ""
    assert access.broadest_region(auditor, "mediation") is None
    intake = {"line": "mediation", "roles": {"mediator", "registrar", "handler"}, "kinds": ["mediation_committee"]}
    assert [o.name for o in access.intake_organisations(donghe, **intake)] == [DONGHE]
    assert [o.name for o in access.intake_organisations(mediator, **intake)] == ["和平路街道人民调解委员会"]
    assert not access.intake_organisations(auditor, **intake).exists()
    assert {o.kind for o in access.intake_organisations(baotou["admin"], **intake)} == {"mediation_committee"}
    in_scope = Organisation.objects.filter(access.region_q(donghe, "mediation"))
    assert DONGHE in {o.name for o in in_scope} and KUNDULUN not in {o.name for o in in_scope}


def test_a_scoped_list_costs_one_query(two_counties, baotou, django_assert_num_queries):
    clerk = fresh(baotou["donghe_clerk"])
    access.scopes_of(clerk)  # once per request
    with django_assert_num_queries(1):
        assert len(list(Case.objects.visible_to(clerk))) == 1


def test_a_model_without_an_access_path_refuses_to_be_scoped(baotou):
    with pytest.raises(ImproperlyConfigured, match="access_path"):
        access.RestrictedQuerySet(model=Organisation).visible_to(baotou["leader"])


def test_every_model_holding_a_case_reaches_users_only_through_visible_to():
    """A model with a foreign key to a case (or its timeline) declares its access path and a restricted manager."""
    case_models = {Case, CaseEvent}
    holding = [
        m
        for m in apps.get_models()
        if m.__module__.startswith("fazhi.")
        and (
            m in case_models
            or any(f.is_relation and f.related_model in case_models and not f.many_to_many for f in m._meta.fields)
        )
    ]
    assert len(holding) >= 10
    # The rule book's records name a case (the review that let a document be issued; the reconsideration whose
    # incidental review opened a task) but hold none of its data: published law, read by every staff member. The
    # case itself opens only through visible_to.
    from fazhi.rulebook.models import EvaluationTask, NormativeDocument

    published = {NormativeDocument, EvaluationTask}
    assert published <= set(holding)
    for model in set(holding) - published:
        assert isinstance(model._default_manager.all(), access.RestrictedQuerySet), model
        access.access_path_of(model)


# -- a line with a narrow scope (corrections: own 司法所, every read logged) ----------------------------------------


@pytest.fixture
def narrow_line(monkeypatch):
    """A line registered only for this test, declaring own_organisation_only and log_every_read."""
    found = (*registry.registered(), RegisteredLine(CORRECTIONS, "fazhi.tests.corrections", "corrections"))
    monkeypatch.setattr(registry, "registered", lambda: found)
    return CORRECTIONS


@pytest.fixture
def subjects(narrow_line, baotou):
    """One corrections file at the 和平路 司法所 and one at the 东河区 bureau above it, with their people."""
    made = {}
    for name, number in ((HEPING_OFFICE, "和矫1"), (DONGHE, "东矫1")):
        organisation = org(name)
        case = Case.objects.create(
            line="corrections",
            number=number,
            organisation=organisation,
            region_id=organisation.region_id,
            title="社区矫正对象",
            state="supervising",
            received_on=date(2024, 3, 1),
        )
        Party.objects.create(case=case, role="applicant", name="矫正对象", id_number="11010519491231002X")
        made[name] = case
    return made


def test_a_narrow_line_is_read_by_the_owning_organisation_only(subjects, baotou):
    officer = member("heping_officer", HEPING_OFFICE, "corrections_officer", ["corrections"])
    bureau = member("donghe_corrections", DONGHE, "handler", ["corrections", "mediation"])
    city = member("city_corrections", "包头市司法局", "leader", ["corrections"])
    assert set(Case.objects.visible_to(officer)) == {subjects[HEPING_OFFICE]}
    # the county bureau sees its own file, not the 司法所's below it (no subtree on a narrow line)
    assert set(Case.objects.visible_to(bureau).filter(line="corrections")) == {subjects[DONGHE]}
    assert not Case.objects.visible_to(city).exists()
    assert set(Party.objects.visible_to(officer).values_list("case_id", flat=True)) == {subjects[HEPING_OFFICE].pk}
    assert not Case.objects.visible_to(baotou["leader"]).filter(line="corrections").exists()  # not their line


def test_every_read_of_a_logged_line_is_an_access_record(subjects, two_counties, baotou):
    officer = member("heping_officer", HEPING_OFFICE, "corrections_officer", ["corrections"])
    mine = subjects[HEPING_OFFICE]
    assert Case.objects.visible_to(officer).count() == 1 and Case.objects.visible_to(officer).exists()
    assert not AccessRecord.objects.exists()  # counting reads no one's file

    assert Case.objects.visible_to(officer).get(pk=mine.pk) == mine
    record = AccessRecord.objects.get()
    assert (record.user, record.action, record.object_type, record.object_id) == (
        officer,
        "view",
        "cases.case",
        str(mine.pk),
    )
    assert record.case_number == mine.number and record.detail["line"] == "corrections"

    list(Party.objects.visible_to(officer).select_related("case"))
    list(Case.objects.visible_to(officer).values_list("number", flat=True))
    list(Case.objects.visible_to(officer).iterator())
    assert list(AccessRecord.objects.order_by("id").values_list("object_type", flat=True)) == [
        "cases.case",
        "cases.party",
        "cases.case",
        "cases.case",
    ]
    assert AccessRecord.objects.filter(object_type="cases.party").get().case_number == mine.number

    # a superuser reading every line: only the logged line's rows are recorded
    last = AccessRecord.objects.order_by("id").last()
    assert len(list(Case.objects.visible_to(fresh(baotou["admin"])))) == 4
    recorded = AccessRecord.objects.filter(id__gt=last.pk).values_list("object_id", flat=True)
    assert set(recorded) == {str(c.pk) for c in subjects.values()}


def test_a_step_locking_a_logged_lines_case_in_the_users_scope_records_the_read(subjects, baotou):
    """The runner's lock_case(pk, user=…) (a statement compiled per scope, not a visible_to queryset) scopes and
    records as visible_to does: the 司法所's officer reads (one record), the bureau above it does not reach it."""
    from django.db import transaction

    from fazhi.cases.locking import lock_case

    officer = member("heping_officer", HEPING_OFFICE, "corrections_officer", ["corrections"])
    bureau = member("donghe_corrections", DONGHE, "handler", ["corrections", "mediation"])
    mine = subjects[HEPING_OFFICE]
    with transaction.atomic():
        assert lock_case(mine.pk, user=officer) == mine
        with pytest.raises(Case.DoesNotExist):
            lock_case(mine.pk, user=bureau)
        assert lock_case(subjects[DONGHE].pk, user=fresh(bureau)) == subjects[DONGHE]
    records = AccessRecord.objects.order_by("id").values_list("user__username", "object_id")
    assert list(records) == [("heping_officer", str(mine.pk)), ("donghe_corrections", str(subjects[DONGHE].pk))]


def test_a_logged_line_is_not_read_without_a_writer(subjects, monkeypatch):
    officer = member("heping_officer", HEPING_OFFICE, "corrections_officer", ["corrections"])
    monkeypatch.setattr(access, "_writers", [])
    with pytest.raises(ImproperlyConfigured, match="writer"):
        list(Case.objects.visible_to(officer))


def test_a_line_of_one_model_declares_its_narrow_scope_too(monkeypatch, baotou):
    """Consultations belong to legal aid: declared narrow and logged, the kernel applies both to them."""
    found = tuple(
        replace(r, spec=replace(r.spec, own_organisation_only=True, log_every_read=True))
        if r.spec.key == "legal_aid"
        else r
        for r in registry.registered()
    )
    monkeypatch.setattr(registry, "registered", lambda: found)
    clerk = baotou["donghe_clerk"]
    for name in (DONGHE, HEPING_OFFICE):
        organisation = org(name)
        Consultation.objects.create(
            organisation=organisation,
            region_id=organisation.region_id,
            channel="walk_in",
            on=date(2024, 5, 6),
            summary="咨询劳动争议",
            handled_by=clerk,
        )
    rows = list(Consultation.objects.visible_to(clerk))
    assert [c.organisation.name for c in rows] == [DONGHE]
    assert list(AccessRecord.objects.values_list("object_type", "object_id")) == [
        ("legal_aid.consultation", str(rows[0].pk))
    ]


def test_reads_of_other_lines_are_not_recorded_by_the_kernel(two_counties, baotou):
    list(Case.objects.visible_to(baotou["leader"]))
    list(Party.objects.visible_to(baotou["leader"]))
    assert not AccessRecord.objects.exists()


def test_a_line_role_counts_only_in_the_line_that_declares_it(subjects, baotou):
    """reveal.py names no line: a role a line declares (LineSpec.roles) reveals on that line's cases alone."""
    officer = member("heping_officer", HEPING_OFFICE, "corrections_officer", ["corrections", "legal_aid"])
    assert can_reveal(officer, subjects[HEPING_OFFICE])
    assert not can_reveal(officer, Case(line="legal_aid", organisation=org(HEPING_OFFICE)))
    mediator = baotou["mediator"]
    committee = Membership.objects.get(user=mediator).organisation
    assert can_reveal(mediator, Case(line="mediation", organisation=committee))


def test_my_tasks_hold_no_clock_of_the_other_county(two_counties, baotou):
    from fazhi.cases.selectors import my_tasks

    a, _b = two_counties
    tasks = my_tasks(user=baotou["donghe_clerk"], today=date(2024, 5, 7))
    assert {t.deadline.case_id for t in tasks} == {a.pk}
