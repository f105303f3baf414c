"""The registry of official documents each line issues, with the code each adds to its number (包复受〔2024〕3号)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from fazhi.core.lines import Line


@dataclass(frozen=True)
class DocumentKind:
    """One kind of document: its key, its title, its number code and the line that issues it."""

    key: str
    name: str | Promise
    code: str
    line: str


KINDS: tuple[DocumentKind, ...] = (
    # 行政复议法 (2023): arts. 30, 31, 39–41, 50–51, 62, 73, 75.
    DocumentKind("acceptance_notice", _("受理通知书"), "受", Line.RECONSIDERATION),
    DocumentKind("correction_notice", _("补正通知书"), "补", Line.RECONSIDERATION),
    DocumentKind("non_acceptance_decision", _("不予受理决定书"), "不受", Line.RECONSIDERATION),
    DocumentKind("hearing_notice", _("听证通知书"), "听", Line.RECONSIDERATION),
    DocumentKind("extension_notice", _("延期审理通知书"), "延", Line.RECONSIDERATION),
    DocumentKind("suspension_notice", _("中止通知书"), "中", Line.RECONSIDERATION),
    DocumentKind("resumption_notice", _("恢复审理通知书"), "恢", Line.RECONSIDERATION),
    DocumentKind("termination_notice", _("终止通知书"), "终", Line.RECONSIDERATION),
    DocumentKind("mediation_statement", _("行政复议调解书"), "调", Line.RECONSIDERATION),
    DocumentKind("decision", _("行政复议决定书"), "决", Line.RECONSIDERATION),
    # 人民调解法 (2010): arts. 17, 26–30, 33.
    DocumentKind("mediation_registration", _("人民调解受理登记表"), "登", Line.MEDIATION),
    DocumentKind("mediation_agreement", _("人民调解协议书"), "协", Line.MEDIATION),
    DocumentKind("oral_agreement_record", _("口头调解协议登记表"), "口", Line.MEDIATION),
    DocumentKind("mediation_termination_notice", _("终止调解告知书"), "终", Line.MEDIATION),
    DocumentKind("judicial_confirmation_application", _("司法确认申请书"), "确", Line.MEDIATION),
    # 法律援助法 (2021): arts. 43, 48, 50.
    DocumentKind("supplement_notice", _("补充材料通知书"), "补", Line.LEGAL_AID),
    DocumentKind("legal_aid_grant", _("给予法律援助决定书"), "准", Line.LEGAL_AID),
    DocumentKind("legal_aid_refusal", _("不予法律援助决定书"), "不准", Line.LEGAL_AID),
    DocumentKind("assignment_letter", _("指派通知书"), "指", Line.LEGAL_AID),
    DocumentKind("legal_aid_termination", _("终止法律援助决定书"), "终", Line.LEGAL_AID),
    DocumentKind("closure_report", _("法律援助案件结案报告"), "结", Line.LEGAL_AID),
)

_BY_KEY = {k.key: k for k in KINDS}


def kind(key: str) -> DocumentKind:
    """The kind registered under `key`; LookupError for anything else."""
    try:
        return _BY_KEY[key]
    except KeyError:
        raise LookupError(f"unknown document kind: {key!r}") from None


def kind_choices() -> list[tuple[str, str | Promise]]:
    """(key, name) pairs for model and form fields."""
    return [(k.key, k.name) for k in KINDS]
