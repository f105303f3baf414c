"""Reporting decisions (报送免罚轻罚决定): every row checked, then all written or none; a row sent again is counted.

One path for the Excel upload, the API and the management of the list: `decisions_report` takes the rows as cells
(an uploaded sheet's, or an API call's JSON objects), checks each through the kernel importer's `RowReader` (the same
cell rules and Chinese messages as every import), compares them with the decisions on record, and writes the new ones
in one transaction: COPY on PostgreSQL, one prepared INSERT for many rows on SQLite (`fazhi.cases.bulk`).

- A decision is known by its agency and its 文书号 (`number`, brackets normalised as every 文号): a row whose
  decision is on record with the same values is "已存在" and not added again; with other values it is a problem
  (a correction is the supervision body's, not a re-send).
- Any problem in any row: nothing is written, and every problem is listed with its row number.
- Flags (存疑), set on the decisions written: decided outside the entry's effective dates; the entry's 领域 is not one
  of the agency's fields (`AgencyDomain`; an agency with none recorded is not flagged).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.models import Organisation
from fazhi.cases import bulk
from fazhi.cases.imports import Column, ImportReport, RowReader, choice_map
from fazhi.cases.imports.reading import norm_header, normalise_number
from fazhi.lenient import access
from fazhi.lenient.choices import AGENCY_KIND, PartyKind
from fazhi.lenient.models import AgencyDomain, Decision, ListEntry, Report

COLUMNS = (
    Column("agency", "执法机关", aliases=("执法部门", "实施机关", "作出决定机关")),
    Column("number", "决定书文号", required=True, aliases=("文书号", "决定文号", "文号")),
    Column("decided_on", "决定日期", required=True, aliases=("作出决定日期",)),
    Column("entry", "清单事项编号", required=True, aliases=("事项编号", "清单编号")),
    Column("party_kind", "当事人类型", required=True),
    Column("amount", "免罚或减罚金额（元）", required=True, aliases=("免罚或减罚金额", "免罚减罚金额", "金额")),
)
HEADERS = {c.key: c.header for c in COLUMNS}
LOOKUP = {norm_header(name): c.key for c in COLUMNS for name in (c.header, *c.aliases)}
PARTY_KINDS = choice_map(
    PartyKind, {"单位": PartyKind.ENTERPRISE, "法人": PartyKind.ENTERPRISE, "自然人": PartyKind.PERSON}
)
# a 文书号 as it is kept already (no space, brackets 〔〕 or none): normalise_number would return it unchanged
_NORMAL_NUMBER = re.compile(r"[^\s\[［【(（﹝\]］】)）﹞]+")
EXISTING_CHUNK = 2_000  # numbers per query when looking for decisions on record
WRITE_CHUNK = 20_000  # rows per COPY / executemany


class ReportForbidden(Exception):
    """The user reports for no agency."""


@dataclass(slots=True)
class Row:
    n: int
    agency: Organisation
    number: str
    decided_on: date
    entry: ListEntry
    party_kind: str
    amount: Decimal
    present: bool = False  # on record with the same values: 已存在
    flags: tuple[str, ...] = ()


@dataclass
class Outcome:
    """What a batch found and did: the problems (the kernel's report), the rows, and the `Report` written."""

    problems: ImportReport
    rows: list[Row] = field(default_factory=list)
    record: Report | None = None
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return self.problems.ok

    @property
    def added(self) -> int:
        return sum(1 for r in self.rows if not r.present) if self.ok else 0

    @property
    def already_present(self) -> int:
        return sum(1 for r in self.rows if r.present)

    @property
    def flagged(self) -> int:
        return sum(1 for r in self.rows if r.flags and not r.present)

    def summary(self) -> str:
        if not self.ok:
            return self.problems.summary()
        counts = {"n": len(self.rows), "added": self.added, "present": self.already_present, "flagged": self.flagged}
        if self.dry_run:
            return (
                _("检查通过：共%(n)s行，可新增%(added)s件，已存在%(present)s件，存疑%(flagged)s件。未写入数据。")
                % counts
            )
        return _("已报送%(n)s行：新增%(added)s件，已存在%(present)s件，存疑%(flagged)s件。") % counts


class Context:
    """What rows are checked against: the user's agencies, the list entries, the agencies' fields."""

    def __init__(self, actor) -> None:
        agencies = list(access.reporting_agencies(actor))
        if not agencies:
            raise ReportForbidden
        self.actor = actor
        self.by_name = {a.name: a for a in agencies}
        self.by_id = {str(a.pk): a for a in agencies}
        self.default = agencies[0] if len(agencies) == 1 else None
        self.entries = {e.code: e for e in ListEntry.objects.select_related("region")}
        self.applies: dict[tuple[int, str], bool] = {}  # (agency, entry code) → the entry applies in its region
        self.domains: dict[int, set[str]] = {}
        for agency_id, domain in AgencyDomain.objects.filter(agency__in=agencies).values_list("agency_id", "domain"):
            self.domains.setdefault(agency_id, set()).add(domain)
        self.seen: dict[tuple[int, str], int] = {}

    def agency(self, reader: RowReader) -> Organisation | None:
        raw = reader.raw_text("agency") if "agency" in reader.headers else ""
        if not raw:
            if self.default is None:
                reader.bad("agency", "", _("请填写执法机关（您可为多个执法机关报送）。"))
            return self.default
        found = self.by_name.get(raw) or self.by_id.get(raw)
        if found is None:
            by_id = raw.isdigit() and Organisation.objects.filter(pk=int(raw), kind=AGENCY_KIND).exists()
            if by_id or Organisation.objects.filter(name=raw).exists():
                reader.bad("agency", raw, _("您无权报送该执法机关的决定。"))
            else:
                reader.bad("agency", raw, _("未找到该执法机关，请填写机关全称。"))
        return found

    def entry(self, reader: RowReader, agency: Organisation | None) -> ListEntry | None:
        code = reader.text("entry", 40, required=True)
        if not code:
            return None
        entry = self.entries.get(code)
        if entry is None:
            reader.bad("entry", code, _("未找到该清单事项编号，请核对免罚轻罚清单。"))
        elif agency is not None:
            applies = self.applies.get((agency.pk, code))
            if applies is None:
                applies = self.applies[(agency.pk, code)] = agency.region_id.startswith(entry.region.prefix)
            if not applies:
                reader.bad("entry", code, _("该清单事项不适用于本执法机关所在地区。"))
        return entry

    def flags(self, row: Row) -> tuple[str, ...]:
        found = []
        if not row.entry.in_force_on(row.decided_on):
            found.append("out_of_dates")
        domains = self.domains.get(row.agency.pk)
        if domains and row.entry.domain not in domains:
            found.append("other_domain")
        return tuple(found)


def check_row(ctx: Context, reader: RowReader) -> Row | None:
    """One row's cells: each read with its problems reported against the row, column and value."""
    agency = ctx.agency(reader)
    raw_number = reader.text("number", 60, required=True)
    number = raw_number if _NORMAL_NUMBER.fullmatch(raw_number) else normalise_number(raw_number)
    decided_on = reader.day("decided_on", required=True)
    entry = ctx.entry(reader, agency)
    party_kind = reader.choice("party_kind", PARTY_KINDS, "")
    if not party_kind and "party_kind" not in reader.flagged():
        reader.bad("party_kind", "", _("当事人类型不能为空。可填：企业／个人"))
    amount = reader.amount("amount")
    if amount is None and "amount" not in reader.flagged():
        reader.bad("amount", "", _("免罚或减罚金额不能为空（不予处罚的，填写依法本应处罚的金额；没有的填0）。"))
    if agency is not None and number:
        first = ctx.seen.get((agency.pk, number))
        if first is not None:
            reader.bad("number", raw_number, _("与第%(row)s行决定书文号重复。") % {"row": first})
        else:
            ctx.seen[(agency.pk, number)] = reader.n
    if not reader.ok or agency is None or entry is None or decided_on is None or amount is None:
        return None
    row = Row(reader.n, agency, number, decided_on, entry, party_kind, amount)
    row.flags = ctx.flags(row)
    return row


def _compare_with_record(rows: list[Row], problems: ImportReport) -> None:
    """Mark rows on record with the same values as present; report those on record with other values."""
    by_agency: dict[int, dict[str, Row]] = {}
    for row in rows:
        by_agency.setdefault(row.agency.pk, {})[row.number] = row
    for agency_id, numbered in by_agency.items():
        numbers = list(numbered)
        for i in range(0, len(numbers), EXISTING_CHUNK):
            found = Decision.objects.filter(agency_id=agency_id, number__in=numbers[i : i + EXISTING_CHUNK])
            for number, decided_on, entry_id, party_kind, amount in found.values_list(
                "number", "decided_on", "entry_id", "party_kind", "amount"
            ):
                row = numbered[number]
                if (decided_on, entry_id, party_kind, amount) == (
                    row.decided_on,
                    row.entry.pk,
                    row.party_kind,
                    row.amount,
                ):
                    row.present = True
                else:
                    problems.add(
                        row.n,
                        HEADERS["number"],
                        number,
                        _(
                            "本机关已报送该文号的决定，但内容不同（决定日期、清单事项、当事人类型或金额）；如需更正，请联系行政执法监督机构。"
                        ),
                    )
    if problems.errors:
        problems.errors.sort(key=lambda e: (e.row is not None, e.row or 0))


def check(
    cells: Iterable[tuple[int, dict[str, Any]]], *, ctx: Context, headers: dict[str, str], epoch, problems: ImportReport
) -> list[Row]:
    """Every row checked (cells: (row number, {column key: value})); the rows that passed."""
    today = timezone.localdate()
    rows: list[Row] = []
    for n, row_cells in cells:
        reader = RowReader(n, row_cells, headers, epoch, today, problems)
        row = check_row(ctx, reader)
        if row is not None:
            rows.append(row)
    if rows:
        _compare_with_record(rows, problems)
    return rows


def decisions_report(
    cells: Iterable[tuple[int, dict[str, Any]]],
    *,
    actor,
    channel: str,
    headers: dict[str, str] | None = None,
    epoch=None,
    file_name: str = "",
    problems: ImportReport | None = None,
    dry_run: bool = False,
) -> Outcome:
    """Check every row, then write the new decisions and the batch's `Report` in one transaction, or nothing.

    Raises `ReportForbidden` when the actor reports for no agency.
    """
    from openpyxl.utils.datetime import CALENDAR_WINDOWS_1900

    problems = problems or ImportReport(file_name=file_name, noun=_("免罚轻罚决定"))
    ctx = Context(actor)
    headers = headers or dict(HEADERS)
    outcome = Outcome(problems, dry_run=dry_run)
    t0 = timezone.now()
    outcome.rows = check(cells, ctx=ctx, headers=headers, epoch=epoch or CALENDAR_WINDOWS_1900, problems=problems)
    problems.validate_seconds = (timezone.now() - t0).total_seconds()
    if not outcome.rows and problems.ok:
        problems.add(None, "", file_name, _("没有任何决定数据。"))
    if not problems.ok:
        outcome.rows = []
        return outcome
    if dry_run:
        return outcome
    t1 = timezone.now()
    try:
        with transaction.atomic():
            outcome.record = _write(outcome, actor=actor, channel=channel, file_name=file_name, ctx=ctx)
    except IntegrityError:  # another batch wrote one of these decisions since they were compared: nothing written
        problems.add(None, "", file_name, _("有其他报送同时写入了相同的决定，本次未写入任何数据，请稍后重新报送。"))
        outcome.rows, outcome.record = [], None
    problems.write_seconds = (timezone.now() - t1).total_seconds()
    problems.created = outcome.added
    return outcome


def _write(outcome: Outcome, *, actor, channel: str, file_name: str, ctx: Context) -> Report:
    # the batch is the agency's when it reports one agency's decisions, else the keeper's body's (a collected file)
    agencies = {r.agency.pk for r in outcome.rows}
    organisation = outcome.rows[0].agency if len(agencies) == 1 else access.keeping_organisations(actor).first()
    record = Report.objects.create(
        organisation=organisation,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        channel=channel,
        file_name=file_name[:255],
        rows=len(outcome.rows),
        added=outcome.added,
        already_present=outcome.already_present,
        flagged=outcome.flagged,
    )
    new = [r for r in outcome.rows if not r.present]
    write_decisions(
        (
            (
                *(r.agency.pk, r.number, r.decided_on, r.entry.pk, r.party_kind, r.amount),
                *("out_of_dates" in r.flags, "other_domain" in r.flags),
                *(r.agency.region_id, r.entry.domain, r.entry.kind),
            )
            for r in new
        ),
        report_id=record.pk,
        total=len(new),
    )
    return record


DECISION_COLUMNS = (
    *("agency", "number", "decided_on", "entry", "party_kind", "amount", "out_of_dates", "other_domain"),
    *("region", "domain", "kind"),  # the agency's region, the entry's field and kind, copied
)


def write_decisions(values: Iterable[tuple], *, report_id: int, total: int) -> None:
    """INSERT decisions given as tuples in `DECISION_COLUMNS` order (ids reserved first; COPY on PostgreSQL,
    executemany on SQLite), in chunks; inside the caller's transaction."""
    fields = [Decision._meta.get_field("id"), *(Decision._meta.get_field(name) for name in DECISION_COLUMNS)]
    fields.append(Decision._meta.get_field("report"))
    ids = iter(bulk.reserve_ids(Decision, total))
    chunk: list[list[Any]] = []
    for value in values:
        chunk.append([next(ids), *value, report_id])
        if len(chunk) >= WRITE_CHUNK:
            bulk.insert_rows(Decision, fields, chunk)
            chunk = []
    bulk.insert_rows(Decision, fields, chunk)
