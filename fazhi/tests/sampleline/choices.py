"""Choices of the test-only line: its key, the body and role it adds to the kernel's, its states."""

from django.db import models
from django.utils.translation import gettext_lazy as _

LINE = "sample_line"


class OrganisationKind(models.TextChoices):
    """Kinds of body this line adds to the kernel's (declared on the line in apps.py)."""

    SAMPLE_OFFICE = "sample_office", _("示例办理机构")


class LineRole(models.TextChoices):
    """Roles this line adds to the kernel's (declared on the line in apps.py)."""

    INSPECTOR = "sample_inspector", _("示例核查员")


class State(models.TextChoices):
    RECEIVED = "received", _("待受理")
    ACCEPTED = "accepted", _("审查中")
    GRANTED = "granted", _("准予")
    REFUSED = "refused", _("不予准予")
