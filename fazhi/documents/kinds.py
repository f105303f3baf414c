"""The vocabulary a line's `documents.py` declares its official documents in, and the registry of every line's.

A line declares `KINDS: tuple[DocumentKind, ...]` in its own `documents.py`: each kind's key, title, the code it
adds to its number (包复受〔2024〕3号), the line that issues it, the body that issues it (the law's, which may be
above the handling office) and the text of its built-in Word template. This module names no line; `kinds()`
collects whatever the installed lines declare, once the apps are ready. docs/documents.md is the guide.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from django.utils.functional import Promise

from fazhi.core.discovery import line_modules

if TYPE_CHECKING:
    from fazhi.accounts.models import Organisation
    from fazhi.cases.models import Case

Label = str | Promise


# ------------------------------------------------------------------------------------------ template text
@dataclass(frozen=True)
class Loop:
    """One numbered paragraph ("1." "2." …) per entry of a list, or per line of a multi-line field.

    The entries go through the `items` filter (fazhi.documents.services): blank lines are dropped and the numbers
    a clerk typed ("1." "1、" "（1）" "一、") are taken off, so a one-line box never prints "1. 1. …".
    """

    name: str


@dataclass(frozen=True)
class Heading:
    """A level heading on its own line (GB/T 9704 §7.3.3): level 1 "一、" in 黑体, level 2 "（一）" in 楷体.

    `when` (jinja, optional) prints it only when that holds, e.g. the field of the section below is non-empty.
    """

    text: str
    level: int = 1
    when: str = ""


@dataclass(frozen=True)
class Section:
    """A part of the body from one field of the step or case: the facts found, the reasons, the decision…

    The field's text is printed one paragraph per line (a multi-line box gives several paragraphs), the first led
    by `lead` (e.g. "经审理查明："), each ending with a full stop (added when the clerk typed none). When the
    field is empty or missing nothing is printed: no empty heading, no bare lead-in. `heading`, when given, is a
    level-1 heading (黑体) above it, printed only with the text.
    """

    field: str
    lead: str = ""
    heading: str = ""


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


Part = str | Loop | Each | If | Table | Heading | Section


@dataclass(frozen=True)
class TemplateText:
    """The text of a kind's built-in template: body paragraphs, closing line, signature lines.

    The layout around it (版头, title, 成文日期, page numbers) is the same for every kind (fazhi.documents.layout).
    Body strings are jinja with the placeholders of `fazhi.documents.services.document_context`. An empty
    addressee (主送) means a party list instead; None means neither (a form whose table names the parties).
    `recipient` is the flush-left line after the closing 此致 of an application (the court).
    `copy_to` (抄送, jinja) is printed in the 版记 at the foot of the document when it renders non-empty, e.g.
    "{{ respondents }}" or "包头市司法局".
    """

    body: tuple[Part, ...]
    addressee: str | None = "{{ applicants }}："
    closing: str = ""
    recipient: str = ""
    signatures: tuple[str, ...] = ()
    copy_to: str = ""


def jinja_dict(name: str, values: dict[str, str]) -> str:
    """A {% set %} of a dict literal, to print the text of a code the step stores (the render context has codes)."""
    return f"{{% set {name} = {{{', '.join(f'{k!r}: {v!r}' for k, v in values.items())}}} %}}"


# ------------------------------------------------------------------------------------------------- issuers
@dataclass(frozen=True)
class IssuingBody:
    """The 发文机关: its name heads the document (发文机关标志) and signs it; its short name begins the 文号."""

    name: str
    short_name: str


Issuer = Callable[["Case"], IssuingBody]


def _body(organisation: Organisation) -> IssuingBody:
    return IssuingBody(organisation.name, organisation.short_name)


def handling_body(case: Case) -> IssuingBody:
    """The organisation that handles the case issues the document in its own name (the default)."""
    return _body(case.organisation)


def parent_body(case: Case) -> IssuingBody:
    """The body above the handling organisation issues it, e.g. the 司法局 that set up a 法律援助机构 decides an
    objection to it. An organisation without a parent issues in its own name."""
    return _body(case.organisation.parent or case.organisation)


def government_body(case: Case) -> IssuingBody:
    """The people's government of the handling organisation's region (包头市人民政府, short name 包府), for the
    documents a 人民政府 issues through its office, e.g. a 行政复议机关's through its 行政复议机构."""
    organisation = case.organisation
    return IssuingBody(f"{organisation.region.name}人民政府", f"{organisation.short_name}府")


# ------------------------------------------------------------------------------------------------- kinds
@dataclass(frozen=True)
class DocumentKind:
    """One kind of document: its key, its title, its number code, the line that issues it and its template text.

    `issuer` names the body the law names as the one that decides (发文机关: its name heads the document, signs
    it, and its short name begins the 文号); the case's organisation is the 承办 office (named in the 版记) and
    keeps the number register. Keyword-only, so kinds declared positionally keep working.
    """

    key: str
    name: Label
    code: str
    line: str
    text: TemplateText
    issuer: Issuer = field(default=handling_body, kw_only=True)
    # The 承办 body named in the 版记: the case's organisation by default; the body that acts in the step when a
    # supervisory body both decides and handles it (an objection the 司法局 examines itself: `parent_body`).
    handled_by: Issuer = field(default=handling_body, kw_only=True)
    # False for a document that is not the office's own but the parties' (an application to a court the office
    # prepares for them): no 版头 (issuer, 文号, red rule), no seal and no 署名 of the office, no 版记; the parties
    # sign (`TemplateText.signatures`) and date it. It is still kept in the case's register of documents.
    own: bool = field(default=True, kw_only=True)
    # The line's own placeholders (the act contested, the facts the case records…): doc -> dict, added to the
    # kernel's context without replacing any key of it or of the step's data (fazhi.documents.services).
    context: Callable[..., dict[str, object]] | None = field(default=None, kw_only=True)


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
