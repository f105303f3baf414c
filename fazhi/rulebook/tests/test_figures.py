"""The rules_cleanup figures, each computed from a handful of records built here (not the demo)."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.accounts.models import Organisation
from fazhi.rulebook import campaigns, figures, services
from fazhi.rulebook.choices import CleanupResult, DocumentKind, Source, Status, TaskReason
from fazhi.rulebook.models import EvaluationTask
from fazhi.rulebook.tests.registry_factories import a_document, a_normative_document, legality_member

pytestmark = pytest.mark.django_db

CITY, DONGHE, KUNDULUN = "150200000000", "150202000000", "150203000000"
LR, GR = DocumentKind.LOCAL_REGULATION, DocumentKind.GOVERNMENT_RULE


@pytest.fixture
def alice(baotou):
    return legality_member("alice")


@pytest.fixture
def bob(baotou):
    return legality_member("bob", bureau="东河区司法局")


def run_cleanup(actor, bureau, started, closed, results, title="罚款专项清理"):
    """A completed cleanup of `bureau` with one document per result, each decided on its completion day."""
    campaign = campaigns.campaign_create(
        actor=actor,
        organisation=Organisation.objects.get(name=bureau),
        title=title,
        topic="罚款",
        started_on=started,
    )
    for doc, result in results:
        item = campaigns.campaign_add(campaign=campaign, documents=[doc], actor=actor)[0]
        amend = result == CleanupResult.AMEND
        campaigns.item_decide(
            item=item,
            result=result,
            actor=actor,
            reasons="理由" if result != CleanupResult.REMAIN_VALID else "",
            owner="市政府办" if amend else "",
            due_on=date(2025, 6, 30) if amend else None,
            decided_on=closed,
        )
    if closed:
        campaigns.campaign_close(campaign=campaign, actor=actor, closed_on=closed)
    return campaign


def nd(n: int, region: str = CITY, **fields):
    fields.setdefault("published_on", date(2020, 1, 1))
    return a_normative_document(title=f"罚款规定第{n}号", number=f"包府发〔2020〕{n}号", region_id=region, **fields)


def test_rounds_count_the_campaigns_started_in_the_year_in_the_regions_subtree(alice, bob):
    run_cleanup(alice, "包头市司法局", date(2024, 3, 1), None, [(nd(1), CleanupResult.REPEAL)])
    run_cleanup(alice, "包头市司法局", date(2023, 12, 1), date(2024, 1, 10), [(nd(2), CleanupResult.REPEAL)])
    run_cleanup(bob, "东河区司法局", date(2024, 5, 1), date(2024, 6, 1), [(nd(3, DONGHE), CleanupResult.AMEND)])

    assert figures.cleanup_rounds(CITY, 2024) == 2  # its own, still open, and the county's
    assert figures.cleanup_rounds(CITY, 2023) == 1  # started in 2023, completed in 2024
    assert figures.cleanup_rounds(DONGHE, 2024) == 1
    assert figures.cleanup_rounds(KUNDULUN, 2024) == 0


def test_repealed_and_amended_count_the_results_in_the_year_they_took_effect(alice, bob):
    run_cleanup(
        alice,
        "包头市司法局",
        date(2023, 12, 1),
        date(2024, 1, 10),
        [(nd(1), CleanupResult.REPEAL), (nd(2), CleanupResult.AMEND), (nd(3), CleanupResult.REMAIN_VALID)],
    )
    run_cleanup(
        alice,
        "包头市司法局",
        date(2024, 6, 1),
        date(2024, 7, 1),
        [(nd(4), CleanupResult.REPEAL), (nd(5), CleanupResult.DECLARE_INVALID), (nd(6), CleanupResult.AMEND)],
        title="第二轮",
    )
    run_cleanup(alice, "包头市司法局", date(2024, 11, 1), None, [(nd(7), CleanupResult.REPEAL)], title="未完成")
    run_cleanup(bob, "东河区司法局", date(2024, 5, 1), date(2024, 6, 1), [(nd(8, DONGHE), CleanupResult.REPEAL)])
    # a repeal by the registry, outside any cleanup, is no cleanup result
    services.document_end(doc=nd(9), actor=alice, version=None, status=Status.REPEALED, on=date(2024, 3, 1))

    assert (figures.documents_repealed(CITY, 2024), figures.documents_amended(CITY, 2024)) == (3, 2)
    assert (figures.documents_repealed(CITY, 2023), figures.documents_amended(CITY, 2023)) == (0, 0)
    assert (figures.documents_repealed(DONGHE, 2024), figures.documents_amended(DONGHE, 2024)) == (1, 0)


def test_local_regulations_enacted_or_amended_count_each_regulation_once(alice):
    a_document(title="新制定条例", number="公告1", published_on=date(2024, 4, 1), effective_on=date(2024, 5, 1))
    older = a_document(title="旧条例", number="公告2", published_on=date(2019, 4, 1), effective_on=date(2019, 5, 1))
    services.document_amend(doc=older, actor=alice, version=None, text="修改后全文", effective_on=date(2024, 9, 1))
    both = a_document(
        title="当年制定又修改", number="公告3", published_on=date(2024, 2, 1), effective_on=date(2024, 3, 1)
    )
    services.document_amend(doc=both, actor=alice, version=None, text="修改后全文", effective_on=date(2024, 10, 1))
    later = a_document(
        title="次年施行的修改", number="公告4", published_on=date(2018, 1, 5), effective_on=date(2018, 3, 1)
    )
    services.document_amend(doc=later, actor=alice, version=None, text="修改后全文", effective_on=date(2025, 1, 1))
    a_document(title="上年条例", number="公告5", published_on=date(2023, 12, 30), effective_on=date(2024, 1, 1))
    a_document(kind=GR, title="当年规章", number="令1", issuer="包头市人民政府", published_on=date(2024, 6, 1))
    a_document(title="旗县条例", number="公告6", region_id=DONGHE, published_on=date(2024, 6, 1))

    assert figures.local_regulations_enacted_or_amended(CITY, 2024) == 4  # new, amended, both (once), county's
    assert figures.local_regulations_enacted_or_amended(DONGHE, 2024) == 1
    assert figures.local_regulations_enacted_or_amended(CITY, 2025) == 1


def test_regulations_and_rules_repealed_count_status_changes_in_the_year_by_any_route(alice):
    regulation = a_document(title="被清理废止的条例", number="公告1", published_on=date(2010, 1, 1))
    run_cleanup(alice, "包头市司法局", date(2024, 3, 1), date(2024, 4, 1), [(regulation, CleanupResult.REPEAL)])
    for n, (kind, on) in enumerate([(LR, date(2024, 8, 1)), (GR, date(2024, 9, 1)), (GR, date(2023, 9, 1))]):
        doc = a_document(kind=kind, title=f"文件{n}", number=f"号{n}", published_on=date(2010, 1, 1))
        services.document_end(doc=doc, actor=alice, version=None, status=Status.REPEALED, on=on)
    invalid = a_document(title="宣布失效的条例", number="公告9", published_on=date(2010, 1, 1))
    services.document_end(doc=invalid, actor=alice, version=None, status=Status.INVALID, on=date(2024, 5, 1))

    assert figures.local_regulations_repealed(CITY, 2024) == 2  # by the cleanup and by the registry; not 失效
    assert figures.government_rules_repealed(CITY, 2024) == 1
    assert figures.government_rules_repealed(CITY, 2023) == 1
    assert figures.local_regulations_repealed(DONGHE, 2024) == 0


def test_evaluations_due_and_unfiled_documents(alice):
    filed = nd(1, published_on=date(2024, 2, 1))
    services.document_file(doc=filed, actor=alice, version=None, filed_on=date(2024, 2, 20))
    nd(2, published_on=date(2024, 3, 1))
    nd(3, published_on=date(2023, 3, 1))
    a_document(title="条例不需备案于此", number="公告7", published_on=date(2024, 3, 1), source=Source.IMPORTED)
    for n, opened in enumerate((date(2024, 1, 5), date(2024, 12, 31), date(2025, 1, 1))):
        EvaluationTask.objects.create(
            document=nd(10 + n), reason=TaskReason.EXPIRY, opened_on=opened, due_on=date(2025, 6, 30)
        )

    assert figures.unfiled_documents(CITY, 2024) == 1
    assert figures.evaluations_due(CITY, 2024) == 2
