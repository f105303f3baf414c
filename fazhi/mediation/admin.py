"""Mediation in the admin: committees with their members, mediators with their trainings, campaigns; the dispute
detail is read-only (the runner writes it)."""

from django.contrib import admin

from fazhi.cases.admin import ReadOnlyAdmin
from fazhi.mediation.models import Campaign, Committee, CommitteeMember, MediationDetail, Mediator, Training


class CommitteeMemberInline(admin.TabularInline):
    model = CommitteeMember
    extra = 0


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["organisation", "kind", "industry_field", "term_start", "term_end"]
    list_filter = ["kind", "industry_field", "multi_ethnic_area"]
    search_fields = ["organisation__name"]
    list_select_related = ["organisation"]
    raw_id_fields = ["organisation"]
    inlines = [CommitteeMemberInline]


class TrainingInline(admin.TabularInline):
    model = Training
    extra = 0


@admin.register(Mediator)
class MediatorAdmin(admin.ModelAdmin):
    exclude = ["phone"]  # personal data: administrators run the system and need no mediator's phone
    list_display = ["name", "committee", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "committee__organisation__name"]
    list_select_related = ["committee__organisation"]
    raw_id_fields = ["committee", "user"]
    inlines = [TrainingInline]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "organisation", "starts_on", "ends_on", "screenings"]
    list_filter = ["kind"]
    search_fields = ["name", "organisation__name"]
    list_select_related = ["organisation"]
    raw_id_fields = ["organisation"]


@admin.register(MediationDetail)
class MediationDetailAdmin(ReadOnlyAdmin):
    list_display = ["case", "source", "dispute_type", "mediator", "agreement_kind", "confirmation_result"]
    list_filter = ["source", "dispute_type", "agreement_kind", "escalation_risk", "confirmation_result", "performance"]
    search_fields = ["case__number", "case__title"]
    list_select_related = ["case", "mediator"]
