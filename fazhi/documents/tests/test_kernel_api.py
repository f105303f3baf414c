"""The kernel's vocabulary for a line's documents (docs/documents.md): issuer, 承办, sections, headings, lists, 抄送."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document

from fazhi.documents import kinds as kinds_module
from fazhi.documents.build_templates import build
from fazhi.documents.kinds import (
    DocumentKind,
    Heading,
    Loop,
    Section,
    TemplateText,
    government_body,
    parent_body,
)
from fazhi.documents.services import document_render, items, paragraphs, render_docx, sample_context
from fazhi.documents.tests.helpers import accepted_case, docx_text, docx_xml, issue, legal_aid_case

LINE = "reconsideration"


def _render(text: TemplateText, **context) -> str:
    out = io.BytesIO()
    build(DocumentKind("probe", "决定书", "决", LINE, text)).save(out)
    return docx_text(render_docx(out.getvalue(), {**sample_context(), **context}))


def _body(text: str) -> list[str]:
    """The lines between the title and the 署名 (the 正文)."""
    lines = text.splitlines()
    return lines[lines.index("受理通知书") + 1 : lines.index("\t包头市人民政府")]


def test_a_section_prints_each_line_of_its_field_led_once_and_nothing_when_it_is_empty():
    text = TemplateText(
        (Section("facts", lead="经审理查明：", heading="一、事实"), Section("reasons", lead="本机关认为："), "后文。"),
        addressee=None,
    )
    body = [line for line in _body(_render(text, facts="第一段事实。\n\n  第二段事实 ", reasons="")) if line]
    assert body == ["一、事实", "经审理查明：第一段事实。", "第二段事实。", "后文。"]  # the full stop added
    body = [line for line in _body(_render(text, facts="", reasons=None)) if line]
    assert body == ["后文。"]  # no heading, no bare "经审理查明：", no "本机关认为："


def test_a_heading_is_set_in_heiti_or_kaiti_and_may_depend_on_a_condition():
    text = TemplateText((Heading("一、请求", 1), Heading("（一）补充", 2, when="extra"), "正文。"), addressee=None)
    out = io.BytesIO()
    build(DocumentKind("probe", "决定书", "决", LINE, text)).save(out)
    rendered = render_docx(out.getvalue(), {**sample_context(), "extra": ""})
    doc = Document(io.BytesIO(rendered))
    heading = next(p for p in doc.paragraphs if p.text == "一、请求")
    assert 'w:eastAsia="黑体"' in heading.runs[0]._r.xml
    assert "（一）补充" not in docx_text(rendered)
    rendered = render_docx(out.getvalue(), {**sample_context(), "extra": "是"})
    kaiti = next(p for p in Document(io.BytesIO(rendered)).paragraphs if p.text == "（一）补充")
    assert 'w:eastAsia="楷体"' in kaiti.runs[0]._r.xml


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("请补充身份证明", ["请补充身份证明"]),  # a one-line box
        ("1. 请补充身份证明\n2、原决定书\n\n（三）证据目录", ["请补充身份证明", "原决定书", "证据目录"]),
        (["一、身份证明", "①委托书"], ["身份证明", "委托书"]),
        ("1.5万元的收据", ["1.5万元的收据"]),  # a decimal is not a typed number
        ("", []),
        (None, []),
    ],
)
def test_items_are_the_lines_of_a_field_without_the_numbers_a_clerk_typed(typed, expected):
    assert items(typed) == expected


def test_a_loop_over_a_multi_line_field_numbers_each_line_once():
    text = _render(TemplateText((Loop("items"),), addressee=None), items="1. 请补充身份证明\n2. 原行政行为决定书")
    assert "1. 请补充身份证明" in text and "2. 原行政行为决定书" in text and "1. 1." not in text


def test_paragraphs_keep_each_non_empty_line():
    assert paragraphs(" 甲 \n\n乙\r\n") == ["甲", "乙"]


def test_copy_to_is_in_the_imprint_only_when_it_renders_non_empty():
    text = TemplateText(("正文。",), copy_to="{{ respondents }}")
    assert "\u3000抄送：某某局。" in _render(text, copy_to="某某局")
    rendered = _render(text, copy_to="")
    assert "抄送" not in rendered and "\u3000承办单位：包头市人民政府行政复议办公室\t2024年10月8日印发" in rendered


@pytest.mark.django_db
def test_a_kind_issued_by_the_government_heads_signs_and_numbers_in_its_name(city_clerk, monkeypatch):
    probe = DocumentKind(
        "probe_government",
        "行政复议决定书",
        "决字",
        LINE,
        TemplateText(("正文。",), copy_to="{{ respondents }}"),
        issuer=government_body,
    )
    registered = {**kinds_module._by_key(), probe.key: probe}
    monkeypatch.setattr(kinds_module, "_by_key", lambda: registered)
    case = accepted_case(city_clerk)
    doc = issue(case, probe.key, on=date(2024, 10, 8))
    assert doc.number == "包府复决字〔2024〕1号" and doc.organisation == case.organisation  # the office's register
    lines = docx_text(document_render(doc)).splitlines()
    assert lines[0] == "包头市人民政府" and "\t包头市人民政府" in lines  # 发文机关标志 and 署名
    assert "\u3000承办单位：包头市人民政府行政复议办公室\t2024年10月8日印发" in lines


@pytest.mark.django_db
def test_a_kind_issued_by_the_parent_body_names_the_bureau_and_the_centre_as_handling_office(donghe_clerk, monkeypatch):
    text = TemplateText(("正文。",))
    probe = DocumentKind("probe_parent", "异议审查决定书", "异", "legal_aid", text, issuer=parent_body)
    registered = {**kinds_module._by_key(), probe.key: probe}
    monkeypatch.setattr(kinds_module, "_by_key", lambda: registered)
    case = legal_aid_case(donghe_clerk)
    parent = case.organisation.parent or case.organisation
    lines = docx_text(document_render(issue(case, probe.key, on=date(2024, 6, 3)))).splitlines()
    assert lines[0] == parent.name
    assert f"\u3000承办单位：{case.organisation.name}\t2024年6月3日印发" in lines


@pytest.mark.django_db
def test_a_kind_handled_by_the_parent_body_names_the_bureau_as_handling_office(donghe_clerk, monkeypatch):
    """handled_by: the 承办 of a step the supervisory body takes itself; {{ case_office }} still names the centre."""
    text = TemplateText(("你对{{ case_office }}的决定有异议。",))
    probe = DocumentKind(
        "probe_bureau", "异议审查决定书", "异", "legal_aid", text, issuer=parent_body, handled_by=parent_body
    )
    registered = {**kinds_module._by_key(), probe.key: probe}
    monkeypatch.setattr(kinds_module, "_by_key", lambda: registered)
    case = legal_aid_case(donghe_clerk)
    parent = case.organisation.parent
    assert parent is not None
    lines = docx_text(document_render(issue(case, probe.key, on=date(2024, 6, 3)))).splitlines()
    assert f"\u3000承办单位：{parent.name}\t2024年6月3日印发" in lines
    assert f"你对{case.organisation.name}的决定有异议。" in lines


@pytest.mark.django_db
def test_a_kind_that_is_not_our_own_has_no_header_number_seal_or_imprint_and_the_parties_sign(city_clerk, monkeypatch):
    text = TemplateText(
        ("请求事项：确认调解协议有效。",),
        addressee=None,
        closing="此致",
        recipient="某某人民法院",
        signatures=("申请人（签名）：",),
    )
    probe = DocumentKind("probe_parties", "司法确认申请书", "确", LINE, text, own=False)
    registered = {**kinds_module._by_key(), probe.key: probe}
    monkeypatch.setattr(kinds_module, "_by_key", lambda: registered)
    case = accepted_case(city_clerk)
    doc = issue(case, probe.key, on=date(2024, 10, 8))
    content = document_render(doc)
    lines = [line for line in docx_text(content).splitlines() if line.strip()]
    assert lines[0] == "司法确认申请书", lines  # the title heads the page: no 发文机关标志, 文号 or red rule
    assert doc.number not in "\n".join(lines) and case.organisation.name not in "\n".join(lines)
    assert "承办单位" not in "\n".join(lines) and "印发" not in "\n".join(lines)  # no 版记
    assert lines[lines.index("此致") + 1] == "某某人民法院"
    assert lines[lines.index("此致") + 2] == "申请人（签名）："
    assert lines[lines.index("此致") + 3] == "\t年　　月　　日"  # dated by the parties; no 署名 of the office
    assert "FF0000" not in docx_xml(content).upper()  # no red header


@pytest.mark.django_db
def test_issuing_a_government_document_in_a_step_reads_no_region_of_its_own(city_clerk):
    """The issuer (包头市人民政府, from the organisation's region) comes from what the step's locked read loaded:
    the accept step, which issues the government's 受理通知书, sends no query to the regions table."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from fazhi.cases.runner import case_transition
    from fazhi.cases.tests.factories import open_reconsideration

    case = open_reconsideration(city_clerk, received_on=date(2024, 10, 8))
    with CaptureQueriesContext(connection) as queries:
        case_transition(
            case=case, code="accept", actor=city_clerk, on=date(2024, 10, 9), data={"procedure_type": "ordinary"}
        )
    assert case.documents.get().number.startswith("包府复受")
    region_table = '"core_region"'
    assert not [q["sql"] for q in queries if f"FROM {region_table}" in q["sql"]]
