"""The GB/T 9704-2012 page every official document and the annual report's Word file are laid out on.

Layout: A4; top 37 mm, left (binding) 28 mm, text block 156 × 225 mm; 3号仿宋 body, 22 lines of 28 characters
(a line grid and a 15.75 pt character pitch, the same in Word, WPS and LibreOffice);
red 发文机关标志 and rule; page numbers "— 1 —" in 4号宋体. The text of each kind is its line's (`documents.py`);
`fazhi.documents.build_templates` puts the two together.
"""

from __future__ import annotations

import math

from docx.document import Document as DocxDocument
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph
from lxml import etree

from fazhi.documents.kinds import Row

# GB/T 9704-2012 §5.2: A4, 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm; §5.2.2: 22 lines × 28 characters.
PAGE_W, PAGE_H = Mm(210), Mm(297)
TOP, LEFT, TEXT_W, TEXT_H = 37, 28, 156, 225
RIGHT, BOTTOM = 210 - LEFT - TEXT_W, 297 - TOP - TEXT_H  # 26 mm, 35 mm
BODY_PT = 16  # 3号
TITLE_PT = 22  # 2号
PAGE_NUMBER_PT = 14  # 4号
LINES, CHARS = 22, 28
LINE_TWIPS = 579  # 225 mm / 22 = 579.8 twips, rounded down so 22 lines always fit: 28.95 pt
# 28 characters a line. Word and WPS can do it with a character grid (docGrid charSpace −848: 15.79 pt cells for
# 16 pt characters), but LibreOffice puts every character wider than its cell in two cells: 14 characters a line
# (issue 13). So the grid is one of lines only and each character is 0.25 pt narrower (w:spacing −5 twips): a
# 15.75 pt pitch, 28 × 15.75 = 441 pt of the 442.2 pt line and 29 do not fit, in Word, WPS and LibreOffice alike.
CHAR_PITCH_PT = TEXT_W / 25.4 * 72 / CHARS  # 15.793 pt
CHAR_SPACING_TWIPS = math.floor((CHAR_PITCH_PT - BODY_PT) * 20)  # −5
FOOTER_MM = BOTTOM - 7 - PAGE_NUMBER_PT * 25.4 / 72  # the number's top edge 7 mm below the text block

BODY_FONT, BODY_FONT_ALT = "仿宋_GB2312", "仿宋"
TITLE_FONT, TITLE_FONT_ALT = "方正小标宋简体", "华文中宋"
NUMBER_FONT = "宋体"
HEADING_FONTS = {1: "黑体", 2: "楷体"}  # GB/T 9704 §7.3.3: 一、 in 黑体, （一） in 楷体, 1. and （1） in 仿宋
IMPRINT_PT = 14  # 版记 in 4号仿宋 (§7.4.1)
RED = RGBColor(0xFF, 0x00, 0x00)


def set_fonts(rpr, latin: str, east_asia: str) -> None:
    """Name the fonts explicitly (theme fonts would win over them) with the east-Asian one in w:eastAsia."""
    rfonts = rpr.get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    for attr, name in (("w:ascii", latin), ("w:hAnsi", latin), ("w:eastAsia", east_asia), ("w:cs", latin)):
        rfonts.set(qn(attr), name)


def _declare_fonts(doc: DocxDocument) -> None:
    """Add the 公文 fonts to the font table with their fallbacks (w:altName), for machines without them."""
    part = next(r.target_part for r in doc.part.rels.values() if r.reltype.endswith("/fontTable"))
    root = etree.fromstring(part.blob)
    fonts = ((BODY_FONT, BODY_FONT_ALT), (TITLE_FONT, TITLE_FONT_ALT), (NUMBER_FONT, "SimSun"))
    for name, alt in (*fonts, (HEADING_FONTS[1], "SimHei"), (HEADING_FONTS[2], "KaiTi")):
        font = etree.SubElement(root, qn("w:font"), {qn("w:name"): name})
        etree.SubElement(font, qn("w:altName"), {qn("w:val"): alt})
        etree.SubElement(font, qn("w:charset"), {qn("w:val"): "86"})  # GB2312
        etree.SubElement(font, qn("w:family"), {qn("w:val"): "modern"})
        etree.SubElement(font, qn("w:pitch"), {qn("w:val"): "fixed"})
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def setup(doc: DocxDocument) -> None:
    """Page, margins, grid, default font and line spacing of the whole document."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr, BODY_FONT, BODY_FONT)
    rpr.find(qn("w:lang")).set(qn("w:eastAsia"), "zh-CN")
    for tag in ("w:sz", "w:szCs"):
        rpr.find(qn(tag)).set(qn("w:val"), str(BODY_PT * 2))
    normal = doc.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    normal_rpr = normal.element.get_or_add_rPr()
    set_fonts(normal_rpr, BODY_FONT, BODY_FONT)
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(CHAR_SPACING_TWIPS))
    normal_rpr.insert_element_before(spacing, "w:w", "w:kern", "w:position", "w:sz", "w:szCs")
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE_TWIPS / 20)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.widow_control = False  # 公文 fill every line of the block
    ppr = normal.element.get_or_add_pPr()
    for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):  # no extra space between Chinese and digits or Latin letters
        off = OxmlElement(tag)
        off.set(qn("w:val"), "0")
        ppr.insert_element_before(off, "w:spacing", "w:ind", "w:jc", "w:rPr")
    section = doc.sections[0]
    section.page_width, section.page_height = PAGE_W, PAGE_H
    section.top_margin, section.bottom_margin = Mm(TOP), Mm(BOTTOM)
    section.left_margin, section.right_margin = Mm(LEFT), Mm(RIGHT)
    section.header_distance, section.footer_distance = Mm(15), Mm(FOOTER_MM)
    grid = section._sectPr.find(qn("w:docGrid"))
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_TWIPS))
    grid.attrib.pop(qn("w:charSpace"), None)
    _declare_fonts(doc)
    doc.core_properties.title = ""
    doc.core_properties.author = "fazhi"
    doc.core_properties.comments = "GB/T 9704-2012"


def _indent_chars(paragraph: Paragraph, *, first: int = 0, left: int = 0, right: int = 0) -> None:
    """Indents in characters (w:…Chars, hundredths of a character), which Word and WPS keep on the grid."""
    ind = paragraph._p.get_or_add_pPr().get_or_add_ind()
    for attr, chars in (("firstLine", first), ("left", left), ("right", right)):
        if chars:
            ind.set(qn(f"w:{attr}Chars"), str(chars * 100))
            ind.set(qn(f"w:{attr}"), str(chars * BODY_PT * 20))


def no_grid(paragraph: Paragraph) -> None:
    """Let large type keep its own width instead of taking two grid cells per character."""
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    paragraph._p.get_or_add_pPr().insert_element_before(snap, "w:spacing", "w:ind", "w:jc", "w:rPr")


def add(
    doc: DocxDocument,
    text: str = "",
    *,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.JUSTIFY,
    title: bool = False,
    red: bool = False,
    first: int = 0,
    right: int = 0,
) -> Paragraph:
    """A paragraph on the grid: body text, or a title in 2号小标宋 (red for the 发文机关标志)."""
    paragraph = doc.add_paragraph()
    paragraph.alignment = align
    if first or right:
        _indent_chars(paragraph, first=first, right=right)
    if text:
        run = paragraph.add_run(text)
        if title:
            run.font.size = Pt(TITLE_PT)
            set_fonts(run._r.get_or_add_rPr(), TITLE_FONT, TITLE_FONT)
            no_grid(paragraph)
        if red:
            run.font.color.rgb = RED
    return paragraph


def heading(doc: DocxDocument, text: str, level: int = 1) -> Paragraph:
    """A level heading on its own line, indented two characters like the body: 黑体 (level 1) or 楷体 (level 2)."""
    paragraph = add(doc, first=2)
    run = paragraph.add_run(text)
    set_fonts(run._r.get_or_add_rPr(), HEADING_FONTS[level], HEADING_FONTS[level])
    return paragraph


# 署名 and 成文日期 centred on one tab stop: the date about four characters from the right edge (its width differs
# by font: 8 characters in 仿宋_GB2312's half-width digits, ~10 in LibreOffice's substitute), the name over its middle
# whatever its length (§7.3.5.1). A centre tab is kept by Word, WPS and LibreOffice alike.
SIGNATURE_CENTRE_CHARS = 19.5


def signature_line(doc: DocxDocument, text: str) -> Paragraph:
    """A line of the 落款: the issuer's name or the date, centred on the signature tab stop."""
    paragraph = add(doc, align=WD_ALIGN_PARAGRAPH.LEFT)
    paragraph.paragraph_format.tab_stops.add_tab_stop(
        Pt(SIGNATURE_CENTRE_CHARS * (BODY_PT + CHAR_SPACING_TWIPS / 20)), WD_TAB_ALIGNMENT.CENTER
    )
    paragraph.add_run(f"\t{text}")
    return paragraph


def keep_with_next(paragraph: Paragraph) -> None:
    """Keep the paragraph on the page of the next one: the end of the body, 署名 and 成文日期 stay together, so the
    seal never stands on a page of its own (GB/T 9704 §7.3.5.4)."""
    paragraph.paragraph_format.keep_with_next = True


def _border(paragraph: Paragraph, **sides: int) -> None:
    """Rules above/below a paragraph, in eighths of a point: the 版记's 1 pt first and last rules, 0.75 pt between."""
    borders = OxmlElement("w:pBdr")
    for side in ("top", "bottom"):
        if side in sides:
            edge = OxmlElement(f"w:{side}")
            for attr, value in (("val", "single"), ("sz", str(sides[side])), ("space", "1"), ("color", "000000")):
                edge.set(qn(f"w:{attr}"), value)
            borders.append(edge)
    paragraph._p.get_or_add_pPr().insert_element_before(borders, "w:snapToGrid", "w:spacing", "w:ind", "w:jc", "w:rPr")


def imprint_line(doc: DocxDocument, left: str, right: str = "", *, top: int = 0, bottom: int = 0) -> Paragraph:
    """One line of the 版记 (§7.4) in 4号仿宋, one character in from each side; `right` flush right on a tab stop.

    No indent, so the rules span the text block as the standard draws them: an ideographic space puts the text one
    character in, and the right tab stop one character from the edge (LibreOffice drops a right tab that lies on
    or beyond a right indent, and one the text before it overruns).
    """
    paragraph = doc.add_paragraph()
    sides = {k: v for k, v in (("top", top), ("bottom", bottom)) if v}
    if sides:
        _border(paragraph, **sides)
    if right:
        paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(TEXT_W) - Pt(IMPRINT_PT), WD_TAB_ALIGNMENT.RIGHT)
    run = paragraph.add_run(f"\u3000{left}\t{right}" if right else f"\u3000{left}")
    run.font.size = Pt(IMPRINT_PT)
    return paragraph


def red_rule(paragraph: Paragraph) -> None:
    """The red separator the width of the text block, 4 mm below the 发文字号 (GB/T 9704 §7.2.4)."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for attr, value in (("val", "single"), ("sz", "8"), ("space", "11"), ("color", "FF0000")):
        bottom.set(qn(f"w:{attr}"), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().insert_element_before(borders, "w:snapToGrid", "w:spacing", "w:ind", "w:jc", "w:rPr")


def _page_number(paragraph: Paragraph, *, odd: bool) -> None:
    """Page number "— 1 —" in 4号宋体, one character in from the outer edge: odd pages right, even left (§7.5)."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(PAGE_NUMBER_PT)
    ind = paragraph._p.get_or_add_pPr().get_or_add_ind()
    ind.set(qn("w:right" if odd else "w:left"), str(PAGE_NUMBER_PT * 20))
    no_grid(paragraph)

    def run(text: str):
        r = paragraph.add_run(text)
        r.font.size = Pt(PAGE_NUMBER_PT)
        set_fonts(r._r.get_or_add_rPr(), NUMBER_FONT, NUMBER_FONT)
        return r

    run("— ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), " PAGE ")
    field.append(run("1")._r)
    paragraph._p.append(field)
    run(" —")


def page_numbers(doc: DocxDocument) -> None:
    """Odd pages numbered on the right, even pages on the left (GB/T 9704 §7.5)."""
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    _page_number(section.footer.paragraphs[0], odd=True)
    _page_number(section.even_page_footer.paragraphs[0], odd=False)


def form_table(doc: DocxDocument, rows: tuple[Row, ...]) -> None:
    """A bordered form the width of the text block: labels centred in a 40 mm column, values in the rest.

    Cells keep the body font and line pitch; rows grow with their text and are not split across pages.
    """
    widths = (Mm(40), Mm(TEXT_W - 40))
    table = doc.add_table(rows=len(rows), cols=2)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row, spec_row in zip(table.rows, rows, strict=True):
        cant_split = OxmlElement("w:cantSplit")  # a row stays on one page: never "登记人（签" / "名）" across a break
        row._tr.get_or_add_trPr().append(cant_split)
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        row.height = Pt(LINE_TWIPS / 20 * spec_row.lines)
        for cell, width, text, align in zip(
            row.cells,
            widths,
            (spec_row.label, spec_row.value),
            (WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT),
            strict=True,
        ):
            cell.width = width
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            paragraph = cell.paragraphs[0]
            paragraph.alignment = align
            if text:
                paragraph.add_run(text)
