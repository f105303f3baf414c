"""Case materials: checked by content and size, stored outside the web root, served only in scope."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.audit.models import AccessRecord
from fazhi.cases.models import Material
from fazhi.cases.services import can_add_material, material_add
from fazhi.cases.tests.factories import open_county_case
from fazhi.core import uploads

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(client, case, name: str, content: bytes, title: str = "申请书"):
    return client.post(
        f"/cases/{case.pk}/materials/", {"title": title, "file": SimpleUploadedFile(name, content)}, follow=True
    )


def test_a_clerk_adds_a_pdf_and_the_timeline_notes_it(login, donghe_clerk, media):
    case = open_county_case(donghe_clerk, "东河区司法局", received_on=date(2024, 5, 6))
    response = upload(login(donghe_clerk), case, "申请书.pdf", PDF)
    assert "材料已添加" in response.content.decode()
    material = Material.objects.get()
    assert (material.content_type, material.size, material.original_name) == ("application/pdf", len(PDF), "申请书.pdf")
    assert material.file.name.startswith(f"materials/{case.pk}/") and material.file.name.endswith(".pdf")
    assert PDF not in (media / material.file.name).read_bytes()  # sealed on disk (fazhi.core.sealed) …
    with material.file.open("rb") as f:
        assert f.read() == PDF  # … and read back whole
    assert case.events.filter(code="material_added").count() == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("run.exe", b"MZ\x90\x00", "只能上传"),
        ("fake.pdf", b"MZ\x90\x00 not a pdf", "文件内容与扩展名"),
        ("fake.docx", b"PK\x03\x04 broken zip", "不是有效的"),
        ("empty.png", b"", "文件为空"),
    ],
)
def test_a_bad_file_is_refused_with_a_reason_and_nothing_is_saved(login, donghe_clerk, media, name, content, message):
    case = open_county_case(donghe_clerk, "东河区司法局", received_on=date(2024, 5, 6))
    response = upload(login(donghe_clerk), case, name, content)
    assert message in response.content.decode()
    assert not Material.objects.exists() and not case.events.filter(code="material_added").exists()


def test_an_oversized_file_is_refused(login, donghe_clerk, media, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", 16)
    case = open_county_case(donghe_clerk, "东河区司法局", received_on=date(2024, 5, 6))
    assert "20 MB" in upload(login(donghe_clerk), case, "big.pdf", PDF).content.decode()
    assert not Material.objects.exists()


def test_downloads_are_scoped_and_recorded(login, donghe_clerk, kundulun_clerk, media):
    case = open_county_case(donghe_clerk, "东河区司法局", received_on=date(2024, 5, 6))
    upload(login(donghe_clerk), case, "证据.pdf", PDF)
    material = Material.objects.get()
    assert login(kundulun_clerk).get(f"/cases/materials/{material.pk}/").status_code == 404
    response = login(donghe_clerk).get(f"/cases/materials/{material.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert AccessRecord.objects.filter(action="download", object_id=str(material.pk), user=donghe_clerk).exists()


def test_only_the_owning_organisation_adds_to_a_case_file(donghe_clerk, leader, mediator, media):
    """The city leader sees a county's case but its file is the county's; a mediator's role counts on mediation only."""
    mediation = open_county_case(donghe_clerk, "东河区司法局", received_on=date(2024, 5, 6))
    legal_aid = open_county_case(donghe_clerk, "东河区司法局", line="legal_aid", received_on=date(2024, 5, 6))
    assert can_add_material(donghe_clerk, mediation) and can_add_material(donghe_clerk, legal_aid)
    assert not can_add_material(leader, mediation)
    assert not can_add_material(mediator, mediation)  # a committee's mediator, not a member of the county bureau
    with pytest.raises(PermissionDenied):
        material_add(case=legal_aid, upload=SimpleUploadedFile("a.pdf", PDF), title="", actor=leader)
    assert not Material.objects.exists()
