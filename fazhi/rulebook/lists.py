"""The lists a completed cleanup publishes (继续有效目录, 废止目录, 失效目录) as a Word document in GB/T 9704 layout
and as an Excel workbook, one sheet per list.

A document to be amended (修改) stays in force, so it is on the 继续有效 list with the remark 拟修改 and who amends
it by when: a document not on that list may no longer be applied (statutes.md §5.1, a typical local rule).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.documents.services import chinese_date
from fazhi.rulebook.choices import CleanupResult
from fazhi.rulebook.models import CleanupCampaign, CleanupItem


@dataclass(frozen=True)
class PublishedList:
    key: str
    title: str
    items: list[CleanupItem]


def published_lists(campaign: CleanupCampaign) -> list[PublishedList]:
    """The three lists, each in the order the documents were added."""
    items = list(campaign.items.select_related("document").order_by("id"))

    def of(*results: str) -> list[CleanupItem]:
        return [i for i in items if i.result in results]

    return [
        PublishedList("valid", _("继续有效的文件目录"), of(CleanupResult.REMAIN_VALID, CleanupResult.AMEND)),
        PublishedList("repealed", _("决定废止的文件目录"), of(CleanupResult.REPEAL)),
        PublishedList("invalid", _("宣布失效的文件目录"), of(CleanupResult.DECLARE_INVALID)),
    ]


def remark(item: CleanupItem) -> str:
    """The 备注 column: the amendment to be made (拟修改, by whom and when), or the reasons of a repeal or a
    declaration of invalidity."""
    if item.result == CleanupResult.AMEND:
        due = chinese_date(item.due_on) if item.due_on else ""
        who = "，".join(x for x in (item.owner, _("%(on)s前完成") % {"on": due} if due else "") if x)
        return _("拟修改") + (f"（{who}）" if who else "") + (f"：{item.reasons}" if item.reasons else "")
    return item.reasons


HEADER = (
    gettext_lazy("序号"),
    gettext_lazy("文件名称"),
    gettext_lazy("文号"),
    gettext_lazy("制定机关"),
    gettext_lazy("公布日期"),
    gettext_lazy("备注"),
)


def rows(listed: PublishedList) -> list[tuple[str, ...]]:
    return [
        (
            str(n),
            f"《{i.document.title}》",
            i.document.number,
            i.document.issuer,
            i.document.published_on.isoformat() if i.document.published_on else "",
            remark(i),
        )
        for n, i in enumerate(listed.items, start=1)
    ]


def title_of(campaign: CleanupCampaign) -> str:
    return _("%(title)s结果目录") % {"title": campaign.title}


def lists_xlsx(campaign: CleanupCampaign) -> bytes:
    """One sheet per list, a header row in bold, every cell made formula-safe; in Chinese whatever the reader's
    interface language (a published list is an official document)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _lists_xlsx(campaign)


def _lists_xlsx(campaign: CleanupCampaign) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    from fazhi.core.spreadsheets import safe_cell

    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    for listed in published_lists(campaign):
        ws = wb.create_sheet(listed.title[:31])
        ws.append([safe_cell(f"{title_of(campaign)}：{listed.title}")])
        header = []
        for text in HEADER:
            cell = WriteOnlyCell(ws, value=str(text))
            cell.font = bold
            header.append(cell)
        ws.append(header)
        for row in rows(listed):
            ws.append([safe_cell(v) for v in row])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def lists_docx(campaign: CleanupCampaign) -> bytes:
    """The lists as an attachment in GB/T 9704 layout: the title in 2号小标宋, each list under a 黑体 heading with its
    count, a table in 小四 (序号, 文件名称, 文号, 制定机关, 公布日期, 备注), the organiser and date at the foot; in
    Chinese whatever the reader's interface language."""
    with translation.override(settings.LANGUAGE_CODE):
        return _lists_docx(campaign)


def _lists_docx(campaign: CleanupCampaign) -> bytes:
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    from fazhi.documents import layout
    from fazhi.indicators.renderers import cn_number

    doc = Document()
    layout.setup(doc)
    for p in list(doc.paragraphs):
        p._p.getparent().remove(p._p)
    center = WD_ALIGN_PARAGRAPH.CENTER
    layout.add(doc, title_of(campaign), align=center, title=True)
    layout.add(doc)
    counts = {lst.key: len(lst.items) for lst in published_lists(campaign)}
    layout.add(
        doc,
        _(
            "%(org)s于%(start)s开展%(title)s（清理主题：%(topic)s），共清理文件%(total)s件，其中继续有效%(valid)s件"
            "（含拟修改%(amend)s件），废止%(repealed)s件，宣布失效%(invalid)s件。未列入继续有效目录的文件，"
            "不再作为行政管理的依据。"
        )
        % {
            "org": campaign.organisation.name,
            "start": chinese_date(campaign.started_on),
            "title": campaign.title,
            "topic": campaign.topic,
            "total": sum(counts.values()),
            "valid": counts["valid"],
            "amend": campaign.items.filter(result=CleanupResult.AMEND).count(),
            "repealed": counts["repealed"],
            "invalid": counts["invalid"],
        },
        first=2,
    )
    widths = (Mm(12), Mm(48), Mm(28), Mm(26), Mm(20), Mm(22))
    for n, listed in enumerate(published_lists(campaign), start=1):
        layout.heading(doc, f"{cn_number(n)}、{listed.title}（{len(listed.items)}件）")
        body = rows(listed)
        if not body:
            layout.add(doc, _("无。"), first=2)
            continue
        table = doc.add_table(rows=len(body) + 1, cols=len(HEADER))
        table.style = doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for r, values in enumerate([tuple(str(h) for h in HEADER), *body]):
            for c, (cell, text) in enumerate(zip(table.rows[r].cells, values, strict=True)):
                cell.width = widths[c]
                para = cell.paragraphs[0]
                para.alignment = WD_ALIGN_PARAGRAPH.LEFT if c in (1, 5) and r else center
                para.paragraph_format.line_spacing = Pt(20)
                layout.no_grid(para)
                run = para.add_run(text)
                run.font.size = Pt(12)  # 小四 in tables
                run.bold = r == 0
        layout.add(doc)
    layout.add(doc)
    layout.keep_with_next(layout.signature_line(doc, campaign.organisation.name))
    layout.signature_line(doc, chinese_date(campaign.closed_on or campaign.started_on))
    layout.page_numbers(doc)
    doc.core_properties.title = title_of(campaign)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
