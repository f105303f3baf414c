"""The auditor console: auditors and administrators browse, filter and export the trail; nobody changes it."""

from __future__ import annotations

import io
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from auditlog.models import LogEntry
from openpyxl import load_workbook

from fazhi.audit.models import AccessRecord
from fazhi.cases.tests.factories import open_county_case, open_reconsideration

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def read(client, user, url: str, **extra):
    """`user` opens `url` (a case page…) on a given day, leaving an access record."""
    return client(user).get(url, **extra)


def sheet(response) -> list[tuple]:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


@pytest.fixture
def trail(login, city_clerk, donghe_clerk):
    """Three reads on three days by two clerks, from two addresses."""
    city_case = open_reconsideration(city_clerk)
    county_case = open_county_case(donghe_clerk, "东河区司法局")
    with time_machine.travel(datetime(2024, 10, 8, 9, 0, tzinfo=SHANGHAI), tick=False):
        login(city_clerk).get(f"/cases/{city_case.pk}/", REMOTE_ADDR="10.0.0.1")
    with time_machine.travel(datetime(2024, 10, 9, 23, 30, tzinfo=SHANGHAI), tick=False):
        login(donghe_clerk).get(f"/cases/{county_case.pk}/", REMOTE_ADDR="10.0.0.2")
    with time_machine.travel(datetime(2024, 10, 10, 0, 30, tzinfo=SHANGHAI), tick=False):
        login(city_clerk).get("/cases/export/", REMOTE_ADDR="10.0.0.1")
    return {"city_case": city_case, "county_case": county_case}


def test_the_auditor_browses_every_users_reads_newest_first(login, auditor, trail):
    response = login(auditor).get("/audit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "访问记录" in html and "变更记录" in html and "共 3 条" in html
    assert html.index("2024-10-10 00:30") < html.index("2024-10-09 23:30") < html.index("2024-10-08 09:00")
    assert trail["city_case"].number in html and trail["county_case"].number in html
    assert 'href="/audit/"' in html  # the nav link shows for auditors


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("user=city_clerk", 2),
        ("user=donghe_clerk", 1),
        ("start=2024-10-09&end=2024-10-09", 1),  # local days: 23:30 on the 9th is the 9th, 00:30 on the 10th is not
        ("start=2024-10-09", 2),
        ("end=2024-10-08", 1),
        ("action=export", 1),
        ("action=view&object_type=cases.case", 2),
        ("ip=10.0.0.2", 1),
        ("q=东调", 1),
        ("q=nothing-like-this", 0),
    ],
)
def test_filters_narrow_the_access_records(login, auditor, trail, query, expected):
    html = login(auditor).get(f"/audit/?{query}").content.decode()
    assert f"共 {expected} 条" in html


def test_a_case_number_finds_the_reads_of_that_case(login, auditor, trail):
    number = trail["city_case"].number
    html = login(auditor).get("/audit/", {"q": number}).content.decode()
    assert "共 1 条" in html and number in html


def test_bad_filters_get_a_chinese_message_and_no_rows(login, auditor, trail):
    response = login(auditor).get("/audit/?start=2024-10-10&end=2024-10-01")
    assert response.status_code == 400 and "起始日期不能晚于截止日期。" in response.content.decode()
    response = login(auditor).get("/audit/?ip=not-an-ip&action=drop")
    assert response.status_code == 400
    assert login(auditor).get("/audit/export/?start=garbage").status_code == 400


def test_the_list_is_paginated(login, auditor, city_clerk):
    case = open_reconsideration(city_clerk)
    client = login(city_clerk)
    for _ in range(55):
        client.get(f"/cases/{case.pk}/")
    html = login(auditor).get("/audit/").content.decode()
    assert "共 55 条" in html and "1 / 2" in html and html.count("<tr><td>") == 50
    html = login(auditor).get("/audit/?page=2").content.decode()
    assert html.count("<tr><td>") == 5


def test_the_export_holds_the_filtered_rows_and_is_itself_recorded(login, auditor, trail):
    response = login(auditor).get(
        "/audit/export/?user=city_clerk", REMOTE_ADDR="10.9.9.9", HTTP_USER_AGENT="audit-browser"
    )
    rows = sheet(response)
    assert rows[0][:4] == ("时间", "用户", "姓名", "操作")
    assert [(r[1], r[3]) for r in rows[1:]] == [("city_clerk", "导出"), ("city_clerk", "查看")]
    assert rows[2][0] == datetime(2024, 10, 8, 9, 0)  # local time, as the page shows it
    assert rows[2][7] == trail["city_case"].number and rows[2][8] == "10.0.0.1"
    record = AccessRecord.objects.get(object_type="audit.accessrecord")
    assert (record.user, record.action, record.ip, record.user_agent) == (
        auditor,
        "export",
        "10.9.9.9",
        "audit-browser",
    )
    assert record.detail == {"query": "user=city_clerk", "rows": "2"}


def test_the_exports_neutralise_formulas(login, auditor, city_clerk):
    case = open_reconsideration(city_clerk)
    login(city_clerk).get(f"/cases/{case.pk}/", HTTP_USER_AGENT='=HYPERLINK("http://evil","点我")')
    city_clerk.full_name = "=1+2"
    city_clerk.save()  # the change record's object is the user, shown by name
    rows = sheet(login(auditor).get("/audit/export/"))
    assert rows[1][9] == '\'=HYPERLINK("http://evil","点我")'
    changes = sheet(login(auditor).get("/audit/changes/export/", {"q": "=1+2"}))
    assert len(changes) == 2 and changes[1][5] == "'=1+2"
    for r in rows + changes:
        assert not any(isinstance(c, str) and c.startswith(("=", "+", "-", "@")) for c in r)


def test_the_change_history_shows_who_changed_what_and_filters(login, auditor, city_clerk, settings):
    settings.FAZHI_TRUSTED_PROXIES = ["127.0.0.1"]  # the test client stands for our reverse proxy
    case = open_reconsideration(city_clerk)
    login(city_clerk).post(
        f"/cases/{case.pk}/transitions/accept/",
        {"version": 1, "on": "2024-10-08", "procedure_type": "ordinary"},
        HTTP_X_REQUEST_ID="req-change-0001",
    )
    client = login(auditor)
    html = client.get("/audit/changes/").content.decode()
    assert "修改" in html and "新增" in html and "req-change-0001" in html
    updated = LogEntry.objects.get_for_object(case).filter(action=LogEntry.Action.UPDATE).count()
    html = client.get("/audit/changes/", {"action": 1, "q": case.number}).content.decode()
    assert f"共 {updated} 条" in html and "状态" in html and "审理中" in html  # the state by its label, not `accepted`
    assert "共 0 条" in client.get("/audit/changes/", {"user": "donghe_clerk"}).content.decode()
    html = client.get("/audit/changes/", {"q": "req-change-0001", "start": "2000-01-01"}).content.decode()
    assert f"共 {LogEntry.objects.filter(cid='req-change-0001').count()} 条" in html
    rows = sheet(client.get("/audit/changes/export/", {"q": "req-change-0001"}))
    assert rows[0] == ("时间", "用户", "操作", "对象类型", "对象编号", "对象", "变更内容", "IP 地址", "请求编号")
    assert all(r[8] == "req-change-0001" and r[1] == "city_clerk" for r in rows[1:]) and len(rows) > 1
    assert AccessRecord.objects.get(object_type="auditlog.logentry").user == auditor


def test_administrators_may_audit_too(login, baotou, trail):
    assert login(baotou["admin"]).get("/audit/").status_code == 200
    assert login(baotou["admin"]).get("/audit/changes/").status_code == 200


@pytest.mark.parametrize("persona", ["citizen", "mediator", "donghe_clerk", "leader", "city_head"])
def test_everyone_else_is_refused(login, baotou, persona):
    for url in ["/audit/", "/audit/export/", "/audit/changes/", "/audit/changes/export/"]:
        assert login(baotou[persona]).get(url).status_code == 403
    assert not AccessRecord.objects.exists()
    html = login(baotou[persona]).get("/cases/deadlines/").content.decode()
    assert 'href="/audit/"' not in html


def test_anonymous_goes_to_the_login_page(login):
    response = login(None).get("/audit/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_console_is_read_only(login, auditor, trail):
    client = login(auditor)
    for url in ["/audit/", "/audit/export/", "/audit/changes/", "/audit/changes/export/"]:
        assert client.post(url, {"id": 1}).status_code == 405
    assert AccessRecord.objects.count() == 3


def visible(response) -> str:
    """The page's text as a reader sees it (tags and attribute values removed)."""
    return re.sub(r"<[^>]+>", " ", response.content.decode())


def test_the_console_speaks_chinese_not_codes(login, auditor, city_clerk, trail):
    """Object kinds, the details a view recorded and the changed values read as words (issue 13 item 7)."""
    from fazhi.cases.runner import case_transition

    case = trail["city_case"]
    case_transition(
        case=case, code="accept", actor=city_clerk, on=case.received_on, data={"procedure_type": "ordinary"}
    )
    client = login(auditor)
    login(city_clerk).get("/cases/", {"line": "reconsideration", "page": "1"})
    access = visible(client.get("/audit/"))
    changes = visible(client.get("/audit/changes/", {"case": case.number}))
    for html in (access, changes):
        assert "cases.case" not in html and "reconsideration" not in html and "ordinary" not in html
    assert "案件" in access and "行政复议" in access
    assert "普通程序" in changes  # the stored value `ordinary` shown by its label
    # filtering by the case number finds the case's own change records and those of the rows that belong to it
    assert case.number in changes
    other = visible(client.get("/audit/changes/", {"case": trail["county_case"].number}))
    assert case.number not in other
    export = sheet(client.get("/audit/export/"))
    assert all("cases.case" not in str(cell) for row in export for cell in row)
