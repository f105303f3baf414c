"""Choices of the legal-aid line (法律援助法 2021)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Route(models.TextChoices):
    APPLICATION = "application", _("本人申请")  # art. 38
    FORWARDED = "forwarded", _("看守所、值班律师转交申请")  # art. 39, 24 hours
    NOTIFIED = "notified", _("办案机关通知辩护（代理）")  # art. 25, 28, 36


class CaseCategory(models.TextChoices):
    CRIMINAL = "criminal", _("刑事")
    CIVIL = "civil", _("民事")
    ADMINISTRATIVE = "administrative", _("行政")
    STATE_COMPENSATION = "state_compensation", _("国家赔偿")
    NON_LITIGATION = "non_litigation", _("非诉讼事项")


LITIGATION = frozenset(
    {CaseCategory.CRIMINAL, CaseCategory.CIVIL, CaseCategory.ADMINISTRATIVE, CaseCategory.STATE_COMPENSATION}
)


class Notifier(models.TextChoices):
    COURT = "court", _("人民法院")
    PROCURATORATE = "procuratorate", _("人民检察院")
    POLICE = "police", _("公安机关")


class ConsultationChannel(models.TextChoices):
    WALK_IN = "walk_in", _("来访")
    HOTLINE = "hotline_12348", _("12348热线")
    ONLINE = "online", _("网络")
    DUTY_LAWYER = "duty_lawyer", _("值班律师法律帮助")  # art. 22 (5), 30: a light record like a consultation


class AssigneeKind(models.TextChoices):
    LAWYER = "lawyer", _("律师")
    BASIC_LEGAL_WORKER = "basic_legal_worker", _("基层法律服务工作者")
    STAFF = "staff", _("法律援助机构工作人员")  # art. 12–13


class ClosureResult(models.TextChoices):
    WON = "won", _("胜诉或主张得到支持")
    PARTLY_WON = "partly_won", _("部分支持")
    MEDIATED = "mediated", _("调解、和解结案")
    LOST = "lost", _("未获支持")
    DEFENCE = "defence", _("刑事辩护、代理完成")
    OTHER = "other", _("其他")


class QualityGrade(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    GOOD = "good", _("良好")
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")


class ClaimKind(models.TextChoices):
    WAGES = "wages", _("追索劳动报酬")
    WORK_INJURY = "work_injury", _("工伤赔偿")
    OTHER = "other", _("其他")


class RecipientGroup(models.TextChoices):
    NONE = "", _("—")
    MIGRANT_WORKER = "migrant_worker", _("农民工")
    HERDER = "herder", _("农牧民")


TERMINATION_GROUNDS = {
    "1": _("受援人以欺骗或者其他不正当手段获得法律援助"),
    "2": _("受援人故意隐瞒与案件有关的重要事实或者提供虚假证据"),
    "3": _("受援人利用法律援助从事违法活动"),
    "4": _("受援人的经济状况发生变化，不再符合法律援助条件"),
    "5": _("案件终止审理或者已经被撤销"),
    "6": _("受援人自行委托律师或者其他代理人"),
    "7": _("受援人有正当理由要求终止法律援助"),
    "8": _("法律法规规定的其他情形"),
}  # art. 48 ¶1


class OrganisationKind(models.TextChoices):
    """Kinds of body this line adds to the kernel's (declared on the line in apps.py)."""

    LEGAL_AID_CENTRE = "legal_aid_centre", _("法律援助中心")
