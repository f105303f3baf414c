"""The registry: the review gate, amendments that keep the old text, ends of life, filing, relations, the optimistic
lock, the audit history, and who may read and write (pages)."""

from __future__ import annotations

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse

from fazhi.rulebook import services
from fazhi.rulebook.choices import DocumentKind, RelationKind, Source, Status
from fazhi.rulebook.models import DocumentRelation, NormativeDocument
from fazhi.rulebook.tests.registry_factories import (
    CITY,
    DONGHE,
    a_document,
    a_normative_document,
    accept_sample_reviews,
    closed_review,
    legality_member,
)
from fazhi.tests.sampleline.tests.factories import open_sample_case

pytestmark = pytest.mark.django_db


def _register_normative(review_case, **overrides):
    fields = {
        "actor": None,
        "region_id": CITY,
        "kind": DocumentKind.NORMATIVE_DOCUMENT,
        "title": "包头市优化营商环境若干措施",
        "number": "包府办发〔2024〕12号",
        "issuer": "包头市人民政府办公室",
        "published_on": date(2024, 6, 1),
        "effective_on": date(2024, 7, 1),
        "review_case": review_case,
    }
    return services.document_register(**{**fields, **overrides})


# -- the review gate -------------------------------------------------------------------------------------------


def test_a_normative_document_without_a_review_is_refused(baotou):
    with pytest.raises(ValidationError) as refused:
        _register_normative(None)
    assert "未经合法性审核" in str(refused.value)
    assert not NormativeDocument.objects.exists()


def test_a_review_still_open_or_found_unlawful_is_refused(baotou, monkeypatch, donghe_clerk):
    accept_sample_reviews(monkeypatch)
    case = open_sample_case(baotou["admin"])
    with pytest.raises(ValidationError, match="尚未办结"):
        _register_normative(case)
    closed_review(case, outcome="unlawful")
    with pytest.raises(ValidationError, match="未通过"):
        _register_normative(case)
    assert not NormativeDocument.objects.exists()


def test_a_case_of_a_line_that_reviews_nothing_is_refused(baotou, donghe_clerk):
    case = closed_review(open_sample_case(baotou["admin"]))  # the sample line declared no lawful outcomes here
    with pytest.raises(ValidationError, match="不是合法性审核案件"):
        _register_normative(case)


def test_a_lawful_review_lets_the_document_in_with_its_first_version(baotou, monkeypatch, donghe_clerk):
    accept_sample_reviews(monkeypatch)
    doc = _register_normative(closed_review(open_sample_case(baotou["admin"])), text="第一条 原文。")
    assert doc.status == Status.IN_FORCE and doc.expires_on == date(2029, 6, 30)
    assert doc.filing_due_on == date(2024, 7, 1)
    assert list(doc.versions.values_list("number", "text")) == [(1, "第一条 原文。")]
    assert LogEntry.objects.get_for_object(doc).exists()


def test_regulations_and_rules_need_no_review(baotou):
    doc = a_document()
    assert doc.kind == DocumentKind.LOCAL_REGULATION and doc.expires_on is None


def test_a_number_already_registered_in_the_region_is_refused(baotou):
    a_document()
    with pytest.raises(ValidationError, match="已登记文号"):
        a_document(title="另一部条例")
    assert NormativeDocument.objects.count() == 1


# -- amend, end, file, relations, the lock ---------------------------------------------------------------------


def test_an_amendment_keeps_the_old_text_and_the_document_stays_in_force(baotou):
    doc = a_document()
    amending = a_document(title="关于修改《包头市大气污染防治条例》的决定", number="公告第9号")
    services.document_amend(
        doc=doc, actor=None, version=doc.version, text="第一条 新条文。", effective_on=date(2024, 10, 1), by=amending
    )
    doc.refresh_from_db()
    assert doc.status == Status.IN_FORCE and doc.text == "第一条 新条文。"
    assert list(doc.versions.values_list("number", "text")) == [
        (1, "第一条 为了保护和改善大气环境，制定本条例。"),
        (2, "第一条 新条文。"),
    ]
    assert DocumentRelation.objects.filter(source=amending, target=doc, kind=RelationKind.AMENDS).exists()


def test_a_repeal_changes_the_status_with_its_date_and_relation(baotou):
    doc = a_document()
    repealing = a_document(title="关于废止部分地方性法规的决定", number="公告第10号")
    services.document_end(
        doc=doc, actor=None, version=doc.version, status=Status.REPEALED, on=date(2024, 11, 1), by=repealing
    )
    doc.refresh_from_db()
    assert (doc.status, doc.status_changed_on) == (Status.REPEALED, date(2024, 11, 1))
    assert doc.relations_in.get().kind == RelationKind.REPEALS
    with pytest.raises(ValidationError, match="已废止"):
        services.document_amend(doc=doc, actor=None, version=doc.version, text="x", effective_on=date(2024, 12, 1))


def test_a_stale_form_is_refused_and_saves_nothing(baotou):
    doc = a_document()
    read_at = doc.version
    services.document_update(doc=doc, actor=None, version=read_at, title="包头市大气污染防治条例（修订）")
    with pytest.raises(services.StaleEdit):
        services.document_file(doc=doc, actor=None, version=read_at, filed_on=date(2024, 2, 1))
    doc.refresh_from_db()
    assert doc.filed_on is None and doc.title == "包头市大气污染防治条例（修订）"


def test_filing_records_the_day_and_refuses_one_before_publication(baotou):
    doc = a_document()
    with pytest.raises(ValidationError, match="不能早于公布日期"):
        services.document_file(doc=doc, actor=None, version=doc.version, filed_on=date(2024, 1, 1))
    doc.refresh_from_db()
    services.document_file(doc=doc, actor=None, version=doc.version, filed_on=date(2024, 2, 1))
    doc.refresh_from_db()
    assert doc.filed_on == date(2024, 2, 1)


def test_a_relation_is_added_once_and_removed(baotou):
    doc = a_document()
    other = a_document(title="包头市实施《大气污染防治法》办法", number="公告第2号")
    relation = services.relation_add(source=other, target=doc, kind=RelationKind.IMPLEMENTS, actor=None)
    with pytest.raises(ValidationError, match="已登记"):
        services.relation_add(source=other, target=doc, kind=RelationKind.IMPLEMENTS, actor=None)
    services.relation_remove(relation=relation, actor=None)
    assert not DocumentRelation.objects.exists()


# -- pages -----------------------------------------------------------------------------------------------------


def test_every_staff_member_reads_the_registry_and_a_citizen_does_not(baotou, login, kundulun_clerk, auditor, citizen):
    doc = a_document()
    for user in (kundulun_clerk, auditor):
        assert login(user).get(reverse("rulebook:document_list")).status_code == 200
        page = login(user).get(reverse("rulebook:document_detail", args=[doc.pk]))
        assert page.status_code == 200 and "包头市大气污染防治条例" in page.content.decode()
    assert login(citizen).get(reverse("rulebook:document_list")).status_code == 403
    assert login(None).get(reverse("rulebook:document_list")).status_code == 302


def test_only_the_regions_bureau_legality_members_write(baotou, login, city_clerk, donghe_clerk, auditor):
    doc = a_document()
    county_member = legality_member("donghe_legality", bureau="东河区司法局")
    viewer = legality_member("city_viewer", role="viewer")
    for user in (city_clerk, donghe_clerk, auditor, county_member, viewer):  # no legality role, another region, reader
        response = login(user).post(reverse("rulebook:document_file", args=[doc.pk]), {"version": doc.version})
        assert response.status_code == 403
        assert "合法性审核工作人员" in response.content.decode()
    writer = legality_member("city_legality")
    response = login(writer).post(
        reverse("rulebook:document_file", args=[doc.pk]), {"version": doc.version, "filed_on": "2024-02-01"}
    )
    assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.filed_on == date(2024, 2, 1)


def test_the_register_page_refuses_a_normative_document_without_review_in_chinese(baotou, login):
    writer = legality_member("city_legality")
    response = login(writer).post(
        reverse("rulebook:document_register"),
        {
            "region": CITY,
            "kind": DocumentKind.NORMATIVE_DOCUMENT,
            "title": "包头市优化营商环境若干措施",
            "issuer": "包头市人民政府办公室",
            "published_on": "2024-06-01",
            "effective_on": "2024-07-01",
        },
    )
    assert response.status_code == 200
    assert "该文件未经合法性审核，不得登记为已发布。" in response.content.decode()
    assert not NormativeDocument.objects.exists()


def test_the_register_page_takes_a_regulation(baotou, login):
    writer = legality_member("city_legality")
    response = login(writer).post(
        reverse("rulebook:document_register"),
        {
            "region": CITY,
            "kind": DocumentKind.LOCAL_REGULATION,
            "title": "包头市劳动者工资保障条例",
            "issuer": "包头市人民代表大会常务委员会",
            "published_on": "2024-06-01",
            "effective_on": "2024-07-01",
            "text": "第一条 为了保障劳动者按时足额获得工资。",
        },
    )
    doc = NormativeDocument.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("rulebook:document_detail", args=[doc.pk])
    assert (doc.organisation.name, doc.source) == ("包头市司法局", Source.REGISTERED)


def test_a_page_saved_meanwhile_shows_the_conflict(baotou, login):
    doc = a_document()
    writer = legality_member("city_legality")
    stale = doc.version
    services.document_update(doc=doc, actor=None, version=stale, issuer="包头市人大常委会")
    response = login(writer).post(
        reverse("rulebook:document_amend", args=[doc.pk]),
        {"version": stale, "text": "第一条 新。", "effective_on": "2024-10-01"},
    )
    assert response.status_code == 200 and "已被他人修改" in response.content.decode()
    assert doc.versions.count() == 1


def test_the_list_filters_and_marks_overdue_filing(baotou, login, kundulun_clerk):
    a_document()  # published 2024-01-20, unfiled: overdue since 2024-02-20
    a_normative_document(filed_on=date(2024, 1, 25), published_on=date(2024, 1, 20))
    client = login(kundulun_clerk)
    overdue = client.get(reverse("rulebook:document_list"), {"due": "filing_overdue"}).content.decode()
    assert "包头市大气污染防治条例" in overdue and "包头市城市绿化管理办法" not in overdue
    assert "filing-overdue" in overdue
    normative = client.get(reverse("rulebook:document_list"), {"kind": DocumentKind.NORMATIVE_DOCUMENT})
    assert "包头市城市绿化管理办法" in normative.content.decode()
    assert "包头市大气污染防治条例" not in normative.content.decode()
    by_region = client.get(reverse("rulebook:document_list"), {"region": DONGHE}).content.decode()
    assert "没有符合条件的文件" in by_region


def test_the_detail_page_shows_versions_relations_and_tasks(baotou, login, kundulun_clerk):
    doc = a_document()
    amending = a_document(title="关于修改《包头市大气污染防治条例》的决定", number="公告第9号")
    services.document_amend(
        doc=doc, actor=None, version=doc.version, text="第一条 新条文。", effective_on=date(2024, 10, 1), by=amending
    )
    page = login(kundulun_clerk).get(reverse("rulebook:document_detail", args=[doc.pk])).content.decode()
    assert "第1版" in page and "第2版" in page and "为了保护和改善大气环境" in page and "第一条 新条文。" in page
    assert "关于修改《包头市大气污染防治条例》的决定" in page
    back = login(kundulun_clerk).get(reverse("rulebook:document_detail", args=[amending.pk])).content.decode()
    assert "本文件修改" in back


def test_every_write_keeps_the_search_tokens(baotou):
    doc = a_document()
    doc.refresh_from_db()
    assert "大气" in doc.search_tokens.split()
    services.document_amend(
        doc=doc, actor=None, version=doc.version, text="第一条 扬尘治理。", effective_on=date(2024, 10, 1)
    )
    doc.refresh_from_db()
    assert "扬尘" in doc.search_tokens.split()


def test_the_list_and_the_page_read_in_a_fixed_number_of_queries(
    baotou, login, kundulun_clerk, django_assert_max_num_queries
):
    docs = [a_document(title=f"包头市第{i}号条例", number=f"公告第{i + 20}号") for i in range(12)]
    for other in docs[1:6]:
        services.relation_add(source=other, target=docs[0], kind=RelationKind.BASED_ON, actor=None)
    client = login(kundulun_clerk)
    client.get(reverse("rulebook:document_list"))  # the session and the menu's first reads
    with django_assert_max_num_queries(8):
        assert client.get(reverse("rulebook:document_list")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("rulebook:document_detail", args=[docs[0].pk])).status_code == 200


def test_a_cleanup_to_amend_marks_the_document_until_an_amended_text_is_in_force(baotou, login, kundulun_clerk):
    from fazhi.accounts.models import Organisation
    from fazhi.rulebook.models import CleanupCampaign, CleanupItem

    doc = a_document()
    campaign = CleanupCampaign.objects.create(
        region_id=CITY,
        organisation=Organisation.objects.get(name="包头市司法局"),
        title="涉罚款规定专项清理",
        topic="罚款",
        started_on=date(2024, 6, 1),
    )
    CleanupItem.objects.create(campaign=campaign, document=doc, result="amend", applied_on=date(2024, 7, 31))
    client = login(kundulun_clerk)
    assert "拟修改（清理）" in client.get(reverse("rulebook:document_detail", args=[doc.pk])).content.decode()
    assert "拟修改（清理）" in client.get(reverse("rulebook:document_list")).content.decode()
    services.document_amend(doc=doc, actor=None, version=doc.version, text="第一条 新。", effective_on=date(2024, 9, 1))
    assert "拟修改（清理）" not in client.get(reverse("rulebook:document_detail", args=[doc.pk])).content.decode()
    assert "拟修改（清理）" not in client.get(reverse("rulebook:document_list")).content.decode()
