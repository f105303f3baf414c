"""The written opinion the legality review issues (合法性审核意见书), with the text of its built-in template.

The reviewing body is the justice bureau (司法局): a section of the bureau handles the review and keeps the
register, the bureau issues the opinion in its own name. The opinion states what was sent and when, who was heard
(法律顾问、公职律师, 重大行政决策程序暂行条例 art. 28), the reviewing body's reasons, the articles it rests on and
its conclusion in words; a conclusion that forbids issue or discussion says so (国办发〔2018〕115号; art. 25 ¶2).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from fazhi.accounts.models import Organisation
from fazhi.cases.models import Case
from fazhi.documents.kinds import DocumentKind, Heading, If, IssuingBody, Loop, Section, TemplateText
from fazhi.legality.choices import LINE, Capacity, Outcome, ReviewKind
from fazhi.legality.procedure import AMENDED, REFUSED

# The conclusion in words, by outcome code (the step's outcome; the template prints these, never the code).
CONCLUSIONS = {
    Outcome.LAWFUL.value: (
        "经审核，该{kind}符合法定权限和法定程序，内容不违反法律、法规、规章和国家政策的规定，审核结论为：合法。"
    ),
    Outcome.LAWFUL_IF_AMENDED.value: "经审核，该{kind}在按照下列意见修改后合法，请修改后按照规定程序办理：",
    Outcome.UNLAWFUL.value: "经审核，该{kind}不合法，理由如下：",
    Outcome.SIGN.value: ("经审核，该合同主体适格，内容不违反法律、法规、规章和国家政策的规定，审核结论为：同意签订。"),
    Outcome.SIGN_IF_AMENDED.value: "经审核，该合同按下列意见修改后可以签订：",
    Outcome.DO_NOT_SIGN.value: "经审核，该合同不宜签订，审核结论为：不同意签订。理由如下：",
}
# What an unlawful finding forbids, by kind (国办发〔2018〕115号; 重大行政决策程序暂行条例第二十五条第二款).
CONSEQUENCES = {
    ReviewKind.NORMATIVE_DOCUMENT.value: "经审核不合法的规范性文件，不得发布施行。",
    ReviewKind.MAJOR_DECISION.value: (
        "经审查不合法的决策草案，不得提交决策机关讨论（《重大行政决策程序暂行条例》第二十五条第二款）。"
    ),
    ReviewKind.CONTRACT.value: "",
}


# What the opinion rests on, by kind (the step's own `basis` names every kind's articles at once).
REVIEW_BASIS = {
    ReviewKind.NORMATIVE_DOCUMENT.value: (
        "《国务院办公厅关于全面推行行政规范性文件合法性审核机制的指导意见》（国办发〔2018〕115号）"
    ),
    ReviewKind.MAJOR_DECISION.value: "《重大行政决策程序暂行条例》第二十五条至第二十八条",
    ReviewKind.CONTRACT.value: "本地区政府合同合法性审查的有关规定",
}


def bureau_body(case: Case) -> IssuingBody:
    """The justice bureau the reviewing section belongs to (the section itself if it is the bureau)."""
    organisation = case.organisation
    if organisation.kind != Organisation.Kind.JUSTICE_BUREAU and organisation.parent is not None:
        organisation = organisation.parent
    return IssuingBody(organisation.name, organisation.short_name)


def context(doc) -> dict[str, Any]:
    """The kind of request and the conclusion in words, and who was heard before it (art. 28)."""
    case = doc.case
    detail = getattr(case, "legality", None)
    kind = detail.kind if detail else ""
    kind_name = str(ReviewKind(kind).label) if kind else "送审事项"
    opinions = [
        e.data or {} for e in case.events.filter(code="legal_opinion", on__lte=doc.issued_on).order_by("on", "id")
    ]
    heard = [
        f"{data.get('reviewer', '')}（{Capacity(str(data['capacity'])).label}）"
        for data in opinions
        if data.get("capacity") in Capacity.values
    ]
    data = doc.data or {}
    outcome = data.get("outcome") or case.outcome  # the conclusion the issuing step recorded
    return {
        # the conclusion's words lead into the amendments (修改后…) or the reasons (不合法, 不同意签订): only those
        "amendments": data.get("conditions", "") if outcome in AMENDED else "",
        "refusal_reasons": data.get("reasons", "") if outcome in REFUSED else "",
        "kind_name": kind_name,
        "conclusion": CONCLUSIONS.get(outcome, "").format(kind=kind_name),
        "consequence": CONSEQUENCES.get(kind, "") if outcome == Outcome.UNLAWFUL else "",
        "heard": "、".join(heard),
        "review_basis": REVIEW_BASIS.get(kind, ""),
        "catalogue_item": detail.catalogue_item if detail else "",
    }


KINDS: tuple[DocumentKind, ...] = (
    DocumentKind(
        "legality_opinion",
        _("合法性审核意见书"),
        "意",
        LINE,
        TemplateText(
            (
                "你单位于{{ received_on }}送请审核的《{{ case_title }}》（{{ kind_name }}）及相关材料收悉。"
                "本机关依法进行了合法性审核，现提出审核意见如下。",
                If("catalogue_item", "该事项列入重大行政决策事项目录（{{ catalogue_item }}）。"),
                If("heard", "审核过程中，本机关听取了{{ heard }}的法律意见。"),
                Heading("一、审核意见"),
                Section("opinion"),
                Heading("二、审核依据", when="legal_basis or review_basis"),
                If("legal_basis", "{{ legal_basis }}。"),
                If("review_basis", "本意见依据{{ review_basis }}作出。"),
                Heading("三、审核结论"),
                "{{ conclusion }}",
                Loop("amendments"),
                Loop("refusal_reasons"),
                If("consequence", "{{ consequence }}"),
            ),
            closing="特此函告。",
        ),
        issuer=bureau_body,
        context=context,
    ),
)
