"""The figure records page carries `data-total`, the figure's value, as the dashboard's links expect (item L of the
enforcement review: the registries' records pages say their total the same way as the lines')."""

from __future__ import annotations

import pytest

from fazhi.lenient.figure_views import figure_records_url
from fazhi.lenient.tests.test_figures import YEAR, decided  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def test_the_records_page_says_the_figures_value_in_data_total(decided, keeper, login):  # noqa: F811
    cases = login(keeper).get(figure_records_url("lenient_penalty_cases", *YEAR, "1502")).content.decode()
    assert 'data-total="3"' in cases
    amount = login(keeper).get(figure_records_url("lenient_penalty_amount_yuan", *YEAR, "1502")).content.decode()
    assert 'data-total="1350.50"' in amount and 'data-rows="3"' in amount
