"""Start-up checks: every document a procedure's step issues is a kind its own line declares (a typo fails early)."""

from __future__ import annotations

from typing import Any

from django.core import checks

from fazhi.cases.registry import procedures
from fazhi.core.lines import line_keys
from fazhi.documents.kinds import kinds


def check_document_kinds(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """E001: a step names an undeclared kind; E002: a kind of another line; E003: a kind of no registered line."""
    declared = {k.key: k for k in kinds()}
    lines = set(line_keys())
    errors: list[checks.CheckMessage] = []
    for k in declared.values():
        if k.line not in lines:
            errors.append(
                checks.Error(
                    f"document kind {k.key!r} belongs to {k.line!r}, which no installed app registers as a line",
                    id="documents.E003",
                )
            )
    for line, procedure in sorted(procedures().items()):
        for t in procedure.transitions:
            if not t.document:
                continue
            found = declared.get(t.document)
            if found is None:
                errors.append(
                    checks.Error(
                        f"{line}.{t.code} issues {t.document!r}, which no line's documents.KINDS declares",
                        hint=f"declare it in the {line} app's documents.py, or correct the transition's document=",
                        id="documents.E001",
                    )
                )
            elif found.line != line:
                errors.append(
                    checks.Error(
                        f"{line}.{t.code} issues {t.document!r}, a document of the {found.line} line",
                        id="documents.E002",
                    )
                )
    return errors
