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
from fazhi.documents.kinds import DocumentKind, Each, If, Loop, Table, kind, kinds


def build(document_kind: DocumentKind) -> DocxDocument:
    """One template: 版头 (organisation, number, red rule), title, addressee or parties, body, signature."""
    text = document_kind.text
    doc = Document()
    layout.setup(doc)
    body = doc.paragraphs[0]._p if doc.paragraphs else None
    if body is not None:
        body.getparent().remove(body)
    center = WD_ALIGN_PARAGRAPH.CENTER
    add = layout.add
    add(doc, "{{ organisation }}", align=center, title=True, red=True)
    add(doc)
    layout.red_rule(add(doc, "{{ number }}", align=center))
    add(doc)
    add(doc, "{{ title }}", align=center, title=True)
    add(doc)
    if text.addressee:
        add(doc, text.addressee, align=WD_ALIGN_PARAGRAPH.LEFT)
    elif text.addressee is not None:
        add(doc, "{%p for p in parties %}")
        add(doc, "{{ p.role }}：{{ p.name }}", first=2)
        add(doc, "{%p endfor %}")
    for part in text.body:
        if isinstance(part, Loop):
            add(doc, f"{{%p for item in {part.name} %}}")
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
        elif isinstance(part, Table):
            layout.form_table(doc, part.rows)
        else:
            add(doc, part, first=2)
    if text.closing:
        add(doc, text.closing, first=2)
    if text.recipient:
        add(doc, text.recipient, align=WD_ALIGN_PARAGRAPH.LEFT)
    add(doc)
    for line in text.signatures:
        add(doc, line, first=2)
    if text.signatures:
        add(doc)
    right = WD_ALIGN_PARAGRAPH.RIGHT
    add(doc, "{{ organisation }}", align=right, right=2)
    add(doc, "{{ issued_on }}", align=right, right=4)
    layout.page_numbers(doc)
    doc.core_properties.title = document_kind.key
    return doc


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
