"""Shared helpers of the documents tests: a case with an issued document, and the text of a .docx."""

from __future__ import annotations

import io
import zipfile
from datetime import date

from django.db import transaction
from docx import Document

from fazhi.cases.models import Case
from fazhi.cases.runner import PartyInput
from fazhi.cases.tests.factories import open_reconsideration, org
from fazhi.documents.models import IssuedDocument
from fazhi.documents.services import document_issue


def accepted_case(actor) -> Case:
    """A reconsideration case received on 30 Sep 2024 and accepted on 8 Oct 2024."""
    case = open_reconsideration(actor)
    Case.objects.filter(pk=case.pk).update(state="accepted", accepted_on=date(2024, 10, 8))
    case.refresh_from_db()
    return case


def legal_aid_case(actor, organisation: str = "东河区司法局") -> Case:
    """A labour-pay application registered through the legal-aid service, as the intake form does."""
    from fazhi.legal_aid.services import AidApplication, aid_application_register

    application = AidApplication(
        applicant=PartyInput(role="applicant", name="孙七"),
        summary="追索劳动报酬",
        received_on=date(2024, 5, 6),
        verification="integrity_undertaking",
        case_category="civil",
        matter="labour",
    )
    return aid_application_register(organisation=org(organisation), application=application, actor=actor)


def issue(case: Case, kind: str = "acceptance_notice", on: date = date(2024, 10, 8), **data) -> IssuedDocument:
    with transaction.atomic():
        return document_issue(case=case, kind=kind, actor=None, on=on, data=data)


def docx_text(content: bytes) -> str:
    """All paragraph text of the body, its tables (a row a line, cells joined by |) and footers, a paragraph a line."""
    doc = Document(io.BytesIO(content))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        lines += ["|".join(cell.text for cell in row.cells) for row in table.rows]
    for section in doc.sections:
        lines += [p.text for p in section.footer.paragraphs]
    return "\n".join(lines)


def docx_xml(content: bytes) -> str:
    """Every XML part of the package, concatenated: what a recipient could dig out of the file."""
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        return "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))
