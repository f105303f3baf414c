"""`{% line_nav user as links %}` (the top bar) and `{% line_menu user line as links %}` (a line's own menu): the
links this user may follow, each checked by the same function its view checks (NavEntry.permission).

No rule lives in a template: a link is shown exactly when its view would answer the user with a page, not a 403.
fazhi/accounts/tests/test_line_nav.py follows every link each demo persona is shown, and every link they are not.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django import template
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.access import can_read, is_active_superuser, is_staff_member, line_scopes
from fazhi.core.lines import STAFF_PAGE, Label, NavEntry, line_spec, lines

register = template.Library()

# The kernel's links around the lines' (the kernel's own views, their checks named the same way). The landing page
# of a user with no staff role (accounts:guide) is linked by the guide itself, not here.
KERNEL_BEFORE = (
    NavEntry(_("我的待办"), "cases:my_tasks", permission=STAFF_PAGE),
    NavEntry(_("案件"), "cases:case_list", permission=STAFF_PAGE),
)
KERNEL_AFTER = (
    # published law every staff member reads (the legality line's members keep it): fazhi.rulebook
    NavEntry(_("规章文件库"), "rulebook:document_list", permission=STAFF_PAGE),
    NavEntry(_("领导驾驶舱"), "indicators:dashboard", permission="fazhi.accounts.access.reads_figures"),
    NavEntry(_("审计"), "audit:access_list", permission="fazhi.audit.views.can_audit"),
)


@dataclass(frozen=True)
class NavLink:
    label: Label
    url: str


@cache
def _check(path: str):
    return import_string(path)


def may_use(user, line: str | None, entry: NavEntry) -> bool:
    """Whether the view behind `entry` lets `user` in: its declared check, or (a line's page without one) whether
    the user may read the line, in one of the entry's roles if it names any."""
    if entry.permission:
        try:
            return bool(_check(entry.permission)(user))
        except PermissionDenied:
            return False
    if line is None:
        return is_staff_member(user)
    if is_active_superuser(user):
        return True
    if not entry.roles:
        return can_read(user, line)
    return any(s.role in entry.roles for s in line_scopes(user, line))


def _link(entry: NavEntry) -> NavLink:
    return NavLink(entry.label, reverse(entry.url_name) + entry.query)


@register.simple_tag
def line_nav(user) -> list[NavLink]:
    """The top bar: the kernel's links and each registered line's, in the lines' order, that `user` may follow."""
    if not getattr(user, "is_authenticated", False):
        return []
    entries = [
        *((None, e) for e in KERNEL_BEFORE),
        *((spec.key, e) for spec in lines() for e in spec.nav),
        *((None, e) for e in KERNEL_AFTER),
    ]
    return [_link(entry) for line, entry in entries if may_use(user, line, entry)]


@register.simple_tag
def line_menu(user, line: str) -> list[NavLink]:
    """The menu above a line's pages (LineSpec.menu): the ones `user` may open."""
    return [_link(entry) for entry in line_spec(line).menu if may_use(user, line, entry)]
