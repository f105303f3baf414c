"""Regions (GB/T 2260) and the official work calendar (holidays and 调休 make-up working days)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.regions import subtree_prefix


class Region(models.Model):
    """An administrative division identified by its 12-digit GB/T 2260 code (city → county → township → village)."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("省")
        CITY = "city", _("市")
        COUNTY = "county", _("旗县区")
        TOWNSHIP = "township", _("苏木乡镇街道")
        VILLAGE = "village", _("嘎查村社区")

    code = models.CharField(_("区划代码"), max_length=12, primary_key=True)
    name = models.CharField(_("名称"), max_length=100)
    level = models.CharField(_("层级"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    lat = models.FloatField(_("纬度"), null=True, blank=True)
    lon = models.FloatField(_("经度"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")

    def __str__(self) -> str:
        return self.name

    @property
    def prefix(self) -> str:
        """Code prefix shared by the whole subtree."""
        return subtree_prefix(self.code)


class CalendarDay(models.Model):
    """A day that departs from the Monday–Friday rule: a legal holiday or a 调休 make-up working day.

    Seeded from the `chinesecalendar` package; an administrator adds each new year when the State Council
    publishes its 节假日安排通知 (usually in November). Editing a day recomputes the open deadlines it touches.
    """

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("法定节假日（休息）")
        MAKE_UP_WORKING_DAY = "make_up_working_day", _("调休上班日")

    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("节日"), max_length=30, blank=True)
    source = models.CharField(_("来源"), max_length=100, blank=True, default="chinesecalendar")
    changed_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("工作日历")
        verbose_name_plural = _("工作日历")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.name}"
