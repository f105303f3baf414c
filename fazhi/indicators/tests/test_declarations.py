"""What a line declares for the report and the dashboard is collected from its own indicators.py, and checked."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from fazhi.core.models import Region
from fazhi.indicators import checks, declarations
from fazhi.indicators.dashboard import trend_keys
from fazhi.indicators.declarations import Area, LineReport, Ref, areas, line_reports, references
from fazhi.indicators.registry import line_order
from fazhi.indicators.renderers import as_text
from fazhi.indicators.report import AnnualReport


def _clear() -> None:
    for collected in (line_reports, areas, references):
        collected.cache_clear()


@pytest.fixture
def only_figures(monkeypatch):
    """The mediation line as if its indicators.py declared INDICATORS and nothing else."""
    from fazhi.mediation import indicators as mediation

    real = declarations.line_modules

    def modules(name: str):
        for module in real(name):
            yield SimpleNamespace(INDICATORS=mediation.INDICATORS) if module is mediation else module

    monkeypatch.setattr(declarations, "line_modules", modules)
    _clear()
    yield
    _clear()


def test_each_line_declares_its_own_paragraphs_in_their_declared_order():
    keys = [a.key for a in areas()]
    # the supervision line's paragraph on lenient enforcement follows the business environment's
    assert keys[:5] == ["mediation", "legal_aid", "business_environment", "inclusive_enforcement", "reconsideration"]
    assert [a.key for a in line_reports()["reconsideration"].areas] == ["business_environment", "reconsideration"]


def test_reference_sections_named_after_a_line_come_in_line_order_then_the_others():
    sections = list(dict.fromkeys(r.section for r in references()))
    assert sections[:4] == ["reconsideration", "mediation", "legal_aid", "business_environment"]


def test_lines_come_in_their_registered_order():
    assert line_order(["legal_aid", "mediation", "reconsideration", "no_such_line"]) == (
        "reconsideration",
        "mediation",
        "legal_aid",
    )


def test_the_trend_shows_the_declared_counts():
    assert trend_keys("legal_aid") == ("applications", "cases", "closed")
    assert trend_keys("reconsideration")[0] == "received"


@pytest.mark.django_db
def test_a_line_with_figures_only_has_its_table_under_its_name(baotou, only_figures):
    assert "mediation" not in {a.key for r in line_reports().values() if r.line != "mediation" for a in r.areas}
    assert line_reports()["mediation"].trend == ()
    assert trend_keys("mediation") == (
        "received",
        "received_proactive",
        "received_on_application",
        "received_by_referral",
    )
    report = AnnualReport.build(Region.objects.get(code="150200000000"), 2024, ["mediation", "legal_aid"])
    section = next(s for s in report.sections() if s.area.key == "mediation")
    assert str(section.area.title) == "人民调解" and section.plain == ""
    assert [label for _line, label, _figures in section.tables] == ["人民调解"]
    text = as_text(report)
    assert "、人民调解\n\n【人民调解】 指标" in text  # the heading, then the table: no paragraph


def test_the_installed_lines_pass_the_start_up_check():
    assert checks.check_report_declarations() == []


def test_a_typo_in_a_paragraph_a_reference_or_a_trend_is_an_error(monkeypatch):
    bad_area = Area("x", "标题", "导语。", (("共{legal_aid.casse}件",),))
    bad_ref = Ref("legal_aid", "cases", "legal_aid", "casse")
    monkeypatch.setattr(checks, "areas", lambda: (bad_area,))
    monkeypatch.setattr(checks, "references", lambda: (bad_ref,))
    monkeypatch.setattr(checks, "line_reports", lambda: {"legal_aid": LineReport("legal_aid", trend=("rate",))})
    assert [e.id for e in checks.check_report_declarations()] == [
        "indicators.E001",
        "indicators.E002",
        "indicators.E003",
    ]


def test_a_figure_of_a_line_not_installed_is_no_error(monkeypatch):
    area = Area("x", "标题", "导语。", (("?共{corrections.subjects}人",),))
    monkeypatch.setattr(checks, "areas", lambda: (area,))
    assert checks.check_report_declarations() == []
