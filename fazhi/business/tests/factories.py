"""Small builders for the business-environment tests (the demo's credit codes are valid ones)."""

from __future__ import annotations

from datetime import date

from fazhi.business import services
from fazhi.business.demo import demo_uscc
from fazhi.business.models import Enterprise, IndustrialPark, NotaryRelation, ServiceList

CITY, DONGHE, KUNDULUN = "150200000000", "150202000000", "150203000000"


def enterprise(n: int, region: str = DONGHE) -> Enterprise:
    return services.enterprise_register(
        actor=None,
        name=f"测试企业{n}有限公司",
        uscc=demo_uscc(region, n),
        region_code=region,
        organisation=None,
    )


def park(name: str = "测试工业园区", region: str = DONGHE) -> IndustrialPark:
    return services.park_add(actor=None, region_code=region, name=name, organisation=None)


def relation(ent: Enterprise, started_on: date, ended_on: date | None = None, region: str = DONGHE) -> NotaryRelation:
    return services.relation_record(
        actor=None,
        notary_office="测试公证处",
        region_code=region,
        enterprise=ent,
        started_on=started_on,
        ended_on=ended_on,
        services="合同公证",
        organisation=None,
    )


def service_list(region: str = CITY, items: int = 2) -> ServiceList:
    """A list with a draft holding `items` services."""
    made = services.service_list_create(actor=None, region_code=region, title="测试涉企法律服务清单", organisation=None)
    draft = made.draft()
    assert draft is not None
    for i in range(items):
        services.item_add(
            actor=None,
            version=draft,
            revision=None,
            service=f"服务事项{i + 1}",
            provider_organisation=None,
            provider_name="测试律师协会",
            contact="12348热线",
            region_code=region,
        )
    return made
