"""No enum code and no English word reaches a Chinese reader: the main pages, the exports and every issued document.

The data is each line's walked demo (cases taken step by step through the runner into most states and outcomes, with
the documents those steps issue). The scanner is fazhi/tests/leaks.py.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client

from fazhi.cases.models import Case
from fazhi.demo.lines import line_demos
from fazhi.documents.models import IssuedDocument
from fazhi.documents.services import document_render
from fazhi.tests.leaks import Leak, docx_text, enum_codes, find_leaks, leaks_in_page, page_text, report, workbook_text

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 27)
YEAR = 2025  # the walked demos' last full year


@pytest.fixture
def walked(baotou) -> None:
    for _key, module in line_demos():
        if hasattr(module, "load_demo"):
            module.load_demo(count=24, today=TODAY)


def scan_page(client: Client, url: str, found: dict[str, list[Leak]]) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    html = response.content.decode()
    found[url] = leaks_in_page(html)
    return html


def one_case_per_state_and_outcome() -> list[Case]:
    seen: dict[tuple[str, str, str], Case] = {}
    for case in Case.objects.order_by("id"):
        seen.setdefault((case.line, case.state, case.outcome), case)
    return list(seen.values())


# --- the scanner itself ---------------------------------------------------------------------------------------------


def test_the_scanner_knows_the_codes_of_every_line():
    codes = enum_codes()
    assert {"revoked", "remake_ordered", "upheld", "success", "labour", "civil", "decided", "handler"} <= codes


def test_the_scanner_finds_codes_and_english_words_but_not_formats_or_units():
    text = "本机关决定：revoked。结果：Pending，请上传 PDF 或 Excel 文件（20 MB）"
    leaks = {leak.word: leak.kind for leak in find_leaks(text)}
    assert leaks == {"revoked": "code", "Pending": "english"}
    assert find_leaks("包复〔2024〕17号 身份证号 11010519491231002X") == []


def test_the_scanner_reads_what_a_page_shows_and_reads_aloud_not_its_markup():
    html = """<html><head><script>var state = "revoked";</script><style>.x{}</style></head>
    <body><select name="outcome"><option value="revoked">撤销</option></select>
    <img alt="seal"><a title="下载" href="/cases/?state=decided">案件</a>
    接口规则 <code>legal_aid.review</code></body></html>"""
    assert page_text(html).split("\n") == ["撤销", "seal", "下载", "案件", "接口规则"]
    assert [leak.word for leak in leaks_in_page(html)] == ["seal"]


# --- pages --------------------------------------------------------------------------------------------------------


def test_the_main_pages_show_labels_never_codes(walked, login, city_clerk, leader):
    clerk, boss = login(city_clerk), login(leader)
    found: dict[str, list[Leak]] = {}
    scan_page(clerk, "/cases/tasks/", found)
    scan_page(clerk, "/cases/", found)
    for line in sorted(set(Case.objects.values_list("line", flat=True))):
        scan_page(clerk, f"/cases/?line={line}", found)
    shown = 0
    for case in one_case_per_state_and_outcome():
        response = clerk.get(f"/cases/{case.pk}/")
        if response.status_code != 200:  # the city clerk does not see every line (mediation is a county matter)
            response = boss.get(f"/cases/{case.pk}/")
        if response.status_code == 200:
            found[f"/cases/{case.pk}/ ({case.line} {case.state} {case.outcome})"] = leaks_in_page(response.content)
            shown += 1
    assert shown >= 15
    dashboard = scan_page(boss, f"/indicators/?year={YEAR}", found)
    drilldowns = sorted(set(re.findall(r'href="(/indicators/records/\?[^"]+)"', dashboard)))
    assert drilldowns, "the dashboard links no figure to its records"
    for url in drilldowns[:40]:
        scan_page(boss, url.replace("&amp;", "&"), found)
    scan_page(boss, f"/indicators/report/?year={YEAR}", found)
    assert not any(found.values()), report(found)


# --- exports and reports ------------------------------------------------------------------------------------------


def test_the_case_export_shows_labels_never_codes(walked, login, city_clerk):
    response = login(city_clerk).get("/cases/export/")
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    leaks = find_leaks(workbook_text(content))
    assert not leaks, report({"/cases/export/": leaks})


def test_the_annual_report_excel_and_word_show_labels_never_codes(walked, login, leader):
    boss = login(leader)
    found: dict[str, list[Leak]] = {}
    xlsx = boss.get(f"/indicators/report/?year={YEAR}&format=xlsx")
    assert xlsx.status_code == 200
    found["report.xlsx"] = find_leaks(workbook_text(xlsx.content))
    docx = boss.get(f"/indicators/report/?year={YEAR}&format=docx")
    assert docx.status_code == 200
    found["report.docx"] = find_leaks(docx_text(docx.content))
    assert not any(found.values()), report(found)


# --- documents ----------------------------------------------------------------------------------------------------


def test_every_issued_document_reads_in_chinese_words(walked):
    found: dict[str, list[Leak]] = {}
    kinds = set()
    for document in IssuedDocument.objects.select_related("case").order_by("id"):
        if document.kind in kinds and document.kind not in {"decision", "termination_notice"}:
            continue  # one of each kind; every decision and termination, whose wording follows the outcome
        kinds.add(document.kind)
        found[f"{document.number} {document.kind} ({document.case.outcome})"] = find_leaks(
            docx_text(document_render(document))
        )
    assert len(kinds) >= 12
    assert not any(found.values()), report(found)


def test_every_line_s_menu_pages_show_labels_never_codes(walked, login, baotou):
    from django.urls import reverse

    from fazhi.core.lines import registered

    clients = [login(user) for user in baotou.values()]  # every demo persona: some page is open to one role only
    found: dict[str, list[Leak]] = {}
    for line in registered():
        if line.app_name.startswith("fazhi.tests."):
            continue  # the test-only line has no demo and no persona
        for entry in (*line.spec.nav, *line.spec.menu):
            url = reverse(entry.url_name) + entry.query
            for client in clients:
                response = client.get(url)
                if response.status_code == 200:
                    found[url] = leaks_in_page(response.content)
                    break
            else:
                pytest.fail(f"no persona may open {url}")
    assert len(found) >= 10
    assert not any(found.values()), report(found)


def test_the_audit_console_shows_names_never_codes(walked, login, auditor):
    client = login(auditor)
    found: dict[str, list[Leak]] = {}
    for url in ("/audit/", "/audit/changes/"):
        response = client.get(url)
        assert response.status_code == 200
        found[url] = leaks_in_page(response.content)
    assert not any(found.values()), report(found)
