"""The change history and the access records are browsable in the admin and editable by nobody."""

from auditlog.admin import LogEntryAdmin
from auditlog.models import LogEntry
from django.contrib import admin

from fazhi.audit.models import AccessRecord


@admin.register(AccessRecord)
class AccessRecordAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "action", "object_type", "object_repr", "case_number", "ip", "request_id"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_repr", "case_number", "request_id", "user__username"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class ChangeRecordAdmin(LogEntryAdmin):
    """django-auditlog's change history, with deletion disabled too (its own admin lets a superuser delete)."""

    def has_delete_permission(self, request, obj=None):
        return False
