"""The pages: who sees which decisions, the totals, the entry keepers, the upload and its template."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse

from fazhi.lenient import imports
from fazhi.lenient.models import ListEntry
from fazhi.lenient.tests.factories import workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def decisions(keeper, entries, market, county_agency):
    rows = [
        ["包头市市场监督管理局", "包市监罚决〔2024〕1号", date(2024, 3, 1), "SJ-001", "企业", 1000],
        ["包头市市场监督管理局", "包市监罚决〔2024〕2号", date(2024, 4, 1), "CG-001", "个人", 500],
        ["东河区城市管理综合执法局", "东城管罚决〔2024〕1号", date(2024, 5, 1), "CG-001", "个人", 300],
    ]
    assert imports.upload(workbook(rows), actor=keeper).ok


def test_a_reporter_sees_only_its_own_agencys_decisions(reporter, decisions, login):
    page = login(reporter).get(reverse("lenient:decision_list")).content.decode()
    assert "包市监罚决〔2024〕1号" in page and "东城管罚决" not in page
    assert "共2件，免罚减罚金额1500.00元" in page


def test_the_city_keeper_sees_every_agency_and_filters(keeper, decisions, login):
    client = login(keeper)
    page = client.get(reverse("lenient:decision_list")).content.decode()
    assert "东城管罚决〔2024〕1号" in page and "共3件" in page
    flagged = client.get(reverse("lenient:decision_list"), {"flagged": "yes"}).content.decode()
    assert "共1件" in flagged and "非本机关领域" in flagged
    urban = client.get(reverse("lenient:decision_list"), {"domain": "urban_management", "start": "2024-04-15"})
    assert "共1件，免罚减罚金额300.00元" in urban.content.decode()


def test_others_are_refused(baotou, login):
    url = reverse("lenient:decision_list")
    assert login(None).get(url).status_code == 302
    assert login(baotou["citizen"]).get(url).status_code == 403
    assert login(baotou["mediator"]).get(url).status_code == 403


def test_the_keeper_adds_and_amends_an_entry_and_a_stale_form_is_refused(keeper, login):
    client = login(keeper)
    data = {
        "region": "150200000000",
        "issuer": "包头市司法局",
        "code": "XX-001",
        "domain": "taxation",
        "kind": "no_penalty",
        "conduct": "未按期申报",
        "legal_basis": "《税收征收管理法》第六十二条",
        "conditions": "首违不罚",
        "measures": "",
        "effective_from": "2024-01-01",
        "effective_to": "",
    }
    assert client.post(reverse("lenient:entry_create"), data).status_code == 302
    entry = ListEntry.objects.get(code="XX-001")
    url = reverse("lenient:entry_edit", args=[entry.pk])
    assert client.post(url, data | {"version": 1, "conduct": "逾期申报"}).status_code == 302
    entry.refresh_from_db()
    assert (entry.conduct, entry.version) == ("逾期申报", 2)
    stale = client.post(url, data | {"version": 1, "conduct": "别的"})
    assert stale.status_code == 409 and "已被他人修改" in stale.content.decode()
    bad = client.post(reverse("lenient:entry_create"), data | {"code": "XX-002", "effective_to": "2023-01-01"})
    assert bad.status_code == 400 and "截止日期不能早于施行日期" in bad.content.decode()


def test_a_reporter_reads_the_list_but_does_not_keep_it(reporter, entries, login):
    client = login(reporter)
    assert "SJ-001" in client.get(reverse("lenient:entry_list")).content.decode()
    assert client.get(reverse("lenient:entry_create")).status_code == 403
    assert client.get(reverse("lenient:entry_edit", args=[entries["market"].pk])).status_code == 403


def test_the_upload_page_reports_a_file_and_lists_problems(reporter, entries, login):
    client = login(reporter)
    good = workbook([["包头市市场监督管理局", "Z1", date(2024, 3, 1), "SJ-001", "企业", 10]])
    response = client.post(reverse("lenient:decision_upload"), {"file": _file(good)}, follow=True)
    assert "新增1件" in response.content.decode()
    bad = workbook([["包头市市场监督管理局", "Z2", date(2024, 3, 1), "NOPE", "企业", 10]])
    response = client.post(reverse("lenient:decision_upload"), {"file": _file(bad)})
    assert response.status_code == 400 and "未找到该清单事项编号" in response.content.decode()
    problems = client.get(reverse("lenient:upload_problems"))
    assert problems.status_code == 200 and problems["Content-Type"].startswith("application/vnd.openxml")


def test_the_template_has_drop_downs(reporter, entries, login):
    from openpyxl import load_workbook

    response = login(reporter).get(reverse("lenient:upload_template"))
    wb = load_workbook(io.BytesIO(response.content))
    sheet = wb.worksheets[0]
    assert [c.value for c in sheet[1]][:2] == ["执法机关", "决定书文号（必填）"]
    assert len(sheet.data_validations.dataValidation) == 3  # agency, entry, party kind


def _file(data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("报送.xlsx", data)


def test_the_keeper_sets_an_agencys_fields_and_a_reporter_may_not(keeper, reporter, market, login):
    from fazhi.lenient.models import AgencyDomain

    url = reverse("lenient:agency_domains", args=[market.pk])
    assert "包头市市场监督管理局" in login(keeper).get(reverse("lenient:agency_list")).content.decode()
    response = login(keeper).post(url, {"domains": ["market_regulation", "culture_tourism"]})
    assert response.status_code == 302
    assert set(AgencyDomain.objects.filter(agency=market).values_list("domain", flat=True)) == {
        "market_regulation",
        "culture_tourism",
    }
    assert login(keeper).post(url, {"domains": ["nope"]}).status_code == 400
    assert login(reporter).get(url).status_code == 403
    assert login(reporter).get(reverse("lenient:agency_list")).status_code == 403


def test_an_entry_decisions_applied_keeps_its_field_and_kind(keeper, decisions, login):
    entry = ListEntry.objects.get(code="SJ-001")
    data = {
        "region": "150200000000",
        "issuer": entry.issuer,
        "code": entry.code,
        "domain": "taxation",
        "kind": entry.kind,
        "conduct": entry.conduct,
        "legal_basis": entry.legal_basis,
        "conditions": entry.conditions,
        "measures": "",
        "effective_from": "2023-01-01",
        "effective_to": "2024-12-31",
        "version": entry.version,
    }
    url = reverse("lenient:entry_edit", args=[entry.pk])
    refused = login(keeper).post(url, data)
    assert refused.status_code == 400 and "不能修改其领域或类型" in refused.content.decode()
    assert login(keeper).post(url, data | {"domain": "market_regulation"}).status_code == 302
    entry.refresh_from_db()
    assert entry.effective_to == date(2024, 12, 31)


def test_an_entry_is_deleted_only_while_no_decision_applies_it(keeper, reporter, decisions, login):
    used, unused = ListEntry.objects.get(code="SJ-001"), ListEntry.objects.get(code="DH-001")
    assert login(reporter).post(reverse("lenient:entry_delete", args=[unused.pk])).status_code == 403
    refused = login(keeper).post(reverse("lenient:entry_delete", args=[used.pk]), follow=True)
    assert "不能删除" in refused.content.decode() and ListEntry.objects.filter(pk=used.pk).exists()
    assert login(keeper).post(reverse("lenient:entry_delete", args=[unused.pk])).status_code == 302
    assert not ListEntry.objects.filter(pk=unused.pk).exists()
