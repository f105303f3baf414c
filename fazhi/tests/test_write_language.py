"""A clerk who reads English still writes the record in Chinese (fazhi.core.write_language); documents stay Chinese."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from fazhi.cases.models import CaseEvent, Deadline
from fazhi.cases.tests.factories import open_reconsideration
from fazhi.documents.models import IssuedDocument
from fazhi.documents.services import document_render
from fazhi.tests.leaks import docx_text

pytestmark = pytest.mark.django_db


def english(client: Client) -> Client:
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


def test_a_step_taken_in_an_english_session_stores_chinese_labels(login, city_clerk):
    case = open_reconsideration(city_clerk)
    client = english(login(city_clerk))
    assert "Steps you can take" in client.get(f"/cases/{case.pk}/").content.decode()  # the reader's language
    response = client.post(
        f"/cases/{case.pk}/transitions/accept/", {"version": 1, "on": "2024-10-08", "procedure_type": "ordinary"}
    )
    assert response.status_code == 302
    labels = [*CaseEvent.objects.filter(case=case).values_list("label", flat=True)]
    labels += Deadline.objects.filter(case=case).values_list("label", flat=True)
    assert "受理" in labels
    assert not [label for label in labels if re.search(r"[A-Za-z]", label)], labels
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert '<html lang="en">' in page  # reading goes on in English after the write


def test_a_refused_form_comes_back_in_chinese_and_says_so(login, city_clerk):
    case = open_reconsideration(city_clerk)
    client = english(login(city_clerk))
    response = client.post(f"/cases/{case.pk}/transitions/accept/", {"version": 1, "on": "昨天"}, follow=False)
    assert response["Content-Language"] == "zh-hans"


def test_an_official_document_is_chinese_whatever_the_reader_s_language(login, city_clerk):
    case = open_reconsideration(city_clerk)
    client = english(login(city_clerk))
    client.post(
        f"/cases/{case.pk}/transitions/accept/", {"version": 1, "on": "2024-10-08", "procedure_type": "ordinary"}
    )
    document = IssuedDocument.objects.filter(case=case).latest("id")
    response = client.get(f"/documents/{document.pk}/download/")
    assert response.status_code == 200
    text = docx_text(response.content)
    assert "受理通知书" in text
    assert not re.search(r"[A-Za-z]{3,}", text), re.findall(r"[A-Za-z]{3,}", text)
    assert docx_text(document_render(document)) == text
