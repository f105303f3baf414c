"""Cleanup campaigns (清理): the results change the registry when the campaign is completed, all or nothing, once."""

from __future__ import annotations

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError

from fazhi.accounts.models import Membership, Organisation
from fazhi.rulebook import campaigns
from fazhi.rulebook.choices import CampaignState, CleanupResult, DocumentKind, Status
from fazhi.rulebook.models import CleanupItem, NormativeDocument
from fazhi.rulebook.tests.registry_factories import DONGHE, a_document, a_normative_document, legality_member

pytestmark = pytest.mark.django_db

CITY_BUREAU = "包头市司法局"


@pytest.fixture
def alice(baotou):
    """A legality reviewer of the city bureau: she runs the city's cleanups."""
    return legality_member("alice")


@pytest.fixture
def bob(baotou):
    """A legality reviewer of 东河区司法局: a county's, not the city's."""
    return legality_member("bob", bureau="东河区司法局")


def a_campaign(actor, **overrides):
    fields = {
        "actor": actor,
        "organisation": Organisation.objects.get(name=CITY_BUREAU),
        "title": "涉及罚款事项的规范性文件专项清理",
        "topic": "罚款",
        "started_on": date(2024, 6, 3),
        "due_on": date(2024, 9, 30),
    }
    fields.update(overrides)
    return campaigns.campaign_create(**fields)


def fines_documents() -> dict[str, NormativeDocument]:
    """Four normative documents that impose fines, and one that does not."""
    texts = {
        "repeal": ("包头市城市道路挖掘罚款办法", "包府发〔2020〕1号", "未经批准挖掘道路的，处以二万元罚款。"),
        "invalid": ("包头市2020年度市容整治罚款通知", "包府发〔2020〕2号", "整治期间违法的，处以罚款。"),
        "amend": ("包头市生态环境罚款裁量办法", "包府发〔2021〕3号", "罚款数额按照违法情节分档裁量。"),
        "keep": ("包头市行政处罚裁量基准办法", "包府发〔2022〕4号", "罚款的裁量基准应当向社会公布。"),
        "other": ("包头市城市供热管理办法", "包府发〔2022〕5号", "供热企业应当保证供热质量。"),
    }
    return {
        key: a_normative_document(title=title, number=number, text=text, published_on=date(2020 + i % 3, 3, 1))
        for i, (key, (title, number, text)) in enumerate(texts.items())
    }


def decide_all(campaign, docs, actor, on=date(2024, 7, 20)) -> dict[str, CleanupItem]:
    results = {
        "repeal": CleanupResult.REPEAL,
        "invalid": CleanupResult.DECLARE_INVALID,
        "amend": CleanupResult.AMEND,
        "keep": CleanupResult.REMAIN_VALID,
    }
    items = campaigns.campaign_add(campaign=campaign, documents=[docs[k] for k in results], actor=actor)
    decided = {}
    for item, (key, result) in zip(items, results.items(), strict=True):
        decided[key] = campaigns.item_decide(
            item=item,
            result=result,
            actor=actor,
            reasons="" if result == CleanupResult.REMAIN_VALID else "与上位法不一致。",
            owner="包头市生态环境局" if result == CleanupResult.AMEND else "",
            due_on=date(2024, 12, 31) if result == CleanupResult.AMEND else None,
            decided_on=on,
        )
    return decided


def test_the_candidates_are_the_documents_in_scope_that_the_search_finds(alice):
    docs = fines_documents()
    regulation = a_document(title="包头市城市绿化条例", number="公告第9号", text="擅自砍伐树木的，处以罚款。")
    repealed = a_normative_document(title="包头市旧罚款规定", number="包府发〔2019〕9号", text="处以罚款。")
    NormativeDocument.objects.filter(pk=repealed.pk).update(status=Status.REPEALED)
    campaign = a_campaign(alice, kinds=[DocumentKind.NORMATIVE_DOCUMENT])

    found = {d.pk for d in campaigns.campaign_candidates(campaign, actor=alice)}

    assert found == {docs[k].pk for k in ("repeal", "invalid", "amend", "keep")}
    assert regulation.pk not in found and repealed.pk not in found  # another kind; no longer in force
    campaigns.campaign_add(campaign=campaign, documents=[docs["keep"]], actor=alice)
    assert docs["keep"].pk not in {
        d.pk for d in campaigns.campaign_candidates(campaign, actor=alice)
    }  # already on the list


def test_the_scope_narrows_by_issuer_and_publication_dates(alice):
    docs = fines_documents()
    campaign = a_campaign(alice, issuers=["包头市人民政府"], published_from=date(2021, 1, 1))
    assert {d.pk for d in campaigns.campaign_candidates(campaign, actor=alice)} == {
        docs["invalid"].pk,
        docs["amend"].pk,
    }
    nobody = a_campaign(alice, issuers=["包头市财政局"])
    assert campaigns.campaign_candidates(nobody, actor=alice) == []


def test_completing_the_campaign_changes_the_registry_by_each_result(alice):
    docs = fines_documents()
    campaign = a_campaign(alice)
    items = decide_all(campaign, docs, alice)
    assert NormativeDocument.objects.get(pk=docs["repeal"].pk).status == Status.IN_FORCE  # nothing before completion

    campaigns.campaign_close(campaign=campaign, actor=alice, closed_on=date(2024, 7, 31))

    status = {k: NormativeDocument.objects.get(pk=d.pk) for k, d in docs.items()}
    assert (status["repeal"].status, status["repeal"].status_changed_on) == (Status.REPEALED, date(2024, 7, 31))
    assert (status["invalid"].status, status["invalid"].status_changed_on) == (Status.INVALID, date(2024, 7, 31))
    assert status["amend"].status == Status.IN_FORCE  # to be amended: still in force until its issuer amends it
    assert status["keep"].status == Status.IN_FORCE
    campaign.refresh_from_db()
    assert (campaign.state, campaign.closed_on) == (CampaignState.CLOSED, date(2024, 7, 31))
    assert all(i.applied_on == date(2024, 7, 31) for i in CleanupItem.objects.filter(campaign=campaign))
    assert [i.document_id for i in campaigns.to_amend("150200000000")] == [items["amend"].document_id]
    # the change history says who repealed it
    changes = [(e.actor, e.changes_dict.get("status")) for e in LogEntry.objects.get_for_object(status["repeal"])]
    assert (alice, ["有效", "已废止"]) in changes or (alice, ["in_force", "repealed"]) in changes


def test_completing_twice_is_refused_and_changes_nothing(alice):
    docs = fines_documents()
    campaign = a_campaign(alice)
    decide_all(campaign, docs, alice)
    campaigns.campaign_close(campaign=campaign, actor=alice, closed_on=date(2024, 7, 31))
    history = LogEntry.objects.count()

    with pytest.raises(ValidationError, match="不能重复执行"):
        campaigns.campaign_close(campaign=campaign, actor=alice, closed_on=date(2024, 8, 1))

    assert NormativeDocument.objects.get(pk=docs["repeal"].pk).status_changed_on == date(2024, 7, 31)
    assert LogEntry.objects.count() == history
    with pytest.raises(ValidationError, match="已完成"):
        campaigns.item_decide(item=campaign.items.first(), result=CleanupResult.REPEAL, reasons="再议", actor=alice)


def test_a_document_repealed_by_another_campaign_stops_the_whole_completion(alice):
    docs = fines_documents()
    first, second = a_campaign(alice), a_campaign(alice, title="罚款事项复查")
    for campaign in (first, second):
        item = campaigns.campaign_add(campaign=campaign, documents=[docs["repeal"]], actor=alice)[0]
        campaigns.item_decide(
            item=item, result=CleanupResult.REPEAL, reasons="已被代替。", actor=alice, decided_on=date(2024, 7, 1)
        )
    keep = campaigns.campaign_add(campaign=second, documents=[docs["amend"]], actor=alice)[0]
    campaigns.item_decide(
        item=keep, result=CleanupResult.DECLARE_INVALID, reasons="已过时。", actor=alice, decided_on=date(2024, 7, 1)
    )
    campaigns.campaign_close(campaign=first, actor=alice, closed_on=date(2024, 7, 31))

    with pytest.raises(ValidationError, match="已是“已废止”状态"):
        campaigns.campaign_close(campaign=second, actor=alice)

    second.refresh_from_db()
    assert second.state == CampaignState.OPEN
    assert NormativeDocument.objects.get(pk=docs["amend"].pk).status == Status.IN_FORCE  # rolled back with it
    assert not second.items.filter(applied_on__isnull=False).exists()


def test_completion_needs_a_result_for_every_document(alice):
    docs = fines_documents()
    campaign = a_campaign(alice)
    with pytest.raises(ValidationError, match="尚未列入任何文件"):
        campaigns.campaign_close(campaign=campaign, actor=alice)
    campaigns.campaign_add(campaign=campaign, documents=[docs["keep"], docs["repeal"]], actor=alice)
    with pytest.raises(ValidationError, match="尚未作出清理结果") as refused:
        campaigns.campaign_close(campaign=campaign, actor=alice)
    assert "《包头市城市道路挖掘罚款办法》" in str(refused.value)


@pytest.mark.parametrize(
    ("result", "fields", "field"),
    [
        ("", {}, "result"),
        ("tear_up", {}, "result"),
        (CleanupResult.REPEAL, {}, "reasons"),
        (CleanupResult.AMEND, {"reasons": "需修改", "due_on": date(2024, 12, 31)}, "owner"),
        (CleanupResult.AMEND, {"reasons": "需修改", "owner": "市生态环境局"}, "due_on"),
        (CleanupResult.REMAIN_VALID, {"decided_on": date(2024, 5, 1)}, "decided_on"),
        (CleanupResult.REMAIN_VALID, {"decided_on": date(2099, 1, 1)}, "decided_on"),
        (
            CleanupResult.AMEND,
            {"reasons": "需修改", "owner": "市生态环境局", "due_on": date(2024, 6, 1), "decided_on": date(2024, 7, 1)},
            "due_on",
        ),
    ],
)
def test_a_result_without_what_it_needs_is_refused_with_the_field_named(alice, result, fields, field):
    docs = fines_documents()
    campaign = a_campaign(alice)
    item = campaigns.campaign_add(campaign=campaign, documents=[docs["amend"]], actor=alice)[0]
    with pytest.raises(ValidationError) as refused:
        campaigns.item_decide(item=item, result=result, actor=alice, **fields)
    assert field in refused.value.message_dict
    item.refresh_from_db()
    assert item.result == ""


def test_a_campaign_needs_its_name_topic_and_coherent_dates(alice):
    with pytest.raises(ValidationError) as refused:
        a_campaign(
            alice,
            title=" ",
            topic="",
            kinds=["statute"],
            published_from=date(2024, 1, 1),
            published_to=date(2023, 1, 1),
            due_on=date(2024, 1, 1),
        )
    assert set(refused.value.message_dict) == {"title", "topic", "kinds", "published_to", "due_on"}


def test_a_document_is_listed_once_and_only_from_the_scope(alice, bob):
    docs = fines_documents()
    campaign = a_campaign(alice)
    campaigns.campaign_add(campaign=campaign, documents=[docs["keep"]], actor=alice)
    with pytest.raises(ValidationError, match="已列入本次清理"):
        campaigns.campaign_add(campaign=campaign, documents=[docs["keep"]], actor=alice)
    county = a_campaign(bob, organisation=Organisation.objects.get(name="东河区司法局"))
    with pytest.raises(ValidationError, match="不在本次清理范围内"):  # a city document in a county's cleanup
        campaigns.campaign_add(campaign=county, documents=[docs["repeal"]], actor=bob)
    assert campaign.items.count() == 1 and not county.items.exists()


def test_only_the_organising_bureaus_legality_office_writes(alice, bob, city_clerk):
    docs = fines_documents()
    with pytest.raises(PermissionDenied):
        a_campaign(bob)  # a county reviewer does not organise the city's cleanup
    with pytest.raises(PermissionDenied):
        a_campaign(city_clerk)  # no legality role
    campaign = a_campaign(alice)
    for outsider in (bob, city_clerk):
        with pytest.raises(PermissionDenied):
            campaigns.campaign_add(campaign=campaign, documents=[docs["keep"]], actor=outsider)
        with pytest.raises(PermissionDenied):
            campaigns.campaign_close(campaign=campaign, actor=outsider)
    assert not campaign.items.exists()


def test_a_city_cleanup_neither_lists_nor_changes_a_countys_document(alice):
    """The city's scope reaches the counties below it, but a county's documents are its own bureau's to change."""
    city_doc = fines_documents()["repeal"]
    county_doc = a_normative_document(
        region_id=DONGHE,
        title="东河区占道经营罚款办法",
        number="东政发〔2021〕7号",
        issuer="包头市东河区人民政府",
        text="擅自占道经营的，处以罚款。",
    )
    campaign = a_campaign(alice)

    found = {d.pk for d in campaigns.campaign_candidates(campaign, actor=alice)}
    assert city_doc.pk in found and county_doc.pk not in found
    with pytest.raises(ValidationError, match="东河区占道经营罚款办法"):
        campaigns.campaign_add(campaign=campaign, documents=[city_doc, county_doc], actor=alice)
    assert not campaign.items.exists()  # nothing listed, not even the city's own document

    # a county document on the list (put there by someone who keeps both regions' books) is not changed by alice
    both = legality_member("carol")
    Membership.objects.create(
        user=both, organisation=Organisation.objects.get(name="东河区司法局"), role="handler", lines=["legality"]
    )
    assert county_doc.pk in {d.pk for d in campaigns.campaign_candidates(campaign, actor=both)}
    item = campaigns.campaign_add(campaign=campaign, documents=[county_doc], actor=both)[0]
    campaigns.item_decide(item=item, result=CleanupResult.REPEAL, actor=both, reasons="上位法已修改。")
    with pytest.raises(ValidationError, match="东河区占道经营罚款办法"):
        campaigns.campaign_close(campaign=campaign, actor=alice)
    county_doc.refresh_from_db()
    campaign.refresh_from_db()
    assert county_doc.status == Status.IN_FORCE and campaign.state == CampaignState.OPEN
    campaigns.campaign_close(campaign=campaign, actor=both)
    county_doc.refresh_from_db()
    assert county_doc.status == Status.REPEALED


def test_removing_a_document_is_possible_only_while_the_campaign_is_open(alice):
    docs = fines_documents()
    campaign = a_campaign(alice)
    items = decide_all(campaign, docs, alice)
    campaigns.campaign_remove(item=items["keep"], actor=alice)
    assert not CleanupItem.objects.filter(pk=items["keep"].pk).exists()
    campaigns.campaign_close(campaign=campaign, actor=alice, closed_on=date(2024, 7, 31))
    with pytest.raises(ValidationError, match="已完成"):
        campaigns.campaign_remove(item=items["amend"], actor=alice)
    assert CleanupItem.objects.filter(pk=items["amend"].pk).exists()
