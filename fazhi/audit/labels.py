"""What the auditor console shows instead of codes: object kinds, detail keys and field values in Chinese.

An access record names its object by a model label (`cases.case`) and carries a small `detail` dict written by the
view that recorded it (`page`, `ids`, `query`, `rows`, `line` …); a change record holds raw field values (`accepted`,
`mediation`). The console and its Excel export read them through these functions, so an auditor reads 案件, 第 2 页,
显示的记录 12 条, 行政复议 — never a code. A key or kind not listed here is shown by its model's Chinese name when it
is a model, else as 其他 with its value: a new view's detail still reads sensibly, and a test lists what is unnamed.
"""

from __future__ import annotations

from functools import cache
from typing import Any
from urllib.parse import parse_qsl

from django.apps import apps
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.discovery import line_modules
from fazhi.core.lines import line_label

# Kinds that are not models (a page of figures, the retention job) or whose model's own name is English.
KINDS = {
    "indicators.drilldown": gettext_lazy("指标明细"),
    "indicators.report": gettext_lazy("年度报告"),
    "audit.retention": gettext_lazy("审计记录保留期限"),
    "auditlog.logentry": gettext_lazy("变更记录"),
    "otp_totp.totpdevice": gettext_lazy("动态验证码设备"),
    "otp_static.staticdevice": gettext_lazy("恢复码"),
    "otp_static.statictoken": gettext_lazy("恢复码"),
    "axes.accessattempt": gettext_lazy("登录尝试"),
    "axes.accessfailurelog": gettext_lazy("登录失败记录"),
}
UNITS = {
    "CD": gettext_lazy("自然日"),
    "WD": gettext_lazy("工作日"),
    "M": gettext_lazy("月"),
    "H": gettext_lazy("小时"),
}
UNITS |= {"CALENDAR_DAY": UNITS["CD"], "WORKING_DAY": UNITS["WD"], "MONTH": UNITS["M"], "HOUR": UNITS["H"]}

DETAIL_KEYS = {
    "page": gettext_lazy("页码"),
    "ids": gettext_lazy("显示的记录"),
    "query": gettext_lazy("筛选条件"),
    "rows": gettext_lazy("条数"),
    "file": gettext_lazy("文件名"),
    "line": gettext_lazy("条线"),
    "contains": gettext_lazy("包含"),
    "field": gettext_lazy("查看的字段"),
    "format": gettext_lazy("格式"),
    "year": gettext_lazy("年度"),
    "figure": gettext_lazy("指标"),
    "region": gettext_lazy("地区"),
    "keep_days": gettext_lazy("保留天数"),
    "cutoff": gettext_lazy("清理截止时间"),
    "access_records": gettext_lazy("清理的访问记录"),
    "change_records": gettext_lazy("清理的变更记录"),
    "reason": gettext_lazy("事由"),
    "username": gettext_lazy("登录名"),
    "failures": gettext_lazy("失败次数"),
}

# The filter keys a list or an export records in `query`, by their label on the page.
QUERY_KEYS = {
    "line": gettext_lazy("条线"),
    "state": gettext_lazy("状态"),
    "number": gettext_lazy("案号/案由"),
    "party": gettext_lazy("当事人"),
    "received_after": gettext_lazy("收到日期起"),
    "received_before": gettext_lazy("收到日期止"),
    "is_open": gettext_lazy("未办结"),
    "overdue": gettext_lazy("有超期时限"),
    "year": gettext_lazy("年度"),
    "region": gettext_lazy("地区"),
    "figure": gettext_lazy("指标"),
    "user": gettext_lazy("用户"),
    "start": gettext_lazy("起始日期"),
    "end": gettext_lazy("截止日期"),
    "action": gettext_lazy("操作"),
    "object_type": gettext_lazy("对象类型"),
    "model": gettext_lazy("对象类型"),
    "q": gettext_lazy("检索"),
    "ip": gettext_lazy("IP 地址"),
    "case": gettext_lazy("案号"),
    "page": gettext_lazy("页码"),
    "cursor": gettext_lazy("翻页位置"),
    "after": gettext_lazy("翻页位置"),
    "before": gettext_lazy("翻页位置"),
    "count": gettext_lazy("精确计数"),
    "format": gettext_lazy("格式"),
}
SHOWN_IDS = 10


def kind_label(label: str) -> str:
    """`cases.case` → 案件: a listed kind, else the model's Chinese name, else 其他."""
    if not label:
        return ""
    if label in KINDS:
        return str(KINDS[label])
    try:
        return str(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        return _("其他")


def _line_names(value: str) -> str:
    return "、".join(str(line_label(v)) for v in value.split(",") if v)


def _ids(value: str) -> str:
    ids = [i for i in value.split(",") if i]
    shown = "、".join(f"#{i}" for i in ids[:SHOWN_IDS])
    more = _("等") if len(ids) > SHOWN_IDS else ""
    return _("%(n)s 条：%(ids)s%(more)s") % {"n": len(ids), "ids": shown, "more": more}


def _query(value: str) -> str:
    parts = []
    for key, val in parse_qsl(value, keep_blank_values=False):
        if key == "line":
            val = _line_names(val)
        if key == "party":
            val = _("按证件号/电话（已隐去）")
        parts.append(f"{QUERY_KEYS.get(key, _('其他'))}＝{val}")
    return "；".join(parts) or _("无")


def detail_items(detail: dict | None) -> list[tuple[str, str]]:
    """The record's detail as (Chinese label, readable value) pairs."""
    items = []
    for key, value in (detail or {}).items():
        text = str(value)
        if key == "ids":
            text = _ids(text)
        elif key == "query":
            text = _query(text)
        elif key == "line":
            text = _line_names(text)
        items.append((str(DETAIL_KEYS.get(key, _("其他"))), text))
    return items


def detail_text(detail: dict | None) -> str:
    return "；".join(f"{k}：{v}" for k, v in detail_items(detail))


@cache
def code_labels(line: str = "") -> dict[str, str]:
    """Every code a line's procedure declares (states, clocks, steps) → its Chinese label, plus the day units;
    with `line`, that line's own labels win (lines share codes: `accepted` is 审理中 in one, 审查中 in another).

    Change records hold these as raw values (a case's `state`, a clock's `clock` and `unit`, an event's `code`).
    Read by duck typing from each line's `procedure.PROCEDURE`: the audit layer sits below the case kernel.
    """
    found = {code: str(label) for code, label in UNITS.items()}
    declared = (getattr(module, "PROCEDURE", None) for module in line_modules("procedure"))
    procedures: list[Any] = [p for p in declared if p is not None]
    procedures.sort(key=lambda p: getattr(p, "line", "") == line)  # the case's own line last: it wins
    for procedure in procedures:
        found.update({code: str(label) for code, label in procedure.states.items()})
        found.update({clock.key: str(clock.label) for clock in procedure.clocks})
        found.update({step.code: str(step.label) for step in procedure.transitions})
        for step in procedure.transitions:  # a step's declared options: outcomes taken from them, grounds…
            for options in getattr(step, "choices", {}).values():
                found.update({code: str(label) for code, label in options.items()})
    return found
