"""The documents a supervision case issues: the 行政执法监督督办函 (条例第二十七条) and the 行政执法监督意见书
(条例第二十八条), each addressed to the agency concerned, stating the problem, what the agency is to do and the time
within which it reports its correction, which the issuer sets (the 条例 fixes none).

The supervision body is the justice bureau (条例第六条): its 行政执法协调监督科 handles the case and keeps the register,
the bureau issues the document in its own name. The 监督决定书 is the government's (art. 29): the case records it,
this line does not issue it.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from fazhi.accounts.models import Organisation
from fazhi.cases.models import Case
from fazhi.documents.kinds import DocumentKind, Heading, If, IssuingBody, Loop, Section, TemplateText
from fazhi.supervision.choices import LINE


def bureau_body(case: Case) -> IssuingBody:
    """The justice bureau the supervision section belongs to (the section itself if it is the bureau)."""
    organisation = case.organisation
    if organisation.kind != Organisation.Kind.JUSTICE_BUREAU and organisation.parent is not None:
        organisation = organisation.parent
    return IssuingBody(organisation.name, organisation.short_name)


def context(doc) -> dict[str, Any]:
    """The agency addressed and the matter the case records."""
    detail = getattr(doc.case, "supervision", None)
    agency = detail.agency.name if detail and detail.agency else ""
    return {"agency": agency, "matter": detail.matter if detail else ""}


def _text(kind: str, lead: str, what: str, article: str) -> TemplateText:
    return TemplateText(
        (
            lead,
            If("matter", "监督事项：{{ matter }}"),
            Heading("一、发现的问题"),
            Section("problem"),
            Heading("二、" + ("督办事项" if kind == "督办函" else "纠正意见")),
            Loop("requirement"),
            If("legal_basis", "依据：{{ legal_basis }}。"),
            Heading("三、报送期限"),
            f"请你单位自收到本{kind}之日起{{{{ rectify_days }}}}日内，将{what}情况书面报送本机关。{article}",
        ),
        addressee="{{ agency }}：",
        closing="特此函告。" if kind == "督办函" else "",
    )


KINDS: tuple[DocumentKind, ...] = (
    DocumentKind(
        "supervision_urging_letter",
        _("行政执法监督督办函"),
        "督",
        LINE,
        _text(
            "督办函",
            "本机关在行政执法监督工作中发现，你单位存在应当履行而未履行行政执法职责的情形。"
            "根据《行政执法监督条例》第二十七条的规定，现督促你单位依法履行职责。",
            "履行职责",
            "逾期未履行的，本机关将依照《行政执法监督条例》第二十九条的规定提出处理建议，报请本级人民政府决定。",
        ),
        issuer=bureau_body,
        context=context,
    ),
    DocumentKind(
        "supervision_opinion",
        _("行政执法监督意见书"),
        "监",
        LINE,
        _text(
            "意见书",
            "本机关在行政执法监督工作中查明，你单位的行政执法行为存在违法或者明显不当的问题。"
            "根据《行政执法监督条例》第二十八条的规定，现提出监督意见如下。",
            "纠正",
            "你单位对本意见书有异议的，可以向本机关提出并说明理由（《行政执法监督条例》第三十条）。"
            "逾期未纠正的，本机关将依照《行政执法监督条例》第二十九条的规定提出处理建议，报请本级人民政府决定。",
        ),
        issuer=bureau_body,
        context=context,
    ),
)
