"""The cleanup pages in the permission matrix's terms (fazhi/tests/matrix.py): fazhi/rulebook/tests/matrix.py adds
them to the rule book's routes, which the kernel's matrix (fazhi/tests/test_permission_matrix.py) runs. There the
kernel's clerks and the leader hold every line, the legality line included, in their bureaus: the leader (city
bureau) writes the city's campaigns, the county clerks write only their counties'. Any staff member reads (as the
rule book: fazhi.rulebook.access.can_read); another line's member reads and may not write."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from fazhi.accounts.models import Organisation, User
from fazhi.rulebook import campaigns
from fazhi.rulebook.choices import CleanupResult, DocumentKind, Source
from fazhi.rulebook.models import CleanupCampaign
from fazhi.rulebook.services import document_register
from fazhi.tests.matrix import Route, empty_form, statuses

READERS = {
    **statuses(anonymous=302, citizen=403, donghe_clerk=200, kundulun_clerk=200, leader=200, auditor=200, admin=200),
    "legality_clerk": 200,
    "legality_head": 200,
}
# who opens the new-campaign page: a legality member of any bureau (or its section); the auditor does not
CREATORS = {**READERS, "auditor": 403}
# who writes the city's campaign: the city's legality members (the leader holds the line in the matrix)
CITY_WRITERS = {**CREATORS, "donghe_clerk": 403, "kundulun_clerk": 403}


def _campaign(*, closed: bool) -> CleanupCampaign:
    """The city's cleanup with one document decided (completed for the lists), made once per test."""
    title = "罚款专项清理（已完成）" if closed else "罚款专项清理"
    found = CleanupCampaign.objects.filter(title=title).first()
    if found is not None:
        return found
    admin = User.objects.get(username="admin")
    campaign = campaigns.campaign_create(
        actor=admin,
        organisation=Organisation.objects.get(name="包头市司法局"),
        title=title,
        topic="罚款",
        started_on=date(2024, 6, 3),
    )
    doc = document_register(
        actor=admin,
        region_id="150200000000",
        kind=DocumentKind.NORMATIVE_DOCUMENT,
        title=f"罚款办法{CleanupCampaign.objects.count()}",
        issuer="包头市人民政府",
        published_on=date(2020, 1, 1),
        text="处以罚款。",
        source=Source.IMPORTED,
    )
    item = campaigns.campaign_add(campaign=campaign, documents=[doc], actor=admin)[0]
    if closed:
        campaigns.item_decide(item=item, result=CleanupResult.REMAIN_VALID, decided_on=date(2024, 7, 1), actor=admin)
        campaigns.campaign_close(campaign=campaign, actor=admin, closed_on=date(2024, 7, 31))
    return campaign


def _open(name: str, *extra):
    return lambda c: reverse(name, args=[_campaign(closed=False).pk, *extra])


def _item(name: str):
    def url(c) -> str:
        campaign = _campaign(closed=False)
        return reverse(name, args=[campaign.pk, campaign.items.get().pk])

    return url


def _closed(name: str):
    return lambda c: reverse(name, args=[_campaign(closed=True).pk])


ROUTES = {
    "rulebook:campaign_list": Route("get", lambda c: reverse("rulebook:campaign_list"), READERS, others=200),
    "rulebook:campaign_create": Route("get", lambda c: reverse("rulebook:campaign_create"), CREATORS),
    "rulebook:campaign_detail": Route("get", _open("rulebook:campaign_detail"), READERS, others=200),
    "rulebook:campaign_add": Route("post", _open("rulebook:campaign_add"), empty_form(CITY_WRITERS)),
    "rulebook:campaign_item_decide": Route("post", _item("rulebook:campaign_item_decide"), empty_form(CITY_WRITERS)),
    "rulebook:campaign_remove": Route(
        "post", _item("rulebook:campaign_remove"), {k: 302 if v == 200 else v for k, v in CITY_WRITERS.items()}
    ),
    "rulebook:campaign_close": Route("post", _open("rulebook:campaign_close"), empty_form(CITY_WRITERS)),
    "rulebook:campaign_lists_docx": Route("get", _closed("rulebook:campaign_lists_docx"), READERS, others=200),
    "rulebook:campaign_lists_xlsx": Route("get", _closed("rulebook:campaign_lists_xlsx"), READERS, others=200),
}
