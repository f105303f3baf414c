"""Choices of the reconsideration line: procedure types, acts, decisions, grounds (行政复议法 2023)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProcedureType(models.TextChoices):
    ORDINARY = "ordinary", _("普通程序")  # art. 36
    SIMPLIFIED = "simplified", _("简易程序")  # art. 53


class ActType(models.TextChoices):
    """The kind of administrative act contested; some open the simplified procedure (art. 53)."""

    PENALTY = "penalty", _("行政处罚")
    WARNING = "warning", _("警告、通报批评")
    COERCIVE = "coercive", _("行政强制")
    LICENSING = "licensing", _("行政许可")
    INFORMATION_DISCLOSURE = "information_disclosure", _("政府信息公开")
    NON_PERFORMANCE = "non_performance", _("不履行法定职责")
    WORK_INJURY = "work_injury", _("工伤认定")
    EXPROPRIATION = "expropriation", _("征收征用与补偿")
    AGREEMENT = "agreement", _("行政协议")
    OTHER = "other", _("其他")


class Decision(models.TextChoices):
    """Dispositions on the merits (art. 63–72) and after acceptance (art. 33)."""

    VARIED = "varied", _("变更")  # art. 63
    REVOKED = "revoked", _("撤销")  # art. 64
    REMAKE_ORDERED = "remake_ordered", _("撤销并责令重作")  # art. 64
    CONFIRMED_UNLAWFUL = "confirmed_unlawful", _("确认违法")  # art. 65
    PERFORMANCE_ORDERED = "performance_ordered", _("责令履行")  # art. 66
    CONFIRMED_INVALID = "confirmed_invalid", _("确认无效")  # art. 67
    UPHELD = "upheld", _("维持")  # art. 68
    CLAIM_REJECTED = "claim_rejected", _("驳回复议请求")  # art. 69
    AGREEMENT_ORDER = "agreement_order", _("行政协议类决定")  # art. 71
    APPLICATION_REJECTED = "application_rejected", _("驳回申请")  # art. 33


class Outcome(models.TextChoices):
    """Every way a case closes; the indicators group these (see indicators.py)."""

    VARIED = "varied", _("变更")
    REVOKED = "revoked", _("撤销")
    REMAKE_ORDERED = "remake_ordered", _("撤销并责令重作")
    CONFIRMED_UNLAWFUL = "confirmed_unlawful", _("确认违法")
    PERFORMANCE_ORDERED = "performance_ordered", _("责令履行")
    CONFIRMED_INVALID = "confirmed_invalid", _("确认无效")
    UPHELD = "upheld", _("维持")
    CLAIM_REJECTED = "claim_rejected", _("驳回复议请求")
    AGREEMENT_ORDER = "agreement_order", _("行政协议类决定")
    APPLICATION_REJECTED = "application_rejected", _("驳回申请")
    MEDIATION_STATEMENT = "mediation_statement", _("调解书结案")
    SETTLED_WITHDRAWN = "settled_withdrawn", _("和解撤回终止")
    WITHDRAWN = "withdrawn", _("撤回申请终止")
    TERMINATED = "terminated", _("其他终止")
    NOT_ACCEPTED = "not_accepted", _("不予受理")
    ABANDONED = "abandoned", _("视为放弃")


SUSPENSION_GROUNDS = {
    "1": _("作为申请人的公民死亡，其近亲属尚未确定是否参加行政复议"),
    "2": _("作为申请人的公民丧失参加行政复议的行为能力，尚未确定法定代理人"),
    "3": _("作为申请人的公民下落不明"),
    "4": _("作为申请人的法人或者其他组织终止，尚未确定权利义务承受人"),
    "5": _("申请人、被申请人因不可抗力或者其他正当理由，不能参加行政复议"),
    "6": _("依法进行调解、和解，申请人和被申请人同意中止"),
    "7": _("行政复议案件涉及的法律适用问题需要有权机关作出解释或者确认"),
    "8": _("行政复议案件审理需要以其他案件的审理结果为依据，而其他案件尚未审结"),
    "9": _("有本法第五十六条或者第五十七条规定的情形"),
    "10": _("需要中止行政复议的其他情形"),
}  # art. 39 ¶1

# Grounds under which 60 days of suspension end the case (art. 41 ¶1 (5)).
SUSPENSION_GROUNDS_LAPSING = frozenset({"1", "2", "4"})

TERMINATION_GROUNDS = {
    "1": _("申请人撤回行政复议申请，行政复议机构准予撤回"),
    "2": _("作为申请人的公民死亡，没有近亲属或者其近亲属放弃行政复议权利"),
    "3": _("作为申请人的法人或者其他组织终止，没有权利义务承受人或者其权利义务承受人放弃行政复议权利"),
    "4": _(
        "申请人对行政拘留或者限制人身自由的行政强制措施不服申请行政复议后，因同一违法行为涉嫌犯罪，被采取刑事强制措施"
    ),
}  # art. 41 ¶1 (1)–(4); (5) is the automatic termination after 60 days' suspension

NOT_ACCEPTED_GROUNDS = {
    "no_act": _("没有明确的被申请人或者不属于行政复议范围"),
    "out_of_time": _("超过行政复议申请期限"),
    "not_competent": _("不属于本机关管辖"),
    "no_standing": _("申请人与被申请行政复议的行政行为没有利害关系"),
    "already_sued": _("已向人民法院提起行政诉讼且人民法院已经受理"),
    "duplicate": _("其他行政复议机关已经依法受理"),
    "other": _("其他不符合受理条件的情形"),
}  # art. 30 ¶1


class LitigationResult(models.TextChoices):
    PENDING = "pending", _("审理中")
    UPHELD = "upheld", _("复议机关胜诉")
    LOST = "lost", _("败诉")
    WITHDRAWN = "withdrawn", _("原告撤诉")
    DISMISSED = "dismissed", _("驳回起诉")


class OrganisationKind(models.TextChoices):
    """Kinds of body this line adds to the kernel's (declared on the line in apps.py)."""

    RECONSIDERATION_OFFICE = "reconsideration_office", _("行政复议机构")
    LIAISON_POINT = "liaison_point", _("涉企行政复议联系点")
