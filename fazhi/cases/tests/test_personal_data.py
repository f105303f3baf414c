"""Parties' ID numbers, phones, addresses: encrypted at rest, found by blind index, masked, revealed with a record."""

from __future__ import annotations

import importlib
import io
import logging
from datetime import date

import pytest
from django.db import connection
from rest_framework.test import APIClient

from fazhi.audit.models import AccessRecord
from fazhi.cases.models import Case, Party
from fazhi.cases.tests.factories import open_county_case, open_reconsideration
from fazhi.core.crypto import blind_index, is_token
from fazhi.core.logging import PIIMaskingFilter

pytestmark = pytest.mark.django_db

ID, PHONE = "11010519491231002X", "13812345678"  # the applicant of open_reconsideration
MASKED_ID, MASKED_PHONE = "110105********002X", "138****5678"


def stored(party: Party) -> dict[str, str]:
    """What the database holds for the party, read past the ORM."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number, phone, address, id_number_index, phone_index FROM cases_party WHERE id = %s", [party.pk]
        )
        return dict(
            zip(["id_number", "phone", "address", "id_number_index", "phone_index"], cursor.fetchone(), strict=True)
        )


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_party_is_stored_encrypted_and_reads_back_clear(city_clerk):
    case = open_reconsideration(city_clerk)
    party = case.parties.get()
    row = stored(party)
    assert is_token(row["id_number"]) and is_token(row["phone"]) and row["address"] == ""
    assert ID not in str(row) and PHONE not in str(row)
    assert row["id_number_index"] == blind_index("id_number", ID) and row["phone_index"] == blind_index("phone", PHONE)
    party = Party.objects.get(pk=party.pk)
    assert (party.id_number, party.phone) == (ID, PHONE)
    assert Party.objects.filter(case=case).values_list("id_number", flat=True).get() == ID


def test_bulk_create_encrypts_and_indexes(city_clerk):
    case = open_reconsideration(city_clerk)
    made = Party.objects.bulk_create(
        [
            Party(case=case, role="third_party", name="李四", id_number="15020219800101123X", phone="0472-5123456"),
            Party(case=case, role="agent", name="王五", address="包头市东河区和平路1号"),
        ]
    )
    rows = [stored(p) for p in made]
    assert is_token(rows[0]["id_number"]) and is_token(rows[1]["address"]) and rows[1]["id_number"] == ""
    assert rows[0]["id_number_index"] == blind_index("id_number", "15020219800101123X")
    assert rows[0]["phone_index"] == blind_index("phone", "04725123456") and rows[1]["phone_index"] == ""
    assert Party.objects.with_id_number("15020219800101123x").get().name == "李四"


def test_an_import_writes_parties_encrypted_and_searchable(city_head):
    """The importers' bulk path (bulk_create of every row's parties) encrypts and indexes like save() does."""
    from fazhi.legal_aid.tests.test_import import import_good

    assert import_good(city_head).ok
    imported = [p for p in Party.objects.filter(case__line="legal_aid") if p.id_number]
    assert len(imported) >= 10
    for party in imported:
        row = stored(party)
        assert is_token(row["id_number"]) and row["id_number_index"] == blind_index("id_number", party.id_number)
    wanted = imported[3].id_number  # the ledger's applicant: every case of this person, and only those
    found = api(city_head).get("/api/v1/cases/", {"party": wanted}).json()["results"]
    assert sorted(c["id"] for c in found) == sorted(p.case_id for p in imported if p.id_number == wanted)
    assert api(city_head).get("/api/v1/cases/", {"party": "15020219800101123X"}).json()["results"] == []


def test_saving_one_field_keeps_its_index_in_step(city_clerk):
    party = open_reconsideration(city_clerk).parties.get()
    party.phone = "13900001111"
    party.save(update_fields=["phone"])
    assert stored(party)["phone_index"] == blind_index("phone", "13900001111")
    assert list(Party.objects.with_phone("139 0000 1111")) == [party]
    assert not Party.objects.with_phone(PHONE).exists()


def test_the_change_record_keeps_personal_data_masked(city_clerk):
    from auditlog.models import LogEntry

    party = open_reconsideration(city_clerk).parties.get()
    entry = LogEntry.objects.get_for_object(party).get()
    assert ID not in str(entry.changes) and PHONE not in str(entry.changes)
    assert MASKED_ID in str(entry.changes) and "id_number_index" not in str(entry.changes)


# --- search by ID number ---------------------------------------------------------------------------------------


def test_the_case_list_finds_a_case_by_full_id_number(login, city_clerk):
    case = open_reconsideration(city_clerk)
    other = open_reconsideration(city_clerk, title="不服拆除决定")
    other.parties.update(id_number_index=blind_index("id_number", "15020219800101123X"))
    client = login(city_clerk)
    response = client.get("/cases/", {"party": ID.lower()})
    assert response.status_code == 302
    location = response["Location"]
    assert ID not in location.upper() and "party=~" in location  # the value leaves the URL for its token
    page = client.get(location)
    assert list(page.context["page"]) == [case]
    assert ID not in page.content.decode()  # not even echoed in the search box


def test_an_id_number_typed_into_the_number_box_is_searched_as_a_party(login, city_clerk):
    case = open_reconsideration(city_clerk)
    open_reconsideration(city_clerk, title="不服拆除决定").parties.update(id_number_index="", phone_index="")
    response = login(city_clerk).get("/cases/", {"number": PHONE}, follow=True)
    assert list(response.context["page"]) == [case]
    assert all(PHONE not in url for url, _ in response.redirect_chain)


@pytest.mark.parametrize("query", [MASKED_ID, ID[:10], "张三", "~"])
def test_partial_or_masked_values_find_nothing(login, city_clerk, query):
    open_reconsideration(city_clerk)
    response = login(city_clerk).get("/cases/", {"party": query}, follow=True)
    assert list(response.context["page"]) == []


def test_the_api_finds_a_case_by_full_id_number_within_scope_only(city_clerk, kundulun_clerk):
    case = open_reconsideration(city_clerk)
    found = api(city_clerk).get("/api/v1/cases/", {"party": ID})
    assert [c["id"] for c in found.json()["results"]] == [case.pk]
    assert api(kundulun_clerk).get("/api/v1/cases/", {"party": ID}).json()["results"] == []


def test_the_export_and_its_record_carry_no_identifier(login, city_clerk):
    open_reconsideration(city_clerk)
    client = login(city_clerk)
    listed = client.get("/cases/", {"party": ID}, follow=True)
    query = listed.context["query"]
    response = client.get(f"/cases/export/?{query}")
    assert response.status_code == 200
    record = AccessRecord.objects.get(action="export")
    assert ID not in str(record.detail) + record.path and "party=~" in record.path


@pytest.mark.parametrize("field", ["party", "number"])
def test_an_export_asked_for_by_a_full_id_number_is_recorded_without_it(login, city_clerk, field):
    """A hand-written export URL with the clear value: redirected to the token first, and the record of the
    export holds no ID number (the access record also masks any that reach it)."""
    open_reconsideration(city_clerk)
    client = login(city_clerk)
    response = client.get("/cases/export/", {field: ID}, follow=True)
    assert response.status_code == 200 and response.redirect_chain
    record = AccessRecord.objects.get(action="export")
    assert ID not in str(record.detail) + record.path and "party=~" in record.path


def test_the_access_record_masks_identifiers_that_reach_it(rf, city_clerk):
    from fazhi.audit.services import access_record

    request = rf.get("/x/", {"q": ID, "tel": "13812345678"})
    request.user = city_clerk
    record = access_record(request=request, action="view", object_type="x", asked=f"找 {ID}")
    assert ID not in record.path + str(record.detail) and "13812345678" not in record.path
    assert MASKED_ID in record.detail["asked"]


# --- masked everywhere -----------------------------------------------------------------------------------------


def test_the_api_returns_masked_values(city_clerk):
    case = open_reconsideration(city_clerk)
    party = api(city_clerk).get(f"/api/v1/cases/{case.pk}/").json()["parties"][0]
    assert (party["id_number"], party["phone"]) == (MASKED_ID, MASKED_PHONE)


def test_the_case_page_shows_masked_values_and_reveal_buttons_to_its_handler(login, city_clerk, leader):
    case = open_reconsideration(city_clerk)
    page = login(city_clerk).get(f"/cases/{case.pk}/").content.decode()
    assert MASKED_ID in page and MASKED_PHONE in page and ID not in page and PHONE not in page
    assert "显示完整证件号" in page
    assert "显示完整证件号" not in login(leader).get(f"/cases/{case.pk}/").content.decode()


def test_a_server_error_page_and_its_log_show_no_party_data(city_clerk, monkeypatch):
    from django.test import Client

    from fazhi.cases import views

    case = open_reconsideration(city_clerk)
    party = case.parties.get()

    def broken(case):
        raise RuntimeError(f"cannot render {party.name} {party.id_number} {party.phone}")

    monkeypatch.setattr(views.selectors, "timeline", broken)
    handler = next(h for h in logging.getLogger().handlers if any(isinstance(f, PIIMaskingFilter) for f in h.filters))
    stream = io.StringIO()
    old = handler.setStream(stream)
    try:
        client = Client(raise_request_exception=False)
        client.force_login(city_clerk)
        response = client.get(f"/cases/{case.pk}/")
    finally:
        handler.setStream(old)
    assert response.status_code == 500
    body = response.content.decode()
    assert ID not in body and PHONE not in body and "张三" not in body and "cannot render" not in body
    log = stream.getvalue()
    assert "cannot render" in log  # the error is logged, with its traceback…
    assert ID not in log and PHONE not in log and MASKED_ID in log  # …masked


# --- reveal ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["city_clerk", "city_head"])
def test_the_case_handlers_reveal_the_full_id_number_and_it_is_recorded(login, baotou, persona):
    case = open_reconsideration(baotou["city_clerk"])
    party = case.parties.get()
    user = baotou[persona]
    response = login(user).post(f"/cases/{case.pk}/parties/{party.pk}/reveal/", {"field": "id_number"})
    assert response.status_code == 200
    assert ID in response.content.decode() and "no-store" in response["Cache-Control"]
    record = AccessRecord.objects.get(action="reveal")
    assert (record.user, record.object_id, record.detail["field"]) == (user, str(party.pk), "id_number")
    assert ID not in str(record.detail) + record.path + record.object_repr


@pytest.mark.parametrize(("persona", "status"), [("leader", 403), ("auditor", 404), ("kundulun_clerk", 404)])
def test_others_cannot_reveal_and_nothing_is_recorded(login, baotou, persona, status):
    case = open_reconsideration(baotou["city_clerk"])
    party = case.parties.get()
    response = login(baotou[persona]).post(f"/cases/{case.pk}/parties/{party.pk}/reveal/", {"field": "id_number"})
    assert response.status_code == status
    assert ID not in response.content.decode()
    assert not AccessRecord.objects.filter(action="reveal").exists()


def test_a_county_handler_cannot_reveal_a_party_of_a_case_it_does_not_own(login, donghe_clerk, mediator):
    """The 东河区 bureau sees the 和平路 committee's disputes (its subtree) but does not handle them."""
    from fazhi.cases.runner import PartyInput, case_open
    from fazhi.cases.tests.factories import org

    case = case_open(
        line="mediation",
        organisation=org("和平路街道人民调解委员会"),
        title="邻里纠纷",
        received_on=date(2024, 5, 6),
        actor=mediator,
        detail={"dispute_type": "neighbour"},
        parties=(PartyInput(role="applicant", name="刘一", phone=PHONE),),
    )
    party = case.parties.get()
    url = f"/cases/{case.pk}/parties/{party.pk}/reveal/"
    assert login(donghe_clerk).post(url, {"field": "phone"}).status_code == 403
    response = login(mediator).post(url, {"field": "phone"})  # the committee's mediator handles the dispute
    assert response.status_code == 200 and PHONE in response.content.decode()


def test_a_mediator_reveals_only_in_the_mediation_line(baotou):
    """A mediator whose membership also lists another line still may not reveal that line's parties."""
    from fazhi.accounts.models import Membership
    from fazhi.cases.reveal import can_reveal

    mediator = baotou["mediator"]
    membership = Membership.objects.filter(user=mediator).first()
    membership.lines = [*membership.lines, "legal_aid"]
    membership.save()
    mediation = Case(line="mediation", organisation_id=membership.organisation_id)
    legal_aid = Case(line="legal_aid", organisation_id=membership.organisation_id)
    assert can_reveal(mediator, mediation) and not can_reveal(mediator, legal_aid)


def test_a_bulk_update_keeps_the_search_index(city_clerk):
    case = open_reconsideration(city_clerk)
    Party.objects.filter(case=case).update(phone="13900001111", id_number="15020219800101123X")
    assert list(Party.objects.with_phone("139 0000 1111")) == list(case.parties.all())
    assert list(Party.objects.with_id_number("15020219800101123x")) == list(case.parties.all())
    assert not Party.objects.with_phone(PHONE).exists()


def test_reveal_is_a_post_only(login, city_clerk):
    case = open_reconsideration(city_clerk)
    party = case.parties.get()
    assert login(city_clerk).get(f"/cases/{case.pk}/parties/{party.pk}/reveal/").status_code == 405


def test_the_api_reveals_to_the_handler_and_records_it(city_clerk, leader):
    case = open_reconsideration(city_clerk)
    party = case.parties.get()
    url = f"/api/v1/cases/{case.pk}/parties/{party.pk}/reveal/"
    response = api(city_clerk).post(url, {"field": "phone"}, format="json")
    assert response.status_code == 200
    assert response.json() == {"party": party.pk, "field": "phone", "value": PHONE}
    assert AccessRecord.objects.get(action="reveal").detail["field"] == "phone"
    assert api(leader).post(url, {"field": "phone"}, format="json").status_code == 403
    assert api(city_clerk).post(url, {"field": "name"}, format="json").status_code == 400
    other = open_county_case(city_clerk.__class__.objects.get(username="donghe_clerk"), "东河区司法局")
    assert api(city_clerk).post(f"/api/v1/cases/{other.pk}/parties/{party.pk}/reveal/").status_code == 404


def test_the_reveal_route_is_in_the_api_schema(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/v1/cases/{id}/parties/{party_pk}/reveal/" in schema


# --- the data migration ----------------------------------------------------------------------------------------


def test_the_data_migration_encrypts_rows_written_in_clear_and_is_idempotent(city_clerk):
    from django.apps import apps

    migration = importlib.import_module("fazhi.cases.migrations.0004_party_encrypted")
    case = open_reconsideration(city_clerk)
    with connection.cursor() as cursor:  # a row as it was before the migration
        cursor.execute(
            "INSERT INTO cases_party (case_id, role, kind, name, id_number, uscc, phone, address, "
            "id_number_index, phone_index) VALUES (%s, 'agent', 'person', '旧数据', %s, '', %s, %s, '', '')",
            [case.pk, "15020219800101123X", "0472-5123456", "包头市昆都仑区"],
        )

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection
    migration.encrypt_rows(apps, editor)
    old = Party.objects.get(name="旧数据")
    row = stored(old)
    assert is_token(row["id_number"]) and is_token(row["phone"]) and is_token(row["address"])
    assert (old.id_number, old.phone, old.address) == ("15020219800101123X", "0472-5123456", "包头市昆都仑区")
    assert row["id_number_index"] == blind_index("id_number", "15020219800101123X")
    before = {p.pk: stored(p) for p in Party.objects.all()}
    migration.encrypt_rows(apps, editor)  # a second run changes nothing
    assert {p.pk: stored(p) for p in Party.objects.all()} == before
