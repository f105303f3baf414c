"""The case kernel every line shares: Case, Party, the append-only CaseEvent timeline, Deadline clocks, numbering."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.access import AccessPath, RestrictedQuerySet
from fazhi.cases.registry import procedure_for
from fazhi.core.crypto import BlindIndexedModel, BlindIndexField, BlindIndexQuerySet, EncryptedCharField, blind_index
from fazhi.core.lines import line_choices
from fazhi.core.regions import TownshipOf
from fazhi.core.validators import id_number_validator, uscc_validator
from fazhi.core.workdays import Unit


class CaseQuerySet(RestrictedQuerySet):
    """Cases reach a user through `visible_to(user)` (fazhi.accounts.access): their memberships' subtrees and lines."""

    def open(self) -> CaseQuerySet:
        return self.filter(closed_on__isnull=True)


class PartyQuerySet(BlindIndexQuerySet, RestrictedQuerySet):  # type: ignore[override]  # django-stubs: two bases' as_manager
    """Exact lookups of encrypted values through their blind index (the value itself is never compared)."""

    def _indexed(self, **kinds: str) -> PartyQuerySet:
        q = models.Q()
        for kind, value in kinds.items():
            digest = blind_index(kind, value)
            if digest:  # an empty index would match every party without that value
                q |= models.Q(**{Party.BLIND_INDEXES[kind]: digest})
        return self.filter(q) if q else self.none()

    def with_id_number(self, value: str) -> PartyQuerySet:
        return self._indexed(id_number=value)

    def with_phone(self, value: str) -> PartyQuerySet:
        return self._indexed(phone=value)

    def matching(self, value: str) -> PartyQuerySet:
        """Parties whose full ID number or phone is `value` (one search box for both)."""
        return self._indexed(id_number=value, phone=value)


class Channel(models.TextChoices):
    WALK_IN = "walk_in", _("窗口")
    POST = "post", _("邮寄")
    PHONE = "phone", _("电话")
    WEB = "web", _("网上申请")
    ORAL = "oral", _("口头申请")
    REFERRAL = "referral", _("移送/委托")
    FIELD = "field", _("现场")


class Case(models.Model):
    """One matter of any line: its number, place, state and dates; each line adds a one-to-one detail model."""

    # No single-column indexes on line, state, organisation or assignee: the list's composite indexes below lead
    # with each of them (and PostgreSQL's extra `varchar_pattern_ops` copy of a CharField index served no query);
    # every index is upkeep on each intake, step and imported row (issue 12).
    line = models.CharField(_("业务条线"), max_length=20, choices=line_choices)
    number = models.CharField(_("案号"), max_length=40)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("承办机构"),
        on_delete=models.PROTECT,
        related_name="cases",
        db_index=False,  # case_number_unique and case_org_received_id lead with it
    )
    region = models.ForeignKey("core.Region", verbose_name=_("行政区划"), on_delete=models.PROTECT)
    title = models.CharField(_("案由"), max_length=200)
    channel = models.CharField(_("来源渠道"), max_length=20, choices=Channel.choices, default=Channel.WALK_IN)
    state = models.CharField(_("状态"), max_length=40)  # indexed as case_state (no pattern-ops copy)
    outcome = models.CharField(_("结果"), max_length=40, blank=True)
    received_on = models.DateField(_("收到日期"))
    accepted_on = models.DateField(_("受理日期"), null=True, blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承办人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_cases",
        db_index=False,  # case_assignee_received_id leads with it
    )
    version = models.PositiveIntegerField(_("版本"), default=1)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = CaseQuerySet.as_manager()
    access_path = AccessPath()  # its own region, organisation and line

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("案件")
        verbose_name_plural = _("案件")
        # The list's order (received_on DESC, id DESC) under each scope a user gets (fazhi.accounts.access): the whole
        # table for the city, a region's or an organisation's cases, one line's, a handler's (issue 12, item 2).
        indexes = [
            models.Index(fields=["state"], name="case_state"),
            models.Index(fields=["line", "region", "received_on"], name="case_line_region_received"),
            models.Index(fields=["-received_on", "-id"], name="case_received_id"),
            models.Index(fields=["region", "-received_on", "-id"], name="case_region_received_id"),
            models.Index(fields=["organisation", "-received_on", "-id"], name="case_org_received_id"),
            models.Index(fields=["line", "-received_on", "-id"], name="case_line_received_id"),
            models.Index(fields=["assignee", "-received_on", "-id"], name="case_assignee_received_id"),
            # my tasks from the case side: the open cases of a region subtree (a code prefix: LIKE needs the
            # pattern operator class on PostgreSQL), and their assignee
            models.Index(
                fields=["region", "assignee"],
                condition=models.Q(closed_on__isnull=True),
                opclasses=["varchar_pattern_ops", "int8_ops"],
                name="case_open_region_assignee",
            ),
            # a line's cases of a region subtree by id alone (index-only: the dashboard's overdue figure joins its
            # late clocks to these; fazhi/reconsideration/indicators.py)
            models.Index(
                fields=["line", "region", "id"],
                opclasses=["varchar_ops", "varchar_pattern_ops", "int8_ops"],
                name="case_line_region_prefix_id",
            ),
            # a township's cases newest first: its subtree is an equality on the code's first nine digits
            # (fazhi.accounts.access.region_within); too small a share for the date index and a prefix filter
            models.Index(
                TownshipOf("region"), F("received_on").desc(), F("id").desc(), name="case_township_received_id"
            ),
        ]
        constraints = [models.UniqueConstraint(fields=["organisation", "number"], name="case_number_unique")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def procedure(self):
        return procedure_for(self.line)

    def get_state_display(self) -> str:
        return str(self.procedure.states.get(self.state, self.state))


class Party(BlindIndexedModel):
    """An applicant, respondent, third party or agent: a person or an organisation."""

    class Role(models.TextChoices):
        APPLICANT = "applicant", _("申请人")
        RESPONDENT = "respondent", _("被申请人")
        THIRD_PARTY = "third_party", _("第三人")
        AGENT = "agent", _("代理人")

    class Kind(models.TextChoices):
        PERSON = "person", _("自然人")
        ORGANISATION = "organisation", _("法人或其他组织")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties", verbose_name=_("案件"))
    role = models.CharField(_("身份"), max_length=20, choices=Role.choices)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.PERSON)
    name = models.CharField(_("姓名/名称"), max_length=100)
    # Encrypted at rest (fazhi/core/crypto.py); read back clear in Python, masked wherever shown, revealed in full
    # only by the logged action in fazhi/cases/reveal.py. Exact lookups go through the blind indexes below.
    id_number = EncryptedCharField(_("身份证号"), max_length=18, blank=True, validators=[id_number_validator])
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True, validators=[uscc_validator])
    phone = EncryptedCharField(_("联系电话"), max_length=30, blank=True)
    address = EncryptedCharField(_("地址"), max_length=200, blank=True)
    # looked up by equality only: plain indexes (Meta), not db_index's pair with a pattern-ops copy on PostgreSQL
    id_number_index = BlindIndexField(_("身份证号索引"), source="id_number", kind="id_number", db_index=False)
    phone_index = BlindIndexField(_("联系电话索引"), source="phone", kind="phone", db_index=False)

    BLIND_INDEXES = {"id_number": "id_number_index", "phone": "phone_index"}
    objects = PartyQuerySet.as_manager()
    access_path = AccessPath.through("case")

    class Meta:
        verbose_name = _("当事人")
        verbose_name_plural = _("当事人")
        indexes = [
            models.Index(fields=["id_number_index"], name="party_id_number_index"),
            models.Index(fields=["phone_index"], name="party_phone_index"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.name}"


class AppendOnlyError(Exception):
    """Raised on an attempt to change or delete a timeline event."""


class CaseEvent(models.Model):
    """One entry of the legal timeline; append-only. Statistics of a period read these, not the case row."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events", verbose_name=_("案件"))
    code = models.CharField(_("事件"), max_length=40)  # indexed as event_code (no pattern-ops copy)
    label = models.CharField(_("名称"), max_length=100)
    on = models.DateField(_("发生日期"), db_index=True)
    at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True, on_delete=models.PROTECT
    )
    from_state = models.CharField(_("原状态"), max_length=40, blank=True)
    to_state = models.CharField(_("新状态"), max_length=40, blank=True)
    basis = models.CharField(_("法律依据"), max_length=200, blank=True)
    data = models.JSONField(_("内容"), default=dict, blank=True)
    request_id = models.CharField(_("请求编号"), max_length=64, blank=True)

    objects = RestrictedQuerySet.as_manager()
    access_path = AccessPath.through("case")

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("案件事件")
        verbose_name_plural = _("案件事件")
        indexes = [models.Index(fields=["code"], name="event_code")]

    def __str__(self) -> str:
        return f"{self.on} {self.label}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise AppendOnlyError("case events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("case events are append-only")


class DeadlineQuerySet(RestrictedQuerySet):
    def late(self, on: date) -> DeadlineQuerySet:
        """Clocks still running past their due date on `on`; the parties' own (advisory) periods are never late."""
        return self.filter(state=Deadline.State.RUNNING, advisory=False, due_on__lt=on)

    def overdue_in(self, start: date, end: date) -> DeadlineQuerySet:
        """Clocks that made a case overdue in the period: stopped late in it, or still running past their due date
        at its end (started by then). 超期案件 of every line counts the cases of these clocks."""
        missed = self.filter(state=Deadline.State.MISSED, stopped_on__range=(start, end))
        return missed | self.late(end).filter(started_on__lte=end)


class Deadline(models.Model):
    """A running statutory clock of a case, with its pauses (中止, 补正) and extension (延期)."""

    class State(models.TextChoices):
        RUNNING = "running", _("计时中")
        PAUSED = "paused", _("已暂停")
        MET = "met", _("按期完成")
        MISSED = "missed", _("超期完成")
        CANCELLED = "cancelled", _("已取消")
        LAPSED = "lapsed", _("期满未使用")

    OPEN_STATES = (State.RUNNING, State.PAUSED)

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadlines", verbose_name=_("案件"))
    clock = models.CharField(_("时限"), max_length=40)
    label = models.CharField(_("名称"), max_length=100)
    basis = models.CharField(_("法律依据"), max_length=200)
    amount = models.PositiveIntegerField(_("期间"))
    unit = models.CharField(_("单位"), max_length=2, choices=[(u.value, u.name) for u in Unit])
    extended_by = models.PositiveIntegerField(_("延长"), default=0)
    started_on = models.DateField(_("起算日"))
    pauses = models.JSONField(_("暂停记录"), default=list, blank=True)  # [[paused_on, resumed_on|null], …]
    due_on = models.DateField(_("届满日"), null=True, blank=True, db_index=True)  # null while paused
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.RUNNING)
    stopped_on = models.DateField(_("停止日"), null=True, blank=True)
    advisory = models.BooleanField(_("当事人期间"), default=False)  # lapses quietly; never counted as overdue

    objects = DeadlineQuerySet.as_manager()
    access_path = AccessPath.through("case")

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("办案时限")
        verbose_name_plural = _("办案时限")
        indexes = [
            models.Index(fields=["state", "due_on"], name="deadline_state_due"),
            # my tasks: running clocks nearest first (fazhi.cases.selectors.task_deadlines)
            models.Index(fields=["due_on", "id"], condition=models.Q(state="running"), name="deadline_running_due_id"),
            # the overdue figure's clocks (stopped late, or running and not advisory) read index-only, with their case
            # (fazhi/reconsideration/indicators.py): the heap of the late clocks is scattered over the table
            models.Index(
                fields=["state", "due_on", "stopped_on", "started_on", "advisory", "case"],
                condition=models.Q(state="missed") | models.Q(state="running", advisory=False),
                name="deadline_late_case",
            ),
        ]

    def __str__(self) -> str:
        # what the audit trail names the clock by: a paused clock has no due date
        if self.due_on:
            return f"{self.label} {self.due_on}"
        paused = _("暂停中")
        return f"{self.label}（{paused}）"

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES


class NumberSequence(models.Model):
    """The last number issued in a series (case numbers, document numbers) per organisation and year."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT)
    series = models.CharField(max_length=40)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "series", "year"], name="number_sequence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.series} {self.year}: {self.last}"


def material_path(instance: Material, filename: str) -> str:
    """Stored under MEDIA_ROOT (outside any served directory) by case, with a random name: no user path reaches disk."""
    import uuid
    from pathlib import PurePath

    return f"materials/{instance.case_id}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()[:10]}"


class Material(models.Model):
    """A file in the case file (申请书, 证据, 答复书…): checked by type and size, served only through a scoped view."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="materials", verbose_name=_("案件"))
    title = models.CharField(_("材料名称"), max_length=200)
    file = models.FileField(_("文件"), upload_to=material_path)
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    access_path = AccessPath.through("case")

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("案件材料")
        verbose_name_plural = _("案件材料")

    def __str__(self) -> str:
        return self.title
