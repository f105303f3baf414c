"""`{% line_nav user as links %}`: the menu links of the registered lines this user may use."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.urls import reverse

from fazhi.accounts.access import is_active_superuser, line_scopes
from fazhi.core.lines import Label, NavEntry, lines

register = template.Library()


@dataclass(frozen=True)
class NavLink:
    label: Label
    url: str


def may_use(user, line: str, entry: NavEntry) -> bool:
    """Whether `user` holds a role for `line` (one of the entry's roles, if it names any): who sees the link."""
    if is_active_superuser(user):
        return True
    return any(not entry.roles or s.role in entry.roles for s in line_scopes(user, line))


@register.simple_tag
def line_nav(user) -> list[NavLink]:
    """Each registered line's nav entries, in the lines' order, that `user` may use."""
    return [
        NavLink(entry.label, reverse(entry.url_name))
        for spec in lines()
        for entry in spec.nav
        if may_use(user, spec.key, entry)
    ]
