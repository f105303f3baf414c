"""Choices of the legality-review line (合法性审核): kinds of request, outcomes, reviewers' capacities, the body."""

from django.db import models
from django.utils.translation import gettext_lazy as _

LINE = "legality"


class ReviewKind(models.TextChoices):
    """What is sent for review (statutes.md §5)."""

    NORMATIVE_DOCUMENT = "normative_document", _("行政规范性文件")  # 国办发〔2018〕115号
    MAJOR_DECISION = "major_decision", _("重大行政决策")  # 重大行政决策程序暂行条例 arts. 25–28
    CONTRACT = "contract", _("政府合同")  # local rules only (§5.3)


class Outcome(models.TextChoices):
    """The conclusion of the written opinion: three for documents and decisions, three for contracts (local
    practice), and a request returned without one."""

    LAWFUL = "lawful", _("合法")
    LAWFUL_IF_AMENDED = "lawful_if_amended", _("修改后合法")
    UNLAWFUL = "unlawful", _("不合法")
    SIGN = "sign", _("同意签订")
    SIGN_IF_AMENDED = "sign_if_amended", _("修改后签订")
    DO_NOT_SIGN = "do_not_sign", _("不同意签订")
    RETURNED = "returned", _("退回")


# The outcomes under which a reviewed normative document may be issued (国办发〔2018〕115号: a document not
# reviewed, or found unlawful, may not be issued); the rule book's registration asks for one of them.
ISSUE_ALLOWED = frozenset({Outcome.LAWFUL.value, Outcome.LAWFUL_IF_AMENDED.value})
CONCLUDED = frozenset(o.value for o in Outcome if o != Outcome.RETURNED)


class Capacity(models.TextChoices):
    """In what capacity a reviewer gives a legal opinion (重大行政决策程序暂行条例 art. 28)."""

    LEGAL_ADVISER = "legal_adviser", _("法律顾问")
    PUBLIC_LAWYER = "public_lawyer", _("公职律师")


class OrganisationKind(models.TextChoices):
    """Kinds of body this line adds to the kernel's (declared on the line in apps.py)."""

    LEGALITY_SECTION = "legality_section", _("合法性审核机构")


class LineRole(models.TextChoices):
    """Roles this line adds to the kernel's (declared on the line in apps.py)."""

    REVIEWER = "legality_reviewer", _("合法性审核员")
