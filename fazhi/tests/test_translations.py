"""The English catalog is complete and current: every marked string is in it, translated, not fuzzy, and compiled.

A new {% translate %} or gettext() string fails this test until `manage.py update_catalog` has merged it and someone has
translated it in fazhi/locale/en/LC_MESSAGES/django.po (docs/translations.md).
"""

from __future__ import annotations

import gettext
import os
import subprocess
from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation

from fazhi.core import catalog

HOW_TO_FIX = "run `.venv/bin/python manage.py update_catalog`, translate the entries named above, run it again"

needs_gettext = pytest.mark.skipif(
    not catalog.gettext_tools_present() and os.environ.get("CI") != "true",
    reason="GNU gettext is not installed (make system installs it); under CI=true the test runs and fails instead",
)


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def fresh_catalog(tmp_path_factory) -> Path:
    """makemessages run now, into a temporary locale directory, with the command's own ignore list."""
    fresh = catalog.extract(tmp_path_factory.mktemp("locale"))
    assert fresh is not None, "makemessages found no marked string at all"
    return fresh


@needs_gettext
def test_every_marked_string_is_in_the_catalog_and_translated(fresh_catalog):
    # msgcmp fails on a msgid of the code missing from the catalog, and (by default) on an untranslated or fuzzy one.
    result = run("msgcmp", str(catalog.catalog()), str(fresh_catalog))
    assert result.returncode == 0, f"{result.stderr}\n{HOW_TO_FIX}"


@needs_gettext
def test_no_entry_is_fuzzy_or_untranslated():
    po = str(catalog.catalog())
    fuzzy = run("msgattrib", "--only-fuzzy", "--no-obsolete", po).stdout
    untranslated = run("msgattrib", "--untranslated", "--no-obsolete", po).stdout
    entries = [
        block
        for block in (fuzzy + untranslated).split("\n\n")
        if "msgid" in block and 'msgid ""\nmsgstr ""\n"' not in block
    ]
    assert not entries, "fuzzy or untranslated:\n" + "\n\n".join(entries) + f"\n{HOW_TO_FIX}"


@needs_gettext
def test_placeholders_agree_and_the_committed_mo_is_current(tmp_path):
    po = catalog.catalog()
    compiled = tmp_path / "django.mo"
    result = run("msgfmt", "--check", "--statistics", "-o", str(compiled), str(po))
    assert result.returncode == 0, result.stderr
    assert "fuzzy" not in result.stderr and "untranslated" not in result.stderr, result.stderr
    with compiled.open("rb") as fresh, po.with_suffix(".mo").open("rb") as committed:
        assert gettext.GNUTranslations(committed)._catalog == gettext.GNUTranslations(fresh)._catalog, (
            f"django.mo is older than django.po: {HOW_TO_FIX}"
        )


def test_a_translation_is_real_english_not_a_copy_of_the_chinese():
    with translation.override("en"):
        assert translation.gettext("法治工作平台") == "Fazhi work platform"
        assert translation.gettext("行政复议决定书") == "Administrative reconsideration decision"


@pytest.mark.django_db
def test_english_is_shown_where_asked_and_html_lang_follows(client):
    english = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en")
    html = english.content.decode()
    assert '<html lang="en">' in html
    assert "Staff sign-in" in html and "工作人员登录" not in html
    chinese = Client().get("/accounts/login/").content.decode()
    assert '<html lang="zh-Hans">' in chinese
    assert "工作人员登录" in chinese


@pytest.mark.django_db
def test_the_language_switch_changes_the_language_and_returns_to_the_page(client):
    page = client.get("/cases/deadlines/").content.decode()
    assert 'action="/i18n/setlang/"' in page and 'name="language"' in page
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/cases/deadlines/"})
    assert response.status_code == 302 and response["Location"] == "/cases/deadlines/"
    assert response.cookies["django_language"]["httponly"]  # remembered in a cookie no script can read
    after = client.get("/cases/deadlines/").content.decode()
    assert '<html lang="en">' in after
    assert "Statutory deadline calculator" in after
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/cases/deadlines/"})
    assert '<html lang="zh-Hans">' in client.get("/cases/deadlines/").content.decode()
