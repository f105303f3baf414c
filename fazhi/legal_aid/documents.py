"""The documents 法律援助 issues, with the text of their built-in templates (法律援助法 2021: arts. 36, 43, 48–50,
55). Placeholders are those of `fazhi.documents.services.document_context` and the step's data.

A step stores codes (a termination ground, a closure result, the kind of assignee); the templates print their
words from this line's choices, so the document and the form always say the same.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fazhi.documents.kinds import DocumentKind, If, Loop, TemplateText, jinja_dict
from fazhi.legal_aid.choices import TERMINATION_GROUNDS, AssigneeKind, ClosureResult

LINE = "legal_aid"
_LAA = "《中华人民共和国法律援助法》"
_GROUNDS = {code: str(text) for code, text in TERMINATION_GROUNDS.items()}  # art. 48 ¶1, items 一 to 八
_NUMERALS = dict(zip(_GROUNDS, "一二三四五六七八", strict=True))
_RESULTS = {c.value: str(c.label) for c in ClosureResult}
_ASSIGNEES = {c.value: str(c.label) for c in AssigneeKind}
_ASSIGNEE = (
    "{{ firm }}{{ lawyer }}{% if assignee_kind in assignee_kinds %}（{{ assignee_kinds[assignee_kind] }}）{% endif %}"
)
_OBJECTION = (
    "你对本决定有异议的，可以向设立本机构的司法行政部门提出；对司法行政部门维持本决定不服的，可以依法"
    "申请行政复议或者提起行政诉讼（该法第四十九条）。"
)

KINDS: tuple[DocumentKind, ...] = (
    DocumentKind(
        "supplement_notice",
        _("补充材料通知书"),
        "补",
        LINE,
        TemplateText(
            (
                "你因{{ case_title }}于{{ received_on }}提出的法律援助申请，经审查，申请材料不齐全。根据"
                + _LAA
                + "第四十三条第二款的规定，现一次性告知你需要补充下列材料或者作出说明：",
                Loop("items"),
                "请你按要求补充上述材料或者作出说明。未按要求补充材料或者作出说明的，视为撤回申请。",
            ),
            closing="特此通知。",
        ),
    ),
    DocumentKind(
        "legal_aid_grant",
        _("给予法律援助决定书"),
        "准",
        LINE,
        TemplateText(
            (
                "你因{{ case_title }}于{{ received_on }}提出的法律援助申请，经审查，符合法律援助条件。根据"
                + _LAA
                + "第"
                "四十三条的规定，本机构决定给予法律援助{% if aid_form %}（{{ aid_form }}）{% endif %}。",
                "本机构将自本决定作出之日起三日内指派法律援助人员为你提供法律援助。请你如实提供有关情况和材料；有该法"
                "第四十八条规定情形的，本机构将终止法律援助。",
            ),
        ),
    ),
    DocumentKind(
        "legal_aid_refusal",
        _("不予法律援助决定书"),
        "不准",
        LINE,
        TemplateText(
            (
                "你因{{ case_title }}于{{ received_on }}提出的法律援助申请，经审查，{{ reasons }}，不符合法律援助条件。"
                "根据《中华人民共和国法律援助法》第四十三条的规定，本机构决定不予法律援助。",
                _OBJECTION,
            ),
        ),
    ),
    DocumentKind(
        "assignment_letter",
        _("指派通知书"),
        "指",
        LINE,
        TemplateText(
            (
                jinja_dict("assignee_kinds", _ASSIGNEES) + "关于{{ case_title }}法律援助事项，本机构已依法决定为"
                "受援人{{ applicants }}提供法律援助。{% if reasons %}因{{ reasons }}，根据"
                + _LAA
                + "第五十五条的规定，"
                "本机构决定更换法律援助人员，现改为指派{% else %}根据" + _LAA + "第三十六条、第四十三条第一款的规定，"
                "现指派{% endif %}" + _ASSIGNEE + "承办。",
                "请承办人员及时与受援人联系，依法履行职责，维护受援人的合法权益；办理结束后及时向本机构报告，并提交"
                "有关法律文书的副本或者复印件、办理情况报告等材料（该法第五十条）。",
            ),
            addressee="{{ firm or lawyer }}：",
            closing="特此通知。",
        ),
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
                + "{% set g = ground|string %}你因{{ case_title }}申请的法律援助事项，本机构已依法提供法律援助。经查，"
                "{{ reasons }}{% if g in grounds %}，属于" + _LAA + "第四十八条第一款第{{ numerals[g] }}项规定的"
                "“{{ grounds[g] }}”情形。根据该规定{% else %}。根据" + _LAA + "第四十八条第一款的规定{% endif %}，"
                "本机构决定终止法律援助。",
                _OBJECTION,
            ),
        ),
    ),
    DocumentKind(
        "closure_report",
        _("法律援助案件结案报告"),
        "结",
        LINE,
        TemplateText(
            (
                "关于{{ case_title }}法律援助事项，本机构{% if accepted_on %}于{{ accepted_on }}{% endif %}决定为受援人"
                "{{ applicants }}提供法律援助。该事项现已办理结束，承办人员根据" + _LAA + "第五十条的规定报告如下：",
                jinja_dict("results", _RESULTS) + "办理结果：{{ results[result] or result }}",
                "办理情况：{{ report }}",
                If("amount_awarded", "裁判、调解确定金额：{{ amount_awarded }}元"),
                If("amount_collected", "实际执行到位金额：{{ amount_collected }}元"),
                If("amount_avoided", "避免损失金额：{{ amount_avoided }}元"),
                If("basis_document", "金额依据文书：{{ basis_document }}"),
                "随本报告提交有关法律文书的副本或者复印件等材料。",
            ),
            addressee=None,
            signatures=("承办人员（签名）：",),
        ),
    ),
)
