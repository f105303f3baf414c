"""The cleanup pages: who reads and who writes, the refusals in Chinese with the input kept, and the downloads."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import unquote

import pytest

from fazhi.accounts.models import Organisation
from fazhi.rulebook import campaigns
from fazhi.rulebook.choices import CampaignState, CleanupResult, Status
from fazhi.rulebook.models import CleanupCampaign, NormativeDocument
from fazhi.rulebook.tests.registry_factories import a_normative_document, legality_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(baotou):
    return legality_member("alice")


@pytest.fixture
def fines(baotou):
    return a_normative_document(
        title="包头市城市道路挖掘罚款办法", number="包府发〔2020〕1号", text="处以罚款。", published_on=date(2020, 3, 1)
    )


@pytest.fixture
def campaign(alice):
    return campaigns.campaign_create(
        actor=alice,
        organisation=Organisation.objects.get(name="包头市司法局"),
        title="涉及罚款事项的规范性文件专项清理",
        topic="罚款",
        started_on=date(2024, 6, 3),
    )


def test_anonymous_is_sent_to_login_and_a_citizen_is_refused(login, citizen, campaign):
    assert login(None).get("/rules/cleanups/").status_code == 302
    assert login(citizen).get(f"/rules/cleanups/{campaign.pk}/").status_code == 403


def test_any_staff_member_reads_but_only_the_legality_office_writes(login, city_clerk, campaign, fines):
    client = login(city_clerk)
    listing = client.get("/rules/cleanups/")
    assert listing.status_code == 200 and "涉及罚款事项的规范性文件专项清理" in listing.content.decode()
    assert "新建清理工作" not in listing.content.decode()
    detail = client.get(f"/rules/cleanups/{campaign.pk}/")
    assert detail.status_code == 200 and "列入清理" not in detail.content.decode()
    assert client.get("/rules/cleanups/new/").status_code == 403
    assert client.post(f"/rules/cleanups/{campaign.pk}/add/", {"document": fines.pk}).status_code == 403
    assert client.post(f"/rules/cleanups/{campaign.pk}/close/", {"closed_on": "2024-07-31"}).status_code == 403
    assert not campaign.items.exists()


def test_an_unknown_campaign_is_not_found(login, alice):
    assert login(alice).get("/rules/cleanups/999999/").status_code == 404


def test_a_bad_campaign_form_keeps_the_input_and_says_why_in_chinese(login, alice):
    response = login(alice).post(
        "/rules/cleanups/new/",
        {
            "organisation": Organisation.objects.get(name="包头市司法局").pk,
            "title": "罚款专项清理",
            "topic": "",
            "started_on": "2024-06-31",
            "due_on": "2024-01-01",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "请填写清理主题。" in page and "日期格式应为 YYYY-MM-DD。" in page
    assert 'value="罚款专项清理"' in page
    assert not CleanupCampaign.objects.exists()


def test_the_main_path_from_creation_to_the_published_lists(login, alice, fines):
    client = login(alice)
    organisation = Organisation.objects.get(name="包头市司法局")
    response = client.post(
        "/rules/cleanups/new/",
        {
            "organisation": organisation.pk,
            "title": "罚款专项清理",
            "topic": "罚款",
            "kinds": ["normative_document"],
            "issuers": "包头市人民政府\n",
            "started_on": "2024-06-03",
            "due_on": "2024-09-30",
        },
    )
    campaign = CleanupCampaign.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/rules/cleanups/{campaign.pk}/"
    assert (campaign.kinds, campaign.issuers) == (["normative_document"], ["包头市人民政府"])
    page = client.get(response["Location"]).content.decode()
    assert "《包头市城市道路挖掘罚款办法》" in page  # a candidate
    assert "<dd>行政规范性文件</dd>" in page and "<dd>包头市人民政府</dd>" in page and "<dd>不限</dd>" in page

    assert client.post(f"/rules/cleanups/{campaign.pk}/add/", {"document": [fines.pk]}).status_code == 302
    item = campaign.items.get()
    decide = f"/rules/cleanups/{campaign.pk}/items/{item.pk}/decide/"
    refused = client.post(
        decide,
        {
            f"item{item.pk}-result": CleanupResult.REPEAL,
            f"item{item.pk}-decided_on": "2024-07-20",
            f"item{item.pk}-owner": "市政府办",
        },
    )
    assert refused.status_code == 400
    assert "清理结果为修改、废止或宣布失效的，应当写明理由。" in refused.content.decode()
    assert 'value="市政府办"' in refused.content.decode()  # what was typed stays
    item.refresh_from_db()
    assert item.result == ""

    done = client.post(
        decide,
        {
            f"item{item.pk}-result": CleanupResult.REPEAL,
            f"item{item.pk}-reasons": "已被新规定代替。",
            f"item{item.pk}-decided_on": "2024-07-20",
        },
    )
    assert done.status_code == 302
    assert client.get(f"/rules/cleanups/{campaign.pk}/lists.xlsx").status_code == 403  # not published yet

    early = client.post(f"/rules/cleanups/{campaign.pk}/close/", {"closed_on": "2024-07-01"})
    assert early.status_code == 400 and "完成日期不能早于开始日期和各文件的决定日期。" in early.content.decode()
    assert client.post(f"/rules/cleanups/{campaign.pk}/close/", {"closed_on": "2024-07-31"}).status_code == 302
    fines.refresh_from_db()
    campaign.refresh_from_db()
    assert (fines.status, fines.status_changed_on) == (Status.REPEALED, date(2024, 7, 31))
    assert campaign.state == CampaignState.CLOSED
    again = client.post(f"/rules/cleanups/{campaign.pk}/close/", {"closed_on": "2024-08-01"})
    assert again.status_code == 400 and "清理结果不能重复执行" in again.content.decode()

    word = client.get(f"/rules/cleanups/{campaign.pk}/lists.docx")
    excel = client.get(f"/rules/cleanups/{campaign.pk}/lists.xlsx")
    assert word.status_code == 200 and word["Content-Type"].endswith("wordprocessingml.document")
    assert excel.status_code == 200 and excel["Content-Type"].endswith("spreadsheetml.sheet")
    assert NormativeDocument.objects.get(pk=fines.pk).cleanup_items.get().applied_on == date(2024, 7, 31)


def test_the_downloads_are_named_by_the_campaigns_title_in_chinese(login, alice, fines):
    campaign = campaigns.campaign_create(
        actor=alice,
        organisation=Organisation.objects.get(name="包头市司法局"),
        title="《涉及罚款事项的规范性文件》专项清理/第一批",
        topic="罚款",
        started_on=date(2024, 6, 3),
    )
    item = campaigns.campaign_add(campaign=campaign, documents=[fines], actor=alice)[0]
    campaigns.item_decide(item=item, result=CleanupResult.REMAIN_VALID, actor=alice, decided_on=date(2024, 7, 1))
    campaigns.campaign_close(campaign=campaign, actor=alice, closed_on=date(2024, 7, 31))
    client = login(alice)
    for extension in ("docx", "xlsx"):
        # an English interface: the lists and their names stay Chinese
        response = client.get(f"/rules/cleanups/{campaign.pk}/lists.{extension}", headers={"accept-language": "en"})
        assert response["Content-Language"] == "en"
        header = response["Content-Disposition"]
        encoded = re.search(r"filename\*=utf-8''(\S+)", header, re.IGNORECASE)
        assert header.startswith("attachment") and encoded, header
        assert unquote(encoded.group(1)) == f"《〈涉及罚款事项的规范性文件〉专项清理第一批》清理目录.{extension}"
        assert "cleanup" not in header


def test_the_list_page_reads_in_few_queries(login, alice, campaign, django_assert_max_num_queries):
    client = login(alice)
    client.get("/rules/cleanups/")  # the session and memberships warmed
    with django_assert_max_num_queries(12):
        assert client.get("/rules/cleanups/").status_code == 200


def test_an_open_campaign_past_its_deadline_is_marked_overdue(login, alice, campaign):
    client = login(alice)
    assert "errors overdue" not in client.get("/rules/cleanups/").content.decode()  # no deadline
    CleanupCampaign.objects.filter(pk=campaign.pk).update(due_on=date(2024, 9, 30))
    assert 'class="errors overdue">逾期<' in client.get("/rules/cleanups/").content.decode()
    CleanupCampaign.objects.filter(pk=campaign.pk).update(state=CampaignState.CLOSED, closed_on=date(2024, 9, 1))
    assert "errors overdue" not in client.get("/rules/cleanups/").content.decode()
