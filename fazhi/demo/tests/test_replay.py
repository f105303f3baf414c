"""The Baotou 2024 replay: the figures computed from its case records are the city's published 2024 figures.

The replay (~86,000 cases of 2023–2024) is loaded once for the module inside a transaction that is rolled back;
everything the tests look at is read before the rollback. The reference is a copy of
shared/reference/baotou-2024-figures.json kept in fazhi/demo/data (the test checks the copy is current when the
shared folder is there).
"""

from __future__ import annotations

import importlib
import json
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.db.models import Count

from fazhi.accounts.models import Organisation
from fazhi.cases.models import Case, CaseEvent, NumberSequence, Party
from fazhi.cases.registry import procedure_for
from fazhi.demo.baotou import load_baotou_people
from fazhi.demo.replay import SOURCE, load_baotou_replay
from fazhi.indicators.registry import Period, compute
from fazhi.mediation.models import Committee

REFERENCE = Path(__file__).resolve().parents[1] / "data" / "baotou-2024-figures.json"
SHARED = Path(settings.BASE_DIR).parent / "shared" / "reference" / "baotou-2024-figures.json"
LINES = ["reconsideration", "mediation", "legal_aid"]
# figures the replay must reproduce (the test fails rather than skipping any of them)
REQUIRED = {
    "reconsideration.received",
    "reconsideration.received_vs_2023_total_caseload",
    "reconsideration.closed",
    "reconsideration.mediated_or_settled",
    "reconsideration.mediated_or_settled_rate_pct",
    "reconsideration.concluded",
    "reconsideration.directly_corrected",
    "reconsideration.correction_rate_pct",
    "reconsideration.lost_litigation_cases_analysed",
    "reconsideration.corrected_cases_analysed",
    "reconsideration.analysis_reports",
    "mediation.disputes_mediated",
    "mediation.success_rate_pct",
    "legal_aid.cases",
    "legal_aid.recovered_for_workers_yuan",
    "business_environment.enterprise_reconsideration_liaison_points",
}


def _seed_work_calendar() -> None:
    from django.apps import apps

    from fazhi.core.models import CalendarDay

    if not CalendarDay.objects.exists():
        importlib.import_module("fazhi.core.migrations.0002_seed_work_calendar").seed(apps, None)


def _facts() -> dict[str, Any]:
    """What the tests check about the records themselves, read before the rollback."""
    replay = Case.objects.order_by()  # the test database holds no other cases
    gaps, sequences = [], []
    numbers: dict[tuple[int, str, int], list[int]] = defaultdict(list)
    for org, line, number, received in replay.values_list("organisation", "line", "number", "received_on"):
        numbers[(org, line, received.year)].append(int(number.split("〕")[1].rstrip("号")))
    for (org, line, year), ns in numbers.items():
        if sorted(ns) != list(range(1, len(ns) + 1)):
            gaps.append((org, line, year))
        last = NumberSequence.objects.get(organisation_id=org, series=line, year=year).last
        if last != len(ns):
            sequences.append((org, line, year, last, len(ns)))
    timeline_problems = []
    events = defaultdict(list)
    for case_id, code, on, source in CaseEvent.objects.filter(case__in=replay).values_list(
        "case", "code", "on", "data__source"
    ):
        events[case_id].append((code, on, source))
    for case in replay.values("id", "line", "received_on", "accepted_on", "closed_on"):
        proc = procedure_for(case["line"])
        evs = events[case["id"]]
        ok = (
            ("received", case["received_on"], SOURCE) in evs
            and all(source == SOURCE for _, _, source in evs)
            and (
                case["accepted_on"] is None
                or any(proc.transition(c).accepts and on == case["accepted_on"] for c, on, _ in evs if c != "received")
            )
            and (
                case["closed_on"] is None
                or any(proc.transition(c).closes and on == case["closed_on"] for c, on, _ in evs if c != "received")
            )
        )
        if not ok:
            timeline_problems.append(case["id"])
    return {
        "cases": dict(replay.values_list("line").annotate(n=Count("id"))),
        "number_gaps": gaps,
        "sequences_behind": sequences,
        "timeline_problems": timeline_problems[:10],
        "labels_missing": CaseEvent.objects.filter(case__in=replay).filter(label="").count(),
        "id_numbers": Party.objects.filter(case__in=replay).exclude(id_number="").count(),
        "counties": sorted({c[:6] for c in replay.filter(line="reconsideration").values_list("region", flat=True)}),
        "mediation_counties": sorted({c[:6] for c in replay.filter(line="mediation").values_list("region", flat=True)}),
        "committees": dict(Committee.objects.order_by().values_list("kind").annotate(n=Count("id"))),
        "liaison_points": Organisation.objects.filter(kind="liaison_point").count(),
        "bureaus": Organisation.objects.filter(kind="justice_bureau").count(),
    }


@pytest.fixture(scope="module")
def replayed(django_db_setup, django_db_blocker):
    """Load the replay once, compute the figures of 2023 and 2024 and the facts, then roll everything back."""
    with django_db_blocker.unblock(), transaction.atomic():
        _seed_work_calendar()
        load_baotou_people()
        written = load_baotou_replay()
        figures = {year: compute(LINES, Period.year(year, "1502")) for year in (2023, 2024)}
        facts = _facts()
        transaction.set_rollback(True)
    return {"written": written, "figures": figures, "facts": facts}


def _reference() -> dict[str, Any]:
    return json.loads(REFERENCE.read_text(encoding="utf-8"))


def _matches(computed: Any, reference: Any) -> bool:
    """`min` entries as ≥; numbers compared at the precision the reference is written with (32 vs 32.04)."""
    if isinstance(reference, dict) and "min" in reference:
        return computed >= reference["min"]
    places = max(0, -Decimal(str(reference)).as_tuple().exponent)
    return round(Decimal(str(computed)), places) == Decimal(str(reference))


def test_the_reference_copy_is_the_shared_reference():
    if not SHARED.exists():
        pytest.skip("shared/reference is not next to the repository")
    assert json.loads(SHARED.read_text(encoding="utf-8")) == _reference()


def test_every_figure_of_the_existing_lines_equals_the_reference(replayed):
    """Each reference figure is looked up in the line of its section, or else in the one line that has it."""
    figures_2024, figures_2023 = replayed["figures"][2024], replayed["figures"][2023]
    caseload = figures_2024["reconsideration"]["received"] / figures_2023["reconsideration"]["received"]
    figures_2024["reconsideration"]["received_vs_2023_total_caseload"] = caseload
    checked, wrong = set(), []
    for section, entries in _reference().items():
        if section.startswith("_") or section == "region" or not isinstance(entries, dict):
            continue
        for key, expected in entries.items():
            owners = [section] if section in LINES else [line for line in LINES if key in figures_2024[line]]
            owners = [line for line in owners if key in figures_2024[line]]
            if not owners:
                continue  # a figure of a line the platform does not have yet
            assert len(owners) == 1, f"{section}.{key} is a figure of {owners}"
            checked.add(f"{section}.{key}")
            if not _matches(figures_2024[owners[0]][key], expected):
                wrong.append((f"{section}.{key}", figures_2024[owners[0]][key], expected))
    assert wrong == []
    assert checked >= REQUIRED, REQUIRED - checked


def test_the_exact_counts_behind_the_rates(replayed):
    r = replayed["figures"][2024]["reconsideration"]
    assert (r["received"], r["closed"], r["mediated_or_settled"], r["concluded"], r["directly_corrected"]) == (
        1293,
        899,
        288,
        813,
        136,
    )
    assert (r["mediated_or_settled_rate_pct"], r["correction_rate_pct"]) == (32.04, 16.73)
    assert r["not_accepted"] > 0 and r["accepted"] > r["closed"] - 100
    assert replayed["figures"][2023]["reconsideration"]["received"] == 431  # 1293 is three times 2023's caseload
    # the report's text (41 lost suits analysed) and its table (复议后行政诉讼败诉) read the same cases
    assert r["lost_litigation"] == r["lost_litigation_cases_analysed"] == 41
    m = replayed["figures"][2024]["mediation"]
    assert (m["disputes_mediated"], m["successful"], m["success_rate_pct"]) == (40120, 39679, 98.9)
    assert m["received"] > m["disputes_mediated"]  # some refused mediation, some settled in January
    assert len(m["received_by_type"]) == 15
    aid = replayed["figures"][2024]["legal_aid"]
    assert (aid["cases"], aid["recovered_for_workers_yuan"]) == (2320, 8181000)
    assert aid["refused"] > 0 and aid["notified_criminal_cases"] > 0


def test_the_records_are_complete_case_level_records(replayed):
    facts = replayed["facts"]
    assert facts["cases"] == replayed["written"]
    assert facts["number_gaps"] == [] and facts["sequences_behind"] == []
    assert facts["timeline_problems"] == [] and facts["labels_missing"] == 0
    assert facts["id_numbers"] == 0  # names only
    nine = {"150202", "150203", "150204", "150205", "150206", "150207", "150221", "150222", "150223"}
    assert nine <= set(facts["counties"]) and nine <= set(facts["mediation_counties"])
    assert facts["liaison_points"] == 3
    assert facts["bureaus"] == 10  # the city and nine counties
    assert set(facts["committees"]) == {"village", "township", "industry"}
    assert 200 <= sum(facts["committees"].values()) <= 500


def test_the_replay_is_deterministic_and_scales(baotou):
    def digest(scale: float) -> list[tuple]:
        with transaction.atomic():
            written = load_baotou_replay(scale=scale, seed=7)
            # two committees in different townships may share a name and a number: the dates break the tie
            rows = list(
                Case.objects.filter(received_on__year__in=(2023, 2024))
                .order_by("line", "number", "organisation__name", "received_on", "closed_on")
                .values_list("line", "number", "organisation__name", "outcome", "received_on", "closed_on")
            )
            transaction.set_rollback(True)
        return [tuple(written.items()), *rows]

    first = digest(0.02)
    assert first == digest(0.02)
    assert 1500 <= len(first) <= 2000  # 2% of ~86,000
