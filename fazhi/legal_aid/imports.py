"""Excel import of historical 法律援助 cases: the columns and what a row becomes (docs/import-legal-aid.md).

The reading, checking, report, numbering and all-or-nothing writing are the shared ones of fazhi.cases.imports.
An application (本人申请, 转交申请) is open until decided; 不予 closes it on the decision date; 给予 makes it an aid
case on the decision date (accepted_on, what `cases` counts), assigned when a 承办人员 is named and closed with a
结案日期 and 结案结果. A notified case (通知辩护/代理) has no decision: it becomes an aid case on the day it was
assigned, given in 决定日期. The eligibility assessment is not reconstructed (qualifies stays unknown).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.cases.bulk import new_instance
from fazhi.cases.imports import CaseRow, Column, ImportContext, LineImport, RowReader, choice_map
from fazhi.cases.models import Case, Party
from fazhi.cases.runner import PartyInput
from fazhi.core.lines import Line
from fazhi.legal_aid.choices import (
    CaseCategory,
    ClaimKind,
    ClosureResult,
    OrganisationKind,
    QualityGrade,
    RecipientGroup,
    Route,
)
from fazhi.legal_aid.eligibility import MATTERS
from fazhi.legal_aid.models import LegalAidDetail

LINE = Line.LEGAL_AID.value
MAX_PRACTICE_YEARS = 70

COLUMNS = (
    Column("number", "案号", aliases=("援助案号", "编号")),
    Column("received_on", "收到日期", required=True, aliases=("申请日期", "收到申请日期")),
    Column("applicant", "申请人", required=True, aliases=("受援人", "申请人姓名")),
    Column("id_number", "身份证号", aliases=("公民身份号码", "证件号码")),
    Column("route", "来源", aliases=("案件来源",)),
    Column("case_category", "案件类别", required=True),
    Column("matter", "申请事项"),
    Column("recipient_group", "受援人群体"),
    Column("claim_kind", "请求类型"),
    Column("decision", "决定", aliases=("审查决定",)),
    Column("decided_on", "决定日期", aliases=("决定（指派）日期", "指派日期")),
    Column("lawyer", "承办人员", aliases=("承办律师", "承办人")),
    Column("practice_years", "执业年限"),
    Column("closed_on", "结案日期", aliases=("办结日期",)),
    Column("result", "结案结果"),
    Column("amount_awarded", "裁判金额", aliases=("裁判、调解确定金额", "裁判金额（元）")),
    Column("amount_collected", "执行到位金额", aliases=("实际执行到位金额", "执行到位金额（元）")),
    Column("amount_avoided", "避免损失金额", aliases=("避免损失金额（元）",)),
    Column("quality_grade", "质量等级", aliases=("质量评查等级",)),
)

ROUTES = choice_map(Route, {"申请": "application", "转交": "forwarded", "转交申请": "forwarded"})
ROUTES |= {"通知": "notified", "通知辩护": "notified", "通知代理": "notified", "通知辩护（代理）": "notified"}
CATEGORIES = choice_map(CaseCategory, {"非诉": "non_litigation", "非诉讼": "non_litigation"})
MATTER_CHOICES = {str(label): key for key, label in MATTERS.items()} | {key: key for key in MATTERS}
GROUPS = choice_map(RecipientGroup)
CLAIMS = choice_map(ClaimKind, {"劳动报酬": "wages", "追索劳动报酬（欠薪）": "wages", "工伤": "work_injury"})
DECISIONS = {"给予": "grant", "给予法律援助": "grant", "准予": "grant", "grant": "grant"}
DECISIONS |= {"不予": "refuse", "不予法律援助": "refuse", "refuse": "refuse"}
RESULTS = choice_map(ClosureResult, {"胜诉": "won", "调解": "mediated", "和解": "mediated", "败诉": "lost"})
GRADES = choice_map(QualityGrade)
OUTCOME_LABELS = {"refused": "不予援助"} | {r.value: str(r.label) for r in ClosureResult}
ASSIGNMENT = ("lawyer", "practice_years")
CLOSURE = ("closed_on", "result", "amount_awarded", "amount_collected", "amount_avoided", "quality_grade")
AMOUNTS = ("amount_awarded", "amount_collected", "amount_avoided")


@dataclass(kw_only=True, slots=True)
class AidRow(CaseRow):
    applicant: str
    id_number: str
    route: str
    case_category: str
    matter: str
    recipient_group: str
    claim_kind: str
    decision: str  # grant | refuse | "" (undecided, or notified)
    lawyer: str
    practice_years: int | None
    result: str
    amounts: dict[str, Decimal | None]
    quality_grade: str


class LegalAidImport(LineImport):
    line = LINE
    noun = "历史法律援助案件"
    columns = COLUMNS
    outcome_labels = OUTCOME_LABELS
    kinds = frozenset({OrganisationKind.LEGAL_AID_CENTRE})
    forbidden_message = "您无权向该机构导入法律援助案件（需为该机构的登记员或科室负责人）。"

    def check_row(self, r: RowReader, ctx: ImportContext) -> AidRow | None:
        number = r.case_number()
        received_on = r.day("received_on", required=True)
        applicant = r.text("applicant", 100, required=True)
        id_number = r.identity("id_number")
        route = r.choice("route", ROUTES, Route.APPLICATION.value)
        category = r.choice("case_category", CATEGORIES)
        if not r.given("case_category"):
            r.bad("case_category", "", _("案件类别不能为空。"))
        matter = r.choice("matter", MATTER_CHOICES)
        group = r.choice("recipient_group", GROUPS)
        claim = r.choice("claim_kind", CLAIMS)
        decision = r.choice("decision", DECISIONS)
        decided_on = r.day("decided_on")
        lawyer = r.text("lawyer", 50)
        years = r.count("practice_years", MAX_PRACTICE_YEARS)
        closed_on = r.day("closed_on")
        result = r.choice("result", RESULTS)
        amounts = {key: r.amount(key) for key in AMOUNTS}
        quality_grade = r.choice("quality_grade", GRADES)
        region = ctx.organisation.region_id

        # The rules between cells, checked only between cells that are themselves fine.
        flagged = r.flagged()
        notified = route == Route.NOTIFIED
        if category == CaseCategory.CRIMINAL and matter:
            r.bad(
                "matter",
                r.raw_text("matter"),
                _("刑事案件不填写申请事项（申请事项为法律援助法第三十一条所列民事、行政事项）。"),
            )
        if notified:
            if category and category != CaseCategory.CRIMINAL:
                r.bad(
                    "case_category",
                    category,
                    _("通知辩护（代理）的案件应为刑事案件（法律援助法第二十五条、第二十八条）。"),
                )
            r.forbid(
                ["decision"], gettext_lazy("通知辩护（代理）的案件无需审查决定，“决定”留空，指派日期填在“决定日期”。")
            )
        elif "decision" not in flagged and not decision:
            r.forbid(["decided_on"], gettext_lazy("未作出决定的申请不填写决定日期。"))
        aided = decision == "grant" or (notified and (r.given("lawyer") or r.given("closed_on")))
        if notified and not aided:
            r.forbid(["decided_on"], gettext_lazy("尚未指派承办人员的通知辩护（代理）案件不填写决定日期（指派日期）。"))
        if decision or aided:
            r.need("decided_on", bool(decided_on), gettext_lazy("请填写决定日期（通知辩护、代理案件为指派日期）。"))
            r.not_after("decided_on", decided_on, received_on, gettext_lazy("收到日期"))
        if not aided and "decision" not in flagged:
            why = _("不予法律援助的案件") if decision == "refuse" else _("尚未给予法律援助（或尚未指派）的案件")
            r.forbid(ASSIGNMENT + CLOSURE, _("%(what)s不填写承办人员和结案信息。") % {"what": why})
        if aided and (r.given("closed_on") or r.given("result")):
            r.need("closed_on", bool(closed_on), gettext_lazy("填写了结案结果的，须填写结案日期。"))
            r.need("result", bool(result), gettext_lazy("填写了结案日期的，须填写结案结果。"))
            r.need("lawyer", bool(lawyer), gettext_lazy("已结案的案件须填写承办人员。"))
            r.not_after("closed_on", closed_on, decided_on, gettext_lazy("决定日期"))
        elif aided:
            r.forbid(CLOSURE, gettext_lazy("未结案的案件不填写结案结果、金额和质量等级（请填写结案日期和结案结果）。"))
        if years is not None and not lawyer:
            r.forbid(["practice_years"], gettext_lazy("执业年限是承办人员的执业年限，请同时填写承办人员。"))
        ctx.claim_number(r, "number", number, ctx.organisation)

        if not r.ok:
            return None
        assert received_on is not None
        closed = bool(closed_on and result)
        if decision == "refuse":
            outcome, accepted_on, closed_on = "refused", None, decided_on
        elif closed:
            outcome, accepted_on = result, decided_on
        elif aided:
            outcome, accepted_on = "", decided_on
        else:
            outcome, accepted_on = "", None
        return AidRow(
            row=r.n,
            number=number,
            organisation=ctx.organisation,
            region=region,
            received_on=received_on,
            accepted_on=accepted_on,
            closed_on=closed_on,
            outcome=outcome,
            applicant=applicant,
            id_number=id_number,
            route=route,
            case_category=category,
            matter=matter,
            recipient_group=group,
            claim_kind=claim,
            decision=decision,
            lawyer=lawyer,
            practice_years=years,
            result=result,
            amounts=amounts,
            quality_grade=quality_grade,
        )

    def title(self, row: AidRow) -> str:
        what = MATTERS.get(row.matter) or CaseCategory(row.case_category).label
        return f"{row.applicant}申请法律援助（{what}）"

    def detail(self, row: AidRow, case: Case, prepared: None) -> LegalAidDetail:
        return new_instance(
            LegalAidDetail,
            case=case,
            route=row.route,
            case_category=row.case_category,
            matter=row.matter,
            recipient_group=row.recipient_group,
            claim_kind=row.claim_kind,
            lawyer=row.lawyer,
            practice_years=row.practice_years,
            result=row.result,
            quality_grade=row.quality_grade,
            **row.amounts,
        )

    def parties(self, row: AidRow) -> list[PartyInput]:
        return [PartyInput(role=Party.Role.APPLICANT, name=row.applicant, id_number=row.id_number)]

    def replay(self, row: AidRow) -> list[tuple[str, date]]:
        """收到; then 给予 and 指派 (the assignment date is not recorded: taken as the decision date)."""
        steps = [("received", row.received_on)]
        if row.accepted_on is None:
            return steps
        if row.route == Route.NOTIFIED:
            return [*steps, ("assign_notified", row.accepted_on)]
        steps.append(("grant", row.accepted_on))
        return [*steps, ("assign", row.accepted_on)] if row.lawyer else steps


IMPORTER = LegalAidImport()
can_import = IMPORTER.can_import
importable_organisations = IMPORTER.importable_organisations
validate_workbook = IMPORTER.validate
import_legal_aid = IMPORTER.run
