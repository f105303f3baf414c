"""The English translation catalog (fazhi/locale/en/LC_MESSAGES/django.po): what is extracted, and how it is checked.

Django's makemessages extracts every marked string (gettext in Python, {% translate %} in templates) with GNU
xgettext; the gettext tools check the result (msgcmp: every marked string translated, none fuzzy; msgfmt --check:
placeholders agree). `manage.py update_catalog` and the test (fazhi/tests/test_translations.py) share the lists below,
so the test extracts exactly what the command does. The compiled .mo is committed, so a server without gettext still
shows English; the test checks it matches the .po.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test.utils import override_settings

BASE_DIR = Path(settings.BASE_DIR)
LOCALE_DIR = BASE_DIR / "fazhi" / "locale"
LANGUAGES = ["en"]  # zh-hans is the source language: the marked strings are already Chinese
# Not shown to users: the virtualenv, data, benchmarks, tests (and the test-only line), vendored minified JS; and the
# catalogs themselves (a "locale" directory met on the walk would become the target, so the test could not extract
# into a temporary one).
IGNORE = [".venv/*", "*/locale", "data/*", "bench/*", "scripts/*", "docs/*", "*/tests/*", "*.min.js", "node_modules/*"]
DOMAINS = ["django", "djangojs"]


def catalog(language: str = "en", domain: str = "django", root: Path = LOCALE_DIR) -> Path:
    return root / language / "LC_MESSAGES" / f"{domain}.po"


def gettext_tools_present() -> bool:
    return all(shutil.which(tool) for tool in ("xgettext", "msgmerge", "msgfmt", "msgcmp", "msgattrib"))


@contextlib.contextmanager
def _in_project() -> Iterator[None]:
    previous = Path.cwd()
    os.chdir(BASE_DIR)
    try:
        yield
    finally:
        os.chdir(previous)


def extract(into: Path, domain: str = "django") -> Path | None:
    """Run makemessages for English into `into` (a locale directory); the fresh .po, or None when it found nothing."""
    with _in_project(), override_settings(LOCALE_PATHS=[into]):
        call_command(
            "makemessages",
            locale=LANGUAGES,
            domain=domain,
            ignore_patterns=IGNORE,
            no_obsolete=True,
            verbosity=0,
        )
    fresh = catalog(domain=domain, root=into)
    return fresh if fresh.exists() else None


def compile_catalog(po: Path, mo: Path) -> None:
    """msgfmt with format checks (what compilemessages runs), for the project's catalogs only (not the virtualenv's)."""
    result = subprocess.run(["msgfmt", "--check", "-o", str(mo), str(po)], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise ValueError(f"msgfmt refused {po}:\n{result.stderr}")
