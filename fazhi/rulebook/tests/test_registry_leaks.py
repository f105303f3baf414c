"""The registry's pages, import template and problem list show labels, never codes or English words."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from fazhi.rulebook import imports, services
from fazhi.rulebook.tests.registry_factories import a_document, a_normative_document, legality_member
from fazhi.tests.leaks import find_leaks, leaks_in_page, report, workbook_text

pytestmark = pytest.mark.django_db


def test_the_registry_pages_show_labels_never_codes(baotou, login):
    writer = legality_member("city_legality")
    doc = a_normative_document(title="包头市城市绿化管理办法（试行）", effective_on=date(2024, 3, 1))
    other = a_document()
    services.relation_add(source=other, target=doc, kind="based_on", actor=None)
    services.document_amend(
        doc=doc, actor=writer, version=doc.version, text="第一条 新。", effective_on=date(2024, 9, 1)
    )
    services.open_due_evaluations(today=date(2026, 3, 1))  # one invalid at term's end
    client = login(writer)
    found = {}
    for url in [
        reverse("rulebook:document_list"),
        reverse("rulebook:document_list") + "?due=filing_overdue&kind=normative_document",
        reverse("rulebook:document_detail", args=[doc.pk]),
        reverse("rulebook:document_detail", args=[other.pk]),
        reverse("rulebook:document_register"),
        reverse("rulebook:document_end", args=[other.pk]),
        reverse("rulebook:catalogue_import"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        found[url] = leaks_in_page(response.content)
    assert not any(found.values()), report(found)


def test_the_template_and_problem_list_read_in_chinese(baotou):
    assert not find_leaks(workbook_text(imports.template_xlsx()))
    problems = imports.run(b"PK\x03\x04 not a workbook", organisation=None, actor=None)  # type: ignore[arg-type]
    assert problems.errors and not find_leaks(workbook_text(problems.to_xlsx()))
