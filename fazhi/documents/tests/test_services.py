"""Issuing and rendering: gap-free numbers, the case's names and Chinese dates, never an ID number or a phone."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from docx import Document

from fazhi.cases.models import Party
from fazhi.cases.tests.factories import open_county_case
from fazhi.documents.admin import DocumentTemplateForm
from fazhi.documents.kinds import kind
from fazhi.documents.models import DocumentTemplate
from fazhi.documents.services import (
    TemplateError,
    chinese_date,
    document_issue,
    document_render,
    render_docx,
    template_validate,
)
from fazhi.documents.tests.helpers import accepted_case, docx_text, docx_xml, issue, legal_aid_case

pytestmark = pytest.mark.django_db


def _prefix(case, key: str = "acceptance_notice") -> str:
    """The number's prefix: the issuer's short name (the office's 包, or the government's 包府), line, kind."""
    info = kind(key)
    return f"{info.issuer(case).short_name}{case.procedure.number_code}{info.code}"


def _docx(*paragraphs: str) -> bytes:
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_chinese_dates_have_the_full_year_and_no_leading_zeros():
    assert chinese_date(date(2024, 10, 8)) == "2024年10月8日"
    assert chinese_date(None) == ""


def test_a_rendered_notice_has_the_number_names_and_chinese_dates_but_no_id_number_or_phone(city_clerk):
    case = accepted_case(city_clerk)
    Party.objects.create(case=case, role="respondent", kind="organisation", name="包头市某某局", phone="04715550000")
    doc = issue(case)
    content = document_render(doc)
    text = docx_text(content)
    assert doc.number == f"{_prefix(case)}〔2024〕1号" and doc.number in text
    assert "包头市人民政府行政复议办公室" in text and "受理通知书" in text  # the issuer or the 承办 office
    assert "张三：" in text and "包头市某某局" in text
    assert "2024年9月30日" in text and "2024年10月8日" in text
    assert "—  —" in text  # the page number is a PAGE field between the dashes
    xml = docx_xml(content)
    assert 'w:instr=" PAGE "' in xml
    for secret in ("11010519491231002X", "13812345678", "04715550000"):
        assert secret not in xml
    assert "{{" not in xml and "{%" not in xml


def test_every_built_in_kind_renders_for_a_case_of_its_line(city_clerk, donghe_clerk):
    from fazhi.documents.kinds import Loop, kinds

    cases = {"reconsideration": accepted_case(city_clerk)}
    cases["mediation"] = open_county_case(donghe_clerk, "东河区司法局")
    cases["legal_aid"] = legal_aid_case(donghe_clerk)
    for k in (k for k in kinds() if k.line in cases):  # a test-only line has its own tests
        loops = [part.name for part in k.text.body if isinstance(part, Loop)]
        lists = dict.fromkeys(loops or ["items"], "第一项\n第二项")
        doc = issue(cases[k.line], k.key, reasons="申请超过法定期限", hearing_on="2024-10-20", **lists)
        text = docx_text(document_render(doc))
        assert str(k.name) in text, k.key
        assert (doc.number in text) is k.own, k.key  # the parties' own document carries no 文号 of ours
        if loops:
            assert "1. 第一项" in text and "2. 第二项" in text, k.key
    hearing = docx_text(document_render(issue(cases["reconsideration"], "hearing_notice", hearing_on="2024-10-20")))
    assert "听证时间：2024年10月20日" in hearing


def test_a_list_of_items_becomes_numbered_paragraphs_and_a_missing_key_renders_empty(city_clerk):
    case = accepted_case(city_clerk)
    text = docx_text(document_render(issue(case, "correction_notice", items=["身份证明", "原行政行为决定书"])))
    assert "1. 身份证明" in text and "2. 原行政行为决定书" in text
    text = docx_text(document_render(issue(case, "non_acceptance_decision")))  # no reasons given
    assert "经审查，，不符合" in text and "Undefined" not in text


def test_user_text_is_escaped_into_the_xml(city_clerk):
    case = accepted_case(city_clerk)
    text = docx_text(document_render(issue(case, "non_acceptance_decision", reasons="A<B & C")))
    assert "A<B & C" in text


def test_numbers_are_gap_free_per_organisation_kind_and_year(city_clerk, donghe_clerk, kundulun_clerk):
    case = accepted_case(city_clerk)
    assert [issue(case).n for _ in range(3)] == [1, 2, 3]
    assert issue(case, "correction_notice").number == f"{_prefix(case, 'correction_notice')}〔2024〕1号"
    assert issue(case, on=date(2025, 1, 2)).number == f"{_prefix(case)}〔2025〕1号"
    donghe = open_county_case(donghe_clerk, "东河区司法局")
    kundulun = open_county_case(kundulun_clerk, "昆都仑区司法局")
    assert issue(donghe, "mediation_agreement").number == "东调协〔2024〕1号"
    assert issue(kundulun, "mediation_agreement").number == "昆调协〔2024〕1号"


def test_a_rolled_back_issue_gives_its_number_back(city_clerk):
    case = accepted_case(city_clerk)
    issue(case)
    with pytest.raises(RuntimeError), transaction.atomic():
        document_issue(case=case, kind="acceptance_notice", actor=city_clerk, on=date(2024, 10, 8), data={})
        raise RuntimeError("the step failed after numbering")
    assert case.documents.count() == 1
    assert issue(case).number == f"{_prefix(case)}〔2024〕2号"


def test_issuing_needs_a_known_kind_of_the_cases_line(city_clerk):
    case = accepted_case(city_clerk)
    with pytest.raises(LookupError), transaction.atomic():
        document_issue(case=case, kind="summons", actor=city_clerk, on=date(2024, 10, 8), data={})
    with pytest.raises(ValueError), transaction.atomic():
        document_issue(case=case, kind="legal_aid_grant", actor=city_clerk, on=date(2024, 10, 8), data={})
    assert not case.documents.exists()


def test_an_uploaded_template_replaces_the_built_in_one(city_clerk, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    DocumentTemplate.objects.create(
        kind="acceptance_notice", file=ContentFile(_docx("自定义受理通知 {{ number }} {{ applicants }}"), "x.docx")
    )
    case = accepted_case(city_clerk)
    text = docx_text(document_render(issue(case)))
    assert f"自定义受理通知 {_prefix(case)}〔2024〕1号 张三" in text
    assert (tmp_path / "templates" / "acceptance_notice.docx").exists()


def test_a_template_that_fails_to_render_raises_a_template_error_in_chinese():
    with pytest.raises(TemplateError, match="占位符有误"):
        render_docx(_docx("{{ number "), {})
    with pytest.raises(TemplateError, match="无法生成文书"):
        render_docx(b"PK\x03\x04 not really a zip", {})


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bad.docx", b"PK\x03\x04 broken", "可能已损坏"),
        ("notes.txt", b"plain text", "请上传 Word 文档"),
        ("big.docx", b"0" * (5 * 1024 * 1024 + 1), "不得超过 5 MB"),
        ("broken.docx", None, "模板试生成失败"),
        ("other.docx", "zip-without-document", "缺少正文部分"),
    ],
)
def test_an_unusable_upload_is_rejected_with_a_chinese_message(name, content, message):
    if content is None:
        content = _docx("{% if %}")
    elif content == "zip-without-document":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as z:
            z.writestr("hello.txt", "hi")
        content = buffer.getvalue()
    with pytest.raises(ValidationError, match=message):
        template_validate(SimpleUploadedFile(name, content))


def test_a_valid_upload_passes_and_the_admin_form_applies_the_check():
    template_validate(
        SimpleUploadedFile("ok.docx", _docx("{{ number }} {% for p in parties %}{{ p.name }}{% endfor %}"))
    )
    form = DocumentTemplateForm(
        data={"kind": "acceptance_notice", "note": ""}, files={"file": SimpleUploadedFile("bad.docx", b"nope")}
    )
    assert not form.is_valid() and "可能已损坏" in str(form.errors["file"])


def test_the_mediation_forms_are_tables_with_the_parties_dates_and_terms(donghe_clerk):
    case = open_county_case(donghe_clerk, "东河区司法局")
    Party.objects.create(case=case, role="applicant", name="王五", phone="13900000000")
    Party.objects.create(case=case, role="respondent", name="赵六")
    text = docx_text(document_render(issue(case, "mediation_registration", on=date(2024, 5, 7))))
    assert "当事人|申请人：王五；被申请人：赵六" in text and "收到日期|2024年5月6日" in text
    assert "受理日期|2024年5月7日" in text
    assert "人民调解法》第十七条" in text and "13900000000" not in text
    terms = "赵六于5月31日前赔偿王五2000元"
    oral = issue(case, "oral_agreement_record", on=date(2024, 5, 20), terms=terms, agreement_amount="2000")
    text = docx_text(document_render(oral))
    assert "协议内容（履行方式、期限）|赵六于5月31日前赔偿王五2000元" in text
    assert "协议金额|2000元" in text and "达成协议日期|2024年5月20日" in text and "第三十条" in text


def test_the_judicial_confirmation_application_is_addressed_to_the_court(donghe_clerk):
    case = open_county_case(donghe_clerk, "东河区司法局")
    Party.objects.create(case=case, role="applicant", name="王五")
    Party.objects.create(case=case, role="respondent", name="赵六")
    Party.objects.create(case=case, role="agent", name="钱八")
    data = {"court": "包头市东河区人民法院", "agreement_effective_on": "2024-05-20"}
    doc = issue(case, "judicial_confirmation_application", **data)
    lines = docx_text(document_render(doc)).splitlines()
    assert lines[lines.index("此致") + 1] == "包头市东河区人民法院"
    assert "申请人：王五" in lines and "申请人：赵六" in lines and not any("钱八" in line for line in lines)
    assert any("于2024年5月20日自愿达成调解协议" in line and "第三十三条" in line for line in lines)


def test_a_termination_of_legal_aid_names_the_art_48_ground_and_the_objection_route(donghe_clerk):
    case = legal_aid_case(donghe_clerk)
    text = docx_text(document_render(issue(case, "legal_aid_termination", ground="6", reasons="受援人已自行委托律师")))
    assert "第四十八条第一款第六项规定的“受援人自行委托律师或者其他代理人”情形" in text
    assert "第四十九条" in text and "{%" not in text
    text = docx_text(document_render(issue(case, "legal_aid_termination", reasons="其他原因")))  # no ground
    assert "经查，其他原因。根据《中华人民共和国法律援助法》第四十八条第一款的规定，本机构决定终止法律援助。" in text


def test_an_assignment_letter_names_the_assignee_and_a_change_cites_art_55(donghe_clerk):
    case = legal_aid_case(donghe_clerk)
    data = {"assignee_kind": "lawyer", "lawyer": "李四", "firm": "内蒙古某律师事务所", "practice_years": "5"}
    text = docx_text(document_render(issue(case, "assignment_letter", **data)))
    assert "内蒙古某律师事务所：" in text and "现指派内蒙古某律师事务所李四（律师）承办。" in text
    assert "第五十五条" not in text and "指派通知书" in text
    text = docx_text(document_render(issue(case, "assignment_letter", reasons="原承办律师未依法履行职责", **data)))
    assert "第五十五条" in text and "改为指派内蒙古某律师事务所李四（律师）承办" in text
