"""The code-leak scan: what a reader of a Chinese page, export or document sees must hold no enum code or English word.

`find_leaks(text)` returns the leaks in a text: every declared code (model choice values, each line's states, steps,
outcomes, step choices, clocks, roles, organisation kinds, indicator keys — `enum_codes()`), and every other word in
Latin letters outside `ALLOWED` (file formats, units, standard abbreviations a clerk reads as they are). The helpers
turn what the tests render into the text a reader sees: an HTML page's text and readable attributes (`page_text`),
every cell of a workbook (`workbook_text`), every paragraph, table, header and footer of a Word file (`docx_text`).

Hand-written, because no library knows this project's codes; the HTML and Office parsing is the standard library's,
openpyxl's and python-docx's.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from importlib import import_module
from typing import Any

from django.apps import apps
from django.db import models

# Latin-letter words a Chinese page may show as they are: file formats and programs a clerk uses, units, the
# standards and abbreviations the platform's texts cite, the language switch's own name for English.
ALLOWED = frozenset(
    {
        "pdf", "jpg", "png", "docx", "xlsx", "xls", "csv", "html", "xml", "excel", "word", "wps", "office",
        "mb", "kb", "gb", "ip", "id", "totp", "sha", "cookie", "yyyy", "mm", "dd", "http", "https",
        "english", "api", "url",
    }
)  # fmt: skip
WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*(?:-[A-Za-z][A-Za-z0-9_]*)*")


@dataclass(frozen=True)
class Leak:
    word: str
    kind: str  # "code": a declared enum code; "english": another Latin-letter word
    context: str  # the text around it, to find it

    def __str__(self) -> str:
        return f"{self.word!r} ({'代码' if self.kind == 'code' else '英文'}) in …{self.context}…"


def _choice_values(choices: Any) -> Iterator[str]:
    if callable(choices):
        choices = choices()
    for item in choices or ():
        value, label = item
        if isinstance(label, (list, tuple)):  # an optgroup
            yield from _choice_values(label)
        elif isinstance(value, str):
            yield value


@cache
def enum_codes() -> frozenset[str]:
    """Every code the platform declares: stored values a reader must see as their labels, never as themselves."""
    codes: set[str] = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            choices = getattr(field, "choices", None)
            if choices:
                codes.update(_choice_values(choices))
    from fazhi.cases.registry import procedures
    from fazhi.core.lines import registered

    for procedure in procedures().values():
        codes.update(procedure.states)
        codes.update(procedure.roles)
        codes.update(clock.key for clock in procedure.clocks)
        for transition in procedure.transitions:
            codes.add(transition.code)
            if transition.outcome:
                codes.add(transition.outcome)
            for allowed in transition.choices.values():
                codes.update(allowed)
    for line in registered():
        codes.add(line.spec.key)
        codes.update(line.spec.roles)
        codes.update(line.spec.organisation_kinds)
        try:
            choices_module = import_module(f"{line.app_name}.choices")
        except ModuleNotFoundError:
            continue
        for value in vars(choices_module).values():
            if isinstance(value, type) and issubclass(value, models.Choices) and value is not models.Choices:
                codes.update(v for v in value.values if isinstance(v, str))
    from fazhi.indicators.registry import registry

    for line_indicators in registry().values():
        codes.update(indicator.key for indicator in line_indicators.indicators)
        codes.update(line_indicators.outcome_sets)
    # A code that is an ordinary word is still a code (revoked, success, labour); an empty or non-word one is not.
    return frozenset(c for c in codes if c and WORD.fullmatch(c))


def find_leaks(text: str, *, allow: Iterable[str] = ()) -> list[Leak]:
    """The codes and English words in `text` (each word once), except one-letter words and `ALLOWED` + `allow`."""
    allowed = ALLOWED | {a.lower() for a in allow}
    codes = enum_codes()
    found: dict[str, Leak] = {}
    for match in WORD.finditer(text):
        word = match.group()
        if word in found or len(word) < 2 or word.lower() in allowed:
            continue
        start, end = max(0, match.start() - 20), match.end() + 20
        context = " ".join(text[start:end].split())
        found[word] = Leak(word, "code" if word in codes else "english", context)
    return list(found.values())


class _Text(HTMLParser):
    """The text a reader of a page sees or hears: text nodes and the attributes read aloud or shown.

    `<code>` is skipped: it marks an identifier shown on purpose for the technically minded (the deadline calculator's
    rule keys, which the API takes), never a label; a template that puts a label in `<code>` is wrong anyway.
    """

    SKIP = {"script", "style", "template", "noscript", "code"}
    READ_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        attributes = dict(attrs)
        for name in self.READ_ATTRIBUTES:
            if attributes.get(name):
                self.parts.append(attributes[name] or "")
        if tag == "input" and attributes.get("type") in {"submit", "button"} and attributes.get("value"):
            self.parts.append(attributes["value"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self.skipping and data.strip():
            self.parts.append(data.strip())


def page_text(html: str | bytes) -> str:
    parser = _Text()
    parser.feed(html.decode() if isinstance(html, bytes) else html)
    parser.close()
    return "\n".join(parser.parts)


def workbook_text(content: bytes) -> str:
    """Every sheet name and every cell's value of an .xlsx file."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    parts: list[str] = []
    for sheet in workbook.worksheets:
        parts.append(sheet.title)
        for row in sheet.iter_rows(values_only=True):
            parts.extend(str(value) for value in row if value not in (None, ""))
    workbook.close()
    return "\n".join(parts)


def docx_text(content: bytes) -> str:
    """Every paragraph, table cell, header and footer of a Word file."""
    from docx import Document

    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_header, section.first_page_footer):
            parts.extend(p.text for p in part.paragraphs)
    return "\n".join(p for p in parts if p.strip())


def leaks_in_page(html: str | bytes, *, allow: Iterable[str] = ()) -> list[Leak]:
    return find_leaks(page_text(html), allow=allow)


def report(found: dict[str, list[Leak]]) -> str:
    """A readable failure message: where, then what."""
    return "\n".join(f"{where}:\n  " + "\n  ".join(map(str, leaks)) for where, leaks in found.items() if leaks)
