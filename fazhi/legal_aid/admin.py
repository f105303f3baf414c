"""Legal aid in the admin: the hardship standard is edited here; consultations and case details are read-only."""

from django.contrib import admin

from fazhi.cases.admin import ReadOnlyAdmin
from fazhi.legal_aid.models import Consultation, HardshipStandardRecord, LegalAidDetail


@admin.register(HardshipStandardRecord)
class HardshipStandardRecordAdmin(admin.ModelAdmin):
    """The province sets and adjusts the standard (art. 34): a new dated record, never an edit of the old one."""

    list_display = ["region", "effective_from", "monthly_income_per_capita", "basis"]
    list_filter = ["region__level"]
    search_fields = ["region__name", "region__code", "basis"]
    list_select_related = ["region"]
    autocomplete_fields = ["region"]
    date_hierarchy = "effective_from"


@admin.register(Consultation)
class ConsultationAdmin(ReadOnlyAdmin):
    exclude = ["phone", "phone_index"]  # personal data: masked in the workbench, not shown here at all
    list_display = ["on", "channel", "matter", "summary", "organisation", "handled_by", "application"]
    list_filter = ["channel", "matter"]
    search_fields = ["summary", "person_name"]
    list_select_related = ["organisation", "handled_by", "application"]
    date_hierarchy = "on"


@admin.register(LegalAidDetail)
class LegalAidDetailAdmin(ReadOnlyAdmin):
    list_display = ["case", "route", "case_category", "matter", "qualifies", "lawyer", "result", "quality_grade"]
    list_filter = ["route", "case_category", "qualifies", "result", "quality_grade", "recipient_group"]
    search_fields = ["case__number", "case__title", "lawyer"]
    list_select_related = ["case"]
