"""The enforcement network's one write path: pages, the API, the demo and the nightly job call these functions.

Each is atomic (`_service`), attributes its audit entries to `actor`, refuses bad input with a Chinese
`ValidationError` (nothing saved) and an actor who does not keep the record's region with `PermissionDenied`
(`actor=None` is the system: the demo, the nightly job). A certificate moves only by a move declared in
`fazhi.enforcement.lifecycle.MOVES`, under `select_for_update`, and every move is a `CertificateEvent`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.models import Organisation
from fazhi.audit.context import acting_as
from fazhi.cases.fields import EARLIEST_DATE
from fazhi.core.validators import id_number_validator
from fazhi.enforcement import access, lifecycle
from fazhi.enforcement.choices import CertificateKind, Source, State, Tier
from fazhi.enforcement.models import (
    Certificate,
    CertificateEvent,
    Officer,
    ReplacedToken,
    SupervisionBody,
    new_token,
)

F_ = TypeVar("F_", bound=Callable[..., Any])
OPEN_STATES = (State.APPLIED, State.TRAINED, State.APPROVED, State.VALID, State.SUSPENDED)
MAX_TRAINING_HOURS = Decimal("2000")
PHOTO_TYPES = {"image/jpeg", "image/png"}
PHOTO_MAX_BYTES = 2 * 1024 * 1024


def _service(fn: F_) -> F_:
    """Atomic, with the audit history's entries attributed to the `actor` keyword (None: the system)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with transaction.atomic(), acting_as(kwargs.get("actor")):
            return fn(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def _today() -> date:
    return timezone.localdate()


def _authorise(actor, region_code: str) -> None:
    """Refuse an actor who does not keep records of `region_code` (another county's keeper, a reader)."""
    if actor is not None and not access.can_keep(actor, region_code):
        raise PermissionDenied(_("仅本地区行政执法监督机构的工作人员可以办理。"))


def _check_day(day: date, label: str, *, after: date | None = None) -> None:
    if not isinstance(day, date):
        raise ValidationError(_("%(label)s应按“年-月-日”填写。") % {"label": label})
    if day < EARLIEST_DATE or day > _today():
        raise ValidationError(_("%(label)s应在 %(a)s 至今天之间。") % {"label": label, "a": EARLIEST_DATE.isoformat()})
    if after is not None and day < after:
        raise ValidationError(
            _("%(label)s不能早于上一次办理的日期（%(d)s）。") % {"label": label, "d": after.isoformat()}
        )


# -- supervision bodies ----------------------------------------------------------------------------------------
@_service
def body_register(
    *,
    actor,
    name: str,
    host: Organisation,
    established_on: date,
    tier: str | None = None,
    source: str = Source.REGISTERED,
) -> SupervisionBody:
    """Register a 行政执法监督机构 hosted by `host`: its region is the host's and its tier that region's level (a
    declared tier must agree); 设立日期 no later than today."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("请填写监督机构名称。")})
    region = host.region
    if region.level not in Tier.values:
        raise ValidationError({"host": _("所在单位应为市级、旗县区级或苏木乡镇街道级的单位。")})
    if tier and tier != region.level:
        raise ValidationError(
            {
                "tier": _("层级“%(tier)s”与所在单位的行政区划（%(region)s，%(level)s）不符。")
                % {"tier": Tier(tier).label, "region": region.name, "level": Tier(region.level).label}
            }
        )
    _authorise(actor, region.code)
    if source != Source.DEMO:
        _check_day(established_on, _("设立日期"))
    if SupervisionBody.objects.filter(name=name, region=region).exists():
        raise ValidationError({"name": _("本地区已有同名的监督机构。")})
    return SupervisionBody.objects.create(
        name=name, host=host, region=region, tier=region.level, established_on=established_on, source=source
    )


@_service
def body_dissolve(*, actor, body: SupervisionBody, dissolved_on: date) -> SupervisionBody:
    """Record that a body was dissolved (撤销): from that day it no longer counts."""
    body = SupervisionBody.objects.select_for_update().get(pk=body.pk)
    _authorise(actor, body.region_id)
    if body.dissolved_on is not None:
        raise ValidationError(_("该监督机构已于 %(d)s 撤销。") % {"d": body.dissolved_on.isoformat()})
    _check_day(dissolved_on, _("撤销日期"), after=body.established_on)
    body.dissolved_on = dissolved_on
    body.save(update_fields=["dissolved_on"])
    return body


# -- officers ----------------------------------------------------------------------------------------------------
def _check_photo(photo: UploadedFile | None) -> None:
    if photo is None:
        return
    if photo.size is not None and photo.size > PHOTO_MAX_BYTES:
        raise ValidationError({"photo": _("照片不能超过 2 MB。")})
    head = photo.read(8)
    photo.seek(0)
    if not (head.startswith(b"\xff\xd8\xff") or head.startswith(b"\x89PNG\r\n\x1a\n")):
        raise ValidationError({"photo": _("照片应为 JPG 或 PNG 图片。")})


@_service
def officer_register(
    *,
    actor,
    name: str,
    id_number: str,
    organisation: Organisation,
    photo: UploadedFile | None = None,
    source: str = Source.REGISTERED,
) -> Officer:
    """Register a person who holds or applies for a certificate, in their unit; one row per person (ID number)."""
    name, id_number = (name or "").strip(), (id_number or "").strip().upper()
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = _("请填写姓名。")
    try:
        id_number_validator(id_number)
    except ValidationError as exc:
        errors["id_number"] = exc.messages[0]
    if errors:
        raise ValidationError(errors)
    _authorise(actor, organisation.region_id)
    _check_photo(photo)
    taken = ValidationError({"id_number": _("该身份证号的人员已登记。")})
    if Officer.objects.with_id_number(id_number).exists():
        raise taken
    officer = Officer(name=name, id_number=id_number, organisation=organisation, source=source)
    if photo is not None:
        officer.photo = photo
    try:
        with transaction.atomic():  # a registration of the same person between the check and here
            officer.save()
    except IntegrityError:
        if Officer.objects.with_id_number(id_number).exists():
            raise taken from None
        raise
    return officer


# -- certificates ------------------------------------------------------------------------------------------------
@_service
def certificate_apply(
    *, actor, officer: Officer, kind: str, applied_on: date, source: str = Source.REGISTERED
) -> Certificate:
    """Open a certificate's application (申领) for `officer`; one open certificate of a kind per person."""
    if kind not in CertificateKind.values:
        raise ValidationError({"kind": _("请选择证件类别。")})
    _authorise(actor, officer.organisation.region_id)
    if source != Source.DEMO:
        _check_day(applied_on, _("申领日期"))
    officer = Officer.objects.select_for_update().get(pk=officer.pk)
    if officer.certificates.filter(kind=kind, state__in=OPEN_STATES).exists():
        raise ValidationError(
            {"kind": _("该人员已有未注销、未收回的%(kind)s。") % {"kind": CertificateKind(kind).label}}
        )
    certificate = Certificate.objects.create(officer=officer, kind=kind, applied_on=applied_on, source=source)
    CertificateEvent.objects.create(
        certificate=certificate,
        code=lifecycle.APPLY,
        on=applied_on,
        actor=actor,
        state_after=State.APPLIED,
        basis=lifecycle.APPLY_BASIS,
    )
    return certificate


def _parse(move: lifecycle.Move, data: Mapping[str, Any]) -> dict[str, Any]:
    """The move's data, typed and checked: exactly its declared keys, each in bounds; a Chinese message per field."""
    allowed = set(move.required) | set(move.optional)
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ValidationError(
            _("“%(move)s”不接受这些内容：%(keys)s。") % {"move": move.label, "keys": "、".join(unknown)}
        )
    errors: dict[str, str] = {}
    parsed: dict[str, Any] = {}
    for key in (*move.required, *move.optional):
        raw = data.get(key)
        label = lifecycle.FIELD_LABELS[key]
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if key in move.required:
                errors[key] = _("请填写%(label)s。") % {"label": label}
            continue
        try:
            parsed[key] = _value(key, raw)
        except (ValueError, InvalidOperation):
            errors[key] = _BAD[key] % {"label": label}
    if errors:
        raise ValidationError(errors)
    return parsed


_BAD = {
    "training_hours": gettext_lazy("%(label)s应为 0 至 2000 之间的数，可保留一位小数。"),
    "exam_score": gettext_lazy("%(label)s应为 0 至 100 之间的整数。"),
    "valid_from": gettext_lazy("%(label)s应按“年-月-日”填写。"),
    "valid_to": gettext_lazy("%(label)s应按“年-月-日”填写。"),
    "number": gettext_lazy("%(label)s应为 1 至 40 个字符。"),
    "reason": gettext_lazy("%(label)s不能超过 500 个字。"),
    "note": gettext_lazy("%(label)s不能超过 500 个字。"),
}


def _value(key: str, raw: Any) -> Any:
    if key == "training_hours":
        hours = Decimal(str(raw)).quantize(Decimal("0.1"))
        if not Decimal(0) <= hours <= MAX_TRAINING_HOURS:
            raise ValueError
        return hours
    if key == "exam_score":
        if isinstance(raw, bool) or (isinstance(raw, float) and not raw.is_integer()):
            raise ValueError
        score = int(str(raw).strip()) if not isinstance(raw, int | float) else int(raw)
        if not 0 <= score <= 100:
            raise ValueError
        return score
    if key in ("valid_from", "valid_to"):
        return raw if isinstance(raw, date) else date.fromisoformat(str(raw).strip())
    text = str(raw).strip()
    if key == "number" and len(text) > 40:
        raise ValueError
    if len(text) > 500:
        raise ValueError
    return text


def _jsonable(values: Mapping[str, Any]) -> dict[str, Any]:
    return {
        k: v.isoformat() if isinstance(v, date) else str(v) if isinstance(v, Decimal) else v for k, v in values.items()
    }


@_service
def certificate_move(
    *, actor, certificate: Certificate, code: str, on: date, data: Mapping[str, Any] | None = None, demo: bool = False
) -> Certificate:
    """Take the declared move `code` on `on`: refused (nothing saved) when the move is unknown, not allowed from the
    certificate's state, dated before its last move or after today, or its data is missing or out of bounds."""
    move = lifecycle.MOVES.get(code)
    if move is None:
        raise ValidationError(_("没有这项证件办理事项。"))
    cert = Certificate.objects.select_for_update().select_related("officer__organisation").get(pk=certificate.pk)
    _authorise(actor, cert.officer.organisation.region_id)
    if cert.state not in move.sources:
        raise ValidationError(
            _("证件当前状态为“%(state)s”，不能办理“%(move)s”（仅限：%(sources)s）。")
            % {
                "state": cert.get_state_display(),
                "move": move.label,
                "sources": "、".join(str(State(s).label) for s in move.sources),
            }
        )
    values = _parse(move, data or {})
    last = cert.events.order_by("-on", "-id").values_list("on", flat=True).first()
    if demo:
        if last is not None and on < last:
            raise ValidationError(_("演示数据的办理日期不能早于上一次办理。"))
    else:
        _check_day(on, _("办理日期"), after=last)
    replaced = ReplacedToken(
        certificate=cert,
        token=cert.token,
        number=cert.number,
        valid_from=cert.valid_from,
        valid_to=cert.valid_to,
        replaced_on=on,
    )
    _apply(cert, move, on, values)
    try:
        with transaction.atomic():  # a number given to another certificate between the check and here
            cert.save()
    except IntegrityError:
        number = values.get("number")
        if number and Certificate.objects.filter(number=number).exclude(pk=cert.pk).exists():
            raise ValidationError({"number": _("证件编号“%(n)s”已被使用。") % {"n": number}}) from None
        raise
    if move.code == "renew":  # the old card's page says 已换发新证，原证失效 and leads nowhere else
        replaced.save()
    CertificateEvent.objects.create(
        certificate=cert,
        code=move.code,
        on=on,
        actor=actor,
        state_after=cert.state,
        valid_from=cert.valid_from,
        valid_to=cert.valid_to,
        data=_jsonable(values),
        basis=move.basis,
    )
    return cert


def _apply(
    cert: Certificate, move: lifecycle.Move, on: date, values: dict[str, Any], *, check_number: bool = True
) -> None:
    """The move's effect on the certificate row (the checks that read its values are here, beside the effect);
    the demo, which writes numbers it made unique, skips the query for a number already used."""
    if move.code == "train":
        if values["exam_score"] < lifecycle.EXAM_PASS_SCORE:
            raise ValidationError(
                {
                    "exam_score": _("考试成绩低于 %(n)s 分，未通过资格考试：可再次考试，或办理“不予发证”。")
                    % {"n": lifecycle.EXAM_PASS_SCORE}
                }
            )
        cert.training_hours = values["training_hours"]
        cert.exam_score = values["exam_score"]
    elif move.code == "annual_review" and "training_hours" in values:
        cert.training_hours += values["training_hours"]
    elif move.code in ("issue", "renew"):
        valid_from = values.get("valid_from", on)
        if values["valid_to"] <= valid_from:
            raise ValidationError({"valid_to": _("有效期至应晚于有效期自（%(d)s）。") % {"d": valid_from.isoformat()}})
        if move.code == "renew" and values["number"] == cert.number:
            raise ValidationError({"number": _("换证应使用新的证件编号。")})
        if check_number and Certificate.objects.filter(number=values["number"]).exclude(pk=cert.pk).exists():
            raise ValidationError({"number": _("证件编号“%(n)s”已被使用。") % {"n": values["number"]}})
        cert.number, cert.valid_from, cert.valid_to = values["number"], valid_from, values["valid_to"]
        if move.code == "renew":
            cert.token = new_token()  # the old card's QR code no longer verifies (certificate_move keeps it)
    if move.target is not None:
        cert.state = move.target
