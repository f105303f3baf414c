"""The register's fixtures: the city's market agency (the demo's 马报送 reports for it), a county agency, entries."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.lenient.choices import Domain, LenientPenaltyKind
from fazhi.lenient.tests.factories import agency, entry, workbook

BIG = 100_000


@pytest.fixture
def market(baotou):
    """包头市市场监督管理局 (the agency_reporter's), with its field 市场监管."""
    return agency()


@pytest.fixture
def county_agency(baotou):
    """东河区城市管理综合执法局: another agency, in a county, field 城市管理."""
    return agency("东河区城市管理综合执法局", "150202000000", domains=(Domain.URBAN_MANAGEMENT,))


@pytest.fixture
def entries(baotou):
    """Two market entries (one ended with 2023), one urban-management entry, one of 东河区 only."""
    return {
        "market": entry("SJ-001"),
        "market_old": entry("SJ-002", effective_to=date(2023, 12, 31), kind=LenientPenaltyKind.REDUCED),
        "urban": entry("CG-001", domain=Domain.URBAN_MANAGEMENT, conduct="店外经营"),
        "donghe": entry("DH-001", region="150202000000", conduct="东河区特有事项"),
    }


@pytest.fixture
def reporter(baotou, market):
    return baotou["agency_reporter"]


@pytest.fixture
def keeper(baotou):
    return baotou["supervision_clerk"]


@pytest.fixture(scope="session")
def big_workbook() -> bytes:
    """100,000 decisions of the market agency in one sheet (built once per test session: ~4 s)."""
    day = date(2024, 3, 1)
    return workbook(
        ("包头市市场监督管理局", f"包市监罚决〔2024〕{i}号", day, "SJ-001", "企业" if i % 3 else "个人", 500 + i % 700)
        for i in range(1, BIG + 1)
    )
