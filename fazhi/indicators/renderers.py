"""The annual report printed: a web page (every number a link to its records), plain text, an Excel workbook with
a sheet per line, and a Word document in GB/T 9704 layout. The composition is `fazhi.indicators.report`.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from fazhi.indicators.dashboard import Figure
from fazhi.indicators.report import (
    AnnualReport,
    Section,
    fmt_number,
    item_figure,
    item_label,
    line_name,
    table_rows,
)


def cn_number(n: int) -> str:
    """一, 二 … 十, 十一 … 十九 (headings of a 公文)."""
    digits = "零一二三四五六七八九十"
    return digits[n] if n <= 10 else f"十{digits[n - 10]}" if n < 20 else str(n)


# ------------------------------------------------------------------------------------------------------- web
def section_html(section: Section) -> SafeString:
    """The paragraph with each number a link to the records behind it (data-value / data-count for the tests)."""
    parts = []
    for s in section.segments:
        if s.link:
            parts.append(
                format_html(
                    '<a class="fig" href="{}" data-value="{}" data-count="{}">{}</a>',
                    s.link,
                    "" if s.value is None else s.value,
                    "1" if s.count else "0",
                    s.text,
                )
            )
        else:
            parts.append(format_html("{}", s.text))
    return format_html_join("", "{}", ((p,) for p in parts))


def _figure_rows(figures: list[Figure]) -> Iterator[tuple[Figure, dict[str, Any]]]:
    """Each table row with its figure (for the links), a breakdown giving one row per item (no link)."""
    for f in figures:
        rows = table_rows([f])  # a breakdown declaration gives none, a breakdown of codes one per item
        for i, row in enumerate(rows):
            label, value, previous, change = row
            yield (
                f,
                {
                    "label": label,
                    "value": fmt_number(value),
                    "previous": fmt_number(previous),
                    "change": change,
                    "raw": value,
                    "linked": not f.items and f.link is not None,
                    "first": i == 0,
                },
            )


def web_sections(report: AnnualReport) -> list[dict[str, Any]]:
    """What the report page shows: each paragraph as HTML and its tables' rows."""
    return [
        {
            "section": s,
            "html": section_html(s),
            "tables": [
                {"label": label, "rows": [{"figure": f, "row": row} for f, row in _figure_rows(figures)]}
                for _line, label, figures in s.tables
            ],
        }
        for s in report.sections()
    ]


# ------------------------------------------------------------------------------------------------------ text
def as_text(report: AnnualReport) -> str:
    lines = [report.title, ""]
    for n, section in enumerate(report.sections(), start=1):
        lines += [f"{cn_number(n)}、{section.area.title}", *([section.plain] if section.plain else []), ""]
        for _line, label, figures in section.tables:
            lines.append(f"【{label}】 指标 | {report.year}年 | {report.year - 1}年 | 增减")
            for row in table_rows(figures):
                lines.append(f"  {row[0]} | {fmt_number(row[1])} | {fmt_number(row[2])} | {row[3]}")
            lines.append("")
    return "\n".join(lines)


# ----------------------------------------------------------------------------------------------------- Excel
def _cell(value: Any) -> Any:
    return float(value) if isinstance(value, Decimal) else value


UNIT_NAMES = {"count": "件", "percent": "%", "yuan": "元", "days": "日"}


def unit_name(unit: str) -> str:
    """The unit as the review prints it (件, %, 元, 日), never the declaration's code."""
    return UNIT_NAMES.get(unit, "")


def as_xlsx(report: AnnualReport) -> bytes:
    """A sheet per line: every figure by its Chinese name, this year, last year, the change and the unit in Chinese
    (cells made formula-safe). No column of keys: a reader checks a figure by its name, as in the review."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    from fazhi.core.spreadsheets import safe_cell

    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    for line in report.lines:
        ws = wb.create_sheet(line_name(line)[:31])
        ws.append([safe_cell(f"{report.region.name}{report.year}年{line_name(line)}主要数据")])
        header = ["指标", f"{report.year}年", f"{report.year - 1}年", "增减", "增减幅度（%）", "单位"]
        cells = []
        for text in header:
            cell = WriteOnlyCell(ws, value=text)
            cell.font = bold
            cells.append(cell)
        ws.append(cells)
        for f in report.figures(line):
            if not f.listed:
                continue
            unit = unit_name(f.unit)
            if f.items:
                for item, value, prev in f.items:
                    i = item_figure(f, value, prev)
                    row = (f"{f.label}：{item_label(item)}", value, prev, i.diff, i.pct, unit)
                    ws.append([safe_cell(_cell(v)) for v in row])
            else:
                ws.append([safe_cell(_cell(v)) for v in (f.full_label, f.value, f.previous, f.diff, f.pct, unit)])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# ------------------------------------------------------------------------------------------------------ Word
def as_docx(report: AnnualReport) -> bytes:
    """A Word document in GB/T 9704 layout (A4, 37/28 mm margins, 22 × 28 grid, 仿宋 3号, "— 1 —" page numbers)."""
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    from fazhi.documents import layout

    doc = Document()
    layout.setup(doc)
    for p in list(doc.paragraphs):
        p._p.getparent().remove(p._p)
    center = WD_ALIGN_PARAGRAPH.CENTER
    layout.add(doc, report.title, align=center, title=True)
    layout.add(doc, f"（{report.year}年1月1日至{report.year}年12月31日）", align=center)
    layout.add(doc)
    for n, section in enumerate(report.sections(), start=1):
        heading = layout.add(doc, f"{cn_number(n)}、{section.area.title}", first=2)
        for run in heading.runs:
            layout.set_fonts(run._r.get_or_add_rPr(), "黑体", "黑体")  # GB/T 9704 §7.3.3: 一级标题黑体
        if section.plain:  # a line without a paragraph of its own has its table only
            layout.add(doc, section.plain, first=2)
        for _line, label, figures in section.tables:
            layout.add(doc, f"表{n}　{report.region.name}{report.year}年{label}主要数据", align=center)
            rows = table_rows(figures)
            table = doc.add_table(rows=len(rows) + 1, cols=4)
            table.style = doc.styles["Table Grid"]
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            widths = (Mm(66), Mm(26), Mm(26), Mm(38))
            header = ("指标", f"{report.year}年", f"{report.year - 1}年", "增减")
            for r, values in enumerate([header, *[(a, fmt_number(b), fmt_number(c), d) for a, b, c, d in rows]]):
                for c, (cell, text) in enumerate(zip(table.rows[r].cells, values, strict=True)):
                    cell.width = widths[c]
                    para = cell.paragraphs[0]
                    para.alignment = WD_ALIGN_PARAGRAPH.LEFT if c == 0 and r else center
                    para.paragraph_format.line_spacing = Pt(20)
                    layout.no_grid(para)
                    run = para.add_run(str(text))
                    run.font.size = Pt(12)  # 小四 in tables
                    run.bold = r == 0
            layout.add(doc)
    layout.page_numbers(doc)
    doc.core_properties.title = report.title
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
