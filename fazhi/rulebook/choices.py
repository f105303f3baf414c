"""The rule book's kinds, statuses, relations and the results of a cleanup (清理)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    LOCAL_REGULATION = "local_regulation", _("地方性法规")
    GOVERNMENT_RULE = "government_rule", _("政府规章")
    NORMATIVE_DOCUMENT = "normative_document", _("行政规范性文件")


class Status(models.TextChoices):
    IN_FORCE = "in_force", _("有效")
    AMENDED = "amended", _("已修改")
    REPEALED = "repealed", _("已废止")
    INVALID = "invalid", _("失效")
    PENDING_EVALUATION = "pending_evaluation", _("待评估")


# statuses under which a document is still applied (a document being evaluated is in force until decided)
APPLIED = (Status.IN_FORCE, Status.PENDING_EVALUATION)


class RelationKind(models.TextChoices):
    AMENDS = "amends", _("修改")
    REPEALS = "repeals", _("废止")
    IMPLEMENTS = "implements", _("实施")
    BASED_ON = "based_on", _("依据")


class Source(models.TextChoices):
    REGISTERED = "registered", _("登记")
    IMPORTED = "imported", _("导入")
    DEMO = "demo", _("演示数据")


class TaskReason(models.TextChoices):
    EXPIRY = "expiry", _("有效期届满前评估")
    INCIDENTAL_REVIEW = "incidental_review", _("行政复议附带审查")


class EvaluationDecision(models.TextChoices):
    AMEND = "amend", _("修改")
    REPEAL = "repeal", _("废止")
    CONTINUE = "continue", _("确认继续实施")


class CleanupResult(models.TextChoices):
    REMAIN_VALID = "remain_valid", _("继续有效")
    AMEND = "amend", _("修改")
    REPEAL = "repeal", _("废止")
    DECLARE_INVALID = "declare_invalid", _("宣布失效")


class CampaignState(models.TextChoices):
    OPEN = "open", _("进行中")
    CLOSED = "closed", _("已完成")
