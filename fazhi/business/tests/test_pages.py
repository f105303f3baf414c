"""The pages over the replayed data: every page reads in Chinese (no code, no English word), a figure's drill-down
lists exactly the records it counts, the API answers in scope, and the lists keep their query counts."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from fazhi.business import figures
from fazhi.business.demo import replay_business
from fazhi.business.models import Enterprise, NotaryRelation, OutreachEvent, ServiceList
from fazhi.tests.leaks import leaks_in_page, report

pytestmark = pytest.mark.django_db
BAOTOU = "150200000000"
YEAR_QUERY = "?start=2024-01-01&end=2024-12-31&prefix=1502"


@pytest.fixture
def replayed(baotou):
    replay_business(BAOTOU, 2024)
    return baotou


def test_every_page_reads_in_chinese(replayed, login):
    client = login(replayed["supervision_clerk"])
    service_list = ServiceList.objects.get()
    urls = [
        reverse("business:index") + "?year=2024",
        reverse("business:service_list_index"),
        reverse("business:service_list_detail", args=[service_list.pk]),
        reverse("business:service_version", args=[service_list.pk, 1]),
        reverse("business:service_list_create"),
        reverse("business:enterprise_list"),
        reverse("business:enterprise_register"),
        reverse("business:enterprise_detail", args=[Enterprise.objects.first().pk]),
        reverse("business:park_list"),
        reverse("business:relation_list") + "?year=2024",
        reverse("business:relation_record"),
        reverse("business:relation_detail", args=[NotaryRelation.objects.first().pk]),
        reverse("business:event_list") + "?year=2024&kind=lecture",
        reverse("business:event_record"),
        reverse("business:event_detail", args=[OutreachEvent.objects.first().pk]),
        *(reverse("business:figure_records", args=[key]) + YEAR_QUERY for key in figures.RECORDS),
    ]
    # a credit code's organisation part (MA0…, GB 32100's positions 9-18) is data, not an English word
    codes = {code[8:] for code in Enterprise.objects.values_list("uscc", flat=True)}
    found = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        found[url] = leaks_in_page(response.content, allow=codes)
    public = login(None).get(reverse("business:public_service_list"))
    found["public"] = leaks_in_page(public.content)
    assert not any(found.values()), report(found)


@pytest.mark.parametrize("key", sorted(figures.RECORDS))
def test_a_figure_opens_onto_the_records_it_counts(replayed, login, key):
    response = login(replayed["leader"]).get(reverse("business:figure_records", args=[key]) + YEAR_QUERY)
    page = response.content.decode()
    expected = {"enterprises_with_notary_service_relations": 72, "industrial_parks_visited": 10}
    expected |= {"enterprises_visited": 52, "lectures": 104}
    assert f'data-total="{expected[key]}"' in page
    rows = figures.RECORDS[key]("1502", date(2024, 1, 1), date(2024, 12, 31))
    assert f'data-rows="{rows.count()}"' in page
    assert page.count('class="record"') == min(rows.count(), 50)


def test_the_index_links_each_figure_to_its_records(replayed, login):
    page = login(replayed["supervision_clerk"]).get(reverse("business:index")).content.decode()  # the newest year
    for key in figures.RECORDS:
        assert reverse("business:figure_records", args=[key]) in page
    assert ">104<" in page and ">72<" in page


def test_bad_figure_addresses_are_answered_in_chinese(replayed, login):
    client = login(replayed["supervision_clerk"])
    url = reverse("business:figure_records", args=["lectures"])
    assert client.get(reverse("business:figure_records", args=["nothing"]) + YEAR_QUERY).status_code == 404
    bad_date = client.get(url + "?start=2024-13-01&end=2024-12-31&prefix=1502")
    assert bad_date.status_code == 400 and "年-月-日" in bad_date.content.decode()
    assert client.get(url + "?start=2024-12-01&end=2024-01-31&prefix=1502").status_code == 400
    assert client.get(url + "?start=2024-01-01&end=2024-12-31&prefix=abc").status_code == 400
    assert client.get(reverse("business:index") + "?year=twenty").status_code == 400


def test_the_api_gives_the_figures_and_the_published_list(replayed, login):
    client = login(replayed["supervision_clerk"])
    got = client.get(reverse("api-business-figures") + "?year=2024&region=150200000000").json()
    assert got == {
        "enterprises_with_notary_service_relations": 72,
        "industrial_parks_visited": 10,
        "enterprises_visited": 52,
        "lectures": 104,
    }
    reporter = login(replayed["agency_reporter"]).get(
        reverse("api-business-figures") + "?year=2024&region=150200000000"
    )
    assert reporter.status_code == 403 and "仅行政执法监督工作人员" in reporter.json()["detail"]
    lists = client.get(reverse("api-business-service-lists")).json()
    assert [(row["version"], len(row["items"])) for row in lists] == [(2, 15)]
    # 统一社会信用代码 is `uscc` (GLOSSARY) in the API as in the model and the forms
    enterprises = client.get(reverse("api-business-enterprises")).json()["results"]
    assert enterprises and set(enterprises[0]) == {"id", "name", "uscc", "region"}
    assert enterprises[0]["uscc"] == Enterprise.objects.get(pk=enterprises[0]["id"]).uscc
    bad = client.get(reverse("api-business-events") + "?kind=party&region=12")
    assert bad.status_code == 400 and "不是有效的选项" in str(bad.json())
    events = client.get(reverse("api-business-events") + "?year=2024&kind=lecture").json()
    assert events["count"] == OutreachEvent.objects.filter(held_on__year=2024, kind="lecture").count()


def test_the_lists_read_in_a_few_statements(replayed, login, django_assert_max_num_queries):
    client = login(replayed["supervision_clerk"])
    for name in ["business:event_list", "business:relation_list", "business:enterprise_list", "business:park_list"]:
        with django_assert_max_num_queries(12):
            assert client.get(reverse(name)).status_code == 200
