"""The rule book's routes in the permission matrix (fazhi/tests/matrix.py says how a matrix is declared).

The rule book is no line; the kernel's matrix counts these routes as the legality line's (`LINE`: its members
keep the rule book), so a member of another line answers `others`. The matrix document is a local regulation of
the city (包头市), so the city leader (a legality member of the city bureau) writes it and the county clerks —
legality members of their own counties' bureaus in the matrix's `people` — read it only. Every staff member
reads; citizens are sent to the guide.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from django.urls import reverse

from fazhi.tests.matrix import Route, statuses

# The lines' own personas are named here too, where they differ from the kernel persona they are "like": the
# mediator keeps no rule book; the city's legality section (legality_clerk, legality_head) keeps the city's.
READ = {
    **statuses(anonymous=302, citizen=403, donghe_clerk=200, kundulun_clerk=200, leader=200, auditor=200, admin=200),
    "mediator": 200,
    "legality_clerk": 200,
    "legality_head": 200,
}
# pages for anyone who keeps the rule book somewhere (the clerks keep their counties')
WRITER_PAGE = {**READ, "auditor": 403, "mediator": 403}
# a write on the city's document, posted empty: the city's writers get the form back (200), others 403
CITY_WRITE = {**READ, "donghe_clerk": 403, "kundulun_clerk": 403, "auditor": 403, "mediator": 403}
CITY_WRITERS = ("leader", "admin", "legality_clerk", "legality_head")


def matrix_document():
    """The city's regulation the matrix reads and writes (made once per test)."""
    from fazhi.rulebook.choices import DocumentKind, Source
    from fazhi.rulebook.models import NormativeDocument
    from fazhi.rulebook.services import document_register

    found = NormativeDocument.objects.filter(number="矩阵公告第1号").first()
    return found or document_register(
        actor=None,
        region_id="150200000000",
        kind=DocumentKind.LOCAL_REGULATION,
        title="包头市矩阵测试条例",
        number="矩阵公告第1号",
        issuer="包头市人民代表大会常务委员会",
        published_on=date(2024, 1, 20),
        effective_on=date(2024, 3, 1),
        source=Source.DEMO,
    )


def _relation():
    from fazhi.rulebook.models import DocumentRelation, NormativeDocument

    doc = matrix_document()
    other = NormativeDocument.objects.filter(number="矩阵公告第2号").first() or NormativeDocument.objects.create(
        region_id="150200000000",
        kind=doc.kind,
        title="包头市矩阵测试实施办法",
        number="矩阵公告第2号",
        issuer="包头市人民政府",
    )
    return DocumentRelation.objects.get_or_create(source=other, target=doc, kind="implements")[0]


def _task():
    from fazhi.rulebook.models import EvaluationTask

    return EvaluationTask.objects.create(
        document=matrix_document(), reason="expiry", opened_on=date(2024, 6, 1), due_on=date(2024, 12, 1)
    )


def _doc_url(name: str):
    return lambda case: reverse(name, args=[matrix_document().pk])


ROUTES: dict[str, Route] = {
    "rulebook:document_list": Route("get", lambda case: reverse("rulebook:document_list"), READ),
    "rulebook:document_detail": Route("get", _doc_url("rulebook:document_detail"), READ),
    "rulebook:catalogue_template": Route("get", lambda case: reverse("rulebook:catalogue_template"), READ),
    "rulebook:document_register": Route("get", lambda case: reverse("rulebook:document_register"), WRITER_PAGE),
    "rulebook:catalogue_import": Route("get", lambda case: reverse("rulebook:catalogue_import"), WRITER_PAGE),
    # nothing imported in this session: the writers find no problem list (404)
    "rulebook:catalogue_problems": Route(
        "get",
        lambda case: reverse("rulebook:catalogue_problems"),
        {
            **WRITER_PAGE,
            **dict.fromkeys(
                ["donghe_clerk", "kundulun_clerk", "leader", "admin", "legality_clerk", "legality_head"], 404
            ),
        },
    ),
    "rulebook:document_edit": Route("post", _doc_url("rulebook:document_edit"), CITY_WRITE),
    "rulebook:document_amend": Route("post", _doc_url("rulebook:document_amend"), CITY_WRITE),
    "rulebook:document_end": Route("post", _doc_url("rulebook:document_end"), CITY_WRITE),
    "rulebook:document_file": Route("post", _doc_url("rulebook:document_file"), CITY_WRITE),
    "rulebook:relation_add": Route(
        "post", _doc_url("rulebook:relation_add"), {**CITY_WRITE, **dict.fromkeys(CITY_WRITERS, 400)}
    ),
    "rulebook:relation_remove": Route(
        "post",
        lambda case: reverse("rulebook:relation_remove", args=[matrix_document().pk, _relation().pk]),
        {**CITY_WRITE, **dict.fromkeys(CITY_WRITERS, 302)},
    ),
    "rulebook:task_decide": Route(
        "post",
        lambda case: reverse("rulebook:task_decide", args=[_task().pk]),
        {**CITY_WRITE, **dict.fromkeys(CITY_WRITERS, 400)},
    ),
}

# The search page and the read API (any staff member; the API answers an anonymous caller 401).
ROUTES |= {
    "rulebook:search": Route("get", lambda case: reverse("rulebook:search") + "?q=罚款", READ),
    "api-rules-documents": Route("get", lambda case: reverse("api-rules-documents"), {**READ, "anonymous": 401}),
    "api-rules-document": Route("get", _doc_url("api-rules-document"), {**READ, "anonymous": 401}),
    "api-rules-search": Route("get", lambda case: reverse("api-rules-search") + "?q=罚款", {**READ, "anonymous": 401}),
    # the records behind a rule-book figure (the dashboard's drill-down for 清理次数 and the others)
    "rulebook:figure_records": Route(
        "get",
        lambda case: (
            reverse("rulebook:figure_records", args=["cleanup_rounds"])
            + "?start=2024-01-01&end=2024-12-31&region=150200000000"
        ),
        READ,
    ),
}


def _with_campaigns() -> None:
    """The cleanup pages, declared beside their own tests in the same terms."""
    from fazhi.rulebook.tests.campaign_matrix import ROUTES as CAMPAIGN_ROUTES

    ROUTES.update(CAMPAIGN_ROUTES)


_with_campaigns()

# In the kernel's matrix the rule book's routes are the legality line's (its members keep it): a member of another
# line only (the mediator, the sample line's inspector) reads what every staff member reads and writes nothing.
LINE = "legality"
ROUTES = {
    name: replace(route, others=200 if route.expect.get("auditor") == 200 else 403) for name, route in ROUTES.items()
}
