"""Incidental review (附带审查, 行政复议法 arts. 13, 56–60): a reconsideration finds a normative document the applicant
challenged unlawful, and the rule book opens a review task on that document.

The rule book sits below the lines and names none of them. It declares the step it listens for: any line's step
with code `STEP` whose data carries the keys below; reconsideration's procedure declares its step with these names.
The kernel's runner tells the rule book of every step through `fazhi.cases.hooks.after_step`, inside the step's
transaction: the task is written with the step or not at all.

Decisions (statutes.md §1.4):
- Due date: 60 calendar days from the finding (art. 60: a body that receives the matter replies with its handling
  within 60 days; the rule book's custodians are that body for the issuing government's documents). Art. 56's 30
  days bind the reconsideration body's own handling, which the finding itself closes; art. 58's 3 and 10 working
  days are the notice to the issuer and its written reply before the finding, tracked on the case.
  A period ending on a rest day ends on the next working day (art. 88 ¶1).
- Matching: by 文号 (any bracket style) among the normative documents (art. 13 reaches 规范性文件, not 规章 nor
  地方性法规) of the case's region, the regions above it and below it (a county's act may rest on the city's
  document); a finding without a 文号 matches the exact title. When none matches, the finding must not be lost: the
  rule book gets a placeholder entry (status 待评估, the title, 文号 and issuer the step recorded, a note saying so)
  carrying the task, for the legality office to complete or merge; a lawful finding writes nothing. The placeholder
  goes through the registry's one write path (`services.document_register`: its first version, its 文号 stored
  normalised, its terms, the audit history), recorded as taken from another record (`Source.IMPORTED`: a document
  already issued, whose legality is what the review is about, so the registration's review gate is not asked).
- Once per document and case: the finding step is repeatable (a case may challenge several documents), so a finding
  recorded again on a document that already has this case's open review task opens no second task.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from fazhi.core.calendar import work_calendar
from fazhi.core.regions import subtree_prefix
from fazhi.core.workdays import Unit, due_date
from fazhi.rulebook import services
from fazhi.rulebook.choices import DocumentKind, Source, Status, TaskReason
from fazhi.rulebook.models import EvaluationTask, NormativeDocument
from fazhi.rulebook.search import number_variants

STEP = "incidental_review"  # the step code a line declares for its finding
TITLE, NUMBER, ISSUER, FINDING, REASONS = "document_title", "document_number", "document_issuer", "finding", "reasons"
LAWFUL, UNLAWFUL = "lawful", "unlawful"
FINDINGS = {LAWFUL: _l("合法"), UNLAWFUL: _l("不合法")}
BASIS = "行政复议法第十三条、第五十六条至第五十九条"
# the review task's period: 60 calendar days (行政复议法第六十条), see the module's docstring
TASK_PERIOD = (60, Unit.CALENDAR_DAY, "行政复议法第六十条")


def matching_document(region, number: str, title: str = "") -> NormativeDocument | None:
    """The registered normative document with this 文号 in `region`'s line of regions (itself, above, below), newest
    first; without a 文号 (a document cited by name), the one with exactly this title."""
    above: list[str] = []
    node = region
    while node is not None:
        above.append(node.pk)
        node = node.parent
    in_reach = NormativeDocument.objects.filter(
        Q(region_id__in=above) | Q(region__code__startswith=subtree_prefix(region.pk)),
        kind=DocumentKind.NORMATIVE_DOCUMENT,  # art. 13: normative documents, not rules or regulations
    ).order_by("-published_on", "-id")
    if number.strip():
        return in_reach.filter(number__in=number_variants(number)).first()
    title = title.strip().removeprefix("《").removesuffix("》")
    return in_reach.filter(title=title).first() if title else None


def task_due(found_on: date) -> date:
    amount, unit, _basis = TASK_PERIOD
    return due_date(found_on, amount, unit, work_calendar())


def open_review(case, event) -> EvaluationTask | None:
    """after_step listener: an unlawful finding opens an incidental-review task on the document it names."""
    if event.code != STEP or event.data.get(FINDING) != UNLAWFUL:
        return None
    data = event.data
    number = data.get(NUMBER, "")
    document = matching_document(case.region, number, data.get(TITLE, ""))
    placeholder = document is None
    if document is None:
        document = services.document_register(
            actor=event.actor,
            region_id=case.region_id,
            kind=DocumentKind.NORMATIVE_DOCUMENT,  # art. 13 reaches normative documents, not rules
            title=data[TITLE].strip().removeprefix("《").removesuffix("》"),
            number=number,
            issuer=(data.get(ISSUER) or "").strip() or _("（待核实）"),
            status=Status.PENDING_EVALUATION,
            status_changed_on=event.on,
            organisation=case.organisation,
            source=Source.IMPORTED,  # taken from the case's record, see the module's docstring
        )
    else:
        already = document.tasks.filter(
            reason=TaskReason.INCIDENTAL_REVIEW, source_case=case, decided_on__isnull=True
        ).first()
        if already is not None:  # the same finding recorded again: the open task stands
            return already
    note = _("%(case)s附带审查认定该文件不合法（%(basis)s）：%(reasons)s") % {
        "case": case.number,
        "basis": BASIS,
        "reasons": data.get(REASONS, ""),
    }
    if placeholder:
        note += _("规章规范性文件库中未找到该文号的文件，已据复议案件记录登记，请核实补全。")
    return EvaluationTask.objects.create(
        document=document,
        reason=TaskReason.INCIDENTAL_REVIEW,
        opened_on=event.on,
        due_on=task_due(event.on),
        source_case=case,
        note=note,
    )
