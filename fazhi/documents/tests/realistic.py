"""Every document kind of every registered line, issued on a realistic case with the data a clerk would enter.

Each kind is issued once per step that issues it (`procedure.py`, `document=`), with that step's declared data
keys filled from the values below (the key's Field kind decides for a key not listed here), and recorded on a
CaseEvent carrying the step's articles, as the runner does. A new line adds its case to CASES; a new data key
that reads badly with the fallback gets a realistic value in VALUES.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction

from fazhi.accounts.models import User
from fazhi.cases.fields import FieldKind
from fazhi.cases.models import Case, CaseEvent, Party
from fazhi.cases.procedure import Transition
from fazhi.cases.registry import procedures
from fazhi.documents.kinds import DocumentKind, kinds
from fazhi.documents.models import IssuedDocument
from fazhi.documents.services import document_issue, document_render

ISSUED_ON = date(2024, 10, 21)

# Case titles are register labels (one line in a list), never words of a letter: the test finds none in a PDF —
# except where the register names a review by the draft reviewed (合法性审核): the letter quotes that name once.
TITLE_NAMES_THE_SUBJECT = frozenset({"legality"})
TITLES = {
    "reconsideration": "张三不服交通罚款案（登记）",
    "mediation": "李四与王五邻里纠纷（登记）",
    "legality": "包头市住宅小区物业服务管理办法（送审稿）",
    "legal_aid": "孙七：来电人在昆都仑区建筑工地务工被拖欠工资",
    "supervision": "投诉市场监管局对无证经营举报未依法查处（登记）",
    "sample_line": "示例许可申请（登记）",
}

# (line, key) first, then key: what a clerk types in the step's form.
VALUES: dict[tuple[str, ...] | str, Any] = {
    (
        "reconsideration",
        "items",
    ): "1. 申请人的身份证明复印件\n2、被申请人作出的行政处罚决定书复印件\n\n具体的行政复议请求",
    ("legal_aid", "items"): "居民身份证复印件\n经济困难状况个人诚信承诺书\n劳动合同或者工资支付记录",
    ("reconsideration", "reasons"): "需要调取的证据较多",
    ("reconsideration", "not_accept", "reasons"): "申请人提出申请时已超过法定申请期限，且无正当理由",
    ("reconsideration", "withdraw", "reasons"): "申请人以书面形式自愿撤回行政复议申请",
    ("reconsideration", "reschedule_hearing", "reasons"): "听证主持人因公务不能按原定时间主持听证",
    ("reconsideration", "decide", "reasons"): "被申请人作出的行政处罚决定主要事实不清、证据不足",
    ("legal_aid", "refuse", "reasons"): "申请人家庭月人均收入高于本市法律援助经济困难标准",
    ("legal_aid", "change_assignee", "reasons"): "原承办律师因身体原因不能继续承办本案",
    ("legal_aid", "terminate", "reasons"): "受援人以欺骗手段获得法律援助，经核实属实",
    ("legal_aid", "reasons"): "申请人补充提交的工资收入证明显示其家庭月人均收入低于本市经济困难标准",
    ("mediation", "reasons"): "一方当事人明确表示不愿继续调解",
    "competent_body": "内蒙古自治区人民政府",
    "hearing_on": "2024-11-05",
    "place": "包头市人民政府行政复议办公室第一听证室",
    "hearing_time": "上午9时",
    "matters": "被申请人作出的罚款决定认定事实是否清楚、适用依据是否正确",
    "extension_days": 30,
    "agreement": "被申请人将罚款数额由二千元变更为一千元\n申请人自本调解书生效之日起十五日内缴纳罚款",
    "settlement": "被申请人撤销原罚款决定，申请人撤回行政复议申请",
    ("reconsideration", "facts"): (
        "2024年6月3日，被申请人以申请人驾驶的机动车在禁止停车路段停车为由，对申请人处以罚款二百元。\n"
        "经查，该路段的禁止停车标志已于2024年5月拆除，被申请人提交的现场照片不能证明申请人停车时该路段设有禁止停车标志。\n"
        "另查明，被申请人在作出处罚决定前未告知申请人拟作出的行政处罚内容及事实、理由、依据，也未告知申请人依法享有的"
        "陈述、申辩权利；申请人于2024年6月10日向被申请人提交书面申辩材料，被申请人未予复核即送达了处罚决定书。"
    ),
    "disposition": "撤销被申请人作出的行政处罚决定。",
    (
        "mediation",
        "facts",
    ): "2024年5月20日，双方因占用楼道堆放杂物发生争执，王五推倒李四致其手臂受伤，花去医疗费三千元。",
    "terms": "王五于2024年7月31日前一次性支付李四医疗费、误工费共计八千元\n双方就本纠纷再无其他争议",
    "agreement_effective_on": "2024-07-15",
    "agreement_amount": "8000.00",
    "routes": "向人民法院提起诉讼\n向公安机关申请处理",
    "court": "包头市东河区人民法院",
    ("legality", "opinion"): "经审核，该文件制定主体适格，制定程序符合规定，主要内容与上位法不相抵触。",
    ("legality", "conditions"): "删除第五条新设的备案事项\n第八条的罚款数额与上位法规定一致",
    ("legality", "reasons"): "第五条新设的备案事项实为行政许可，规范性文件不得设定",
    ("legality", "legal_basis"): "中华人民共和国行政许可法第十四条、第十五条、第十七条",
    ("supervision", "problem"): "你单位于2024年1月受理对某无证经营餐馆的举报后，逾期未作出处理",
    ("supervision", "requirement"): "依法调查处理该举报\n将处理结果书面告知举报人",
    ("supervision", "rectify_days"): 15,
    ("supervision", "legal_basis"): "《市场监督管理投诉举报处理暂行办法》第三十一条",
    ("legal_aid", "facts"): "申请人异议称其家庭月人均收入低于标准，经核查其补充提交的工资流水属实。",
    "days_to_deadline": 10,
    "urgent_measure": "诉前财产保全",
    "assignee_kind": "lawyer",
    "lawyer": "李娜",
    "firm": "内蒙古正和律师事务所",
    "practice_years": 8,
    "record": "申请人陈述了不服罚款决定的理由，被申请人陈述了作出决定的依据。",
    "opinion": "被申请人作出的罚款决定证据不足，建议予以撤销。",
}
CHOICE = {  # the value of a choice a realistic case takes; otherwise the first choice
    "decision": "revoked",
    "decision_ground": "64-1-1",
    "ground": "2",
    "outcome": "lawful_if_amended",  # 合法性审核: an opinion with its amendments
}
SKIP_OPTIONAL = {"override_reason", "written_review_reason"}  # present only in an exceptional case


@dataclass
class Rendered:
    """One issued document of the batch: its kind, the step that issued it, its case and its Word file."""

    name: str
    kind: DocumentKind
    step: str
    case: Case
    document: IssuedDocument
    docx: bytes


def _user(name: str) -> User:
    return User.objects.get(username=name)


def _reconsideration() -> Case:
    from fazhi.cases.tests.factories import open_reconsideration

    case = open_reconsideration(_user("city_clerk"), title=TITLES["reconsideration"])
    Party.objects.create(case=case, role="respondent", kind="organisation", name="包头市公安局交通管理支队")
    Case.objects.filter(pk=case.pk).update(state="accepted", accepted_on=date(2024, 10, 8))
    case.refresh_from_db()
    return case


def _mediation() -> Case:
    from fazhi.cases.runner import PartyInput, case_open
    from fazhi.cases.tests.factories import DETAILS, org

    return case_open(
        line="mediation",
        organisation=org("和平路街道人民调解委员会"),
        title=TITLES["mediation"],
        received_on=date(2024, 5, 21),
        actor=_user("mediator"),
        parties=(PartyInput(role="applicant", name="李四"), PartyInput(role="respondent", name="王五")),
        detail=DETAILS.get("mediation"),
    )


def _legal_aid() -> Case:
    from fazhi.cases.runner import PartyInput
    from fazhi.cases.tests.factories import org
    from fazhi.legal_aid.services import AidApplication, aid_application_register

    application = AidApplication(
        applicant=PartyInput(role="applicant", name="孙七"),
        summary=TITLES["legal_aid"],
        received_on=date(2024, 5, 6),
        verification="integrity_undertaking",
        case_category="civil",
        matter="labour",
    )
    return aid_application_register(
        organisation=org("东河区司法局"), application=application, actor=_user("donghe_clerk")
    )


def _legality() -> Case:
    from fazhi.legality.tests.factories import request_review

    case = request_review(_user("legality_clerk"), "normative_document", title=TITLES["legality"])
    Case.objects.filter(pk=case.pk).update(state="under_review", accepted_on=date(2024, 3, 5))
    case.refresh_from_db()
    return case


def _supervision() -> Case:
    from fazhi.supervision.tests.factories import register

    case = register(_user("supervision_clerk"), title=TITLES["supervision"])
    Case.objects.filter(pk=case.pk).update(state="investigating", accepted_on=date(2024, 3, 5))
    case.refresh_from_db()
    return case


def _sample_line() -> Case:
    from fazhi.tests.sampleline.tests.factories import hold_line, open_sample_case

    hold_line(_user("donghe_clerk"))
    case = open_sample_case(_user("donghe_clerk"))
    Case.objects.filter(pk=case.pk).update(title=TITLES["sample_line"])
    case.refresh_from_db()
    return case


CASES: dict[str, Callable[[], Case]] = {
    "reconsideration": _reconsideration,
    "mediation": _mediation,
    "legal_aid": _legal_aid,
    "legality": _legality,
    "supervision": _supervision,
    "sample_line": _sample_line,
}


def step_data(line: str, step: Transition) -> dict[str, Any]:
    """What a clerk enters in the step's form: every required key, and the optional keys a realistic case has."""
    fields = procedures()[line].fields
    data: dict[str, Any] = {}
    for key in step.accepted_keys:
        required = key in step.required
        if not required and key in SKIP_OPTIONAL:
            continue
        for lookup in ((line, step.code, key), (line, key), key):
            if lookup in VALUES:
                data[key] = VALUES[lookup]
                break
        else:
            if key in step.choices:
                options = list(step.choices[key])
                data[key] = CHOICE[key] if CHOICE.get(key) in options else options[0]
            elif required:
                field = fields.get(key)
                kind = field.kind if field else FieldKind.TEXT
                data[key] = {
                    FieldKind.DATE: "2024-10-20",
                    FieldKind.INTEGER: 15,
                    FieldKind.DECIMAL: "1000.00",
                    FieldKind.BOOLEAN: True,
                }.get(kind, f"{field.label if field else key}的具体内容")
    return data


def issuing_steps(kind: DocumentKind) -> list[Transition | None]:
    """The steps of the kind's line that issue it; [None] for a kind no step issues (rendered with no step data)."""
    procedure = procedures().get(kind.line)
    steps: list[Transition | None] = [t for t in procedure.transitions if t.document == kind.key] if procedure else []
    return steps or [None]


def render_every_kind() -> list[Rendered]:
    """Every registered kind, once per step that issues it, on a case of its line (inside the caller's transaction)."""
    cases: dict[str, Case] = {}
    out: list[Rendered] = []
    for kind in kinds():
        if kind.line not in CASES:
            raise LookupError(f"add a realistic case of the {kind.line!r} line to CASES in {__name__}")
        case = cases.get(kind.line) or cases.setdefault(kind.line, CASES[kind.line]())
        for step in issuing_steps(kind):
            data = step_data(kind.line, step) if step else {}
            with transaction.atomic():
                event = None
                if step is not None:
                    event = CaseEvent.objects.create(
                        case=case, code=step.code, label=str(step.label), on=ISSUED_ON, basis=step.basis, data=data
                    )
                doc = document_issue(case=case, kind=kind.key, actor=None, on=ISSUED_ON, data=data, event=event)
            name = f"{kind.key}__{step.code if step else 'none'}".replace("-", "_")
            out.append(Rendered(name, kind, step.code if step else "", case, doc, document_render(doc)))
    return out
