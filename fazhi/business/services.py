"""The writes of the business-environment registry (法治化营商环境), each in one transaction; pages, the demo and any
future import call these, and permission is checked before (`fazhi.business.access`).

Every refusal is a `ValidationError` with a Chinese message, and nothing is saved. The service list's versions: a
draft is edited (its `revision` is the optimistic lock: an edit or publish posted from an older page is refused),
publishing freezes it as version N (N = the list's last number + 1), and a published version is never changed
again; a new draft starts as a copy of the current version.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.models import Organisation
from fazhi.business.choices import EventKind, VersionState
from fazhi.business.models import (
    Enterprise,
    IndustrialPark,
    NotaryRelation,
    OutreachEvent,
    ServiceItem,
    ServiceList,
    ServiceListVersion,
)
from fazhi.cases.fields import EARLIEST_DATE
from fazhi.core.models import Region
from fazhi.core.validators import validate_uscc

STALE = gettext_lazy("该记录已被他人修改，请刷新页面后重新提交。")  # lazy: translated when raised, not at import


def _day(value: date | None, label: str, *, today: date | None = None, field: str) -> None:
    today = today or timezone.localdate()
    if value is not None and not EARLIEST_DATE <= value <= today:
        raise ValidationError({field: _("%(label)s应在 %(a)s 至今天之间。") % {"label": label, "a": EARLIEST_DATE}})


def _region(code: str) -> Region:
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise ValidationError({"region": _("未知的行政区划代码。")})
    return region


# -- parks and enterprises ----------------------------------------------------------------------------------------
def park_add(*, actor, region_code: str, name: str, organisation: Organisation | None) -> IndustrialPark:
    """Register an industrial park of a region (a name once per region)."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("请填写园区名称。")})
    region = _region(region_code)
    taken = ValidationError({"name": _("该行政区划已登记同名园区。")})
    if IndustrialPark.objects.filter(region=region, name=name).exists():
        raise taken
    try:
        with transaction.atomic():
            return IndustrialPark.objects.create(region=region, name=name, organisation=organisation)
    except IntegrityError:  # registered meanwhile by someone else
        raise taken from None


def enterprise_register(
    *, actor, name: str, uscc: str, region_code: str, organisation: Organisation | None
) -> Enterprise:
    """Register an enterprise under its unified social credit code (GB 32100-2015: format and check digit);
    a code already registered is refused (the enterprise exists: pick it)."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("请填写企业名称。")})
    try:
        code = validate_uscc(uscc)
    except ValidationError as error:
        raise ValidationError({"uscc": error.messages}) from None
    region = _region(region_code)
    with transaction.atomic():
        if Enterprise.objects.filter(uscc=code).exists():
            raise ValidationError({"uscc": _("该统一社会信用代码已登记。")})
        try:
            with transaction.atomic():
                return Enterprise.objects.create(name=name, uscc=code, region=region, organisation=organisation)
        except IntegrityError:  # registered meanwhile by someone else
            raise ValidationError({"uscc": _("该统一社会信用代码已登记。")}) from None


# -- the enterprise legal-service list ----------------------------------------------------------------------------
def service_list_create(*, actor, region_code: str, title: str, organisation: Organisation | None) -> ServiceList:
    """Open a region's service list with an empty draft (one list per region)."""
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("请填写清单名称。")})
    region = _region(region_code)
    taken = ValidationError({"region": _("该行政区划已有涉企法律服务清单。")})
    if ServiceList.objects.filter(region=region).exists():
        raise taken
    try:
        with transaction.atomic():
            service_list = ServiceList.objects.create(region=region, title=title, organisation=organisation)
            ServiceListVersion.objects.create(service_list=service_list)
    except IntegrityError:  # opened meanwhile by someone else
        raise taken from None
    return service_list


def _locked_draft(version: ServiceListVersion, revision: int | None) -> ServiceListVersion:
    locked = ServiceListVersion.objects.select_for_update().get(pk=version.pk)
    if locked.state != VersionState.DRAFT:
        raise ValidationError(_("已发布的版本不能修改；请先新建草稿。"))
    if revision is not None and locked.revision != revision:
        raise ValidationError(STALE)
    return locked


def draft_start(*, actor, service_list: ServiceList) -> ServiceListVersion:
    """The list's draft: the existing one, or a new one holding a copy of the current published version's items."""
    with transaction.atomic():
        ServiceList.objects.select_for_update().get(pk=service_list.pk)
        draft = service_list.draft()
        if draft is not None:
            return draft
        draft = ServiceListVersion.objects.create(service_list=service_list)
        current = service_list.current()
        if current is not None:
            ServiceItem.objects.bulk_create(
                ServiceItem(
                    version=draft,
                    position=item.position,
                    service=item.service,
                    provider_organisation_id=item.provider_organisation_id,
                    provider_name=item.provider_name,
                    contact=item.contact,
                    region_id=item.region_id,
                )
                for item in current.items.all()
            )
        return draft


def _item_fields(service: str, provider_organisation, provider_name: str, contact: str, region_code: str) -> dict:
    service, provider_name, contact = service.strip(), provider_name.strip(), contact.strip()
    errors = {}
    if not service:
        errors["service"] = _("请填写服务事项。")
    if provider_organisation is None and not provider_name:
        errors["provider_name"] = _("请选择提供机构或填写提供单位名称。")
    if not contact:
        errors["contact"] = _("请填写联系方式。")
    if errors:
        raise ValidationError(errors)
    return {
        "service": service,
        "provider_organisation": provider_organisation,
        "provider_name": "" if provider_organisation is not None else provider_name,
        "contact": contact,
        "region": _region(region_code),
    }


def item_add(
    *,
    actor,
    version: ServiceListVersion,
    revision: int | None,
    service: str,
    provider_organisation: Organisation | None,
    provider_name: str,
    contact: str,
    region_code: str,
) -> ServiceItem:
    """Add a service to the draft, numbered after the last one."""
    fields = _item_fields(service, provider_organisation, provider_name, contact, region_code)
    with transaction.atomic():
        draft = _locked_draft(version, revision)
        last = draft.items.aggregate(n=Max("position"))["n"] or 0
        item = ServiceItem.objects.create(version=draft, position=last + 1, **fields)
        _touch(draft)
    return item


def item_update(
    *,
    actor,
    item: ServiceItem,
    revision: int | None,
    service: str,
    provider_organisation: Organisation | None,
    provider_name: str,
    contact: str,
    region_code: str,
) -> ServiceItem:
    """Change a service of the draft (never of a published version)."""
    fields = _item_fields(service, provider_organisation, provider_name, contact, region_code)
    with transaction.atomic():
        draft = _locked_draft(item.version, revision)
        for name, value in fields.items():
            setattr(item, name, value)
        item.save()
        _touch(draft)
    return item


def item_remove(*, actor, item: ServiceItem, revision: int | None) -> None:
    """Take a service out of the draft."""
    with transaction.atomic():
        draft = _locked_draft(item.version, revision)
        item.delete()
        _touch(draft)


def _touch(draft: ServiceListVersion) -> None:
    draft.revision += 1
    draft.save(update_fields=["revision"])


def version_publish(
    *, actor, version: ServiceListVersion, revision: int | None, published_on: date, note: str = ""
) -> ServiceListVersion:
    """Publish the draft as the list's next numbered version; from then on it is frozen and the public page shows
    it. A draft with no service, or a publication dated before the previous version's, is refused."""
    _day(published_on, _("发布日期"), field="published_on")
    with transaction.atomic():
        ServiceList.objects.select_for_update().get(pk=version.service_list_id)
        draft = _locked_draft(version, revision)
        if not draft.items.exists():
            raise ValidationError(_("草稿中没有服务事项，不能发布。"))
        previous = ServiceListVersion.objects.filter(
            service_list_id=draft.service_list_id, state=VersionState.PUBLISHED
        ).aggregate(n=Max("number"), on=Max("published_on"))
        if previous["on"] is not None and published_on < previous["on"]:
            raise ValidationError({"published_on": _("发布日期不能早于上一版本的发布日期。")})
        draft.number = (previous["n"] or 0) + 1
        draft.state = VersionState.PUBLISHED
        draft.published_on = published_on
        draft.published_by = actor if getattr(actor, "pk", None) else None
        draft.note = note.strip()
        draft.revision += 1
        draft.save()
    return draft


# -- notary service relations -------------------------------------------------------------------------------------
def _relation_checks(notary_office: str, started_on: date, ended_on: date | None, services: str) -> None:
    errors = {}
    if not notary_office.strip():
        errors["notary_office"] = _("请填写公证机构名称。")
    if not services.strip():
        errors["services"] = _("请填写服务内容。")
    if errors:
        raise ValidationError(errors)
    _day(started_on, _("对接开始日期"), field="started_on")
    if ended_on is not None and ended_on < started_on:
        raise ValidationError({"ended_on": _("对接结束日期不能早于开始日期。")})
    if ended_on is not None and ended_on.year > 2099:
        raise ValidationError({"ended_on": _("对接结束日期有误。")})


def relation_record(
    *,
    actor,
    notary_office: str,
    region_code: str,
    enterprise: Enterprise,
    started_on: date,
    ended_on: date | None,
    services: str,
    organisation: Organisation | None,
) -> NotaryRelation:
    """Record a notary office's service relation with an enterprise."""
    _relation_checks(notary_office, started_on, ended_on, services)
    return NotaryRelation.objects.create(
        notary_office=notary_office.strip(),
        region=_region(region_code),
        enterprise=enterprise,
        started_on=started_on,
        ended_on=ended_on,
        services=services.strip(),
        organisation=organisation,
    )


def relation_update(
    *,
    actor,
    relation: NotaryRelation,
    version: int | None,
    notary_office: str,
    started_on: date,
    ended_on: date | None,
    services: str,
) -> NotaryRelation:
    """Change a relation (its office's name, dates, services): refused if someone saved it meanwhile."""
    _relation_checks(notary_office, started_on, ended_on, services)
    with transaction.atomic():
        locked = NotaryRelation.objects.select_for_update().get(pk=relation.pk)
        if version is not None and locked.version != version:
            raise ValidationError(STALE)
        locked.notary_office, locked.started_on, locked.ended_on = notary_office.strip(), started_on, ended_on
        locked.services = services.strip()
        locked.version += 1
        locked.save()
    return locked


# -- outreach events ----------------------------------------------------------------------------------------------
def _event_checks(
    held_on: date, region: Region, park: IndustrialPark | None, kind: str, topic: str, lecture_count: int
) -> None:
    _day(held_on, _("活动日期"), field="held_on")
    if not topic.strip():
        raise ValidationError({"topic": _("请填写活动主题。")})
    if kind not in EventKind.values:
        raise ValidationError({"kind": _("请选择活动形式。")})
    if park is not None and not park.region_id.startswith(region.prefix):
        raise ValidationError({"park": _("园区不在所选行政区划内。")})
    if kind == EventKind.LECTURE and lecture_count < 1:
        raise ValidationError({"lecture_count": _("法治讲座的讲座场次至少为1。")})


def event_record(
    *,
    actor,
    held_on: date,
    region_code: str,
    park: IndustrialPark | None,
    enterprises: Iterable[Enterprise],
    topic: str,
    kind: str,
    lecture_count: int,
    audience: int,
    notes: str = "",
    organisation: Organisation | None,
) -> OutreachEvent:
    """Log an outreach event with the enterprises it visited (each counted once however often it is named)."""
    region = _region(region_code)
    _event_checks(held_on, region, park, kind, topic, lecture_count)
    with transaction.atomic():
        event = OutreachEvent.objects.create(
            held_on=held_on,
            region=region,
            park=park,
            topic=topic.strip(),
            kind=kind,
            lecture_count=lecture_count,
            audience=audience,
            notes=notes.strip(),
            organisation=organisation,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        event.enterprises.set(list({e.pk: e for e in enterprises}.values()))
    return event


def event_update(
    *,
    actor,
    event: OutreachEvent,
    version: int | None,
    held_on: date,
    park: IndustrialPark | None,
    enterprises: Iterable[Enterprise],
    topic: str,
    kind: str,
    lecture_count: int,
    audience: int,
    notes: str = "",
) -> OutreachEvent:
    """Change an event (its region stays): refused if someone saved it meanwhile."""
    _event_checks(held_on, event.region, park, kind, topic, lecture_count)
    with transaction.atomic():
        locked = OutreachEvent.objects.select_for_update().get(pk=event.pk)
        if version is not None and locked.version != version:
            raise ValidationError(STALE)
        locked.held_on, locked.park, locked.topic, locked.kind = held_on, park, topic.strip(), kind
        locked.lecture_count, locked.audience, locked.notes = lecture_count, audience, notes.strip()
        locked.version += 1
        locked.save()
        locked.enterprises.set(list({e.pk: e for e in enterprises}.values()))
    return locked
