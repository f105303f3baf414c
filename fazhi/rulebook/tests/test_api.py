"""The rule book's API (/api/v1/rules/): the document list with filters, one document with versions and relations,
and the search, read by staff only."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.rulebook.choices import RelationKind
from fazhi.rulebook.models import DocumentRelation, DocumentVersion
from fazhi.rulebook.tests.test_search import book, document  # noqa: F401  (a fixture and a helper)

pytestmark = pytest.mark.django_db
API = "/api/v1/rules/"


def test_the_list_is_filtered_and_paginated(book, donghe_clerk, login):  # noqa: F811
    client = login(donghe_clerk)
    everything = client.get(API + "documents/").json()
    assert everything["count"] == 4
    assert [d["number"] for d in everything["results"]][:2] == ["包府发〔2024〕30号", "包府发〔2024〕3号"]
    in_force = client.get(API + "documents/", {"in_force_on": "2023-06-01"}).json()
    assert [d["title"] for d in in_force["results"]] == ["包头市城市市容和环境卫生管理办法"]
    repealed = client.get(API + "documents/", {"status": "repealed", "kind": "", "issuer": "包头市"}).json()
    assert [(d["status"], d["status_label"]) for d in repealed["results"]] == [("repealed", "已废止")]


def test_bad_filters_are_refused_in_chinese(book, donghe_clerk, login):  # noqa: F811
    client = login(donghe_clerk)
    response = client.get(API + "documents/", {"in_force_on": "2023-02-30", "status": "gone", "region": "1502"})
    assert response.status_code == 400
    body = response.json()
    assert body["in_force_on"] == ["日期格式应为 YYYY-MM-DD。"]
    assert body["status"] == ["“gone”不是有效的选项。"]
    assert body["region"] == ["行政区划代码应为12位数字。"]
    reversed_range = client.get(API + "documents/", {"published_from": "2024-01-01", "published_to": "2023-01-01"})
    assert reversed_range.status_code == 200 and reversed_range.json()["count"] == 0


def test_a_document_comes_with_its_versions_and_relations(book, leader, login):  # noqa: F811
    old, new = book["repealed_2022"], book["fines_in_title"]
    DocumentVersion.objects.create(document=old, number=1, text="第五条 处一百元罚款。", note="首次公布")
    DocumentVersion.objects.create(document=old, number=2, text="第五条 处二百元罚款。", note="2020年修改")
    DocumentRelation.objects.create(source=new, target=old, kind=RelationKind.REPEALS)
    body = login(leader).get(f"{API}documents/{old.pk}/").json()
    assert [v["note"] for v in body["versions"]] == ["首次公布", "2020年修改"]
    assert body["related_by"] == [
        {"kind": "repeals", "kind_label": "废止", "document": new.pk, "title": new.title, "number": new.number}
    ]
    assert body["relations"] == [] and body["text"].startswith("第五条")
    assert login(leader).get(f"{API}documents/{new.pk}/").json()["relations"][0]["document"] == old.pk
    assert login(leader).get(f"{API}documents/999999/").status_code == 404


def test_search_ranks_titles_first_marks_snippets_and_finds_a_number_exactly(book, kundulun_clerk, login):  # noqa: F811
    client = login(kundulun_clerk)
    body = client.get(API + "search/", {"q": "罚款"}).json()
    assert body["count"] == 3
    titles = [hit["title_html"] for hit in body["results"]]
    assert titles[-1] == "包头市城市市容和环境卫生管理办法"  # 罚款 only in its text: last
    assert "包头市规范行政<mark>罚款</mark>裁量权的规定" in titles
    assert "<mark>罚款</mark>" in body["results"][-1]["snippet_html"]
    exact = client.get(API + "search/", {"q": "包府发（2024）3号"}).json()
    assert [hit["document"]["id"] for hit in exact["results"]] == [book["fines_in_title"].pk]
    dated = client.get(API + "search/", {"q": "罚款", "in_force_on": "2023-06-01"}).json()
    assert [hit["document"]["number"] for hit in dated["results"]] == ["包府令〔2021〕12号"]


def test_search_needs_a_query(book, kundulun_clerk, login):  # noqa: F811
    response = login(kundulun_clerk).get(API + "search/", {"q": "  "})
    assert response.status_code == 400 and response.json() == {"q": ["请输入检索词。"]}


def test_search_pages(baotou, leader, login):
    for n in range(23):
        document(f"罚款通知第{n}号", "罚款。", published_on=date(2022, 2, 1 + n))
    client = login(leader)
    first = client.get(API + "search/", {"q": "罚款"}).json()
    assert (first["count"], len(first["results"])) == (23, 20) and first["next"]
    assert len(client.get(first["next"]).json()["results"]) == 3


def test_only_staff_read_the_api(book, citizen, login):  # noqa: F811
    for path in ("documents/", f"documents/{book['no_fines'].pk}/", "search/?q=罚款"):
        assert login(None).get(API + path).status_code == 401
        assert login(citizen).get(API + path).status_code == 403


def test_the_api_is_read_only(book, leader, login):  # noqa: F811
    assert login(leader).post(API + "documents/", {}, content_type="application/json").status_code == 405


@pytest.mark.parametrize("persona", ["donghe_clerk", "kundulun_clerk", "leader", "auditor", "admin", "mediator"])
def test_every_staff_member_reads_the_api_and_the_page(book, baotou, login, persona):  # noqa: F811
    client = login(baotou[persona])
    for path in ("documents/", f"documents/{book['no_fines'].pk}/", "search/?q=罚款"):
        assert client.get(API + path).status_code == 200, path
    assert client.get("/rules/search/", {"q": "罚款"}).status_code == 200
