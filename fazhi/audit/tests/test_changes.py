"""`fazhi.audit.changes.instance_diff` gives what django-auditlog's `model_instance_diff` gives, for every model
registered with auditlog (its fast plan must not drift from the library it stands in for)."""

from __future__ import annotations

import copy
from datetime import date

import pytest
from auditlog.diff import model_instance_diff
from auditlog.registry import auditlog

from fazhi.accounts.models import User
from fazhi.audit.changes import instance_diff
from fazhi.cases.models import Case, Deadline, Party
from fazhi.cases.runner import case_transition
from fazhi.cases.tests.factories import open_reconsideration, org


def _rows():
    """One stored row of every registered model that has one in the demo data and a walked case."""
    for model in auditlog.get_models():
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            yield obj


@pytest.mark.django_db
def test_creation_and_update_diffs_are_auditlogs_for_every_registered_model(city_clerk):
    case = open_reconsideration(city_clerk, received_on=date(2024, 9, 30))
    case_transition(
        case=case, code="accept", actor=city_clerk, on=date(2024, 10, 8), data={"procedure_type": "ordinary"}
    )
    seen = set()
    for obj in _rows():
        seen.add(type(obj))
        assert instance_diff(None, obj) == model_instance_diff(None, obj), type(obj)
        changed = copy.copy(obj)
        for f in obj._meta.concrete_fields:
            if f.primary_key or f.is_relation:
                continue
            value = getattr(obj, f.attname)
            if isinstance(value, str):
                setattr(changed, f.attname, value + "改")
            elif isinstance(value, bool):
                setattr(changed, f.attname, not value)
            elif isinstance(value, int):
                setattr(changed, f.attname, value + 1)
        names = [f.attname for f in obj._meta.concrete_fields]
        for fields in (None, names[:3], names):
            assert instance_diff(obj, changed, fields) == model_instance_diff(obj, changed, fields), (type(obj), fields)
    assert {Case, Party, Deadline, User} <= seen


@pytest.mark.django_db
def test_masked_and_excluded_fields_as_auditlog(baotou):
    from fazhi.mediation.models import Committee, Mediator

    committee = Committee.objects.create(organisation=org("和平路街道人民调解委员会"), kind="township")
    mediator = Mediator.objects.create(committee=committee, name="孙某", phone="13847201234")
    assert instance_diff(None, mediator) == model_instance_diff(None, mediator)
    assert set(instance_diff(None, mediator)["phone"][1]) - set("0123456789") == {"*"}  # masked
    changed = copy.copy(mediator)
    changed.phone = "13900000000"
    assert instance_diff(mediator, changed, ["phone"]) == model_instance_diff(mediator, changed, ["phone"])
    user = User.objects.order_by("pk").first()
    changed_user = copy.copy(user)
    changed_user.password = "x"
    changed_user.first_name = "改"
    assert instance_diff(user, changed_user) == model_instance_diff(user, changed_user)
    assert "password" not in (instance_diff(user, changed_user) or {})
