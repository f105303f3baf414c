"""The register in the admin, read-only: entries and agencies' fields are kept on the register's pages (with their
checks and optimistic lock), decisions and batches only ever come through a report (`services.decisions_report`)."""

from django.contrib import admin

from fazhi.cases.admin import ReadOnlyAdmin
from fazhi.lenient.models import AgencyDomain, Decision, ListEntry, Report


@admin.register(ListEntry)
class ListEntryAdmin(ReadOnlyAdmin):
    list_display = ["code", "domain", "kind", "conduct", "effective_from", "effective_to", "region"]
    list_filter = ["domain", "kind"]
    search_fields = ["code", "conduct"]


@admin.register(AgencyDomain)
class AgencyDomainAdmin(ReadOnlyAdmin):
    list_display = ["agency", "domain"]
    list_filter = ["domain"]


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "organisation", "actor", "channel", "file_name", "rows", "added", "already_present"]
    list_filter = ["channel"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["agency", "number", "decided_on", "domain", "kind", "party_kind", "amount"]
    list_filter = ["domain", "kind", "out_of_dates", "other_domain"]
    search_fields = ["number"]
    list_select_related = ["agency"]
    show_full_result_count = False
