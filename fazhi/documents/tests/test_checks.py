"""The start-up check: a step's document= must be a kind its own line declares, so a typo fails at `manage.py check`."""

from __future__ import annotations

from dataclasses import replace

import pytest

from fazhi.cases.registry import procedures
from fazhi.documents import checks
from fazhi.documents.kinds import DocumentKind, TemplateText


def _with_document(line: str, document: str):
    """Every procedure as installed, with the first document-issuing step of `line` issuing `document` instead."""
    found = dict(procedures())
    proc = found[line]
    i = next(i for i, t in enumerate(proc.transitions) if t.document)
    steps = list(proc.transitions)
    steps[i] = replace(steps[i], document=document)
    found[line] = replace(proc, transitions=tuple(steps))
    return found


def test_the_installed_lines_pass():
    assert checks.check_document_kinds() == []


def test_a_step_naming_an_undeclared_kind_is_an_error(monkeypatch):
    monkeypatch.setattr(checks, "procedures", lambda: _with_document("reconsideration", "decison"))
    errors = checks.check_document_kinds()
    assert [e.id for e in errors] == ["documents.E001"] and "'decison'" in errors[0].msg


def test_a_step_naming_another_lines_kind_is_an_error(monkeypatch):
    monkeypatch.setattr(checks, "procedures", lambda: _with_document("mediation", "legal_aid_grant"))
    assert [e.id for e in checks.check_document_kinds()] == ["documents.E002"]


def test_a_kind_of_an_unregistered_line_is_an_error(monkeypatch):
    stray = DocumentKind("stray_notice", "通知书", "通", "no_such_line", TemplateText(("正文",)))
    monkeypatch.setattr(checks, "kinds", lambda: (stray,))
    monkeypatch.setattr(checks, "procedures", dict)
    assert [e.id for e in checks.check_document_kinds()] == ["documents.E003"]


@pytest.mark.parametrize("line", ["reconsideration", "mediation", "legal_aid"])
def test_each_line_issues_only_its_own_kinds(line):
    from fazhi.documents.kinds import kind

    for t in procedures()[line].transitions:
        if t.document:
            assert kind(t.document).line == line, t.code
