"""The records behind the figures that count rows of their own (fazhi.indicators.records, the lines'
drilldowns.RECORDS): each drill-down lists the cases its figure counts, and the dashboard links to it."""

from __future__ import annotations

import re

import pytest

from fazhi.indicators.records import cases_behind, declared, has_records
from fazhi.indicators.registry import Computed, registry
from fazhi.indicators.tests.test_computed import PERIODS, records  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db

URL = "/indicators/records/"


def test_every_declared_list_holds_what_its_figure_counts(records):  # noqa: F811
    li = registry()["reconsideration"]
    declared_here = declared()["reconsideration"]
    assert set(declared_here) >= {"overdue", "lost_litigation_cases_analysed", "corrected_cases_analysed"}
    for period in PERIODS[:4]:
        values = li.compute(period)
        for key, rec in declared_here.items():
            listed = cases_behind(li, key, period).count()
            if rec.exact:
                assert listed == values[key], (key, period)
            else:
                assert (listed > 0) == (values[key] > 0), (key, period)


def test_every_computed_count_of_cases_opens_a_list(records, leader, login):  # noqa: F811
    li = registry()["reconsideration"]
    for key in ("overdue", "lost_litigation", "lost_litigation_cases_analysed", "analysis_reports"):
        ind = next(i for i in li.indicators if i.key == key)
        assert isinstance(ind, Computed) and has_records(ind, "reconsideration")
    client = login(leader)
    html = client.get("/indicators/", {"year": 2024}).content.decode()
    overdue = re.search(r'<a href="([^"]+key=overdue[^"]*)" data-value="(\d+)" data-count="1">', html)
    assert overdue, "超期案件 has no link"
    page = client.get(overdue.group(1).replace("&amp;", "&")).content.decode()
    assert re.search(r'data-total="(\d+)"', page).group(1) == overdue.group(2) == "6"
    analysed = client.get(URL, {"line": "reconsideration", "key": "lost_litigation_cases_analysed", "year": 2024})
    assert analysed.status_code == 200 and 'data-total="3"' in analysed.content.decode()
    # a figure that counts no cases (联系点: organisations) still has none
    none = client.get(
        URL, {"line": "reconsideration", "key": "enterprise_reconsideration_liaison_points", "year": 2024}
    )
    assert none.status_code == 404
