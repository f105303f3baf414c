"""Excel import of historical 人民调解 disputes: the columns and what a row becomes (docs/import-mediation.md).

The reading, checking, report, numbering and all-or-nothing writing are the shared ones of fazhi.cases.imports.
A row may name its committee (调委会) among those the importing user may import into; each committee numbers its
own disputes (和调〔2023〕5号). A dispute that was mediated (调解成功, 调解不成) is taken as accepted on the day it
was received, as the mediator's quick entry does; an open one is in mediation (调解中) with the one-month mediation
clock running from that day; a refused one (不予调解) was never accepted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.models import Organisation
from fazhi.cases.bulk import new_instance
from fazhi.cases.imports import CaseRow, Column, ImportContext, LineImport, RowReader, choice_map, split_names
from fazhi.cases.models import Case, Party
from fazhi.cases.runner import PartyInput
from fazhi.core.lines import Line
from fazhi.mediation.choices import (
    AgreementKind,
    ConfirmationResult,
    DisputeType,
    OrganisationKind,
    Outcome,
    Performance,
    Source,
)
from fazhi.mediation.models import MediationDetail

LINE = Line.MEDIATION.value
MAX_PERSONS = 100_000

COLUMNS = (
    Column("number", "案号", aliases=("调解案号", "编号")),
    Column("committee", "调委会", aliases=("人民调解委员会", "调解委员会", "调委会名称")),
    Column("received_on", "收到日期", required=True, aliases=("登记日期", "收案日期")),
    Column("applicants", "申请人", required=True, aliases=("当事人", "申请人姓名")),
    Column("respondents", "被申请人", aliases=("对方当事人", "被申请人姓名")),
    Column("source", "纠纷来源", aliases=("来源",)),
    Column("dispute_type", "纠纷类型", required=True),
    Column("summary", "简要情况", aliases=("纠纷简要情况", "简要案情")),
    Column("amount", "涉及金额", aliases=("涉及金额（元）", "涉及金额(元)", "涉案金额")),
    Column("persons", "涉及人数"),
    Column("escalation_risk", "激化风险", aliases=("有激化风险", "是否有激化风险")),
    Column("outcome", "结果", aliases=("调解结果",)),
    Column("agreement_kind", "协议形式"),
    Column("agreement_effective_on", "协议生效日期"),
    Column("closed_on", "办结日期", aliases=("结案日期", "调结日期")),
    Column("confirmation", "司法确认", aliases=("司法确认结果",)),
    Column("performance", "履行情况"),
    Column("region", "行政区划代码", aliases=("区划代码",)),
)

SOURCES = choice_map(Source, {"主动": "proactive", "申请": "application", "法院委托": "referral_court"})
DISPUTE_TYPES = choice_map(DisputeType, {str(t.label).removesuffix("纠纷"): t.value for t in DisputeType})
OUTCOMES = choice_map(
    Outcome, {"调解不成": "failed", "终止调解": "failed", "不予调解": "declined", "拒绝调解": "declined"}
)
AGREEMENTS = choice_map(AgreementKind, {"书面": "written", "口头": "oral"})
CONFIRMATIONS = choice_map(ConfirmationResult, {"已确认": "granted", "确认有效": "granted", "驳回": "rejected"})
PERFORMANCES = choice_map(Performance, {"履行完毕": "performed"})
OUTCOME_LABELS = {o.value: str(o.label) for o in Outcome}
SUCCESS_ONLY = ("agreement_kind", "agreement_effective_on", "confirmation", "performance")
# the messages of the rules between cells: lazy, rendered only for a bad row, and built once, not per row
NEED_CLOSED = gettext_lazy("填写了结果的，须填写办结日期。")
RECEIVED = gettext_lazy("收到日期")
NEED_KIND = gettext_lazy("调解成功的，须填写协议形式（书面或口头）。")
NEED_EFFECTIVE = gettext_lazy("书面协议须填写协议生效日期。")
ORAL_NO_EFFECTIVE = gettext_lazy("口头协议自达成之日起生效，不填写协议生效日期。")
SUCCESS_ONLY_MESSAGE = gettext_lazy("仅调解成功的纠纷填写协议、司法确认和履行情况。")


@dataclass(kw_only=True, slots=True)
class MediationRow(CaseRow):
    applicants: list[str]
    respondents: list[str]
    source: str
    dispute_type: str
    summary: str
    amount: Decimal | None
    persons: int
    escalation_risk: bool
    agreement_kind: str
    agreement_effective_on: date | None
    confirmation: str
    performance: str


class CommitteeContext(ImportContext):
    """Adds the committees a row may name: those the importing user may import into, by name."""

    def __init__(self, organisation: Organisation, actor=None) -> None:
        super().__init__(organisation, actor)
        allowed = [organisation] if actor is None else list(IMPORTER.importable_organisations(actor))
        self.committees: dict[str, list[Organisation]] = {}
        for c in allowed:
            self.committees.setdefault(c.name, []).append(c)

    def committee(self, r: RowReader) -> Organisation | None:
        name = r.text("committee", 100)
        if not name:
            return self.organisation
        found = self.committees.get(name, [])
        if len(found) == 1:
            return found[0]
        if found:
            r.bad("committee", name, _("有多个同名调委会，请分文件按机构导入（在页面或命令中选择机构，本列留空）。"))
        elif Organisation.objects.filter(name=name, kind=OrganisationKind.MEDIATION_COMMITTEE).exists():
            r.bad("committee", name, _("您无权向该调委会导入纠纷。"))
        else:
            r.bad("committee", name, _("找不到该人民调解委员会，请填写系统中登记的调委会全称。"))
        return None


class MediationImport(LineImport):
    line = LINE
    noun = "历史人民调解纠纷"
    columns = COLUMNS
    outcome_labels = OUTCOME_LABELS
    roles = frozenset({"registrar", "section_head", "mediator"})
    kinds = frozenset({OrganisationKind.MEDIATION_COMMITTEE})
    subtree = True
    forbidden_message = "您无权向该调委会导入纠纷（需为该调委会或其上级司法行政机关的调解员、登记员或科室负责人）。"

    def context(self, organisation: Organisation, actor) -> CommitteeContext:
        return CommitteeContext(organisation, actor)

    def check_row(self, r: RowReader, ctx: ImportContext) -> MediationRow | None:
        assert isinstance(ctx, CommitteeContext)
        number = r.case_number()
        committee = ctx.committee(r)
        received_on = r.day("received_on", required=True)
        applicants = self._names(r, "applicants", required=True)
        respondents = self._names(r, "respondents")
        source = r.choice("source", SOURCES, Source.APPLICATION.value)
        dispute_type = r.choice("dispute_type", DISPUTE_TYPES)
        if not r.given("dispute_type"):
            r.bad("dispute_type", "", _("纠纷类型不能为空。"))
        summary = r.text("summary", 200)
        amount = r.amount("amount")
        persons = r.count("persons", MAX_PERSONS)
        escalation_risk = r.yes_no("escalation_risk")
        outcome = r.choice("outcome", OUTCOMES)
        agreement_kind = r.choice("agreement_kind", AGREEMENTS)
        effective_on = r.day("agreement_effective_on")
        closed_on = r.day("closed_on")
        confirmation = r.choice("confirmation", CONFIRMATIONS)
        performance = r.choice("performance", PERFORMANCES)
        region = ctx.region(r, "region", committee) if committee else ""

        # The rules between cells, checked only between cells that are themselves fine.
        named = len(applicants) + len(respondents)
        if persons is not None and persons < named:
            r.bad("persons", persons, _("涉及人数不能少于列出的当事人人数（%(n)s人）。") % {"n": named})
        if r.given("outcome"):
            r.need("closed_on", bool(closed_on), NEED_CLOSED)
        elif closed_on:
            r.bad("outcome", "", _("填写了办结日期的，须填写结果。"))
        r.not_after("closed_on", closed_on, received_on, RECEIVED)
        if outcome == Outcome.SUCCESS:
            r.need("agreement_kind", bool(agreement_kind), NEED_KIND)
            if agreement_kind == AgreementKind.WRITTEN:
                r.need("agreement_effective_on", bool(effective_on), NEED_EFFECTIVE)
            else:
                r.forbid(["agreement_effective_on"], ORAL_NO_EFFECTIVE)
            r.not_after("agreement_effective_on", effective_on, received_on, RECEIVED)
            if effective_on and closed_on and effective_on > closed_on:
                r.bad("agreement_effective_on", effective_on, _("协议生效日期不能晚于办结日期。"))
        elif not r.flagged() & {"outcome"}:
            r.forbid(SUCCESS_ONLY, SUCCESS_ONLY_MESSAGE)
        ctx.claim_number(r, "number", number, committee or ctx.organisation)

        if not r.ok:
            return None
        assert received_on is not None and committee is not None
        return MediationRow(
            row=r.n,
            number=number,
            organisation=committee,
            region=region,
            received_on=received_on,
            accepted_on=None if outcome == Outcome.DECLINED else received_on,
            closed_on=closed_on,
            outcome=outcome,
            applicants=applicants,
            respondents=respondents,
            source=source,
            dispute_type=dispute_type,
            summary=summary,
            amount=amount,
            persons=persons if persons is not None else max(2, named),
            escalation_risk=escalation_risk,
            agreement_kind=agreement_kind,
            agreement_effective_on=effective_on,
            confirmation=confirmation,
            performance=performance,
        )

    @staticmethod
    def _names(r: RowReader, key: str, required: bool = False) -> list[str]:
        names = split_names(r.text(key, 500, required=required))
        for name in names:
            if len(name) > 100:
                r.bad(key, name, _("姓名或名称过长（最多100个字）。"))
        return names

    def title(self, row: MediationRow) -> str:
        return "、".join(row.applicants) + (row.summary or str(DisputeType(row.dispute_type).label))

    def detail(self, row: MediationRow, case: Case, prepared: None) -> MediationDetail:
        return new_instance(
            MediationDetail,
            case=case,
            source=row.source,
            dispute_type=row.dispute_type,
            amount=row.amount,
            persons_involved=row.persons,
            escalation_risk=row.escalation_risk,
            agreement_kind=row.agreement_kind,
            agreement_effective_on=row.agreement_effective_on,
            confirmation_result=row.confirmation,
            performance=row.performance,
        )

    def parties(self, row: MediationRow) -> list[PartyInput]:
        return [PartyInput(role=Party.Role.APPLICANT, name=n) for n in row.applicants] + [
            PartyInput(role=Party.Role.RESPONDENT, name=n) for n in row.respondents
        ]

    def replay(self, row: MediationRow) -> list[tuple[str, date]]:
        return [("received", row.received_on), ("accept", row.received_on)]


IMPORTER = MediationImport()
can_import = IMPORTER.can_import
importable_organisations = IMPORTER.importable_organisations
validate_workbook = IMPORTER.validate
import_mediation = IMPORTER.run
