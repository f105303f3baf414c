"""Every clock findable: the calculator (page and API) lists and answers for every registered clock of every line."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.cases import deadlines
from fazhi.cases.procedure import Clock
from fazhi.cases.registry import DeadlineRule, deadline_rules, procedures
from fazhi.core.lines import line_keys, line_label
from fazhi.core.workdays import Unit

pytestmark = pytest.mark.django_db

RULES_URL = "/api/v1/deadlines/rules/"
API_URL = "/api/v1/deadlines/"
PAGE_URL = "/cases/deadlines/"

EVERY_CLOCK = sorted(f"{line}.{clock.key}" for line, proc in procedures().items() for clock in proc.clocks)


def test_the_rules_are_every_clock_of_every_line():
    assert sorted(deadline_rules()) == EVERY_CLOCK
    # a line that offered only some clocks to the calculator before offers all of them now
    assert {"reconsideration.suspension_limit", "reconsideration.reply_simplified", "mediation.mediation"} <= set(
        deadline_rules()
    )


def test_the_rules_come_in_the_lines_order_then_the_clocks_declaration_order():
    lines = [rule.line for rule in deadline_rules().values()]
    registered = [key for key in line_keys() if key in procedures()]
    assert list(dict.fromkeys(lines)) == registered
    for line in registered:
        clocks = [rule.clock.key for rule in deadline_rules().values() if rule.line == line]
        assert clocks == [clock.key for clock in procedures()[line].clocks]


def test_anyone_lists_the_rules_with_line_amount_unit_article_and_extension(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(0):
        response = client.get(RULES_URL)
    assert response.status_code == 200
    body = response.json()
    assert [item["key"] for item in body] == list(deadline_rules())
    decision = next(item for item in body if item["key"] == "reconsideration.decision")
    assert decision == {
        "key": "reconsideration.decision",
        "line": "reconsideration",
        "line_label": "行政复议",
        "clock": "decision",
        "label": "作出复议决定",
        "amount": 60,
        "unit": "CD",
        "unit_label": "日",
        "basis": "行政复议法第六十二条第一款",
        "extendable": True,
        "max_extension": 30,
        "extension_basis": decision["extension_basis"],
        "advisory": False,
    }
    review = next(item for item in body if item["key"] == "reconsideration.acceptance_review")
    assert (review["unit"], review["unit_label"], review["extendable"], review["max_extension"]) == (
        "WD",
        "个工作日",
        False,
        0,
    )
    for item in body:
        assert item["line_label"] == str(line_label(item["line"])) and item["basis"], item


def test_the_api_answers_for_every_clock_by_its_key(client):
    for key, rule in deadline_rules().items():
        response = client.get(API_URL, {"rule": key, "start": "2025-03-03"})
        assert response.status_code == 200, (key, response.content)
        body = response.json()
        assert (body["rule"], body["amount"], body["unit"], body["basis"]) == (
            key,
            rule.clock.amount,
            rule.clock.unit.value,
            rule.clock.basis,
        )
        assert date.fromisoformat(body["due"]) > date(2025, 3, 3)


def test_an_unknown_rule_is_answered_with_the_list_of_rules(client):
    response = client.get(API_URL, {"rule": "reconsideration.nothing", "start": "2025-03-03"})
    assert response.status_code == 400
    assert response.json() == {"detail": "未知的期限规则：reconsideration.nothing", "rules": list(deadline_rules())}


@pytest.mark.parametrize(
    ("start", "message"),
    [
        ("0000-01-01", "起算日格式不正确"),  # year 0 is no date
        ("10000-01-01", "起算日格式不正确"),
        ("9999-12-31", "起算日超出可计算范围"),  # adding the period would overflow
        ("1949-09-30", "起算日超出可计算范围"),
        ("2100-01-01", "起算日超出可计算范围"),
        ("2025-02-29", "起算日格式不正确"),
        ("２０２５-03-03", "起算日格式不正确"),  # full-width digits
        ("2025-W10-1", "起算日格式不正确"),  # ISO week dates parse in Python, not here
        ("20250303", "起算日格式不正确"),
        ("", "起算日格式不正确"),
    ],
)
def test_a_start_date_out_of_range_or_malformed_is_a_chinese_400(client, start, message):
    response = client.get(API_URL, {"rule": "reconsideration.decision", "start": start})
    assert response.status_code == 400
    assert message in response.json()["detail"]


@pytest.mark.parametrize("start", ["1949-10-01", "2099-12-31"])
def test_the_bounds_themselves_are_answered(client, start):
    for key in deadline_rules():
        assert client.get(API_URL, {"rule": key, "start": start}).status_code == 200, key


def test_the_page_lists_every_clock_under_its_line(client):
    html = client.get(PAGE_URL).content.decode()
    for key in deadline_rules():
        assert f"<code>{key}</code>" in html
        assert f'<option value="{key}"' in html
    for line in {rule.line for rule in deadline_rules().values()}:
        assert f"<h3>{line_label(line)}</h3>" in html and f'<optgroup label="{line_label(line)}">' in html
    assert "可延长，最多30日" in html  # 行政复议法第六十二条第一款: 60 days, extendable by 30


def test_the_page_answers_for_a_clock_the_calculator_did_not_offer_before(client):
    response = client.get(PAGE_URL, {"rule": "reconsideration.suspension_limit", "start": "2024-08-02"})
    assert response.status_code == 200
    assert 'id="result"' in response.content.decode() and "2024年10月8日" in response.content.decode()


@pytest.mark.parametrize(
    ("start", "message"),
    [
        ("9999-12-31", "起算日超出可计算范围"),
        ("1900-01-01", "起算日超出可计算范围"),
        ("0000-01-01", "日期格式应为 YYYY-MM-DD"),
        ("2024-13-40", "日期格式应为 YYYY-MM-DD"),
    ],
)
def test_the_page_explains_a_date_out_of_range_as_a_form_error(client, start, message):
    response = client.get(PAGE_URL, {"rule": "reconsideration.decision", "start": start})
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html and 'id="result"' not in html


def test_an_hour_period_is_counted_from_the_next_day_without_rollover(client, monkeypatch):
    forwarding = Clock(key="forwarding", label="转交申请", amount=24, unit=Unit.HOUR, basis="法律援助法第三十九条")
    monkeypatch.setattr(
        deadlines, "deadline_rules", lambda: {"legal_aid.forwarding": DeadlineRule("legal_aid", forwarding)}
    )
    # Thu Sep 12, 2024 + 24 hours from 00:00 of the 13th: ends on Fri the 13th (no rollover into Mid-autumn).
    answer = deadlines.deadline_answer("legal_aid.forwarding", date(2024, 9, 12))
    assert (answer.due, answer.unit) == (date(2024, 9, 13), "H")
    assert answer.explanation.startswith("自2024年9月12日的次日零时起算24小时，于2024年9月13日届满")
