"""Showing a party's full ID number, phone or address: only to the case's own handlers, and always recorded.

Everywhere else these values are masked. Who may reveal: a registrar, handler or section head, or a role the case's
line declares for its own casework (LineSpec.roles: mediation's 人民调解员), whose membership is in the organisation
that owns the case and covers its line — the people who contact the party and fill in the forms. A role one line
declares counts on that line only. Leaders read figures and supervise (the masked value is
enough to tell parties apart); auditors read the audit trail, not case files; administrators run the system and
hold no case. The reveal is a POST (never a link a crawler or a prefetch could follow) and writes an access record
naming the field, never the value.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fazhi.accounts.access import line_roles, scopes_of
from fazhi.audit.services import access_record
from fazhi.cases.models import Case, Party

CASEWORK_ROLES = frozenset({"registrar", "handler", "section_head"})  # the kernel's; each line adds its own
FIELDS = {"id_number": _("身份证号"), "phone": _("联系电话"), "address": _("地址")}
BUTTONS = [("id_number", _("显示完整证件号")), ("phone", _("显示完整电话")), ("address", _("显示完整地址"))]


def can_reveal(user, case: Case) -> bool:
    """Whether `user` handles `case` in its owning organisation (the only people who see personal data in full)."""
    roles = CASEWORK_ROLES | line_roles(case.line)
    return any(
        s.organisation_id == case.organisation_id and case.line in s.lines and s.role in roles for s in scopes_of(user)
    )


def party_reveal(*, request, party: Party, field: str) -> str:
    """The full value of `field` of `party`, with the access record of this read (who, which party, which field)."""
    if field not in FIELDS:
        raise ValueError(field)
    access_record(request=request, action="reveal", obj=party, field=field, case=party.case.number)
    return getattr(party, field)
