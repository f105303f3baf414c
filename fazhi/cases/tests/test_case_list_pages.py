"""The case list a page at a time (issue 12, item 2): keyset pages that neither repeat nor skip a case even when many
share a received date, an estimated total on long lists, my tasks' ageing counted in SQL, the export past a page."""

from __future__ import annotations

import io
from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
from django.db import connection
from openpyxl import load_workbook
from rest_framework.test import APIClient

from fazhi.cases import selectors
from fazhi.cases.models import Case, Deadline
from fazhi.cases.tests.factories import open_reconsideration, org

pytestmark = pytest.mark.django_db

DAYS = (date(2024, 3, 1), date(2024, 3, 2), date(2024, 3, 3))


def many_cases(n: int, days=DAYS) -> list[Case]:
    """n reconsideration cases of the city office, received over a few days (so many share a date), oldest id first.
    Written in bulk: the list reads case rows only, and 120 runner intakes would make the test slow."""
    office = org("包头市人民政府行政复议办公室")
    return Case.objects.bulk_create(
        Case(
            line="reconsideration",
            number=f"测{i:04d}",
            organisation=office,
            region_id=office.region_id,
            title=f"案件{i}",
            state="received",
            received_on=days[i % len(days)],
        )
        for i in range(n)
    )


def expected_order(user) -> list[int]:
    return list(selectors.case_list(user=user).order_by("-received_on", "-id").values_list("pk", flat=True))


def test_keyset_pages_walk_every_case_once_forwards_and_backwards(city_clerk):
    many_cases(23)
    qs = selectors.case_list(user=city_clerk)
    forwards, pages, after = [], [], None
    while True:
        page = selectors.keyset_page(qs, selectors.CASE_ORDER, after=after, size=5)
        pages.append(page)
        forwards += [c.pk for c in page]
        if page.next_cursor is None:
            break
        after = page.next_cursor
    assert forwards == expected_order(city_clerk) and len(forwards) == 23
    assert [len(p) for p in pages] == [5, 5, 5, 5, 3]
    assert pages[0].previous_cursor is None and pages[-1].next_cursor is None
    # back from the last page, one page at a time, gives the same pages
    back = selectors.keyset_page(qs, selectors.CASE_ORDER, before=pages[-1].previous_cursor, size=5)
    assert [c.pk for c in back] == [c.pk for c in pages[-2]]
    first = selectors.keyset_page(qs, selectors.CASE_ORDER, before=pages[1].previous_cursor, size=5)
    assert [c.pk for c in first] == [c.pk for c in pages[0]] and first.previous_cursor is None


def test_a_malformed_position_is_refused():
    with pytest.raises(selectors.BadCursor):
        selectors.decode_cursor("2024-13-01~x")


def test_the_total_is_exact_below_the_cap_and_estimated_above_it_on_postgresql(city_clerk):
    many_cases(30)
    qs = selectors.case_list(user=city_clerk)
    assert selectors.total(qs) == selectors.Total(30, True)
    assert selectors.total(qs, exact=True) == selectors.Total(30, True)
    capped = selectors.total(qs, cap=10)
    if connection.vendor == "postgresql":
        assert not capped.exact and capped.n >= 10  # the planner's estimate, never below the cap
    else:
        assert capped == selectors.Total(30, True)  # SQLite has no estimate: it counts
    assert selectors.total(qs, cap=10, exact=True) == selectors.Total(30, True)


def test_the_workbench_list_pages_with_next_and_previous_links(login, city_clerk):
    many_cases(120)
    client = login(city_clerk)
    order = expected_order(city_clerk)
    first = client.get("/cases/", {"line": "reconsideration"})
    html = first.content.decode()
    assert [c.pk for c in first.context["page"]] == order[:50]
    assert "共 120 件" in html and "下一页" in html and "上一页" not in html
    second = client.get("/cases/", {"line": "reconsideration", "after": first.context["page"].next_cursor})
    assert [c.pk for c in second.context["page"]] == order[50:100]
    assert "上一页" in second.content.decode()
    back = client.get("/cases/", {"line": "reconsideration", "before": second.context["page"].previous_cursor})
    assert [c.pk for c in back.context["page"]] == order[:50]
    assert [c.pk for c in client.get("/cases/", {"after": "garbage"}).context["page"]] == order[:50]


def test_an_exact_count_asked_for_stays_exact_on_the_next_page(login, city_clerk):
    many_cases(120)
    client = login(city_clerk)
    first = client.get("/cases/", {"line": "reconsideration", "count": "exact"})
    nxt = first.context["page"].next_cursor
    assert first.context["query"] == "line=reconsideration&count=exact"  # what the page links carry
    second = client.get("/cases/?" + first.context["query"], {"after": nxt})
    assert "共 120 件" in second.content.decode() and "约" not in second.content.decode()


def test_the_api_list_follows_next_links_through_every_case(city_clerk):
    many_cases(120)
    client = APIClient()
    client.force_authenticate(city_clerk)
    body = client.get("/api/v1/cases/").json()
    assert (body["count"], body["count_exact"], body["previous"]) == (120, True, None)
    seen = [c["id"] for c in body["results"]]
    while body["next"]:
        link = urlsplit(body["next"])
        body = client.get(f"{link.path}?{link.query}").json()
        assert body["previous"] is not None
        seen += [c["id"] for c in body["results"]]
    assert seen == expected_order(city_clerk)
    assert client.get("/api/v1/cases/", {"cursor": "cD1ub3QtYS1kYXRl"}).status_code == 404  # "p=not-a-date"
    assert client.get("/api/v1/cases/", {"count": "exact", "line": "mediation"}).json()["count"] == 0
    assert client.get("/api/v1/cases/", {"count": "-1"}).status_code == 400


def test_the_api_page_is_what_the_case_serializer_gives(city_clerk, donghe_clerk):
    from fazhi.cases.api import CaseSerializer
    from fazhi.cases.tests.factories import open_county_case

    open_reconsideration(city_clerk)
    case = open_county_case(donghe_clerk, "东河区司法局", line="legal_aid")
    Case.objects.filter(pk=case.pk).update(assignee=donghe_clerk, closed_on=date(2024, 6, 1), outcome="won")
    client = APIClient()
    client.force_authenticate(donghe_clerk)
    body = client.get("/api/v1/cases/").json()
    expected = CaseSerializer(selectors.case_list(user=donghe_clerk), many=True).data
    assert body["results"] == [dict(row) for row in expected] and body["results"][0]["assignee"] == donghe_clerk.pk


def test_the_export_holds_every_filtered_case_past_a_page_newest_first(login, city_clerk):
    cases = many_cases(70)
    response = login(city_clerk).get("/cases/export/", {"received_after": "2024-03-02"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).active  # streamed
    numbers = [r[0] for r in sheet.iter_rows(values_only=True)][1:]
    kept = sorted((c for c in cases if c.received_on >= date(2024, 3, 2)), key=lambda c: (c.received_on, c.pk))
    assert numbers == [c.number for c in reversed(kept)] and len(numbers) > 40


def ageing_one_by_one(tasks: list[selectors.ClockView]) -> list[tuple[str, str, int]]:
    """The reference: each running clock put in its ageing bucket in Python, one by one."""

    def bucket(c: selectors.ClockView) -> str:
        if c.status in ("overdue", "due_soon"):
            return c.status
        return "week" if c.left is not None and c.left <= 7 else "later"

    counts = {key: 0 for key, _ in selectors.AGEING_BUCKETS}
    for c in tasks:
        counts[bucket(c)] += 1
    return [(key, label, counts[key]) for key, label in selectors.AGEING_BUCKETS]


@time_machine.travel(date(2024, 10, 10))
def test_my_tasks_ageing_counted_in_sql_matches_the_clocks_one_by_one(login, city_clerk):
    for received in (date(2024, 9, 20), date(2024, 9, 30), date(2024, 10, 8), date(2024, 10, 9), date(2024, 7, 1)):
        open_reconsideration(city_clerk, received_on=received)
    # calendar-day clocks around the bucket edges (today + 3, + 4, + 7, + 8)
    template = Deadline.objects.filter(case__line="reconsideration").first()
    assert template is not None
    for offset in (-1, 0, 3, 4, 7, 8, 30):
        Deadline.objects.create(
            case=template.case,
            clock=f"cd{offset}",
            label="测试",
            basis="",
            amount=1,
            unit="CD",
            started_on=date(2024, 10, 1),
            due_on=date(2024, 10, 10) + timedelta(days=offset),
        )
    today = date(2024, 10, 10)
    by_clock = ageing_one_by_one(selectors.my_tasks(user=city_clerk, today=today))
    in_sql = selectors.ageing_totals(selectors.task_deadlines(user=city_clerk, today=today), today)
    assert [(k, n) for k, _, n in by_clock] == [(k, t.n) for k, _, t in in_sql]
    assert all(t.exact for _, _, t in in_sql) and sum(n for _, _, n in by_clock) >= 10
    html = login(city_clerk).get("/cases/tasks/").content.decode()
    assert f"已超期 <strong>{by_clock[0][2]}</strong>" in html


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans; SQLite has no EXPLAIN of this form")
@pytest.mark.parametrize("who", ["leader", "donghe_clerk", "mediator"])
def test_an_index_serves_the_list_order_under_each_scope(baotou, who):
    """With sorting priced out, the page's plan still has no Sort node: an index yields (received_on, id) in order
    (the table is too small for the planner to prefer it on its own)."""
    qs = selectors.case_list(user=baotou[who]).select_related(None)
    sql, params = qs[:51].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Sort" not in plan and "_received_id" in plan, plan
