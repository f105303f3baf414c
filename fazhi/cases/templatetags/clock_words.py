"""`{{ deadline|day_word }}`: what a clock's "N days left" counts in (个工作日 or 个自然日), from its declared unit."""

from __future__ import annotations

from django import template

from fazhi.cases.registry import day_word as _day_word

register = template.Library()


@register.filter
def day_word(deadline) -> str:
    return _day_word(deadline.unit)
