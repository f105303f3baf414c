"""GET /api/v1/deadlines/: every declared rule against a hand count on the official 2024–2026 calendars."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

URL = "/api/v1/deadlines/"

# (rule, start, due, unit) — each due date counted by hand, start day excluded (民事诉讼法 art. 85).
HAND_COUNTS = [
    # 2024 Spring Festival: Feb 10–17 off, Sun Feb 18 worked. Feb 9 (WD1), 18 (2), 19, 20, 21 (5).
    ("reconsideration.acceptance_review", "2024-02-08", "2024-02-21", "WD"),
    # 2025 Spring Festival: Jan 28–Feb 4 off, Sun Jan 26 and Sat Feb 8 worked.
    # Jan 26 (1), 27 (2), Feb 5, 6, 7 (5), Sat 8 (6), 10, 11, 12, 13 (10).
    ("reconsideration.correction", "2025-01-24", "2025-02-13", "WD"),
    # 2026 Spring Festival: Feb 15–23 off, Sat Feb 14 and Sat Feb 28 worked.
    # Feb 13 (1), Sat 14 (2), 24, 25, 26, 27 (6), Sat 28 (7).
    ("reconsideration.copy_to_respondent", "2026-02-12", "2026-02-28", "WD"),
    # 2025 National Day + Mid-autumn: Oct 1–8 off, Sun Sep 28 and Sat Oct 11 worked.
    # Sep 28 (1), 29, 30 (3), Oct 9, 10 (5), Sat 11 (6), 13, 14, 15, 16 (10).
    ("reconsideration.reply", "2025-09-26", "2025-10-16", "WD"),
    # 2026 Labour Day: May 1–5 off, Sat May 9 worked. May 6, 7, 8 (3), Sat 9 (4), Mon 11 (5).
    ("reconsideration.hearing_notice", "2026-04-30", "2026-05-11", "WD"),
    # 2026 Mid-autumn Sep 25–27 and National Day Oct 1–7 off. Sep 28, 29, 30 (3), Oct 8, 9 (5).
    ("reconsideration.acceptance_review", "2026-09-24", "2026-10-09", "WD"),
    # 60 days after Aug 2 is Tue Oct 1, 2024 (holiday, Oct 1–7): ends Tue Oct 8.
    ("reconsideration.decision", "2024-08-02", "2024-10-08", "CD"),
    # 30 days after Dec 2, 2025 is Thu Jan 1, 2026 (Jan 1–3 off): ends Sun Jan 4, a make-up working day.
    ("reconsideration.decision_simplified", "2025-12-02", "2026-01-04", "CD"),
    # 60 days after Mar 6, 2026 is Tue May 5 (Labour Day, May 1–5): ends Wed May 6.
    ("reconsideration.application", "2026-03-06", "2026-05-06", "CD"),
    # 30 days after Fri May 2, 2025 is Sun Jun 1 (Dragon Boat, May 31–Jun 2): ends Tue Jun 3.
    ("mediation.judicial_confirmation", "2025-05-02", "2025-06-03", "CD"),
    # 7 days after Mon Apr 29, 2024 is Mon May 6, a working day after Labour Day.
    ("legal_aid.review", "2024-04-29", "2024-05-06", "CD"),
    # 7 days after Fri Jun 12, 2026 is Fri Jun 19 (Dragon Boat, Jun 19–21): ends Mon Jun 22.
    ("legal_aid.review", "2026-06-12", "2026-06-22", "CD"),
    # 3 days after Thu Sep 12, 2024 is Sun Sep 15 (Mid-autumn, Sep 15–17): ends Wed Sep 18.
    ("legal_aid.assignment", "2024-09-12", "2024-09-18", "CD"),
    # 5 days after Mon Oct 7, 2024 is Sat Oct 12, a make-up working day: no rollover.
    ("legal_aid.objection", "2024-10-07", "2024-10-12", "CD"),
]


@pytest.mark.parametrize(("rule", "start", "due", "unit"), HAND_COUNTS)
def test_due_date_matches_the_hand_count(client, rule, start, due, unit):
    response = client.get(URL, {"rule": rule, "start": start})
    assert response.status_code == 200
    body = response.json()
    assert (body["rule"], body["start"], body["due"], body["unit"]) == (rule, start, due, unit)
    assert body["basis"].startswith(("行政复议法", "人民调解法", "法律援助法"))
    assert body["explanation"].endswith(body["basis"])
    assert body["calendar_covers"] is True


def test_every_rule_the_issue_names_is_known(client):
    names = [
        "reconsideration.application",
        "reconsideration.acceptance_review",
        "reconsideration.correction",
        "reconsideration.copy_to_respondent",
        "reconsideration.reply",
        "reconsideration.decision",
        "reconsideration.decision_simplified",
        "reconsideration.hearing_notice",
        "mediation.judicial_confirmation",
        "legal_aid.review",
        "legal_aid.assignment",
        "legal_aid.objection",
    ]
    amounts = [client.get(URL, {"rule": r, "start": "2024-03-01"}).json()["amount"] for r in names]
    assert amounts == [60, 5, 10, 7, 10, 60, 30, 5, 30, 7, 3, 5]


def test_the_explanation_names_the_skipped_holidays(client):
    body = client.get(URL, {"rule": "reconsideration.acceptance_review", "start": "2024-09-30"}).json()
    assert body["due"] == "2024-10-12"
    assert "10月1日至7日" in body["explanation"] and "调休上班日10月12日" in body["explanation"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"rule": "no.such_rule", "start": "2024-01-01"}, "未知的期限规则"),
        ({"start": "2024-01-01"}, "未知的期限规则"),
        ({"rule": "legal_aid.review", "start": "2024-02-30"}, "起算日格式不正确"),
        ({"rule": "legal_aid.review", "start": "20240101"}, "起算日格式不正确"),
        ({"rule": "legal_aid.review", "start": "2024-1-1"}, "起算日格式不正确"),
        ({"rule": "legal_aid.review"}, "起算日格式不正确"),
        ({"rule": "legal_aid.review", "start": "9999-12-31"}, "超出"),
    ],
)
def test_bad_input_gets_400_with_a_clear_message(client, params, message):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert message in response.json()["detail"]


def test_a_year_without_an_official_schedule_is_flagged(client):
    body = client.get(URL, {"rule": "legal_aid.review", "start": "2030-03-01"}).json()
    assert body["calendar_covers"] is False


def test_the_page_shows_the_same_answer(client):
    response = client.get("/cases/deadlines/", {"rule": "legal_aid.assignment", "start": "2024-09-12"})
    assert response.status_code == 200
    assert "2024年9月18日" in response.content.decode()


def test_the_page_explains_a_malformed_date_in_chinese(client):
    response = client.get("/cases/deadlines/", {"rule": "legal_aid.assignment", "start": "2024-13-40"})
    assert "日期格式应为 YYYY-MM-DD" in response.content.decode()
