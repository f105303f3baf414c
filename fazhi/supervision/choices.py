"""Choices of the law-enforcement supervision line (行政执法监督): the body, the roles."""

from django.db import models
from django.utils.translation import gettext_lazy as _

LINE = "supervision"


class LineRole(models.TextChoices):
    """Roles this line adds to the kernel's (declared on the line in apps.py)."""

    SUPERVISOR = "supervisor", _("行政执法监督员")
    REPORTER = "enforcement_reporter", _("执法数据报送员")  # an agency's clerk: lenient-penalty decisions
