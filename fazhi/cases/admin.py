"""Cases in the admin are read-only: every change goes through the runner, so the law and the audit apply."""

from django.contrib import admin

from fazhi.cases.models import Case, CaseEvent, Deadline, Party


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PartyInline(admin.TabularInline):
    model = Party
    fields = ["role", "kind", "name"]
    readonly_fields = ["role", "kind", "name"]
    extra = 0
    can_delete = False


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ["number", "line", "title", "organisation", "state", "received_on", "closed_on"]
    list_filter = ["line", "state"]
    search_fields = ["number", "title"]
    inlines = [PartyInline]


@admin.register(CaseEvent)
class CaseEventAdmin(ReadOnlyAdmin):
    list_display = ["case", "on", "label", "actor", "basis", "request_id"]
    list_filter = ["code"]


@admin.register(Deadline)
class DeadlineAdmin(ReadOnlyAdmin):
    list_display = ["case", "label", "started_on", "due_on", "state"]
    list_filter = ["clock", "state"]
