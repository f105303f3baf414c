"""The built-in templates keep the GB/T 9704-2012 layout: A4, 37/28 mm margins, 22 lines of 28 3号仿宋 characters."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Length, Pt

from fazhi.documents.build_templates import default_template
from fazhi.documents.kinds import kind, kinds

KEYS = [k.key for k in kinds()]  # every registered line's kinds, whichever lines are installed
TWIPS_PER_MM = 1440 / 25.4


def _template(key: str) -> DocxDocument:
    return Document(io.BytesIO(default_template(key)))


def _mm(length: Length | None) -> float:
    assert length is not None
    return length.mm


def test_every_line_declares_its_kinds_in_its_own_documents_module():
    assert {k.line for k in kinds()} >= {"reconsideration", "mediation", "legal_aid"}
    assert len(KEYS) == len(set(KEYS)) >= 21
    assert {k.key for k in kinds() if k.line == "legal_aid"} >= {"legal_aid_grant", "assignment_letter"}


def test_the_command_writes_every_built_in_template(tmp_path):
    call_command("build_templates", str(tmp_path), stdout=io.StringIO())
    assert sorted(p.stem for p in tmp_path.glob("*.docx")) == sorted(KEYS)
    assert (tmp_path / "decision.docx").read_bytes() == default_template("decision")


def test_a_kind_is_found_by_key_and_an_unknown_one_is_a_lookup_error():
    assert kind("acceptance_notice").code == "受"
    for unknown in ("no_such_kind", "受理通知书"):
        with pytest.raises(LookupError):
            kind(unknown)


@pytest.mark.parametrize("key", KEYS)
def test_each_template_has_the_gbt_9704_page(key: str):
    section = _template(key).sections[0]
    assert (round(_mm(section.page_width), 1), round(_mm(section.page_height), 1)) == (210.0, 297.0)
    for margin, expected in (("top", 37), ("left", 28), ("right", 26), ("bottom", 35)):
        assert abs(_mm(getattr(section, f"{margin}_margin")) - expected) <= 0.5, margin
    text_w = _mm(section.page_width) - _mm(section.left_margin) - _mm(section.right_margin)
    text_h = _mm(section.page_height) - _mm(section.top_margin) - _mm(section.bottom_margin)
    assert abs(text_w - 156) <= 0.5 and abs(text_h - 225) <= 0.5


@pytest.mark.parametrize("key", KEYS)
def test_each_template_sets_3hao_fangsong_on_22_lines_of_28_characters(key: str):
    doc = _template(key)
    normal = doc.styles["Normal"]
    assert normal.font.size.pt == 16
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    fmt = normal.paragraph_format
    assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert abs(fmt.line_spacing.pt - 28.95) < 0.05
    body = [p for p in doc.paragraphs if p.paragraph_format.first_line_indent]
    assert body and all(r.font.size in (None, normal.font.size) for p in body for r in p.runs)
    assert all(p.paragraph_format.first_line_indent.pt == 32 for p in body)  # 2 characters
    grid = doc.sections[0]._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "lines"  # a character grid makes LibreOffice set 14 characters a line
    line_pitch = int(grid.get(qn("w:linePitch")))
    text_h_twips = 225 * TWIPS_PER_MM
    assert line_pitch == 579 and 22 * line_pitch <= text_h_twips < 23 * line_pitch
    spacing = normal.element.rPr.find(qn("w:spacing"))
    char_pitch_pt = 16 + int(spacing.get(qn("w:val"))) / 20  # each character 0.25 pt narrower
    line_pt = 156 * 72 / 25.4
    assert 28 * char_pitch_pt <= line_pt < 29 * char_pitch_pt  # 28 characters fill the 156 mm line, 29 do not


@pytest.mark.parametrize("key", [k for k in KEYS if kind(k).own])
def test_each_template_has_the_red_header_placeholders_and_page_numbers(key: str):
    doc = _template(key)
    texts = [p.text for p in doc.paragraphs]
    head = doc.paragraphs[0].runs[0].font
    assert texts[0] == "{{ organisation }}" and head.color.rgb == (0xFF, 0, 0) and head.size == Length(Pt(22))
    assert "{{ title }}" in texts and texts[2] == "{{ number }}"
    assert 'w:color="FF0000"' in doc.paragraphs[2]._p.xml and "<w:pBdr>" in doc.paragraphs[2]._p.xml  # the red rule
    signature = texts.index("\t{{ issued_on }}")
    assert texts[signature - 1] == "\t{{ organisation }}"  # 署名 above 成文日期, on one centre tab, with the text
    assert texts[signature - 3 : signature - 1] == ["", ""]  # the seal's room
    assert all(doc.paragraphs[i].paragraph_format.keep_with_next for i in range(signature - 3, signature))
    imprint = "\n".join(texts[signature + 1 :])  # the 版记: 抄送 when there is one, 承办 office, 印发日期
    assert "抄送：{{ copy_to }}。" in imprint
    assert imprint.count("承办单位：{{ handling_office }}\t{{ issued_on }}印发") == 2
    section = doc.sections[0]
    for footer in (section.footer, section.even_page_footer):
        xml = footer._element.xml
        assert "PAGE" in xml and "— " in xml and 'w:eastAsia="宋体"' in xml and 'w:val="28"' in xml


@pytest.mark.parametrize("key", [k for k in KEYS if not kind(k).own])
def test_the_parties_document_has_the_title_first_their_signatures_and_page_numbers_only(key: str):
    """A kind that is not the office's own (own=False): no 版头, 文号 or red rule, no seal room or 署名, no 版记."""
    doc = _template(key)
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "{{ title }}" and "{{ organisation }}" not in texts and "{{ number }}" not in texts
    assert "FF0000" not in doc.element.xml and not any("承办单位" in t for t in texts)
    assert texts[-1] == "\t年　　月　　日" and "\t{{ issued_on }}" not in texts
    closing = texts.index("此致")  # 此致, the court, the signatures and the date on one page
    assert all(p.paragraph_format.keep_with_next for p in doc.paragraphs[closing:-1])
    assert "PAGE" in doc.sections[0].footer._element.xml


def test_a_template_opens_again_after_a_save_round_trip():
    doc = _template(KEYS[0])
    out = io.BytesIO()
    doc.save(out)
    assert Document(io.BytesIO(out.getvalue())).paragraphs[0].text == "{{ organisation }}"
