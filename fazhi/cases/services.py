"""Kernel writes beyond a procedure step: the case file's materials (calendar edits: fazhi.core.calendar)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from fazhi.accounts.access import is_active_superuser, roles_for
from fazhi.audit.context import acting_as, get_request_id
from fazhi.cases.models import CaseEvent, Material
from fazhi.core.uploads import check_upload

MATERIAL_ROLES = frozenset({"registrar", "handler", "section_head", "leader", "mediator"})


def can_add_material(user, case) -> bool:
    """Staff who work the case (not viewers or auditors) may add to its file."""
    return is_active_superuser(user) or bool(
        MATERIAL_ROLES & roles_for(user, line=case.line, region_code=case.region_id)
    )


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
