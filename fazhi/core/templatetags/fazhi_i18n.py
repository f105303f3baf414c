"""Language tags for the layout: the BCP 47 tag of the language a page is shown in (for `<html lang>`)."""

from __future__ import annotations

from django import template
from django.utils.translation import to_locale

register = template.Library()


@register.filter
def html_lang(language_code: str | None) -> str:
    """Django's code as a BCP 47 tag: 'zh-hans' → 'zh-Hans' (screen readers pick the voice from it), 'en' → 'en'."""
    return to_locale(language_code or "zh-hans").replace("_", "-")
