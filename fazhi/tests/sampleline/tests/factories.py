"""Cases and documents of the test-only line, opened and issued the way every interface does."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from fazhi.accounts.models import Membership
from fazhi.cases.models import Case
from fazhi.cases.runner import case_open
from fazhi.cases.tests.factories import org
from fazhi.documents.models import IssuedDocument
from fazhi.documents.services import document_issue
from fazhi.tests.sampleline.choices import LINE


def hold_line(user, role: str = "handler", organisation: str = "东河区司法局") -> None:
    """`user` holds `role` for the test-only line in `organisation` (added to a membership they already hold)."""
    membership, _ = Membership.objects.get_or_create(
        user=user, organisation=org(organisation), role=role, defaults={"lines": []}
    )
    membership.lines = sorted({*membership.lines, LINE})
    membership.save(update_fields=["lines"])


def open_sample_case(actor, organisation: str = "东河区司法局", received_on: date = date(2024, 5, 6)) -> Case:
    """An application of the test-only line received by `organisation`."""
    return case_open(
        line=LINE, organisation=org(organisation), title="示例许可申请", received_on=received_on, actor=actor
    )


def issue_sample_decision(case: Case) -> IssuedDocument:
    """The line's one document on `case`, numbered in its organisation's series."""
    with transaction.atomic():
        return document_issue(case=case, kind="sample_decision", actor=None, on=case.received_on, data={})
