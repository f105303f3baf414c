"""Excel import of historical 行政复议 cases: its columns and what a row becomes (docs/import-reconsideration.md).

The reading, checking, report, numbering and all-or-nothing writing are the shared ones of fazhi.cases.imports.
Each row becomes one Case in its final recorded state, with its applicant and respondent, its reconsideration
detail and one `imported` event. Open cases get the clocks the runner would have started for their recorded steps
(收到 and, if accepted, 受理) on their recorded dates; closed cases get none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.models import Organisation
from fazhi.cases.bulk import new_instance
from fazhi.cases.imports import (
    MAX_BYTES,
    WRITE_CHUNK,
    CaseRow,
    Column,
    ImportContext,
    ImportForbidden,
    ImportReport,
    LineImport,
    RowReader,
    choice_map,
)
from fazhi.cases.models import Case, Party
from fazhi.cases.registry import procedure_for
from fazhi.cases.runner import PartyInput
from fazhi.core.lines import Line
from fazhi.reconsideration.choices import ActType, Decision, OrganisationKind, Outcome, ProcedureType
from fazhi.reconsideration.models import ReconsiderationDetail

__all__ = ["MAX_BYTES", "ImportForbidden", "build_case", "import_reconsideration", "validate_workbook", "write_rows"]

LINE = Line.RECONSIDERATION.value

COLUMNS = (
    Column("number", "案号", aliases=("复议案号", "文号")),
    Column("received_on", "收到日期", required=True, aliases=("收到申请日期", "申请日期")),
    Column("applicant", "申请人", required=True, aliases=("申请人姓名", "申请人名称")),
    Column("applicant_kind", "申请人类型"),
    Column(
        "id_code",
        "身份证号 / 统一社会信用代码",
        aliases=("身份证号/统一社会信用代码", "身份证号", "统一社会信用代码", "证件号码"),
    ),
    Column("phone", "联系电话", aliases=("电话",)),
    Column("respondent", "被申请人", required=True),
    Column("act_type", "行政行为类型"),
    Column("act_description", "被申请的行政行为", aliases=("行政行为",)),
    Column("accepted_on", "受理日期"),
    Column("procedure_type", "审理程序"),
    Column("outcome", "结果", aliases=("办理结果", "结案方式")),
    Column("closed_on", "办结日期", aliases=("结案日期",)),
    Column("amount", "涉案金额", aliases=("涉案金额（元）", "涉案金额(元)")),
    Column("region", "行政区划代码", aliases=("区划代码",)),
)

KIND_CHOICES = choice_map(Party.Kind, {"个人": "person", "法人": "organisation", "其他组织": "organisation"})
ACT_CHOICES = choice_map(ActType)
PROCEDURE_CHOICES = choice_map(ProcedureType, {"普通": "ordinary", "简易": "simplified"})
OUTCOME_CHOICES = choice_map(Outcome)
OUTCOME_LABELS = {o.value: str(o.label) for o in Outcome}
DECISIONS = frozenset(d.value for d in Decision)
BEFORE_ACCEPTANCE = frozenset({Outcome.NOT_ACCEPTED.value, Outcome.ABANDONED.value})
_PHONE_RE = re.compile(r"^[0-9+\-()（）\s#转]{3,30}$")


@dataclass(kw_only=True, slots=True)
class ImportRow(CaseRow):
    applicant: str
    applicant_kind: str
    id_number: str
    uscc: str
    phone: str
    respondent: str
    act_type: str
    act_description: str
    procedure_type: str
    amount: Decimal | None


class ReconsiderationImport(LineImport):
    line = LINE
    noun = "历史行政复议案件"
    columns = COLUMNS
    outcome_labels = OUTCOME_LABELS
    kinds = frozenset({OrganisationKind.RECONSIDERATION_OFFICE})
    forbidden_message = "您无权向该机构导入行政复议案件（需为该机构的登记员或科室负责人）。"

    @property
    def write_chunk(self) -> int:  # type: ignore[override]
        return WRITE_CHUNK  # read at each write, so a test may shrink it

    def build_case(self, row: ImportRow, number: str) -> Case:
        return build_case(row, number, row.organisation)  # the module function, so a test may replace it

    def check_row(self, r: RowReader, ctx: ImportContext) -> ImportRow | None:
        number = r.case_number()
        received_on = r.day("received_on", required=True)
        applicant = r.text("applicant", 100, required=True)
        kind = r.choice("applicant_kind", KIND_CHOICES, Party.Kind.PERSON.value)
        code = r.identity("id_code", organisation=kind == Party.Kind.ORGANISATION)
        phone = r.text("phone", 30)
        if phone and not _PHONE_RE.match(phone):
            r.bad("phone", phone, _("联系电话格式不正确。"))
        respondent = r.text("respondent", 100, required=True)
        act_type = r.choice("act_type", ACT_CHOICES, ActType.OTHER.value)
        act_description = r.text("act_description", 300)
        accepted_on = r.day("accepted_on")
        procedure_given = r.peek("procedure_type")
        procedure_type = r.choice("procedure_type", PROCEDURE_CHOICES, ProcedureType.ORDINARY.value)
        outcome = r.choice("outcome", OUTCOME_CHOICES, "")
        closed_on = r.day("closed_on")
        amount = r.amount("amount")
        region = ctx.region(r, "region", ctx.organisation)

        # Consistency between the dates and the result, checked only between cells that are themselves fine.
        flagged = r.flagged()
        outcome_given = r.given("outcome")
        r.not_after("accepted_on", accepted_on, received_on, gettext_lazy("收到日期"))
        if outcome_given:
            r.need("closed_on", bool(closed_on), gettext_lazy("填写了结果的，须填写办结日期。"))
        elif closed_on:
            r.bad("outcome", "", _("填写了办结日期的，须填写结果。"))
        if outcome in BEFORE_ACCEPTANCE:
            label = OUTCOME_LABELS[outcome]
            if accepted_on:
                r.bad("accepted_on", accepted_on, _("结果为“%(o)s”的案件未经受理，不应填写受理日期。") % {"o": label})
            if procedure_given:
                r.bad(
                    "procedure_type", procedure_given, _("结果为“%(o)s”的案件未经受理，不适用审理程序。") % {"o": label}
                )
            r.not_after("closed_on", closed_on, received_on, gettext_lazy("收到日期"))
        elif outcome:
            if not accepted_on and "accepted_on" not in flagged:
                label = OUTCOME_LABELS[outcome]
                r.bad("accepted_on", "", _("结果为“%(o)s”的案件须经受理，请填写受理日期。") % {"o": label})
            r.not_after("closed_on", closed_on, accepted_on, gettext_lazy("受理日期"))
        elif (
            procedure_given
            and not accepted_on
            and not outcome_given
            and not flagged & {"accepted_on", "procedure_type"}
        ):
            r.bad("procedure_type", procedure_given, _("未受理的案件不适用审理程序，请填写受理日期或留空。"))
        ctx.claim_number(r, "number", number, ctx.organisation)

        if not r.ok:
            return None
        assert received_on is not None
        is_org = kind == Party.Kind.ORGANISATION
        return ImportRow(
            row=r.n,
            number=number,
            organisation=ctx.organisation,
            region=region,
            received_on=received_on,
            accepted_on=accepted_on,
            closed_on=closed_on,
            outcome=outcome,
            applicant=applicant,
            applicant_kind=kind,
            id_number="" if is_org else code,
            uscc=code if is_org else "",
            phone=phone,
            respondent=respondent,
            act_type=act_type,
            act_description=act_description,
            procedure_type=procedure_type,
            amount=amount,
        )

    def title(self, row: ImportRow) -> str:
        return f"{row.applicant}不服{row.respondent}{row.act_description}"

    def prepare(self, rows: list[ImportRow]) -> dict[str, Organisation]:
        """Respondent names that match exactly one organisation on record, linked for the per-agency analysis."""
        found: dict[str, list[Organisation]] = {}
        for o in Organisation.objects.filter(name__in={r.respondent for r in rows}):
            found.setdefault(o.name, []).append(o)
        return {name: orgs[0] for name, orgs in found.items() if len(orgs) == 1}

    def detail(self, row: ImportRow, case: Case, agencies: dict[str, Organisation]) -> ReconsiderationDetail:
        return new_instance(
            ReconsiderationDetail,
            case=case,
            respondent_agency=agencies.get(row.respondent),
            act_type=row.act_type,
            act_description=row.act_description,
            amount=row.amount,
            procedure_type=row.procedure_type,
            decision=row.outcome if row.outcome in DECISIONS else "",
        )

    def parties(self, row: ImportRow) -> list[PartyInput]:
        return [
            PartyInput(
                role=Party.Role.APPLICANT,
                kind=row.applicant_kind,
                name=row.applicant,
                id_number=row.id_number,
                uscc=row.uscc,
                phone=row.phone,
            ),
            PartyInput(role=Party.Role.RESPONDENT, kind=Party.Kind.ORGANISATION, name=row.respondent),
        ]

    def replay(self, row: ImportRow) -> list[tuple[str, date]]:
        steps = [(procedure_for(LINE).initial_event, row.received_on)]
        return [*steps, ("accept", row.accepted_on)] if row.accepted_on else steps


IMPORTER = ReconsiderationImport()
can_import = IMPORTER.can_import
importable_organisations = IMPORTER.importable_organisations


def build_case(row: ImportRow, number: str, organisation: Organisation) -> Case:
    """The Case of one row in its final recorded state (unsaved)."""
    return LineImport.build_case(IMPORTER, row, number)


def validate_workbook(
    source: bytes | str | Path | BinaryIO, *, organisation: Organisation, file_name: str = ""
) -> ImportReport:
    """Read and check every row; the report lists every problem, and holds the rows when there are none."""
    return IMPORTER.validate(source, organisation=organisation, file_name=file_name)


def write_rows(report: ImportReport, *, organisation: Organisation, actor) -> int:
    """Write every row of a clean report (checked for `organisation`) in one transaction, or nothing."""
    return IMPORTER.write(report, actor=actor)


def import_reconsideration(
    source: bytes | str | Path | BinaryIO,
    *,
    organisation: Organisation,
    actor,
    file_name: str = "",
    dry_run: bool = False,
) -> ImportReport:
    """Validate the file; when it is clean (and not a dry run) write every row in one transaction."""
    return IMPORTER.run(source, organisation=organisation, actor=actor, file_name=file_name, dry_run=dry_run)
