"""The enterprise legal-service list: a draft is edited, publishing freezes it as version N, earlier versions stay
readable, and the public page shows the current published version only."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from fazhi.business import services
from fazhi.business.choices import VersionState
from fazhi.business.models import ServiceItem, ServiceList
from fazhi.business.tests.factories import service_list

pytestmark = pytest.mark.django_db


def _publish(made, on=date(2024, 3, 1)):
    return services.version_publish(actor=None, version=made.draft(), revision=None, published_on=on)


def test_publishing_numbers_the_versions_and_freezes_them(baotou):
    made = service_list(items=2)
    first = _publish(made)
    assert (first.number, first.state) == (1, VersionState.PUBLISHED)
    assert made.draft() is None

    draft = services.draft_start(actor=None, service_list=made)
    assert [i.service for i in draft.items.all()] == ["服务事项1", "服务事项2"]  # a copy of version 1
    item = draft.items.first()
    services.item_update(
        actor=None,
        item=item,
        revision=None,
        service="改过的服务事项",
        provider_organisation=None,
        provider_name="测试律师协会",
        contact="12348热线",
        region_code="150200000000",
    )
    second = _publish(made, date(2024, 9, 1))

    assert second.number == 2 and made.current() == second
    assert [i.service for i in first.items.all()] == ["服务事项1", "服务事项2"]  # version 1 as it was
    assert [i.service for i in second.items.all()] == ["改过的服务事项", "服务事项2"]


def test_a_published_version_cannot_be_changed(baotou):
    made = service_list()
    version = _publish(made)
    item = version.items.first()
    with pytest.raises(ValidationError, match="已发布的版本不能修改"):
        services.item_remove(actor=None, item=item, revision=None)
    with pytest.raises(ValidationError, match="已发布的版本不能修改"):
        services.item_add(
            actor=None,
            version=version,
            revision=None,
            service="新事项",
            provider_organisation=None,
            provider_name="某单位",
            contact="12348",
            region_code="150200000000",
        )
    assert ServiceItem.objects.filter(version=version).count() == 2


def test_an_empty_draft_a_stale_page_and_an_earlier_date_are_refused(baotou):
    made = service_list(items=0)
    with pytest.raises(ValidationError, match="没有服务事项"):
        _publish(made)
    made = service_list(region="150202000000", items=1)
    draft = made.draft()
    with pytest.raises(ValidationError, match="已被他人修改"):
        services.version_publish(actor=None, version=draft, revision=draft.revision - 1, published_on=date(2024, 3, 1))
    _publish(made, date(2024, 5, 1))
    services.draft_start(actor=None, service_list=made)
    with pytest.raises(ValidationError) as refused:
        _publish(made, date(2024, 4, 1))
    assert "发布日期不能早于上一版本的发布日期。" in refused.value.messages
    assert made.versions.filter(state=VersionState.PUBLISHED).count() == 1


def test_the_public_page_shows_the_current_published_version_only(baotou, login):
    made = service_list(items=1)
    anonymous = login(None)
    page = anonymous.get(reverse("business:public_service_list")).content.decode()
    assert "服务事项1" not in page  # a draft is not public

    _publish(made)
    services.draft_start(actor=None, service_list=made)
    services.item_add(
        actor=None,
        version=made.draft(),
        revision=None,
        service="草稿中的新事项",
        provider_organisation=None,
        provider_name="某单位",
        contact="12348",
        region_code="150200000000",
    )
    response = anonymous.get(reverse("business:public_service_list"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "服务事项1" in page and "第1版" in page
    assert "草稿中的新事项" not in page

    _publish(made, date(2024, 9, 1))
    page = anonymous.get(reverse("business:public_service_list")).content.decode()
    assert "草稿中的新事项" in page and "第2版" in page and "第1版" not in page


def test_the_keeper_edits_and_publishes_through_the_pages(baotou, login):
    clerk = login(baotou["supervision_clerk"])
    response = clerk.post(
        reverse("business:service_list_create"), {"region": "150200000000", "title": "包头市涉企法律服务清单"}
    )
    assert response.status_code == 302
    made = ServiceList.objects.get()
    draft = made.draft()
    add = reverse("business:item_add", args=[made.pk])
    data = {
        "service": "企业法治体检",
        "provider_name": "包头市律师协会",
        "contact": "12348热线",
        "region": "150202000000",
    }
    assert clerk.post(add, {**data, "revision": draft.revision}).status_code == 302
    stale = clerk.post(add, {**data, "revision": draft.revision})  # the page before the first add
    assert stale.status_code == 400 and "已被他人修改" in stale.content.decode()
    draft.refresh_from_db()
    publish = reverse("business:version_publish", args=[made.pk])
    assert clerk.post(publish, {"published_on": "2024-03-01", "revision": draft.revision}).status_code == 302
    version = made.current()
    assert version.number == 1 and version.published_by == baotou["supervision_clerk"]
    item = version.items.get()
    # a published version's service has no edit page
    assert clerk.get(reverse("business:item_edit", args=[item.pk])).status_code == 404
    assert clerk.get(reverse("business:service_version", args=[made.pk, 1])).status_code == 200


def test_one_draft_at_a_time_and_every_change_in_the_history(baotou):
    from auditlog.models import LogEntry

    made = service_list(items=1)
    draft = made.draft()
    assert services.draft_start(actor=None, service_list=made) == draft  # the open draft, not a second one
    version = _publish(made)
    logged = LogEntry.objects.get_for_object(version).order_by("timestamp")
    # created, its revision raised by the item added, then published
    assert [entry.action for entry in logged] == [
        LogEntry.Action.CREATE,
        LogEntry.Action.UPDATE,
        LogEntry.Action.UPDATE,
    ]
    assert logged.last().changes_dict["state"] == ["draft", "published"]


def _check_misses(monkeypatch) -> None:
    """The check before a create sees nothing: the row was written by someone else in between (a race)."""
    from fazhi.accounts.access import RestrictedQuerySet

    monkeypatch.setattr(RestrictedQuerySet, "exists", lambda self: False, raising=False)


def test_a_park_or_list_created_meanwhile_is_refused_in_chinese_not_with_an_integrity_error(baotou, monkeypatch):
    from django.db import transaction

    from fazhi.business.models import IndustrialPark
    from fazhi.business.tests.factories import DONGHE

    services.park_add(actor=None, region_code=DONGHE, name="同名园区", organisation=None)
    services.service_list_create(actor=None, region_code=DONGHE, title="清单", organisation=None)
    _check_misses(monkeypatch)
    with transaction.atomic():  # a caller's transaction survives the refusal
        with pytest.raises(ValidationError, match="同名园区"):
            services.park_add(actor=None, region_code=DONGHE, name="同名园区", organisation=None)
        with pytest.raises(ValidationError, match="已有涉企法律服务清单"):
            services.service_list_create(actor=None, region_code=DONGHE, title="又一个", organisation=None)
        assert IndustrialPark.objects.count() == 1 and ServiceList.objects.count() == 1


def test_the_stale_message_is_translated_when_raised_not_at_import():
    from django.utils import translation

    with translation.override("en"):
        assert "该记录" not in str(services.STALE)
    with translation.override("zh-hans"):
        assert str(services.STALE) == "该记录已被他人修改，请刷新页面后重新提交。"


def _published(region: str, items: int) -> ServiceList:
    """A list published with `items` services, each named by a registered provider, and a draft open again."""
    from fazhi.accounts.models import Organisation

    made = service_list(region=region, items=0)
    provider = Organisation.objects.order_by("pk").first()
    draft = made.draft()
    assert draft is not None
    for i in range(items):
        services.item_add(
            actor=None,
            version=draft,
            revision=None,
            service=f"服务事项{i + 1}",
            provider_organisation=provider,
            provider_name="",
            contact="12348热线",
            region_code=region,
        )
    _publish(made)
    services.draft_start(actor=None, service_list=made)
    return made


def _statements(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries)


def test_the_service_list_pages_read_in_as_many_statements_for_many_lists_and_items(baotou, login):
    from fazhi.core.models import Region

    counties = list(Region.objects.filter(code__startswith="1502", level="county").order_by("code"))[:4]
    staff, public = login(baotou["supervision_clerk"]), login(None)
    one = _published(counties[0].code, items=1)
    pages = {
        "detail": lambda: _statements(staff, reverse("business:service_list_detail", args=[one.pk])),
        "index": lambda: _statements(staff, reverse("business:service_list_index")),
        "public": lambda: _statements(public, reverse("business:public_service_list")),
        "api": lambda: _statements(staff, reverse("api-business-service-lists")),
    }
    before = {name: count() for name, count in pages.items()}
    for county in counties[1:]:
        _published(county.code, items=4)
    services.draft_start(actor=None, service_list=one)
    for i in range(5):  # more services in the first list's current version: a second version with six
        services.item_add(
            actor=None,
            version=one.draft(),
            revision=None,
            service=f"新增事项{i}",
            provider_organisation=None,
            provider_name="测试律师协会",
            contact="12348热线",
            region_code=counties[0].code,
        )
    _publish(one, date(2024, 3, 2))
    services.draft_start(actor=None, service_list=one)
    after = {name: count() for name, count in pages.items()}
    assert after == before
