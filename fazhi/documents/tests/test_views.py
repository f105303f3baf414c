"""Downloading an issued document: clerk of the case 200, other county 404, citizen 403, anonymous to login."""

from __future__ import annotations

import pytest

from fazhi.audit.models import AccessRecord
from fazhi.documents.tests.helpers import accepted_case, docx_text, issue

pytestmark = pytest.mark.django_db
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_the_clerk_downloads_the_rendered_docx_and_the_download_is_recorded(login, city_clerk):
    doc = issue(accepted_case(city_clerk))
    response = login(city_clerk).get(f"/documents/{doc.pk}/download/")
    assert response.status_code == 200 and response["Content-Type"] == DOCX
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''")
    assert "%E5%8F%97%E7%90%86%E9%80%9A%E7%9F%A5%E4%B9%A6.docx" in response["Content-Disposition"]  # 受理通知书
    assert doc.number in docx_text(response.content)
    record = AccessRecord.objects.get(action="download")
    assert (record.user, record.object_id, record.object_type) == (city_clerk, str(doc.pk), "documents.issueddocument")


def test_a_clerk_of_another_county_gets_404(login, city_clerk, kundulun_clerk):
    doc = issue(accepted_case(city_clerk))
    assert login(kundulun_clerk).get(f"/documents/{doc.pk}/download/").status_code == 404
    assert not AccessRecord.objects.filter(action="download").exists()


def test_a_citizen_gets_403_and_anonymous_goes_to_login(login, city_clerk, citizen):
    doc = issue(accepted_case(city_clerk))
    assert login(citizen).get(f"/documents/{doc.pk}/download/").status_code == 403
    response = login(None).get(f"/documents/{doc.pk}/download/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_broken_uploaded_template_sends_the_clerk_back_to_the_case_with_a_message(
    login, city_clerk, settings, tmp_path
):
    from django.core.files.base import ContentFile

    from fazhi.documents.models import DocumentTemplate

    settings.MEDIA_ROOT = tmp_path
    doc = issue(accepted_case(city_clerk))
    DocumentTemplate.objects.create(kind="acceptance_notice", file=ContentFile(b"not a docx", "x.docx"))
    response = login(city_clerk).get(f"/documents/{doc.pk}/download/")
    assert response.status_code == 302 and response["Location"] == f"/cases/{doc.case_id}/"
    assert not AccessRecord.objects.filter(action="download").exists()


PDF_MISSING = "服务器未安装 LibreOffice"


def test_without_libreoffice_the_pdf_link_sends_the_clerk_back_with_a_chinese_message(login, city_clerk, settings):
    settings.DOCUMENTS_SOFFICE = "/nonexistent/soffice"
    doc = issue(accepted_case(city_clerk))
    client = login(city_clerk)
    response = client.get(f"/documents/{doc.pk}/download/?format=pdf")
    assert response.status_code == 302 and response["Location"] == f"/cases/{doc.case_id}/"
    page = client.get(response["Location"]).content.decode()
    assert PDF_MISSING in page and "请下载 Word 版本" in page
    assert not AccessRecord.objects.filter(action="download").exists()


def test_the_clerk_downloads_the_pdf_rendered_by_libreoffice(login, city_clerk):
    from fazhi.documents.pdf import available
    from fazhi.documents.tests.test_pdf import _require_soffice

    _require_soffice()
    assert available()
    doc = issue(accepted_case(city_clerk))
    response = login(city_clerk).get(f"/documents/{doc.pk}/download/?format=pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and response["Content-Disposition"].endswith(".pdf")
    assert AccessRecord.objects.filter(action="download", object_id=str(doc.pk)).count() == 1
