"""The vocabulary a line's `documents.py` declares its official documents in, and the registry of every line's.

A line declares `KINDS: tuple[DocumentKind, ...]` in its own `documents.py`: each kind's key, title, the code it
adds to its number (包复受〔2024〕3号), the line that issues it and the text of its built-in Word template. This
module names no line; `kinds()` collects whatever the installed lines declare, once the apps are ready.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.utils.functional import Promise

from fazhi.core.discovery import line_modules

Label = str | Promise


# ------------------------------------------------------------------------------------------ template text
@dataclass(frozen=True)
class Loop:
    """One numbered paragraph per entry of a list placeholder (docxtpl {%p for %})."""

    name: str


@dataclass(frozen=True)
class Each:
    """One paragraph per element of a jinja for-clause (docxtpl {%p for %}), e.g. "p in parties if …"."""

    clause: str
    text: str


@dataclass(frozen=True)
class If:
    """A paragraph printed only when `condition` holds (docxtpl {%p if %}): no blank line for a missing value."""

    condition: str
    text: str


@dataclass(frozen=True)
class Row:
    """One row of a form table: a label cell and a value cell, at least `lines` lines high (room to write in)."""

    label: str
    value: str = ""
    lines: int = 1


@dataclass(frozen=True)
class Table:
    """A bordered two-column form (登记表) the width of the text block, in the body font."""

    rows: tuple[Row, ...]


Part = str | Loop | Each | If | Table


@dataclass(frozen=True)
class TemplateText:
    """The text of a kind's built-in template: body paragraphs, closing line, signature lines.

    The layout around it (版头, title, 成文日期, page numbers) is the same for every kind (fazhi.documents.layout).
    Body strings are jinja with the placeholders of `fazhi.documents.services.document_context`. An empty
    addressee means a party list instead; None means neither (a form whose table names the parties).
    `recipient` is the flush-left line after the closing 此致 of an application (the court).
    """

    body: tuple[Part, ...]
    addressee: str | None = "{{ applicants }}："
    closing: str = ""
    recipient: str = ""
    signatures: tuple[str, ...] = ()


def jinja_dict(name: str, values: dict[str, str]) -> str:
    """A {% set %} of a dict literal, to print the text of a code the step stores (the render context has codes)."""
    return f"{{% set {name} = {{{', '.join(f'{k!r}: {v!r}' for k, v in values.items())}}} %}}"


# ------------------------------------------------------------------------------------------------- kinds
@dataclass(frozen=True)
class DocumentKind:
    """One kind of document: its key, its title, its number code, the line that issues it and its template text."""

    key: str
    name: Label
    code: str
    line: str
    text: TemplateText


@cache
def kinds() -> tuple[DocumentKind, ...]:
    """Every installed line's `documents.KINDS`, in the order the apps are installed; a key declared twice raises."""
    found: list[DocumentKind] = []
    for module in line_modules("documents"):
        found += getattr(module, "KINDS", ())
    keys = [k.key for k in found]
    if len(keys) != len(set(keys)):
        raise ValueError(f"two document kinds share a key: {sorted(k for k in keys if keys.count(k) > 1)}")
    return tuple(found)


@cache
def _by_key() -> dict[str, DocumentKind]:
    return {k.key: k for k in kinds()}


def kind(key: str) -> DocumentKind:
    """The kind registered under `key`; LookupError for anything else."""
    try:
        return _by_key()[key]
    except KeyError:
        raise LookupError(f"unknown document kind: {key!r}") from None


def kind_choices() -> list[tuple[str, Label]]:
    """(key, name) pairs for model and form fields (a callable `choices`: a new kind needs no migration)."""
    return [(k.key, k.name) for k in kinds()]
