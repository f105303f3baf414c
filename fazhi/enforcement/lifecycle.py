"""The certificate lifecycle as data (行政执法证件: 申领 → 培训考试 → 审核 → 制发 → 有效 → 年审/换证 → 暂扣/注销/收回).

Every allowed move is declared once below with the state(s) it leaves, the state it reaches, the data it takes and
its basis beside it; `fazhi.enforcement.services.certificate_move` applies them and refuses anything else. The
national rule is the 行政执法监督条例 (国务院令第825号, in force 2026-02-01): art. 10 (资格、证件管理制度, 准入和退出),
art. 17 ¶2 (资格审核, 资格考试, 制发证件) and art. 32 (取消执法资格 proposed to the body with authority); the card's
format is 司办通〔2020〕78号. The steps of 年审、换证、暂扣、注销、收回 are provincial (省级行政执法证件管理办法):
marked "地方规定，原文待核" ([LOCAL]) and unconfirmed until the province's text is read (statutes.md §6.4).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from fazhi.enforcement.choices import State

APPLY_BASIS = "行政执法监督条例第十条、第十七条第二款；省级行政执法证件管理办法（申领）（地方规定，原文待核）"


@dataclass(frozen=True)
class Move:
    """One allowed move of a certificate: from `sources` to `target` (None: the state stays), with its data."""

    code: str
    label: object  # lazy Chinese label
    sources: tuple[str, ...]
    target: str | None
    basis: str
    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()


REASON = ("reason",)
MOVES: dict[str, Move] = {
    m.code: m
    for m in (
        Move(
            "train",
            _("登记培训考试"),
            (State.APPLIED,),
            State.TRAINED,
            "行政执法监督条例第十七条第二款（通过行政执法资格考试）",
            required=("training_hours", "exam_score"),
        ),
        Move(
            "approve",
            _("审核通过"),
            (State.TRAINED,),
            State.APPROVED,
            "行政执法监督条例第十七条第二款（对行政执法人员资格进行审核）",
            optional=("note",),
        ),
        Move(
            "issue",
            _("制发证件"),
            (State.APPROVED,),
            State.VALID,
            "行政执法监督条例第十七条第二款（制发行政执法证件）；司办通〔2020〕78号（全国统一证件样式）",
            required=("number", "valid_from", "valid_to"),
        ),
        Move(
            "annual_review",
            _("年审"),
            (State.VALID,),
            None,
            "省级行政执法证件管理办法（年审）（地方规定，原文待核）",
            optional=("training_hours", "note"),
        ),
        Move(
            "renew",
            _("换证"),
            (State.VALID,),
            State.VALID,
            "省级行政执法证件管理办法（换证）（地方规定，原文待核）；司办通〔2020〕78号",
            required=("number", "valid_to"),
        ),
        Move(
            "suspend",
            _("暂扣"),
            (State.VALID,),
            State.SUSPENDED,
            "省级行政执法证件管理办法（暂扣）（地方规定，原文待核）；监督机构依据行政执法监督条例第三十二条提出处理建议",
            required=REASON,
        ),
        Move(
            "reinstate",
            _("发还"),
            (State.SUSPENDED,),
            State.VALID,
            "省级行政执法证件管理办法（暂扣期满发还）（地方规定，原文待核）",
            required=REASON,
        ),
        Move(
            "cancel",
            _("注销"),
            (State.VALID, State.SUSPENDED),
            State.CANCELLED,
            "行政执法监督条例第十条（行政执法人员退出：调离、退休等）；省级行政执法证件管理办法（注销）（地方规定，原文待核）",
            required=REASON,
        ),
        Move(
            "withdraw",
            _("收回"),
            (State.VALID, State.SUSPENDED),
            State.WITHDRAWN,
            "省级行政执法证件管理办法（收回）（地方规定，原文待核）；监督机构依据行政执法监督条例第三十二条提出处理建议",
            required=REASON,
        ),
        Move(
            "refuse",
            _("不予发证"),
            (State.APPLIED, State.TRAINED, State.APPROVED),
            State.REFUSED,
            "行政执法监督条例第十七条第二款（不符合法定条件或未通过考试的，不予制发证件）",
            required=REASON,
        ),
    )
}

# The labels of the data a move takes (the forms, the history and the errors say the same).
FIELD_LABELS = {
    "training_hours": _("培训学时"),
    "exam_score": _("考试成绩"),
    "note": _("备注"),
    "number": _("证件编号"),
    "valid_from": _("有效期自"),
    "valid_to": _("有效期至"),
    "reason": _("理由"),
}
EXAM_PASS_SCORE = 60  # [LOCAL] the provinces' 资格考试 pass mark (commonly 60 of 100); unconfirmed

# The event code of the application itself (申领), which opens the history.
APPLY = "apply"
EVENT_LABELS = {APPLY: _("申领"), **{code: move.label for code, move in MOVES.items()}}


def moves_from(state: str) -> list[Move]:
    """The moves a certificate in `state` may take (the detail page offers these, the service allows no other)."""
    return [m for m in MOVES.values() if state in m.sources]
