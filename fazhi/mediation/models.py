"""Mediation committees, their members and mediators, campaigns, and the dispute detail of a case."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.access import AccessPath, RestrictedQuerySet
from fazhi.core.crypto import EncryptedCharField
from fazhi.mediation.choices import (
    TAXONOMY_VERSION,
    AgreementKind,
    CampaignKind,
    CommitteeKind,
    ConfirmationResult,
    DisputeType,
    IndustryField,
    Performance,
    Source,
)

MIN_MEMBERS, MAX_MEMBERS = 3, 9  # 人民调解法 art. 8 ¶2
LINE = "mediation"
# A committee (and what hangs from it) is scoped by the committee's own organisation and region.
COMMITTEE_PATH = AccessPath.of_line(LINE, region="organisation__region__code")


class Committee(models.Model):
    """A people's mediation committee: an organisation of kind mediation_committee with its composition (art. 8–9)."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="committee", verbose_name=_("机构")
    )
    kind = models.CharField(_("类别"), max_length=20, choices=CommitteeKind.choices)
    industry_field = models.CharField(_("行业领域"), max_length=20, choices=IndustryField.choices, blank=True)
    multi_ethnic_area = models.BooleanField(_("多民族居住地区"), default=False)
    term_start = models.DateField(_("本届任期起"), null=True, blank=True)
    term_end = models.DateField(_("本届任期止"), null=True, blank=True)  # three years, re-electable (art. 9)

    objects = RestrictedQuerySet.as_manager()
    access_path = COMMITTEE_PATH

    class Meta:
        verbose_name = _("人民调解委员会")
        verbose_name_plural = _("人民调解委员会")

    def __str__(self) -> str:
        return str(self.organisation)

    def composition_problems(self) -> list[str]:
        """What the committee's current membership lacks under art. 8 ¶2 (shown to the bureau, not enforced)."""
        members = [m for m in self.members.all() if m.left_on is None]
        problems = []
        if not MIN_MEMBERS <= len(members) <= MAX_MEMBERS:
            problems.append(_("委员应为三至九人，现有%(n)s人（人民调解法第八条第二款）。") % {"n": len(members)})
        if not any(m.role == CommitteeMember.Role.CHAIR for m in members):
            problems.append(str(_("应设主任一人（人民调解法第八条第二款）。")))
        if not any(m.gender == "female" for m in members):
            problems.append(str(_("委员中应当有妇女成员（人民调解法第八条第二款）。")))
        if self.multi_ethnic_area and not any(m.ethnic_minority for m in members):
            problems.append(str(_("多民族居住地区应当有人数较少民族的成员（人民调解法第八条第二款）。")))
        return problems


class CommitteeMember(models.Model):
    """A member of a committee (委员), elected or appointed for the committee's term."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("主任")
        VICE_CHAIR = "vice_chair", _("副主任")
        MEMBER = "member", _("委员")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("姓名"), max_length=50)
    role = models.CharField(_("职务"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    gender = models.CharField(_("性别"), max_length=10, choices=[("male", _("男")), ("female", _("女"))])
    ethnicity = models.CharField(_("民族"), max_length=20, default="汉族")
    ethnic_minority = models.BooleanField(_("少数民族"), default=False)
    joined_on = models.DateField(_("任职日期"))
    left_on = models.DateField(_("离任日期"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()
    access_path = AccessPath.through("committee", COMMITTEE_PATH)

    class Meta:
        verbose_name = _("调委会委员")
        verbose_name_plural = _("调委会委员")

    def __str__(self) -> str:
        return f"{self.name}（{self.get_role_display()}）"


class Mediator(models.Model):
    """A people's mediator: a committee member or a hired mediator (art. 13), trained by the county bureau (art. 14)."""

    class Kind(models.TextChoices):
        MEMBER = "member", _("调委会委员")
        HIRED = "hired", _("聘任调解员")
        FULL_TIME = "full_time", _("专职调解员")

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="mediators")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="mediator"
    )
    name = models.CharField(_("姓名"), max_length=50)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.MEMBER)
    # A mediator's own phone is personal data too: encrypted at rest, never listed (no blind index: nobody looks a
    # mediator up by phone).
    phone = EncryptedCharField(_("电话"), max_length=30, blank=True)
    is_active = models.BooleanField(_("在岗"), default=True)

    objects = RestrictedQuerySet.as_manager()
    access_path = AccessPath.through("committee", COMMITTEE_PATH)

    class Meta:
        ordering = ["committee_id", "name"]
        verbose_name = _("人民调解员")
        verbose_name_plural = _("人民调解员")

    def __str__(self) -> str:
        return self.name


class Training(models.Model):
    """A training a mediator attended (art. 14 ¶2: the county bureau trains mediators regularly)."""

    mediator = models.ForeignKey(Mediator, on_delete=models.CASCADE, related_name="trainings")
    held_on = models.DateField(_("日期"))
    topic = models.CharField(_("内容"), max_length=200)
    hours = models.DecimalField(_("学时"), max_digits=5, decimal_places=1, default=0)
    organiser = models.CharField(_("组织单位"), max_length=100, blank=True)

    objects = RestrictedQuerySet.as_manager()
    access_path = AccessPath.through("mediator__committee", COMMITTEE_PATH)

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("培训记录")
        verbose_name_plural = _("培训记录")

    def __str__(self) -> str:
        return f"{self.held_on} {self.topic}"


class Campaign(models.Model):
    """A dispute-screening round (排查) or special campaign (专项行动) whose disputes are counted together."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类型"), max_length=20, choices=CampaignKind.choices)
    name = models.CharField(_("名称"), max_length=200)
    starts_on = models.DateField(_("开始"))
    ends_on = models.DateField(_("结束"), null=True, blank=True)
    screenings = models.PositiveIntegerField(_("排查次数"), default=0)

    objects = RestrictedQuerySet.as_manager()
    access_path = AccessPath.of_line(LINE, region="organisation__region__code")

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("排查与专项行动")
        verbose_name_plural = _("排查与专项行动")

    def __str__(self) -> str:
        return self.name


class MediationDetail(models.Model):
    """What the mediation rules and statistics depend on: source, type, risk, agreement, confirmation, follow-up."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="mediation")
    source = models.CharField(_("纠纷来源"), max_length=20, choices=Source.choices, default=Source.APPLICATION)
    dispute_type = models.CharField(_("纠纷类型"), max_length=30, choices=DisputeType.choices)
    taxonomy_version = models.CharField(_("分类版本"), max_length=20, default=TAXONOMY_VERSION)
    amount = models.DecimalField(_("涉及金额（元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    persons_involved = models.PositiveIntegerField(_("涉及人数"), default=2)
    campaign = models.ForeignKey(Campaign, null=True, blank=True, on_delete=models.PROTECT, related_name="disputes")
    mediator = models.ForeignKey(Mediator, null=True, blank=True, on_delete=models.PROTECT, related_name="disputes")
    mediator_chosen_by_parties = models.BooleanField(_("当事人选择调解员"), default=False)  # art. 19
    escalation_risk = models.BooleanField(_("有激化风险"), default=False)  # art. 25
    escalation_prevented = models.BooleanField(_("防止民转刑"), default=False)
    agreement_kind = models.CharField(_("协议形式"), max_length=10, choices=AgreementKind.choices, blank=True)
    agreement_effective_on = models.DateField(_("协议生效日期"), null=True, blank=True)
    agreement_amount = models.DecimalField(_("协议金额（元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    confirmation_result = models.CharField(
        _("司法确认结果"), max_length=10, choices=ConfirmationResult.choices, blank=True
    )
    performance = models.CharField(_("履行情况"), max_length=20, choices=Performance.choices, blank=True)

    objects = RestrictedQuerySet.as_manager()
    access_path = AccessPath.through("case")

    class Meta:
        verbose_name = _("人民调解纠纷信息")
        verbose_name_plural = _("人民调解纠纷信息")

    def __str__(self) -> str:
        return f"{self.case} · {self.get_dispute_type_display()}"
