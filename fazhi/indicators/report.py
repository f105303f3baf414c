"""The annual report: a region's figures for a year with last year's beside them, in the style of the Baotou review.

One declarative table (`REFERENCE`) maps the keys of `reference/baotou-2024-figures.json` to (line, indicator
key); `annual_figures` prints every figure keyed like that file. The "一年来…" paragraphs (`AREAS`) are written
from the same figures, as a web page (every number links to the records behind it), a Word document in
GB/T 9704 layout and an Excel workbook with a sheet per line. Nothing is typed in: every number is `compute`d.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from fazhi.core.lines import Line
from fazhi.core.models import Region
from fazhi.indicators.dashboard import Figure, build_figures, change, line_order
from fazhi.indicators.registry import Period, compute, registry


# ------------------------------------------------------------------------------------- reference keys → figures
@dataclass(frozen=True)
class Ref:
    """A key of the reference file: `section.key` is the figure `line.indicator`.

    `vs_previous`: the figure divided by last year's, to 2 places (the article's "是2023年总办案量的3倍").
    A key may name the previous year as `{previous_year}`.
    """

    section: str
    key: str
    line: str
    indicator: str
    vs_previous: bool = False


REFERENCE: tuple[Ref, ...] = (
    Ref("reconsideration", "received", Line.RECONSIDERATION, "received"),
    Ref("reconsideration", "received_vs_{previous_year}_total_caseload", Line.RECONSIDERATION, "received", True),
    Ref("reconsideration", "closed", Line.RECONSIDERATION, "closed"),
    Ref("reconsideration", "mediated_or_settled", Line.RECONSIDERATION, "mediated_or_settled"),
    Ref("reconsideration", "mediated_or_settled_rate_pct", Line.RECONSIDERATION, "mediated_or_settled_rate_pct"),
    Ref("reconsideration", "concluded", Line.RECONSIDERATION, "concluded"),
    Ref("reconsideration", "directly_corrected", Line.RECONSIDERATION, "directly_corrected"),
    Ref("reconsideration", "correction_rate_pct", Line.RECONSIDERATION, "correction_rate_pct"),
    Ref("reconsideration", "lost_litigation_cases_analysed", Line.RECONSIDERATION, "lost_litigation_cases_analysed"),
    Ref("reconsideration", "corrected_cases_analysed", Line.RECONSIDERATION, "corrected_cases_analysed"),
    Ref("reconsideration", "analysis_reports", Line.RECONSIDERATION, "analysis_reports"),
    Ref("mediation", "disputes_mediated", Line.MEDIATION, "disputes_mediated"),
    Ref("mediation", "success_rate_pct", Line.MEDIATION, "success_rate_pct"),
    Ref("legal_aid", "cases", Line.LEGAL_AID, "cases"),
    Ref("legal_aid", "recovered_for_workers_yuan", Line.LEGAL_AID, "recovered_for_workers_yuan"),
    Ref(
        "business_environment",
        "enterprise_reconsideration_liaison_points",
        Line.RECONSIDERATION,
        "enterprise_reconsideration_liaison_points",
    ),
)


def times(value: Any, previous: Any) -> float | None:
    """value ÷ previous, half-up to 2 places; None without a previous value."""
    if not isinstance(value, int | float | Decimal) or not previous:
        return None
    return float((Decimal(str(value)) / Decimal(str(previous))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def annual_figures(region: Region, year: int, lines=None) -> dict[str, Any]:
    """Every figure of the year for the region's subtree, keyed like reference/baotou-2024-figures.json.

    Sections of the reference come first with its keys, where the figure exists; every other figure follows
    under its line's own key.
    """
    lines = line_order(lines if lines is not None else registry())
    period = Period.year(year, region.prefix)
    current = compute(lines, period)
    needs_previous = {r.line for r in REFERENCE if r.vs_previous and r.line in current}
    previous = compute(line_order(needs_previous), period.previous_year()) if needs_previous else {}
    out: dict[str, Any] = {
        "period": f"{period.start.isoformat()}/{period.end.isoformat()}",
        "region": {"code": region.code, "name": region.name},
    }
    claimed: set[tuple[str, str]] = set()
    for ref in REFERENCE:
        if ref.line not in current or ref.indicator not in current[ref.line]:
            continue
        value = current[ref.line][ref.indicator]
        if ref.vs_previous:
            value = times(value, previous[ref.line][ref.indicator])
        else:
            claimed.add((ref.line, ref.indicator))
        out.setdefault(ref.section, {})[ref.key.format(previous_year=year - 1)] = value
    for line, values in current.items():
        for key, value in values.items():
            if (line, key) not in claimed:
                out.setdefault(line, {})[key] = value
    return out


# ------------------------------------------------------------------------------------------- the paragraphs
@dataclass(frozen=True)
class Area:
    """One "一年来…" paragraph: a lead sentence, then clauses (joined by "，") grouped in sentences (by "；").

    A clause names figures as {line.key}; {scope} is 全市 / 全区 / 全旗…; {times:line.key} is the figure ÷ last
    year's; {wan:line.key} prints yuan as 万元. A clause whose figure is missing (line not shown, or a rate
    without a denominator) is left out, and so is a clause marked with a leading "?" whose figures are all 0
    (the review does not write "听证0次"). `lines` are the lines whose full table follows the paragraph.
    """

    key: str
    title: str
    lead: str
    sentences: tuple[tuple[str, ...], ...]
    lines: tuple[str, ...] = ()


AREAS: tuple[Area, ...] = (
    Area(
        "mediation",
        "矛盾纠纷化解",
        "一年来，不断筑牢安全稳定防线。",
        (
            (
                "{scope}人民调解组织受理矛盾纠纷{mediation.received}件",
                "调解各类矛盾纠纷{mediation.disputes_mediated}件",
                "调解成功{mediation.successful}件",
                "调解成功率达{mediation.success_rate_pct}%",
            ),
            (
                "达成书面协议{mediation.written_agreements}件、口头协议{mediation.oral_agreements}件",
                "?协议涉及金额{wan:mediation.amount_yuan}",
            ),
            ("?防止民间纠纷转化为刑事案件{mediation.escalations_prevented}件",),
        ),
        lines=(Line.MEDIATION,),
    ),
    Area(
        "legal_aid",
        "法律援助",
        "一年来，法律援助更有温度。",
        (
            (
                "{scope}办理法律援助案件{legal_aid.cases}件",
                "?其中通知辩护（代理）案件{legal_aid.notified_criminal_cases}件",
                "结案{legal_aid.closed}件",
            ),
            ("?帮助农牧民工挽回经济损失{wan:legal_aid.recovered_for_workers_yuan}",),
            ("?提供法律咨询{legal_aid.consultations}人次", "?值班律师提供法律帮助{legal_aid.duty_lawyer_help}人次"),
        ),
        lines=(Line.LEGAL_AID,),
    ),
    Area(
        "business_environment",
        "法治化营商环境",
        "一年来，打造法治化营商环境取得新成效。",
        (
            (
                "?设立涉企行政复议联系点{reconsideration.enterprise_reconsideration_liaison_points}个",
                "?经联系点收到行政复议申请{reconsideration.received_via_liaison_points}件",
            ),
        ),
    ),
    Area(
        "reconsideration",
        "行政争议实质化解",
        "一年来，行政争议实质化解取得新进展。",
        (
            (
                "{scope}行政复议机关全年新收行政复议案件{reconsideration.received}件",
                "是{previous_year}年的{times:reconsideration.received}倍",
                "办结案件{reconsideration.closed}件",
                "调解和解案件{reconsideration.mediated_or_settled}件",
                "调解和解率达{reconsideration.mediated_or_settled_rate_pct}%",
            ),
            (
                "审结案件{reconsideration.concluded}件",
                "直接纠错案件{reconsideration.directly_corrected}件",
                "纠错率{reconsideration.correction_rate_pct}%",
            ),
            (
                "受理案件{reconsideration.accepted}件",
                "?其中适用简易程序{reconsideration.simplified}件",
                "?组织听证{reconsideration.hearings}次",
            ),
            (
                "?对{reconsideration.lost_litigation_cases_analysed}件行政诉讼败诉案件和"
                "{reconsideration.corrected_cases_analysed}件行政复议纠错案件逐案分析",
                "?形成分析报告{reconsideration.analysis_reports}份",
            ),
        ),
        lines=(Line.RECONSIDERATION,),
    ),
)

TOKEN = re.compile(r"\{(?:(times|wan):)?([a-z_]+)\.([a-z_]+)\}|\{(scope|previous_year)\}")


def fmt_number(value: Any, unit: str = "count") -> str:
    """32.04 → "32.04", 98.90 → "98.9", 1293 → "1293", None → "—"."""
    if value is None:
        return "—"
    if isinstance(value, float | Decimal):
        text = f"{Decimal(str(value)).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)


def fmt_wan(yuan: Any) -> str:
    """8181000 → "818.1万元" (the review's unit for money)."""
    if yuan is None:
        return "—"
    return f"{fmt_number(float(Decimal(str(yuan)) / 10000))}万元"


def scope_word(region: Region) -> str:
    """全市 for a city, 全区 / 全旗 / 全县 for a county, the name itself below that."""
    if region.level == Region.Level.CITY:
        return "全市"
    if region.level == Region.Level.COUNTY and region.name[-1:] in "区旗县市":
        return "全" + region.name[-1]
    return region.name


@dataclass(frozen=True)
class Segment:
    """A piece of a paragraph: plain text, or a number with the records behind it (`link`)."""

    text: str
    link: str | None = None
    value: Any = None
    count: bool = False  # the link lists exactly `value` records


# ----------------------------------------------------------------------------------------------- the report
@dataclass
class Section:
    area: Area
    segments: list[Segment]
    tables: list[tuple[str, str, list[Figure]]]  # (line, line label, figures)

    @property
    def plain(self) -> str:
        return "".join(s.text for s in self.segments)

    @property
    def html(self) -> SafeString:
        parts = []
        for s in self.segments:
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


@dataclass
class AnnualReport:
    region: Region
    year: int
    lines: tuple[str, ...]
    current: dict[str, dict[str, Any]]
    previous: dict[str, dict[str, Any]]

    @classmethod
    def build(cls, region: Region, year: int, lines) -> AnnualReport:
        lines = line_order(lines)
        period = Period.year(year, region.prefix)
        return cls(region, year, lines, compute(lines, period), compute(lines, period.previous_year()))

    @property
    def title(self) -> str:
        return _("%(region)s%(year)s年司法行政工作主要数据") % {"region": self.region.name, "year": self.year}

    def figures(self, line: str) -> list[Figure]:
        cached = self.__dict__.setdefault("_figures", {})
        if line not in cached:
            cached[line] = build_figures(
                line, self.current[line], self.previous.get(line, {}), year=self.year, region=self.region.code
            )
        return cached[line]

    def _figure(self, line: str, key: str) -> Figure | None:
        return next((f for f in self.figures(line) if f.key == key), None) if line in self.current else None

    def _clause(self, template: str) -> list[Segment] | None:
        optional = template.startswith("?")
        template = template.removeprefix("?")
        segments, pos = [], 0
        for m in TOKEN.finditer(template):
            if m.start() > pos:
                segments.append(Segment(template[pos : m.start()]))
            pos = m.end()
            if m.group(4) == "scope":
                segments.append(Segment(scope_word(self.region)))
                continue
            if m.group(4) == "previous_year":
                segments.append(Segment(str(self.year - 1)))
                continue
            kind, line, key = m.group(1), m.group(2), m.group(3)
            fig = self._figure(line, key)
            if fig is None or fig.value is None:
                return None
            if kind == "times":
                value = times(fig.value, fig.previous)
                if value is None:
                    return None
                segments.append(Segment(fmt_number(value), fig.link, fig.value))
            elif kind == "wan":
                segments.append(Segment(fmt_wan(fig.value), fig.link, fig.value))
            else:
                segments.append(Segment(fmt_number(fig.value, fig.unit), fig.link, fig.value, fig.count))
        if pos < len(template):
            segments.append(Segment(template[pos:]))
        if optional and all(not s.value for s in segments if s.link or s.value is not None):
            return None
        return segments

    def sections(self) -> list[Section]:
        out = []
        for area in AREAS:
            sentences = []
            for sentence in area.sentences:
                clauses = [c for c in (self._clause(t) for t in sentence) if c]
                if clauses:
                    joined: list[Segment] = []
                    for i, clause in enumerate(clauses):
                        if i:
                            joined.append(Segment("，"))
                        joined += clause
                    sentences.append(joined)
            tables = [(line, _line_label(line), self.figures(line)) for line in area.lines if line in self.current]
            if not sentences and not tables:
                continue
            parts: list[Segment] = [Segment(area.lead)]
            for i, said in enumerate(sentences):
                parts += said
                parts.append(Segment("。" if i == len(sentences) - 1 else "；"))
            out.append(Section(area, parts, tables))
        return out


def _line_label(line: str) -> str:
    return str(Line(line).label) if line in Line.values else line


def fmt_change(fig: Figure) -> str:
    if fig.diff is None:
        return "—"
    sign = "+" if fig.diff > 0 else ""
    text = f"{sign}{fmt_number(fig.diff)}"
    if fig.unit == "percent":
        return f"{text}个百分点"
    if fig.pct is not None:
        return f"{text}（{sign}{fmt_number(fig.pct)}%）"
    return text


def table_rows(figures: list[Figure]) -> list[tuple[str, Any, Any, str]]:
    """(label, this year, last year, change) for every figure; a breakdown gives one row per item."""
    rows = []
    for f in figures:
        if not f.listed:
            continue  # a breakdown's items are figures of their own, listed where they are declared
        if f.items:
            for item, value, prev in f.items:
                change_text = fmt_change(_item_figure(f, value, prev))
                rows.append((f"{f.label}：{item_label(f, item)}", value, prev, change_text))
        else:
            rows.append((f.full_label + unit_suffix(f.unit), f.value, f.previous, fmt_change(f)))
    return rows


def _item_figure(f: Figure, value: Any, prev: Any) -> Figure:
    item = Figure(f.line, f.key, f.label, f.unit, value, prev)
    item.diff, item.pct = change(value, prev, f.unit)
    return item


def unit_suffix(unit: str) -> str:
    return {"percent": "（%）", "yuan": "（元）", "days": "（日）"}.get(unit, "")


def item_label(fig: Figure, code: str) -> str:
    """The words for a breakdown item's code (纠纷类型, 来源, 质量等级), or the code itself."""
    from fazhi.legal_aid.choices import QualityGrade
    from fazhi.mediation.choices import DisputeType, Source

    choices = {
        ("mediation", "received_by_type"): DisputeType,
        ("mediation", "received_by_source"): Source,
        ("legal_aid", "quality_grades"): QualityGrade,
    }.get((fig.line, fig.key))
    if choices is not None and code in choices.values:
        return str(choices(code).label)
    return code or _("未填写")


# --------------------------------------------------------------------------------------------------- outputs
def as_text(report: AnnualReport) -> str:
    lines = [report.title, ""]
    for n, section in enumerate(report.sections(), start=1):
        lines += [f"{_cn_number(n)}、{section.area.title}", section.plain, ""]
        for _line, label, figures in section.tables:
            lines.append(f"【{label}】 指标 | {report.year}年 | {report.year - 1}年 | 增减")
            for row in table_rows(figures):
                lines.append(f"  {row[0]} | {fmt_number(row[1])} | {fmt_number(row[2])} | {row[3]}")
            lines.append("")
    return "\n".join(lines)


def _cn_number(n: int) -> str:
    digits = "零一二三四五六七八九十"
    return digits[n] if n <= 10 else f"十{digits[n - 10]}" if n < 20 else str(n)


def as_xlsx(report: AnnualReport) -> bytes:
    """A sheet per line: every figure, this year, last year and the change (cells made formula-safe)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    from fazhi.core.spreadsheets import safe_cell

    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    for line in report.lines:
        ws = wb.create_sheet(_line_label(line)[:31])
        ws.append([safe_cell(f"{report.region.name}{report.year}年{_line_label(line)}主要数据")])
        header = ["指标", "代码", f"{report.year}年", f"{report.year - 1}年", "增减", "增减幅度（%）", "单位"]
        cells = []
        for text in header:
            cell = WriteOnlyCell(ws, value=text)
            cell.font = bold
            cells.append(cell)
        ws.append(cells)
        for f in report.figures(line):
            if not f.listed:
                continue
            if f.items:
                for item, value, prev in f.items:
                    i = _item_figure(f, value, prev)
                    ws.append(
                        [
                            safe_cell(v)
                            for v in (
                                f"{f.label}：{item_label(f, item)}",
                                f"{f.key}.{item}",
                                value,
                                prev,
                                i.diff,
                                i.pct,
                                f.unit,
                            )
                        ]
                    )
            else:
                ws.append(
                    [safe_cell(_cell(v)) for v in (f.full_label, f.key, f.value, f.previous, f.diff, f.pct, f.unit)]
                )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _cell(value: Any) -> Any:
    return float(value) if isinstance(value, Decimal) else value


def as_docx(report: AnnualReport) -> bytes:
    """A Word document in GB/T 9704 layout (A4, 37/28 mm margins, 22 × 28 grid, 仿宋 3号, "— 1 —" page numbers)."""
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    from fazhi.documents import build_templates as gb

    doc = Document()
    gb._setup(doc)
    for p in list(doc.paragraphs):
        p._p.getparent().remove(p._p)
    center = WD_ALIGN_PARAGRAPH.CENTER
    gb._add(doc, report.title, align=center, title=True)
    gb._add(doc, f"（{report.year}年1月1日至{report.year}年12月31日）", align=center)
    gb._add(doc)
    for n, section in enumerate(report.sections(), start=1):
        heading = gb._add(doc, f"{_cn_number(n)}、{section.area.title}", first=2)
        for run in heading.runs:
            gb._set_fonts(run._r.get_or_add_rPr(), "黑体", "黑体")  # GB/T 9704 §7.3.3: 一级标题黑体
        gb._add(doc, section.plain, first=2)
        for _line, label, figures in section.tables:
            gb._add(doc, f"表{n}　{report.region.name}{report.year}年{label}主要数据", align=center)
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
                    gb._no_grid(para)
                    run = para.add_run(str(text))
                    run.font.size = Pt(12)  # 小四 in tables
                    run.bold = r == 0
            gb._add(doc)
    doc.settings.odd_and_even_pages_header_footer = True
    page_section = doc.sections[0]
    gb._page_number(page_section.footer.paragraphs[0], odd=True)
    gb._page_number(page_section.even_page_footer.paragraphs[0], odd=False)
    doc.core_properties.title = report.title
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
