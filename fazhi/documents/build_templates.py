"""The built-in Word template of each document kind: its line's text (`documents.py`) on the GB/T 9704 page.

A kind's default template is built from its `TemplateText` the first time it is needed and kept for the
process, so a new line's kinds have templates without any file here. `manage.py build_templates <dir>` writes
them out, for an administrator to start a replacement from in Word or WPS.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH

from fazhi.documents import layout
from fazhi.documents.kinds import DocumentKind, Each, Heading, If, Loop, Part, Section, Table, kind, kinds


def build(document_kind: DocumentKind) -> DocxDocument:
    """One template: 版头 (issuing body, number, red rule), title, 主送 or parties, body, 署名 and 成文日期 with
    room for the seal, and the 版记 (抄送, 承办 office, 印发日期)."""
    text = document_kind.text
    doc = Document()
    layout.setup(doc)
    body = doc.paragraphs[0]._p if doc.paragraphs else None
    if body is not None:
        body.getparent().remove(body)
    center = WD_ALIGN_PARAGRAPH.CENTER
    add = layout.add
    if document_kind.own:
        add(doc, "{{ organisation }}", align=center, title=True, red=True)  # 发文机关标志 (§7.2.3)
        add(doc)
        layout.red_rule(add(doc, "{{ number }}", align=center))  # 发文字号 and the red rule (§7.2.4, §7.2.6)
        add(doc)
        add(doc)  # the title two lines below the rule (§7.3.1)
    add(doc, "{{ title }}", align=center, title=True)
    add(doc)
    if text.addressee:
        add(doc, text.addressee, align=WD_ALIGN_PARAGRAPH.LEFT)
    elif text.addressee is not None:
        add(doc, "{%p for p in parties %}")
        add(doc, "{{ p.role }}：{{ p.name }}", first=2)
        add(doc, "{%p endfor %}")
    for part in text.body:
        _body_part(doc, part)
    last = None
    ending = []  # closing, recipient and signatures: on the parties' document kept on the page of the date
    if text.closing:
        last = add(doc, text.closing, first=2)
        ending.append(last)
    if text.recipient:
        last = add(doc, text.recipient, align=WD_ALIGN_PARAGRAPH.LEFT)
        ending.append(last)
    for line in text.signatures:
        ending.append(add(doc))
        last = add(doc, line, first=2)
        ending.append(last)
    if last is not None:
        layout.keep_with_next(last)
    if not document_kind.own:
        # The parties' document: they sign above (signatures) and date it by hand; no seal, 署名 or 版记 of ours.
        # 此致, the court, the signatures and the date stay together: never a page of signatures alone.
        for paragraph in ending:
            layout.keep_with_next(paragraph)
        layout.keep_with_next(add(doc))
        layout.signature_line(doc, "年　　月　　日")
        layout.page_numbers(doc)
        doc.core_properties.title = document_kind.key
        return doc
    # Two empty lines give the seal its place: its top within a line of the text, 署名 and 成文日期 in its lower
    # half (§7.3.5.1); everything from here to the date is kept on one page.
    for _ in range(2):
        layout.keep_with_next(add(doc))
    layout.keep_with_next(layout.signature_line(doc, "{{ organisation }}"))
    layout.signature_line(doc, "{{ issued_on }}")
    _imprint(doc)
    layout.page_numbers(doc)
    doc.core_properties.title = document_kind.key
    return doc


def _body_part(doc: DocxDocument, part: Part) -> None:
    add = layout.add
    if isinstance(part, Loop):
        add(doc, f"{{%p for item in {part.name}|items %}}")
        add(doc, "{{ loop.index }}. {{ item }}", first=2)
        add(doc, "{%p endfor %}")
    elif isinstance(part, Each):
        add(doc, f"{{%p for {part.clause} %}}")
        add(doc, part.text, first=2)
        add(doc, "{%p endfor %}")
    elif isinstance(part, If):
        add(doc, f"{{%p if {part.condition} %}}")
        add(doc, part.text, first=2)
        add(doc, "{%p endif %}")
    elif isinstance(part, Heading):
        if part.when:
            add(doc, f"{{%p if {part.when} %}}")
        layout.heading(doc, part.text, part.level)
        if part.when:
            add(doc, "{%p endif %}")
    elif isinstance(part, Section):
        paragraphs = f"{part.field}|sentences"
        if part.heading:
            add(doc, f"{{%p if {paragraphs} %}}")
            layout.heading(doc, part.heading, 1)
            add(doc, "{%p endif %}")
        add(doc, f"{{%p for para in {paragraphs} %}}")
        lead = f"{{% if loop.first %}}{part.lead}{{% endif %}}" if part.lead else ""
        add(doc, f"{lead}{{{{ para }}}}", first=2)
        add(doc, "{%p endfor %}")
    elif isinstance(part, Table):
        layout.form_table(doc, part.rows)
    else:
        add(doc, part, first=2)


def _imprint(doc: DocxDocument) -> None:
    """The 版记 (§7.4): 抄送 when there is one, then the 承办 office and the date, between black rules."""
    add = layout.add
    add(doc)
    add(doc, "{%p if copy_to %}")
    layout.keep_with_next(layout.imprint_line(doc, "抄送：{{ copy_to }}。", top=8))  # the 版记 is never split
    layout.imprint_line(doc, "承办单位：{{ handling_office }}", "{{ issued_on }}印发", top=6, bottom=8)
    add(doc, "{%p else %}")
    layout.imprint_line(doc, "承办单位：{{ handling_office }}", "{{ issued_on }}印发", top=8, bottom=8)
    add(doc, "{%p endif %}")


@cache
def default_template(key: str) -> bytes:
    """The built-in .docx of the kind registered under `key` (LookupError for an unknown kind)."""
    out = io.BytesIO()
    build(kind(key)).save(out)
    return out.getvalue()


def write_templates(out: Path) -> list[Path]:
    """Write every registered kind's built-in template to `out` as <key>.docx; return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for k in kinds():
        path = out / f"{k.key}.docx"
        path.write_bytes(default_template(k.key))
        paths.append(path)
    return paths
