"""A cleanup campaign (清理) run in a browser by the city's legality reviewer: opened on the topic 罚款, the document
the search finds put on its list, repealed with its reasons, the campaign completed; the document then shows 已废止
on its registry page and in the rule book's search, and the campaign's lists are published.
"""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.rulebook import services
from fazhi.rulebook.choices import DocumentKind, Source, Status
from fazhi.rulebook.models import NormativeDocument
from fazhi.tests_browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "包头市城市道路挖掘罚款办法"


def test_a_cleanup_repeals_a_document_which_then_shows_repealed_in_the_registry_and_search(page, live_server, baotou):
    doc = services.document_register(
        actor=None,
        region_id="150200000000",
        kind=DocumentKind.NORMATIVE_DOCUMENT,
        title=TITLE,
        number="包府办发〔2020〕15号",
        issuer="包头市人民政府办公室",
        published_on=date(2020, 4, 10),
        effective_on=date(2020, 5, 10),
        text="第五条 未经批准挖掘城市道路的，由城市管理部门责令改正，处以二万元罚款。",
        source=Source.IMPORTED,
    )
    log_in(page, live_server, "legality_clerk")

    page.goto(f"{live_server.url}/rules/cleanups/")
    with page.expect_navigation():
        page.click("#campaign-create")
    form = page.locator("#campaign-form")
    form.locator("#id_title").fill("涉及罚款事项的规范性文件专项清理")
    form.locator("#id_topic").fill("罚款")
    form.locator("#id_started_on").fill("2024-06-03")
    form.locator("#id_due_on").fill("2024-09-30")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert page.locator("h1").inner_text() == "涉及罚款事项的规范性文件专项清理"

    # the search finds the document in the campaign's scope; it goes on the list
    candidates = page.locator("#candidates")
    candidates.get_by_label(TITLE, exact=False).check()
    with page.expect_navigation():
        candidates.locator("button[type=submit]").click()
    item = doc.cleanup_items.get()

    decide = page.locator(f"#decide-{item.pk}")
    decide.locator(f"#id_item{item.pk}-result").select_option(label="废止")
    with page.expect_navigation():  # no reasons: refused, in Chinese, what was chosen kept
        decide.locator("button[type=submit]").click()
    decide = page.locator(f"#decide-{item.pk}")
    assert "应当写明理由" in decide.inner_text()
    assert decide.locator(f"#id_item{item.pk}-result").input_value() == "repeal"
    decide.locator(f"#id_item{item.pk}-reasons").fill("设定罚款的依据已被修改，且已被新的办法代替。")
    decide.locator(f"#id_item{item.pk}-decided_on").fill("2024-07-20")
    with page.expect_navigation():
        decide.locator("button[type=submit]").click()
    assert page.locator(f"#item-{item.pk} .result").inner_text() == "废止"

    close = page.locator("#close-form")
    close.locator("#id_closed_on").fill("2024-07-31")
    with page.expect_navigation():
        close.locator("button[type=submit]").click()
    assert "已完成" in page.locator("#campaign-state").inner_text()
    assert TITLE in page.locator("#list-repealed").inner_text()
    assert page.locator("#lists-docx").is_visible() and page.locator("#lists-xlsx").is_visible()

    # the registry: the document's page says 已废止 with the day
    with page.expect_navigation():
        page.locator("#list-repealed a").first.click()
    assert page.locator("#status").inner_text() == "已废止（2024-07-31）"
    assert "废止" in page.locator("#cleanups").inner_text()

    # the rule book's search shows it repealed, and not among the documents in force today
    page.goto(f"{live_server.url}/rules/search/?q=罚款")
    result = page.locator("#results li", has_text=TITLE)
    assert "已废止" in result.inner_text()
    page.goto(f"{live_server.url}/rules/search/?q=罚款&in_force_on=2024-08-01")
    assert page.locator("#results li", has_text=TITLE).count() == 0

    doc.refresh_from_db()
    assert (doc.status, doc.status_changed_on) == (Status.REPEALED, date(2024, 7, 31))
    assert NormativeDocument.objects.filter(status=Status.REPEALED).count() == 1
