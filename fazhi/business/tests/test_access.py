"""Who reads and keeps the business-environment records: the supervision line's members in a judicial bureau or its
supervision body keep their region's subtree (the city sees its counties); an agency's reporter, other lines' staff
and citizens are refused; anonymous callers are sent to the login page, except on the public list."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from fazhi.accounts.models import Membership, Organisation
from fazhi.business import services
from fazhi.business.choices import EventKind
from fazhi.business.demo import demo_uscc
from fazhi.business.models import OutreachEvent
from fazhi.business.tests.factories import DONGHE, KUNDULUN, enterprise, park

pytestmark = pytest.mark.django_db


def _event(region: str, topic: str) -> OutreachEvent:
    return services.event_record(
        actor=None,
        held_on=date(2024, 3, 1),
        region_code=region,
        park=None,
        enterprises=[],
        topic=topic,
        kind=EventKind.LECTURE,
        lecture_count=2,
        audience=30,
        organisation=None,
    )


def _county_supervisor(baotou, username: str = "donghe_clerk"):
    """The 东河区 clerk, given the supervision line in their bureau."""
    user = baotou[username]
    membership = Membership.objects.get(user=user)
    membership.lines = [*membership.lines, "supervision"]
    membership.save(update_fields=["lines"])
    return user


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("supervision_clerk", 200),
        ("supervision_head", 200),
        ("leader", 200),
        ("agency_reporter", 403),  # an agency's clerk reports lenient decisions only
        ("legality_clerk", 403),  # another line
        ("donghe_clerk", 403),  # no supervision line in the demo
        ("auditor", 403),
        ("citizen", 403),
    ],
)
def test_the_event_list_answers_each_persona(baotou, login, persona, status):
    assert login(baotou[persona]).get(reverse("business:event_list")).status_code == status


def test_anonymous_is_sent_to_login_but_reads_the_public_list(baotou, login):
    anonymous = login(None)
    assert anonymous.get(reverse("business:event_list")).status_code == 302
    assert anonymous.get(reverse("business:public_service_list")).status_code == 200
    assert anonymous.get(reverse("api-business-events")).status_code == 401


def test_a_county_reads_and_keeps_its_own_subtree_only(baotou, login):
    own, other = _event(DONGHE, "东河讲座"), _event(KUNDULUN, "昆区讲座")
    client = login(_county_supervisor(baotou))
    page = client.get(reverse("business:event_list")).content.decode()
    assert "东河讲座" in page and "昆区讲座" not in page
    assert client.get(reverse("business:event_detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("business:event_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("business:event_edit", args=[other.pk])).status_code == 404
    api = client.get(reverse("api-business-events")).json()
    assert [row["topic"] for row in api["results"]] == ["东河讲座"]
    # it registers a park of its county, never of the other
    assert client.post(reverse("business:park_list"), {"region": KUNDULUN, "name": "越界园区"}).status_code == 400
    assert client.post(reverse("business:park_list"), {"region": DONGHE, "name": "东河园"}).status_code == 302


def test_the_city_keeps_the_counties_records(baotou, login):
    event = _event(KUNDULUN, "昆区讲座")
    client = login(baotou["supervision_clerk"])
    data = {
        "held_on": "2024-03-02",
        "kind": "lecture",
        "topic": "新公司法",
        "lecture_count": "3",
        "audience": "50",
        "enterprises": "",
        "notes": "",
        "version": "1",
    }
    assert client.post(reverse("business:event_edit", args=[event.pk]), data).status_code == 302
    event.refresh_from_db()
    assert (event.topic, event.lecture_count, event.organisation) == ("新公司法", 3, None)


def test_a_reader_who_keeps_nothing_is_refused_the_forms(baotou, login):
    viewer = _county_supervisor(baotou)
    Membership.objects.filter(user=viewer).update(role="viewer")
    client = login(viewer)
    assert client.get(reverse("business:event_list")).status_code == 200
    assert client.get(reverse("business:event_record")).status_code == 403
    assert client.post(reverse("business:park_list"), {"region": DONGHE, "name": "园"}).status_code == 403


def test_an_event_form_registers_new_enterprises_with_it_or_nothing(baotou, login):
    client = login(baotou["supervision_clerk"])
    known = enterprise(1)
    new_code = demo_uscc(DONGHE, 2)
    data = {
        "held_on": "2024-03-01",
        "region": DONGHE,
        "park": str(park().pk),
        "kind": "lecture",
        "topic": "新公司法",
        "lecture_count": "2",
        "audience": "40",
        "enterprises": f"{known.uscc}\n{new_code} 新登记企业有限公司\n",
    }
    bad = client.post(
        reverse("business:event_record"), {**data, "enterprises": f"{new_code} 新企业\n91150202MA0000010X"}
    )
    assert bad.status_code == 400 and "第2行" in bad.content.decode()
    unnamed = client.post(reverse("business:event_record"), {**data, "enterprises": new_code})
    assert unnamed.status_code == 400 and "尚未登记" in unnamed.content.decode()
    assert not OutreachEvent.objects.exists()
    response = client.post(reverse("business:event_record"), data)
    assert response.status_code == 302
    event = OutreachEvent.objects.get()
    assert {e.uscc for e in event.enterprises.all()} == {known.uscc, new_code}
    assert event.organisation == Organisation.objects.get(name="包头市司法局行政执法协调监督科")


def _relation_data(code: str, **extra) -> dict:
    data = {
        "notary_office": "某公证处",
        "region": KUNDULUN,
        "uscc": code,
        "enterprise_name": "",
        "started_on": "2024-03-01",
        "services": "合同公证",
    }
    return {**data, **extra}


def test_a_relation_never_links_an_enterprise_outside_the_keepers_regions(baotou, login):
    from fazhi.business.models import NotaryRelation

    other = enterprise(3, region=KUNDULUN)
    client = login(_county_supervisor(baotou))
    response = client.post(reverse("business:relation_record"), _relation_data(other.uscc, region=DONGHE))
    page = response.content.decode()
    assert response.status_code == 400 and "不在您的管辖范围内" in page
    assert "昆都仑" not in page  # where it is registered is not told
    assert not NotaryRelation.objects.exists()


def test_a_new_enterprise_is_registered_in_its_own_region_not_the_notary_offices(baotou, login):
    from fazhi.business.models import Enterprise

    client = login(baotou["supervision_clerk"])  # keeps the city's subtree
    chosen, default = demo_uscc(DONGHE, 4), demo_uscc(DONGHE, 5)
    data = _relation_data(chosen, enterprise_name="东河企业", enterprise_region=DONGHE)
    assert client.post(reverse("business:relation_record"), data).status_code == 302
    assert Enterprise.objects.get(uscc=chosen).region_id == DONGHE
    data = _relation_data(default, enterprise_name="默认企业")  # no region chosen: the keeper's own
    assert client.post(reverse("business:relation_record"), data).status_code == 302
    assert Enterprise.objects.get(uscc=default).region_id == "150200000000"


def test_a_new_enterprise_is_only_registered_in_a_region_the_keeper_keeps(baotou, login):
    from fazhi.business.models import Enterprise

    client = login(_county_supervisor(baotou))
    data = _relation_data(demo_uscc(DONGHE, 6), region=DONGHE, enterprise_name="越界企业")
    response = client.post(reverse("business:relation_record"), {**data, "enterprise_region": KUNDULUN})
    assert response.status_code == 400
    assert not Enterprise.objects.exists()


def test_every_read_goes_through_the_kernels_chokepoint(baotou, login, monkeypatch):
    from fazhi.accounts.access import RestrictedQuerySet

    seen = []
    original = RestrictedQuerySet.visible_to

    def spy(self, user):
        seen.append(self.model.__name__)
        return original(self, user)

    monkeypatch.setattr(RestrictedQuerySet, "visible_to", spy)
    ent = enterprise(1)
    client = login(baotou["supervision_clerk"])
    assert client.get(reverse("business:enterprise_detail", args=[ent.pk])).status_code == 200
    assert {"Enterprise", "NotaryRelation", "OutreachEvent"} <= set(seen)


def test_a_reporters_membership_never_widens_what_a_reader_sees(baotou, login):
    """A 东河区 reader who also reports for an agency elsewhere reads 东河区 only."""
    user = _county_supervisor(baotou)
    other = Membership.objects.get(user=baotou["agency_reporter"])
    Membership.objects.create(user=user, organisation=other.organisation, role=other.role, lines=other.lines)
    _event(DONGHE, "东河讲座"), _event(KUNDULUN, "昆区讲座")
    page = login(user).get(reverse("business:event_list")).content.decode()
    assert "东河讲座" in page and "昆区讲座" not in page
