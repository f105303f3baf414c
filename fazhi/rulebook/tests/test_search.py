"""The rule book's full-text search with real Chinese text, on whichever database the run uses (SQLite FTS5 or
PostgreSQL full text): the same results either way."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection

from fazhi.core.models import Region
from fazhi.rulebook.choices import DocumentKind, Status
from fazhi.rulebook.models import NormativeDocument
from fazhi.rulebook.search import (
    Filters,
    hits,
    index_document,
    normalise_number,
    restore_index,
    search,
    snippet,
    tokens,
)

pytestmark = pytest.mark.django_db

CITY, DONGHE = "150200000000", "150202000000"


def document(title: str, text: str = "", **fields) -> NormativeDocument:
    fields.setdefault("region", Region.objects.get(code=CITY))
    fields.setdefault("kind", DocumentKind.NORMATIVE_DOCUMENT)
    fields.setdefault("issuer", "包头市人民政府")
    fields.setdefault("published_on", date(2021, 3, 1))
    fields.setdefault("effective_on", fields["published_on"])
    doc = NormativeDocument.objects.create(title=title, text=text, **fields)
    index_document(doc)
    return doc


@pytest.fixture
def book(baotou):
    return {
        "fines_in_text": document(
            "包头市城市市容和环境卫生管理办法",
            "第二十条 违反本办法规定，在城市道路上乱扔垃圾的，由城市管理部门责令改正，处五十元罚款。"
            "第二十一条 违反本办法规定，擅自占用道路的，处一千元以上五千元以下罚款；情节严重的，处罚款一万元。",
            number="包府令〔2021〕12号",
            published_on=date(2021, 5, 10),
        ),
        "fines_in_title": document(
            "包头市规范行政罚款裁量权的规定",
            "第一条 为规范行政处罚裁量权，保障公民、法人和其他组织的合法权益，制定本规定。",
            number="包府发〔2024〕3号",
            published_on=date(2024, 2, 1),
        ),
        "no_fines": document(
            "包头市再生水管理办法",
            "第一条 为了促进再生水利用，节约水资源，根据有关法律法规，结合本市实际，制定本办法。",
            number="包府发〔2024〕30号",
            published_on=date(2024, 6, 1),
        ),
        "repealed_2022": document(
            "包头市机动车停放罚款暂行规定",
            "第五条 违反规定停放机动车的，处二百元罚款。",
            number="包府发〔2019〕8号",
            published_on=date(2019, 4, 1),
            provisional=True,
            status=Status.REPEALED,
            status_changed_on=date(2022, 9, 1),
        ),
    }


def found(query: str, **filters) -> list[NormativeDocument]:
    results, _words = search(query, Filters(**filters))
    return list(results)


def test_a_query_for_fines_finds_every_document_that_says_fines_and_ranks_the_titles_first(book):
    results = found("罚款")
    assert set(results) == {book["fines_in_text"], book["fines_in_title"], book["repealed_2022"]}
    # both documents with 罚款 in the title come before the one that says it three times in its text only
    assert results[-1] == book["fines_in_text"]
    assert book["no_fines"] not in results


def test_every_word_of_a_longer_query_must_occur(book):
    assert found("行政罚款裁量权") == [book["fines_in_title"]]
    assert found("罚款 再生水") == []
    assert found("再生水利用") == [book["no_fines"]]


def test_the_beginning_of_a_word_finds_the_word_and_titles_still_rank_first(book):
    fines = {book["fines_in_text"], book["fines_in_title"], book["repealed_2022"]}
    results = found("罚")  # the first character of 罚款 (and of 罚则, if a text had it)
    assert set(results) == fines
    assert results[-1] == book["fines_in_text"]  # 罚款 in the text only: after the two titles
    assert set(found("罚 款")) == fines  # single characters typed apart are read as one word
    assert found("再生") == [book["no_fines"]]
    assert found("裁量 罚") == [book["fines_in_title"]]  # every word still required
    assert found("罚 再生水") == []
    assert found("包府发〔2024〕3号") == [book["fines_in_title"]]  # a 文号 is still exact, not a prefix of 30号


def test_a_query_with_quotes_or_operators_is_read_as_words(book):
    for query in ('罚款"', "'罚款'", "罚款 & !", "罚款:*", "罚款 OR 再生水", "NEAR(罚款)", "\\罚款"):
        assert set(found(query)) <= {book["fines_in_text"], book["fines_in_title"], book["repealed_2022"]}, query


def test_a_document_number_finds_that_document_exactly_whatever_the_brackets(book):
    assert found("包府发〔2024〕3号") == [book["fines_in_title"]]  # not 包府发〔2024〕30号
    assert found("包府发[2024]3号") == [book["fines_in_title"]]
    assert found(" 包府发（2024）30号 ") == [book["no_fines"]]
    assert found("包府发〔2024〕4号") == []
    assert normalise_number("包府发 [2024] 3号") == "包府发〔2024〕3号"


def test_in_force_on_a_day_excludes_a_document_repealed_before_it_and_one_not_yet_in_force(book):
    in_force = found("罚款", in_force_on=date(2023, 6, 1))
    assert in_force == [book["fines_in_text"]]  # repealed 2022-09-01; the 2024 rule not yet in force
    assert set(found("罚款", in_force_on=date(2022, 6, 1))) == {book["fines_in_text"], book["repealed_2022"]}
    assert set(found("", in_force_on=date(2024, 7, 1))) == {
        book["fines_in_text"],
        book["fines_in_title"],
        book["no_fines"],
    }


def test_a_document_replaced_by_its_revision_is_in_force_only_until_the_replacement(book):
    replaced = document(
        "包头市占道经营罚款办法",
        "处罚款。",
        published_on=date(2018, 1, 1),
        status=Status.AMENDED,  # 已修改: re-issued as a revised document on 2023-01-01
        status_changed_on=date(2023, 1, 1),
    )
    assert replaced in found("罚款", in_force_on=date(2022, 12, 31))
    assert replaced not in found("罚款", in_force_on=date(2023, 1, 2))
    assert replaced not in found("", in_force_on=date(2025, 1, 1))
    undated = document("包头市旧罚款办法", "罚款。", published_on=date(2018, 1, 1), status=Status.AMENDED)
    assert undated not in found("罚款", in_force_on=date(2019, 1, 1))  # no recorded date: counts as ended


def test_an_expired_document_is_not_in_force_after_its_term(book):
    document("包头市临时罚款试行办法", "处罚款。", published_on=date(2020, 1, 1), expires_on=date(2021, 12, 31))
    titles = {d.title for d in found("罚款", in_force_on=date(2021, 12, 31))}
    assert "包头市临时罚款试行办法" in titles
    assert "包头市临时罚款试行办法" not in {d.title for d in found("罚款", in_force_on=date(2022, 1, 1))}


def test_filters_by_kind_issuer_status_region_and_publication_dates(book):
    donghe = document(
        "东河区罚款收缴工作规程",
        "罚款收缴实行罚缴分离。",
        region=Region.objects.get(code=DONGHE),
        issuer="东河区人民政府",
        kind=DocumentKind.NORMATIVE_DOCUMENT,
        published_on=date(2023, 1, 5),
    )
    rule = document("包头市罚款管理规定", "罚款。", kind=DocumentKind.GOVERNMENT_RULE, published_on=date(2022, 1, 1))
    assert found("罚款", region=DONGHE) == [donghe]
    assert donghe in found("罚款", region=CITY)  # a county is inside the city
    assert found("罚款", issuer="东河区") == [donghe]
    assert found("罚款", kind=DocumentKind.GOVERNMENT_RULE) == [rule]
    assert found("罚款", status=Status.REPEALED) == [book["repealed_2022"]]
    assert set(found("罚款", published_from=date(2022, 1, 1), published_to=date(2023, 12, 31))) == {donghe, rule}


def test_snippets_mark_the_query_words_in_the_text_and_escape_everything_else(book):
    results, words = search("罚款")
    by_title = {h.document.title: h for h in hits(results, words)}
    hit = by_title["包头市城市市容和环境卫生管理办法"]
    assert "处五十元<mark>罚款</mark>" in hit.snippet
    assert by_title["包头市规范行政罚款裁量权的规定"].title == "包头市规范行政<mark>罚款</mark>裁量权的规定"
    marked = snippet("<b>罚款</b> & 没收", ["罚款"])
    assert marked == "&lt;b&gt;<mark>罚款</mark>&lt;/b&gt; &amp; 没收"


def test_a_long_text_is_cut_around_the_first_match(baotou):
    text = "总则。" * 100 + "对违法行为处以罚款。" + "附则。" * 100
    cut = snippet(text, ["罚款"])
    assert cut.startswith("…") and cut.endswith("…")
    assert "<mark>罚款</mark>" in cut and len(cut) < 200


def test_the_index_follows_a_changed_text_and_a_deleted_document(book):
    doc = book["no_fines"]
    doc.text = "第九条 违反本办法规定的，处以罚款。"
    doc.save()
    index_document(doc)
    assert doc in found("罚款")
    assert found("再生水利用") == []
    pk = doc.pk
    assert index_rows(pk) == 1
    doc.delete()  # sets doc.pk to None: the deleted document is known by the id kept above
    assert index_rows(pk) == 0
    assert pk not in {d.pk for d in found("罚款")}
    assert "包头市再生水管理办法" not in {d.title for d in found("罚款")}


def index_rows(pk: int) -> int:
    """How many index entries document `pk` has: its row in SQLite's FTS5 table, or on PostgreSQL its row with the
    stored vector (the index lives in the documents' table)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM rulebook_search WHERE rowid = %s", [pk])
        else:
            table = NormativeDocument._meta.db_table
            cursor.execute(f"SELECT count(*) FROM {table} WHERE id = %s AND search_vector IS NOT NULL", [pk])
        return cursor.fetchone()[0]


def test_reindex_rebuilds_tokens_written_without_the_index(book):
    NormativeDocument.objects.update(search_tokens="")
    assert found("罚款") == []
    call_command("reindex_rulebook", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(found("罚款")) == 3


def test_query_and_index_cut_words_the_same_way(baotou):
    assert {"罚款", "裁量", "裁量权"} <= set(tokens("行政罚款裁量权"))
    assert "规范性文件" in tokens("关于加强规范性文件管理的通知")  # a domain word kept whole
    assert all(t.strip() for t in tokens("包府发〔2024〕3号，。"))  # punctuation is no word


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite keeps its FTS5 table by triggers")
def test_the_index_is_restored_after_a_migration_dropped_its_triggers(book):
    with connection.cursor() as cursor:  # what rebuilding the documents' table in a later migration does
        cursor.execute("DROP TRIGGER rulebook_search_insert")
        cursor.execute("DROP TRIGGER rulebook_search_update")
    book["no_fines"].text = "处以罚款。"
    book["no_fines"].save()
    index_document(book["no_fines"])
    assert book["no_fines"] not in found("罚款")  # the index missed the change
    restore_index(using="default")
    assert book["no_fines"] in found("罚款")
    assert len(found("罚款")) == 4
    late = document("包头市罚款缴纳办法", "罚款。")
    assert late in found("罚款")  # the insert trigger is back
