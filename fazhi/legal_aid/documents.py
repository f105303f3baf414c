"""The documents 法律援助 issues, with the text of their built-in templates (法律援助法 2021: arts. 22, 26, 36, 43,
44, 46–50, 55). Placeholders are those of `fazhi.documents.services.document_context`, the step's data and this
line's `context` below (the step that issued it, the form of aid, the decision objected to).

The centre decides an application (art. 43); an objection to its refusal or termination is decided by the
justice bureau that set it up (art. 49), whose 异议审查决定书 carries the applicant's route to reconsideration or
suit. The lawyer's closure report (art. 50) is the lawyer's document, received and filed on the case: the centre
issues none of its own when it closes a case.
A step stores codes (a termination ground, the kind of assignee); the templates print their words from this
line's choices, so the document and the form always say the same.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from fazhi.cases.models import Case
from fazhi.documents.kinds import DocumentKind, If, Loop, Section, TemplateText, jinja_dict, parent_body
from fazhi.legal_aid.choices import TERMINATION_GROUNDS, AssigneeKind, CaseCategory, Notifier

LINE = "legal_aid"
_LAA = "《中华人民共和国法律援助法》"
_GROUNDS = {code: str(text) for code, text in TERMINATION_GROUNDS.items()}  # art. 48 ¶1, items 一 to 八
_NUMERALS = dict(zip(_GROUNDS, "一二三四五六七八", strict=True))
_ASSIGNEES = {c.value: str(c.label) for c in AssigneeKind}
_ASSIGNEE = (
    "{{ firm }}{{ lawyer }}{% if assignee_kind in assignee_kinds %}（{{ assignee_kinds[assignee_kind] }}）{% endif %}"
)
# The form of aid (art. 22) a case of each category receives.
AID_FORMS = {
    CaseCategory.CRIMINAL.value: "刑事辩护或者代理",
    CaseCategory.CIVIL.value: "民事案件代理",
    CaseCategory.ADMINISTRATIVE.value: "行政案件代理",
    CaseCategory.STATE_COMPENSATION.value: "国家赔偿案件代理",
    CaseCategory.NON_LITIGATION.value: "非诉讼事项代理",
}
_ON_ACCEPTED = "{% if accepted_on %}于{{ accepted_on }}{% endif %}"
_APPLICATION = "你于{{ received_on }}向本机构提出的法律援助申请（{{ case_number }}）"
_OBJECTION = (
    "你对本决定有异议的，可以向设立本机构的{{ bureau }}提出，{{ bureau }}应当自收到异议之日起五日内进行审查并作出"
    "决定；对其维持本决定不服的，可以依法申请行政复议或者提起行政诉讼（" + _LAA + "第四十九条）。"
)


def _bureau(case: Case) -> str:
    parent = case.organisation.parent
    return parent.name if parent else "司法行政部门"


def context(doc) -> dict[str, Any]:
    """The placeholders this line adds: the step that issued the document, the form of aid, the bureau above the
    centre and, for an objection, the decision objected to and when the objection was made."""
    case = doc.case
    detail = getattr(case, "legal_aid", None)
    step = doc.event.code if doc.event_id and doc.event else ""
    values: dict[str, Any] = {
        "step": step,
        "route": detail.route if detail else "",
        "bureau": _bureau(case),
        "aid_form": AID_FORMS.get(detail.case_category, "") if detail else "",
        "notifier": str(Notifier(detail.notifier).label) if detail and detail.notifier else "办案机关",
        "life_or_death": bool(detail and detail.life_or_death),
        "firm": detail.firm if detail else "",  # the assignee, to whom a termination is copied
        "lawyer": detail.lawyer if detail else "",
    }
    if step in ("dismiss_objection", "uphold_objection"):
        events = case.events.filter(on__lte=doc.issued_on).order_by("-on", "-id")
        objection = events.filter(code="file_objection").first()
        objected = events.filter(code__in=("refuse", "terminate")).first()
        region = case.organisation.parent.region if case.organisation.parent else case.organisation.region
        values |= {
            "objection": (objection.data or {}).get("objection", "") if objection else "",
            "objection_on": _date(objection.on) if objection else "",
            "objected_title": "终止法律援助决定" if objected and objected.code == "terminate" else "不予法律援助决定",
            "objected_on": _date(objected.on) if objected else "",
            "objected_number": _number(case, objected),
            "government": f"{region.name}人民政府",
        }
    return values


def _date(value) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def _number(case: Case, event) -> str:
    if event is None:
        return ""
    doc = case.documents.filter(event=event).first()
    return doc.number if doc else ""


KINDS: tuple[DocumentKind, ...] = (
    DocumentKind(
        "supplement_notice",
        _("补充材料通知书"),
        "补",
        LINE,
        TemplateText(
            (
                _APPLICATION + "，经审查，申请材料不齐全。根据" + _LAA + "第四十三条第二款的规定，现一次性告知你需要"
                "补充下列材料或者作出说明：",
                Loop("items"),
                "请你按要求补充上述材料或者作出说明。未按要求补充材料或者作出说明的，视为撤回申请（该法第四十三条"
                "第二款）。",
            ),
            closing="特此通知。",
        ),
        context=context,
    ),
    DocumentKind(
        "legal_aid_grant",
        _("给予法律援助决定书"),
        "准",
        LINE,
        TemplateText(
            (
                _APPLICATION + "，经审查，"
                "{% if step == 'advance_aid' %}"
                "{% if urgent_measure %}需要立即申请{{ urgent_measure }}，属于" + _LAA + "第四十四条第一款第二项规定的"
                "情形{% else %}距法定时效或者期限届满不足七日，需要及时提起诉讼或者申请仲裁、行政复议，属于"
                + _LAA
                + "第四十四条第一款第一项规定的情形{% endif %}，本机构决定先行提供法律援助"
                "{% else %}符合法律援助条件。根据" + _LAA + "第四十三条第一款的规定，本机构决定给予法律援助"
                "{% endif %}{% if aid_form %}，法律援助形式为{{ aid_form }}{% endif %}。",
                If("step == 'advance_aid'", "请你及时补办有关手续，补充有关材料（该法第四十四条第二款）。"),
                "本机构将自本决定作出之日起三日内指派法律援助人员为你提供法律援助（该法第四十三条第一款）。请你如实"
                "陈述与法律援助事项有关的情况，及时提供证据材料，协助、配合办理法律援助事项（该法第四十七条）；有该法"
                "第四十八条第一款规定情形的，本机构将作出终止法律援助的决定。",
            ),
        ),
        context=context,
    ),
    DocumentKind(
        "legal_aid_refusal",
        _("不予法律援助决定书"),
        "不准",
        LINE,
        TemplateText(
            (
                _APPLICATION + "，经审查，{{ reasons }}，不符合法律援助条件。根据" + _LAA + "第四十三条第一款的规定，"
                "本机构决定不予法律援助。",
                _OBJECTION,
            ),
        ),
        context=context,
    ),
    DocumentKind(
        "assignment_letter",
        _("指派通知书"),
        "指",
        LINE,
        TemplateText(
            (
                jinja_dict("assignee_kinds", _ASSIGNEES)
                + "{% if reasons %}本机构为受援人{{ applicants }}提供的法律援助"
                "{% if aid_form %}（{{ aid_form }}）{% endif %}，因{{ reasons }}，根据" + _LAA + "第五十五条的规定，"
                "本机构决定更换法律援助人员，现改为指派" + _ASSIGNEE + "承办。"
                "{% elif route == 'notified' %}本机构收到{{ notifier }}通知，为{{ applicants }}指派律师提供"
                "法律援助{% if aid_form %}（{{ aid_form }}）{% endif %}。根据" + _LAA + "第三十六条"
                "{% if life_or_death %}、第二十六条{% endif %}的规定，现指派" + _ASSIGNEE + "承办。"
                "{% else %}本机构已" + _ON_ACCEPTED + "决定为受援人{{ applicants }}提供法律援助"
                "{% if aid_form %}（{{ aid_form }}）{% endif %}。根据" + _LAA + "第四十三条第一款"
                "{% if life_or_death %}、第二十六条{% endif %}的规定，现指派" + _ASSIGNEE + "承办。{% endif %}",
                If(
                    "route == 'notified' and not reasons",
                    "本机构已依照该法第三十六条的规定将指派情况通知{{ notifier }}。",
                ),
                "请承办人员接受指派后及时与受援人联系，不得无正当理由拒绝、拖延或者终止提供法律援助服务，并按照规定"
                "向受援人通报办理情况（该法第四十六条）；法律援助事项办理结束后，及时向本机构报告，提交有关法律文书的"
                "副本或者复印件、办理情况报告等材料（该法第五十条）。",
            ),
            addressee="{{ firm or lawyer }}：",
            closing="特此通知。",
        ),
        context=context,
    ),
    DocumentKind(
        "legal_aid_termination",
        _("终止法律援助决定书"),
        "终",
        LINE,
        TemplateText(
            (
                jinja_dict("grounds", _GROUNDS)
                + jinja_dict("numerals", _NUMERALS)
                + "{% set g = ground|string %}本机构已"
                + _ON_ACCEPTED
                + "决定为你提供法律援助（{{ case_number }}）。"
                "经查，{{ reasons }}{% if g in grounds %}，属于" + _LAA + "第四十八条第一款第{{ numerals[g] }}项规定的"
                "“{{ grounds[g] }}”情形。根据该规定{% else %}。根据" + _LAA + "第四十八条第一款的规定{% endif %}，"
                "本机构决定终止法律援助。",
                _OBJECTION,
            ),
            copy_to="{{ firm }}",
        ),
        context=context,
    ),
    DocumentKind(
        "objection_decision",
        _("异议审查决定书"),
        "异",
        LINE,
        TemplateText(
            (
                "你对{{ case_office }}{% if objected_on %}于{{ objected_on }}{% endif %}作出的{{ objected_title }}"
                "{% if objected_number %}（{{ objected_number }}）{% endif %}有异议，{% if objection_on %}于"
                "{{ objection_on }}{% endif %}向本机关提出。本机关依照" + _LAA + "第四十九条第二款的规定进行了审查。",
                Section("objection", lead="你提出："),
                Section("facts", lead="经审查查明："),
                Section("reasons", lead="本机关认为："),
                "根据" + _LAA + "第四十九条第二款的规定，本机关决定："
                "{% if step == 'uphold_objection' %}责令{{ case_office }}改正其作出的{{ objected_title }}，对你的"
                "法律援助申请依法重新审查并作出决定。{% else %}维持{{ case_office }}作出的{{ objected_title }}。"
                "{% endif %}",
                If(
                    "step != 'uphold_objection'",
                    "你如不服本决定，可以依照该法第四十九条第三款的规定，自收到本决定书之日起六十日内向{{ government }}"
                    "申请行政复议（《中华人民共和国行政复议法》第二十条第一款），或者自收到本决定书之日起六个月内向"
                    "人民法院提起行政诉讼（《中华人民共和国行政诉讼法》第四十六条第一款）。",
                ),
            ),
            copy_to="{{ case_office }}",
        ),
        issuer=parent_body,
        handled_by=parent_body,  # the bureau examines the objection itself (art. 49 ¶2): its own 承办, not the centre
        context=context,
    ),
)
