"""`bulk.new_instance` builds what the model's keyword constructor builds (the import builds its cases with it)."""

from datetime import date
from decimal import Decimal

import pytest

from fazhi.accounts.models import Organisation
from fazhi.cases.bulk import new_instance
from fazhi.cases.models import Case
from fazhi.mediation.models import MediationDetail


def _state(obj):
    values = {k: v for k, v in obj.__dict__.items() if k != "_state"}
    return values, obj._state.adding, obj._state.db, dict(obj._state.fields_cache)


def test_a_case_equals_the_one_the_constructor_builds():
    org = Organisation(pk=7, name="和平路街道人民调解委员会")
    values = dict(
        line="mediation",
        number="",
        organisation=org,
        region_id="150203001000",
        title="王伟、李娜因琐事发生纠纷",
        outcome="",
        received_on=date(2023, 5, 4),
        accepted_on=None,
        closed_on=None,
    )
    built, expected = new_instance(Case, **values), Case(**values)
    assert _state(built) == _state(expected)
    assert built.organisation is org and built.organisation_id == 7
    assert built.channel == expected.channel and built.version == 1


def test_a_detail_keeps_its_unsaved_case_cached():
    case = Case(line="mediation", received_on=date(2023, 5, 4))
    values = dict(
        case=case, source="application", dispute_type="neighbour", amount=Decimal("12.50"), persons_involved=3
    )
    built, expected = new_instance(MediationDetail, **values), MediationDetail(**values)
    assert _state(built) == _state(expected)
    assert built.case is case


def test_an_unknown_field_is_refused_as_the_constructor_refuses_it():
    with pytest.raises(TypeError):
        Case(nonsense=1)
    with pytest.raises(TypeError, match="nonsense"):
        new_instance(Case, nonsense=1)
