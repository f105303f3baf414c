"""Bring the English catalog up to date: extract every marked string, merge into fazhi/locale, compile the .mo.

New strings arrive untranslated and changed ones fuzzy; translate them in the .po (real English, the glossary's terms,
docs/glossary.md), remove the fuzzy flag, and run this command again to compile. fazhi/tests/test_translations.py
fails until every entry is translated.
"""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from fazhi.core import catalog


class Command(BaseCommand):
    help = "Extract the marked strings into fazhi/locale/en (django.po) and compile django.mo."
    requires_system_checks: list[str] = []  # reads source files only; a half-finished line elsewhere must not stop it

    def handle(self, *args: object, **options: object) -> None:
        if not catalog.gettext_tools_present():
            raise CommandError("需要 GNU gettext 工具（make system 会安装 gettext）。")
        with catalog._in_project():
            call_command(
                "makemessages",
                locale=catalog.LANGUAGES,
                ignore_patterns=catalog.IGNORE,
                no_obsolete=True,
                verbosity=0,
            )
        for language in catalog.LANGUAGES:
            po = catalog.catalog(language)
            try:
                catalog.compile_catalog(po, po.with_suffix(".mo"))
            except ValueError as exc:  # a placeholder that differs between msgid and msgstr
                raise CommandError(str(exc)) from exc
            self.stdout.write(f"{po.relative_to(catalog.BASE_DIR)}: compiled")
