from datetime import date

import pytest

from fazhi.lenient import imports
from fazhi.lenient.models import Decision
from fazhi.lenient.tests.factories import agency, entry, workbook


@pytest.mark.django_db
def test_smoke(baotou):
    entry()
    agency()
    data = workbook(
        [
            ["包头市市场监督管理局", f"包市监免〔2024〕{i}号", date(2024, 3, 1), "SJ-001", "企业", 1000]
            for i in range(1, 11)
        ]
    )
    out = imports.upload(data, actor=baotou["agency_reporter"], file_name="a.xlsx")
    assert out.ok, out.problems.errors
    assert Decision.objects.count() == 10
    out = imports.upload(data, actor=baotou["agency_reporter"], file_name="a.xlsx")
    assert out.ok and out.added == 0 and out.already_present == 10
