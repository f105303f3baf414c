"""Choices of the law-enforcement supervision line (行政执法监督): the body, the roles, where a case comes from, how
it closes, the items a rule-of-law health check (法治体检) looks at, the states of a check and of an interview."""

from django.db import models
from django.utils.translation import gettext_lazy as _

LINE = "supervision"


class LineRole(models.TextChoices):
    """Roles this line adds to the kernel's (declared on the line in apps.py)."""

    SUPERVISOR = "supervisor", _("行政执法监督员")
    REPORTER = "enforcement_reporter", _("执法数据报送员")  # an agency's clerk: lenient-penalty decisions


class Source(models.TextChoices):
    """Where a supervision case's lead (线索) comes from (行政执法监督条例第二十条)."""

    COMPLAINT = "complaint", _("投诉举报")
    REFERRAL = "referral", _("移送交办")
    FINDING = "finding", _("监督发现")


class Outcome(models.TextChoices):
    """How a supervision case closes."""

    CORRECTED = "corrected", _("已纠正")
    NO_VIOLATION = "no_violation", _("未发现违法或者不当")
    DECLINED = "declined", _("不予立案")
    NOT_DUPLICATED = "not_duplicated", _("已进入行政复议或者行政诉讼，不重复监督")
    GOVERNMENT_DECIDED = "government_decided", _("本级人民政府决定后结案")


class FindingItem(models.TextChoices):
    """What a health check looks at in a department, one finding per item; the first three are the 三项制度
    (国办发〔2018〕118号; statutes.md §6.1), the rest the supervision body's ordinary checks
    (条例第十五条、第十八条)."""

    PUBLICITY = "publicity", _("行政许可、行政处罚决定7个工作日内公示")
    FULL_RECORDING = "full_recording", _("执法全过程记录")
    LEGAL_REVIEW = "legal_review", _("重大执法决定法制审核")
    CERTIFICATES = "certificates", _("持证执法")
    CASE_FILES = "case_files", _("执法案卷评查")
    OTHER = "other", _("其他")


THREE_SYSTEMS = frozenset({FindingItem.PUBLICITY, FindingItem.FULL_RECORDING, FindingItem.LEGAL_REVIEW})


class CheckState(models.TextChoices):
    """A department's health check: planned, checked (findings recorded), rectification notice issued, the
    department's report received, verified."""

    PLANNED = "planned", _("待检查")
    CHECKED = "checked", _("已检查")
    RECTIFYING = "rectifying", _("整改中")
    REPORTED = "reported", _("已报送整改报告")
    VERIFIED = "verified", _("整改已验收")
    CLOSED = "closed", _("检查完毕（无需整改）")


class InterviewState(models.TextChoices):
    """An interview (约谈, 条例第二十二条第五项): proposed by the system, scheduled by staff, held, followed up."""

    PROPOSED = "proposed", _("建议约谈")
    SCHEDULED = "scheduled", _("已安排")
    HELD = "held", _("已约谈")
    DISMISSED = "dismissed", _("不予约谈")
