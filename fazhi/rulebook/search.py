"""Chinese full-text search over the rule book (规章规范性文件库): one `search()` for staff pages, API and portal.

Why jieba and the databases' own full-text search, not another engine: Chinese has no spaces, so words must be cut
before any index can see them; jieba (pure Python, MIT, its dictionary shipped in the wheel) does that with no
service and no download. The cut words are stored in `NormativeDocument.search_tokens`, space-separated, and the
database indexes that column with what it already has: SQLite's FTS5 (bm25 ranking) and PostgreSQL's full-text
search (tsvector with the 'simple' configuration, ts_rank, a GIN index). So the index lives in the same transaction
as the registry (a repealed document is gone from "in force" results the moment the repeal commits), backups and
restores carry it, and a county server runs no Elasticsearch, Meilisearch or Whoosh beside the database. Migration
0002 creates the FTS5 table (kept by triggers) or the GIN index.

`search_tokens` holds two lines: the title's and 文号's words, then the text's words. The databases weight the first
line above the second (FTS5 bm25 column weights; PostgreSQL setweight A and D), so a title that says 罚款 ranks
above a text that mentions it.

On PostgreSQL the weighted vector is a stored generated column (`search_vector`, migration 0002) with a GIN index,
so ranking a few thousand matches reads stored vectors instead of parsing every text again.

The snippet is cut from the document's own text in Python, with the query's words marked, the same on both
databases. FTS5's snippet() and PostgreSQL's ts_headline would return the indexed column, which is jieba's words
separated by spaces (search mode repeats overlapping words: 包头 包头市), not the text a reader knows.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import Func, Q, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from fazhi.core.regions import subtree_prefix
from fazhi.rulebook.choices import Status
from fazhi.rulebook.models import NormativeDocument

# Words jieba's default dictionary cuts apart, which a search of the rule book asks for whole
DOMAIN_WORDS = (
    "规范性文件",
    "行政规范性文件",
    "合法性审核",
    "地方性法规",
    "政府规章",
    "附带审查",
    "行政复议",
    "行政处罚",
    "行政许可",
    "行政强制",
    "清理",
    "备案审查",
    "涉企",
)

# 文号 brackets as clerks type them (〔〕 is the GB/T 9704 form; [] () （） 【】 ［］ are common substitutes)
_OPEN_BRACKETS = "〔[(（【［"
_CLOSE_BRACKETS = "〕])）】］"
_BRACKETS = str.maketrans({**dict.fromkeys(_OPEN_BRACKETS, "〔"), **dict.fromkeys(_CLOSE_BRACKETS, "〕")})
# 包府发〔2024〕3号, 内政办发[2023]12号, 包头市人民政府令第5号 is not one (a 令 is found by its words)
DOC_NUMBER = re.compile(r"^\s*(\S{1,30}?)\s*[〔\[(（【［]\s*(\d{4})\s*[〕\])）】］]\s*(\d{1,6})\s*号\s*$")
WORD = re.compile(r"\w")  # a token is kept when it has a letter or digit (punctuation and spaces are not words)

FTS_TABLE = "rulebook_search"  # SQLite FTS5 table (migration 0002): rowid = document id, columns title, body
TITLE_WEIGHT, BODY_WEIGHT = 10.0, 1.0  # bm25 column weights on SQLite; PostgreSQL: weights A (title) and D (text)
SNIPPET_CHARS = 120

_jieba = None
_jieba_lock = threading.Lock()


def _segmenter():
    """jieba, loaded once per process on first use (the dictionary takes about a second), with the domain words."""
    global _jieba
    if _jieba is None:
        with _jieba_lock:
            if _jieba is None:
                import jieba

                jieba.setLogLevel(60)  # no "Building prefix dict" lines in the server's log
                tokenizer = jieba.Tokenizer()
                tokenizer.initialize()
                for word in DOMAIN_WORDS:
                    tokenizer.add_word(word)
                _jieba = tokenizer
    return _jieba


def normalise_number(number: str) -> str:
    """A 文号 with its brackets as GB/T 9704 writes them and no spaces: 包府发[2024]3号 → 包府发〔2024〕3号."""
    return re.sub(r"\s+", "", number.translate(_BRACKETS))


def number_variants(number: str) -> list[str]:
    """The spellings a stored 文号 may have for one normalised number (every bracket pair clerks use)."""
    normal = normalise_number(number)
    return [normal.replace("〔", o).replace("〕", c) for o, c in zip(_OPEN_BRACKETS, _CLOSE_BRACKETS, strict=True)]


def tokens(text: str) -> list[str]:
    """The words of `text` as jieba's search mode cuts them (overlapping: 包头 and 包头市), lower-cased, no
    punctuation; what both the index and the query are made of."""
    if not text:
        return []
    return [w.lower() for w in _segmenter().cut_for_search(text) if WORD.search(w)]


def document_tokens(doc: NormativeDocument) -> str:
    """`search_tokens` for `doc`: the title's and 文号's words on the first line, the text's on the second."""
    head = tokens(doc.title) + tokens(normalise_number(doc.number))
    return " ".join(head) + "\n" + " ".join(tokens(doc.text))


def index_document(doc: NormativeDocument) -> None:
    """Cut `doc`'s title, 文号 and text into `search_tokens` and save that column (the FTS5 table follows by its
    triggers; PostgreSQL's index by itself). Call after the document is saved; the registry's save path does."""
    doc.search_tokens = document_tokens(doc)
    NormativeDocument.objects.filter(pk=doc.pk).update(search_tokens=doc.search_tokens)


def reindex(documents: Iterable[NormativeDocument] | None = None) -> int:
    """Recompute `search_tokens` for every document (or those given); returns how many were written."""
    docs = documents if documents is not None else NormativeDocument.objects.only("id", "title", "number", "text")
    batch: list[NormativeDocument] = []
    count = 0
    for doc in docs.iterator(chunk_size=500) if isinstance(docs, QuerySet) else docs:
        doc.search_tokens = document_tokens(doc)
        batch.append(doc)
        if len(batch) == 500:
            NormativeDocument.objects.bulk_update(batch, ["search_tokens"])
            count, batch = count + len(batch), []
    if batch:
        NormativeDocument.objects.bulk_update(batch, ["search_tokens"])
        count += len(batch)
    return count


# --- the query side ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """What a search may be narrowed to; every field optional."""

    kind: str = ""
    issuer: str = ""  # part of the issuing body's name
    status: str = ""
    region: str = ""  # a region code: documents of that region and below
    published_from: date | None = None
    published_to: date | None = None
    in_force_on: date | None = None


@dataclass(frozen=True)
class Hit:
    document: NormativeDocument
    snippet: SafeString  # escaped text with the query's words in <mark>
    title: SafeString  # the title, escaped, marked the same way


# A document has ceased to apply on the day its status changed to one of these (a repeal, a declaration of
# invalidity, its replacement by the revised document re-issued in its stead — 已修改); expiry of its term is read
# from expires_on.
ENDED = (Status.REPEALED, Status.INVALID, Status.AMENDED)


def in_force_on(day: date) -> Q:
    """Documents in force on `day`: in force from that day or earlier, not expired before it, not repealed,
    declared invalid or replaced by a revised document by then. A repealed, invalid or replaced document without a
    recorded date counts as ended (the registry cannot say it still applied); one without a commencement date counts
    from its publication."""
    started = Q(effective_on__lte=day) | Q(effective_on__isnull=True, published_on__lte=day)
    not_expired = Q(expires_on__isnull=True) | Q(expires_on__gte=day)
    not_ended = ~Q(status__in=ENDED) | Q(status__in=ENDED, status_changed_on__gt=day)
    return started & not_expired & not_ended


def filtered(filters: Filters, queryset: QuerySet[NormativeDocument] | None = None) -> QuerySet[NormativeDocument]:
    qs = queryset if queryset is not None else NormativeDocument.objects.all()
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.issuer:
        qs = qs.filter(issuer__contains=filters.issuer.strip())
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.region:
        qs = qs.filter(region__code__startswith=subtree_prefix(filters.region))
    if filters.published_from:
        qs = qs.filter(published_on__gte=filters.published_from)
    if filters.published_to:
        qs = qs.filter(published_on__lte=filters.published_to)
    if filters.in_force_on:
        qs = qs.filter(in_force_on(filters.in_force_on))
    return qs


class _StoredVector(Func):
    """The `search_vector` column migration 0002 adds on PostgreSQL (generated from search_tokens, GIN-indexed)."""

    template = "%(table)s.search_vector"

    def __init__(self) -> None:
        from django.contrib.postgres.search import SearchVectorField

        super().__init__(output_field=SearchVectorField())

    def as_sql(self, compiler, connection, **extra_context):
        table = connection.ops.quote_name(NormativeDocument._meta.db_table)
        return super().as_sql(compiler, connection, table=table, **extra_context)


def _ranked_postgresql(qs: QuerySet, words: list[str]) -> QuerySet:
    from django.contrib.postgres.search import SearchQuery, SearchRank

    # to_tsquery with every word quoted as a lexeme and marked :* (prefix): 罚 finds 罚款
    quoted = ("'" + w.replace("\\", "\\\\").replace("'", "''") + "':*" for w in words)
    query = SearchQuery(" & ".join(quoted), config="simple", search_type="raw")
    # ts_rank's default weights {0.1, 0.2, 0.4, 1.0} for D, C, B, A: a title word counts ten times a text word
    return qs.annotate(matched=_StoredVector()).filter(matched=query).annotate(score=SearchRank(_StoredVector(), query))


def _ranked_sqlite(qs: QuerySet, words: list[str]) -> QuerySet:
    match = " ".join('"' + w.replace('"', '""') + '"*' for w in words)  # quoted prefixes, all required: 罚 finds 罚款
    table = NormativeDocument._meta.db_table
    # one join with the FTS5 table (the ORM has no FTS5 join): `extra` with the match as a parameter, names fixed
    return qs.extra(
        select={"score": f"-bm25({FTS_TABLE}, {TITLE_WEIGHT}, {BODY_WEIGHT})"},
        tables=[FTS_TABLE],
        where=[f"{FTS_TABLE}.rowid = {table}.id", f"{FTS_TABLE} MATCH %s"],
        params=[match],
    )


# single Chinese characters a clerk typed apart (罚 款) are one word to cut, not two
_SPACED_CHARS = re.compile(r"(?<![^\s])([\u3400-\u9fff\uf900-\ufaff])\s+(?=[\u3400-\u9fff\uf900-\ufaff](?:\s|$))")


def query_words(query: str) -> list[str]:
    """The words a search asks for, each matched as the beginning of a document's word: the query cut by jieba as
    the documents were, once each, after single characters typed apart are joined (罚 款 → 罚款)."""
    joined = _SPACED_CHARS.sub(r"\1", query.strip())
    return list(dict.fromkeys(tokens(joined)))


def search(query: str, filters: Filters | None = None, queryset=None) -> tuple[QuerySet[NormativeDocument], list[str]]:
    """The documents matching `query` under `filters`, best first, and the words the query was cut into.

    A query that is a 文号 (包府发〔2024〕3号, any bracket style) finds the document with that number, exactly; any
    other query is cut by jieba as the documents were and every word must begin a word of the document (in the
    title, 文号 or text): 罚 finds 罚款, as does 罚 款 (`query_words`).
    An empty query lists the filtered documents newest first. Free of request and user: the caller scopes
    `queryset` if it must (the portal shows what it publishes).
    """
    qs = filtered(filters or Filters(), queryset)
    query = (query or "").strip()
    if not query:
        return qs.order_by("-published_on", "-id"), []
    if DOC_NUMBER.match(query):
        exact = qs.filter(number__in=number_variants(query))
        return exact.order_by("-published_on", "-id"), [normalise_number(query)]
    words = query_words(query)
    if not words:
        return qs.none(), []
    ranked = _ranked_postgresql(qs, words) if connection.vendor == "postgresql" else _ranked_sqlite(qs, words)
    return ranked.order_by("-score", "-published_on", "-id"), words


def hits(documents: Iterable[NormativeDocument], words: list[str]) -> list[Hit]:
    """Each document with its snippet and title marked by the query's words (for a page of results)."""
    return [Hit(doc, snippet(doc.text, words), highlight(doc.title, words)) for doc in documents]


def _pattern(words: list[str]) -> re.Pattern[str] | None:
    # longest first, so 包头市 is marked whole rather than 包头 then 市
    alternatives = sorted({w for w in words if w}, key=len, reverse=True)
    if not alternatives:
        return None
    return re.compile("|".join(re.escape(w) for w in alternatives), re.IGNORECASE)


def highlight(text: str, words: list[str]) -> SafeString:
    """`text` escaped, each occurrence of a query word wrapped in <mark> (the only markup in the result)."""
    pattern = _pattern(words)
    if pattern is None:
        return escape(text)
    out: list[str] = []
    last = 0
    for m in pattern.finditer(text):
        out.append(escape(text[last : m.start()]))
        out.append("<mark>" + escape(m.group()) + "</mark>")
        last = m.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))


def snippet(text: str, words: list[str], width: int = SNIPPET_CHARS) -> SafeString:
    """About `width` characters of `text` around the first occurrence of a query word, marked; the start of the
    text when no word occurs in it (the match was in the title or 文号)."""
    text = re.sub(r"\s+", " ", text or "").strip()
    pattern = _pattern(words)
    found = pattern.search(text) if pattern else None
    start = max(0, found.start() - width // 3) if found else 0
    end = min(len(text), start + width)
    piece = highlight(text[start:end], words)
    return mark_safe(("…" if start else "") + piece + ("…" if end < len(text) else ""))


def restore_index(using: str = "default", **kwargs) -> None:
    """post_migrate: on SQLite a later migration that alters the documents' table copies it and drops the old one,
    and its triggers with it; put the FTS5 table and triggers back (refilled from search_tokens) when one is missing.
    """
    import importlib

    from django.db import connections

    conn = connections[using]
    if conn.vendor != "sqlite":
        return
    with conn.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name LIKE %s", ["rulebook_search%"])
        present = {row[0] for row in cursor.fetchall()}
        wanted = {FTS_TABLE, "rulebook_search_insert", "rulebook_search_update", "rulebook_search_delete"}
        if FTS_TABLE not in present or wanted <= present:
            return  # migration 0002 not applied yet (or rolled back), or all in place
        index = importlib.import_module("fazhi.rulebook.migrations.0002_search_index")
        for sql in (*index.SQLITE_BACKWARD, *index.SQLITE_FORWARD):
            cursor.execute(sql)
