"""Recut every rule-book document's title, 文号 and text into search_tokens (after a jieba or dictionary upgrade, or
a bulk load that wrote documents without the registry's save path)."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction

from fazhi.rulebook.search import reindex


class Command(BaseCommand):
    help = "重建规章规范性文件库的全文检索词元（jieba 分词）。"

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            count = reindex()
        self.stdout.write(f"已重建 {count} 件文件的检索词元。")
