"""Kernel writes beyond a procedure step: the case file's materials (calendar edits: fazhi.core.calendar)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from fazhi.accounts.access import line_roles, step_roles
from fazhi.audit.context import acting_as, get_request_id
from fazhi.cases.models import CaseEvent, Material
from fazhi.core.uploads import check_upload

MATERIAL_ROLES = frozenset({"registrar", "handler", "section_head", "leader"})  # the kernel's casework roles


def can_add_material(user, case) -> bool:
    """The owning organisation's staff who work the case (not viewers or auditors; a line's own roles, such as the
    mediator, on that line only) may add to its file."""
    allowed = MATERIAL_ROLES | set(line_roles(case.line))
    return bool(allowed & step_roles(user, line=case.line, organisation_id=case.organisation_id))


def material_add(*, case, upload, title: str, actor):
    """Add a checked file to the case file and note it on the timeline, in one transaction."""
    if not can_add_material(actor, case):
        raise PermissionDenied(gettext("您无权向该案件添加材料。"))
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
