from django import template

from fazhi.audit.views import can_audit

register = template.Library()


@register.filter(name="can_audit")
def can_audit_filter(user) -> bool:
    """`{% if user|can_audit %}`: whether to show the audit console's link."""
    return can_audit(user)
