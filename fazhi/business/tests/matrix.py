"""The business environment's routes in the permission matrix (fazhi/tests/matrix.py says how a matrix is declared).

The registry is no line; the kernel's matrix counts these routes as the supervision line's (`LINE`: its members keep
the records). In the matrix the kernel's clerks (东河区, 昆都仑区 bureaus) and the city leader hold every line, so
each keeps their own region's subtree; the matrix's records are 东河区's, which 昆都仑区 does not see (404). The
supervision line's own people: the city's supervision body keeps everything; the market regulator's data reporter
(执法数据报送员) reads nothing here. Members of other lines only get 403, and everyone reads the public list.
"""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from fazhi.tests.matrix import Route, api, statuses

DONGHE = "150202000000"
SUPERVISION = {"supervision_clerk": 200, "supervision_head": 200, "agency_reporter": 403}
READ = {
    **statuses(anonymous=302, citizen=403, donghe_clerk=200, kundulun_clerk=200, leader=200, auditor=403, admin=200),
    **SUPERVISION,
}
# a 东河区 record: 昆都仑区 does not see it
OBJECT = {**READ, "kundulun_clerk": 404}
PUBLIC = {name: 200 for name in [*READ, "anonymous"]}


def _posted(shape: dict[str, int], status: int) -> dict[str, int]:
    """A write posted as the matrix posts it: whoever may write it gets `status` (a redirect or the form back)."""
    return {name: status if code == 200 else code for name, code in shape.items()}


def objects() -> dict:
    """The matrix's records (made once per test): 东河区's service list (version 1 published, a draft open), a park,
    an enterprise, a notary relation and an event."""
    from fazhi.business import services
    from fazhi.business.choices import EventKind
    from fazhi.business.demo import demo_uscc
    from fazhi.business.models import Enterprise, IndustrialPark, NotaryRelation, OutreachEvent, ServiceList

    found = ServiceList.objects.filter(region_id=DONGHE).first()
    if found is None:
        found = services.service_list_create(
            actor=None, region_code=DONGHE, title="东河区涉企法律服务清单", organisation=None
        )
        draft = found.draft()
        assert draft is not None
        services.item_add(
            actor=None,
            version=draft,
            revision=None,
            service="企业法治体检",
            provider_organisation=None,
            provider_name="东河区律师工作者协会",
            contact="12348热线",
            region_code=DONGHE,
        )
        services.version_publish(actor=None, version=draft, revision=None, published_on=date(2024, 3, 1))
    draft = services.draft_start(actor=None, service_list=found)
    park = IndustrialPark.objects.get_or_create(region_id=DONGHE, name="东河区矩阵园区")[0]
    enterprise = Enterprise.objects.get_or_create(
        uscc=demo_uscc(DONGHE, 999), defaults={"name": "矩阵测试有限公司", "region_id": DONGHE}
    )[0]
    relation = NotaryRelation.objects.filter(enterprise=enterprise).first() or services.relation_record(
        actor=None,
        notary_office="东河公证处",
        region_code=DONGHE,
        enterprise=enterprise,
        started_on=date(2024, 2, 1),
        ended_on=None,
        services="合同公证",
        organisation=None,
    )
    event = OutreachEvent.objects.filter(park=park).first() or services.event_record(
        actor=None,
        held_on=date(2024, 4, 1),
        region_code=DONGHE,
        park=park,
        enterprises=[enterprise],
        topic="新公司法",
        kind=EventKind.LECTURE,
        lecture_count=2,
        audience=40,
        organisation=None,
    )
    return {
        "list": found,
        "item": draft.items.first(),
        "enterprise": enterprise,
        "relation": relation,
        "event": event,
    }


def _url(name: str, key: str | None = None, query: str = ""):
    def url(case) -> str:
        args = [objects()[key].pk] if key else []
        return reverse(name, args=args) + query

    return url


def _version_url(case) -> str:
    return reverse("business:service_version", args=[objects()["list"].pk, 1])


FIGURE_QUERY = "?start=2024-01-01&end=2024-12-31&region=150202000000"

ROUTES: dict[str, Route] = {
    "business:index": Route("get", _url("business:index", query="?year=2024"), READ),
    "business:figure_records": Route(
        "get", lambda case: reverse("business:figure_records", args=["lectures"]) + FIGURE_QUERY, OBJECT
    ),
    "business:service_list_index": Route("get", _url("business:service_list_index"), READ),
    "business:service_list_create": Route("get", _url("business:service_list_create"), READ),
    "business:service_list_detail": Route("get", _url("business:service_list_detail", "list"), OBJECT),
    "business:service_version": Route("get", _version_url, OBJECT),
    "business:draft_start": Route("post", _url("business:draft_start", "list"), _posted(OBJECT, 302)),
    # posted without the service's fields: the form comes back refused
    "business:item_add": Route("post", _url("business:item_add", "list"), _posted(OBJECT, 400)),
    "business:version_publish": Route("post", _url("business:version_publish", "list"), _posted(OBJECT, 400)),
    "business:item_edit": Route("get", _url("business:item_edit", "item"), OBJECT),
    "business:item_remove": Route("post", _url("business:item_remove", "item"), _posted(OBJECT, 302)),
    "business:public_service_list": Route("get", _url("business:public_service_list"), PUBLIC, others=200),
    "business:enterprise_list": Route("get", _url("business:enterprise_list"), READ),
    "business:enterprise_register": Route("get", _url("business:enterprise_register"), READ),
    "business:enterprise_detail": Route("get", _url("business:enterprise_detail", "enterprise"), OBJECT),
    "business:park_list": Route("get", _url("business:park_list"), READ),
    "business:relation_list": Route("get", _url("business:relation_list"), READ),
    "business:relation_record": Route("get", _url("business:relation_record"), READ),
    "business:relation_detail": Route("get", _url("business:relation_detail", "relation"), OBJECT),
    "business:relation_edit": Route("get", _url("business:relation_edit", "relation"), OBJECT),
    "business:event_list": Route("get", _url("business:event_list"), READ),
    "business:event_record": Route("get", _url("business:event_record"), READ),
    "business:event_detail": Route("get", _url("business:event_detail", "event"), OBJECT),
    "business:event_edit": Route("get", _url("business:event_edit", "event"), OBJECT),
    # the read API: an anonymous caller gets 401
    "api-business-service-lists": Route("get", _url("api-business-service-lists"), api(READ)),
    "api-business-enterprises": Route("get", _url("api-business-enterprises"), api(READ)),
    "api-business-parks": Route("get", _url("api-business-parks"), api(READ)),
    "api-business-notary-relations": Route("get", _url("api-business-notary-relations"), api(READ)),
    "api-business-events": Route("get", _url("api-business-events"), api(READ)),
    "api-business-figures": Route(
        "get", _url("api-business-figures", query="?year=2024&region=150202000000"), api(OBJECT)
    ),
}

LINE = "supervision"
