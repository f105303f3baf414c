"""Choices of the business-environment registry (法治化营商环境), and the line and roles that keep it.

The registry sits below the lines (layer 4): it never imports the supervision line, so the line's key and the roles
it compares are strings here, in this one place (the values of `fazhi.supervision.choices`).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

KEEPER_LINE = "supervision"  # 行政执法监督: its members keep these records (the string, not an import of the line)
SUPERVISOR_ROLE = "supervisor"  # 行政执法监督员
REPORTER_ROLE = "enforcement_reporter"  # an agency's 执法数据报送员: reports lenient decisions, reads nothing here


class VersionState(models.TextChoices):
    """A version of the enterprise legal-service list: edited as a draft, frozen once published."""

    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")


class EventKind(models.TextChoices):
    """What an outreach event (进园区、进企业) was."""

    LECTURE = "lecture", _("法治讲座")
    VISIT = "visit", _("走访")
    CONSULTATION_DAY = "consultation_day", _("法律咨询日")
