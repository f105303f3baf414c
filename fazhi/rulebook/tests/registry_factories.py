"""People and documents for the registry's tests: a legality member of a bureau, a closed review the gate accepts."""

from __future__ import annotations

from datetime import date

from fazhi.accounts.models import Membership, Organisation, User
from fazhi.cases.models import Case
from fazhi.rulebook import gates, services
from fazhi.rulebook.choices import DocumentKind, Source

CITY = "150200000000"
DONGHE = "150202000000"
REVIEW_LINE = "sample_line"  # the test-only line stands in for the legality line (the rule book names no line)
LAWFUL = "lawful"


def legality_member(username: str, bureau: str = "包头市司法局", role: str = "handler") -> User:
    """A member of `bureau` holding `role` on the legality line."""
    user = User.objects.create_user(username=username, password="x", full_name="孙审核")
    Membership.objects.create(
        user=user, organisation=Organisation.objects.get(name=bureau), role=role, lines=["legality"]
    )
    return user


def accept_sample_reviews(monkeypatch) -> None:
    monkeypatch.setitem(gates._lawful, REVIEW_LINE, frozenset({LAWFUL}))


def closed_review(case: Case, outcome: str = LAWFUL, closed_on: date = date(2024, 5, 20)) -> Case:
    Case.objects.filter(pk=case.pk).update(outcome=outcome, closed_on=closed_on)
    case.refresh_from_db()
    return case


def a_document(**overrides):
    """A local regulation (no review asked) of the city, in force since 2024-03-01."""
    fields = {
        "actor": None,
        "region_id": CITY,
        "kind": DocumentKind.LOCAL_REGULATION,
        "title": "包头市大气污染防治条例",
        "number": "包头市人民代表大会常务委员会公告第1号",
        "issuer": "包头市人民代表大会常务委员会",
        "published_on": date(2024, 1, 20),
        "effective_on": date(2024, 3, 1),
        "text": "第一条 为了保护和改善大气环境，制定本条例。",
    }
    fields.update(overrides)
    return services.document_register(**fields)


def a_normative_document(**overrides):
    """A normative document recorded from the past (no review asked of an imported row)."""
    fields = {
        "kind": DocumentKind.NORMATIVE_DOCUMENT,
        "title": "包头市城市绿化管理办法",
        "number": "包府发〔2024〕3号",
        "issuer": "包头市人民政府",
        "source": Source.IMPORTED,
        "text": "第一条 为了加强城市绿化管理，制定本办法。",
    }
    fields.update(overrides)
    return a_document(**fields)
