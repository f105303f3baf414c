"""Kernel writes beyond a procedure step: calendar edits that move clocks, and the case file's materials."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from fazhi.accounts.access import roles_for
from fazhi.audit.context import acting_as, get_request_id
from fazhi.cases.clocks import deadlines_recompute
from fazhi.cases.models import CaseEvent, Material
from fazhi.core.models import CalendarDay
from fazhi.core.uploads import check_upload


def calendar_day_set(*, day: date, kind: str | None, name: str = "", source: str = "administrator") -> int:
    """Mark `day` a holiday or make-up working day (kind None: an ordinary day again); recompute open clocks.

    Returns how many open deadlines moved; each moved deadline gets a timeline event saying why.
    """
    with transaction.atomic():
        if kind is None:
            CalendarDay.objects.filter(date=day).delete()
        else:
            CalendarDay.objects.update_or_create(date=day, defaults={"kind": kind, "name": name, "source": source})
        label = dict(CalendarDay.Kind.choices).get(kind, "工作日/休息日（按星期）") if kind else "按星期"
        return deadlines_recompute(since=day, reason=f"工作日历调整：{day:%Y-%m-%d} 设为{label}")


MATERIAL_ROLES = frozenset({"registrar", "handler", "section_head", "leader", "mediator"})


def can_add_material(user, case) -> bool:
    """Staff who work the case (not viewers or auditors) may add to its file."""
    return user.is_superuser or bool(MATERIAL_ROLES & roles_for(user, line=case.line, region_code=case.region_id))


def material_add(*, case, upload, title: str, actor):
    """Add a checked file to the case file and note it on the timeline, in one transaction."""
    if not can_add_material(actor, case):
        raise PermissionDenied("您无权向该案件添加材料。")
    checked = check_upload(upload)
    with transaction.atomic(), acting_as(actor):
        material = Material.objects.create(
            case=case,
            title=title.strip()[:200] or upload.name[:200],
            file=upload,
            original_name=upload.name[:200],
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_by=actor,
        )
        CaseEvent.objects.create(
            case=case,
            code="material_added",
            label="添加材料",
            on=timezone.localdate(),
            actor=actor,
            data={"material": material.pk, "title": material.title, "sha256": checked.sha256},
            request_id=get_request_id() or "",
        )
    return material
