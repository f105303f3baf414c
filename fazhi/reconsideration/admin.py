"""Reconsideration in the admin: the case detail is read-only (the runner writes it); suits and analyses are edited."""

from django.contrib import admin

from fazhi.cases.admin import ReadOnlyAdmin
from fazhi.cases.models import Case
from fazhi.core.lines import Line
from fazhi.reconsideration.models import AgencyAnalysis, Litigation, ReconsiderationDetail


@admin.register(ReconsiderationDetail)
class ReconsiderationDetailAdmin(ReadOnlyAdmin):
    list_display = ["case", "respondent_agency", "act_type", "procedure_type", "decision"]
    list_filter = ["act_type", "procedure_type", "decision", "enterprise_applicant"]
    search_fields = ["case__number", "case__title"]
    list_select_related = ["case", "respondent_agency"]


@admin.register(Litigation)
class LitigationAdmin(admin.ModelAdmin):
    list_display = ["case", "court", "court_case_number", "filed_on", "result", "judged_on"]
    list_filter = ["result"]
    search_fields = ["case__number", "court", "court_case_number"]
    list_select_related = ["case"]
    raw_id_fields = ["case"]
    readonly_fields = ["recorded_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(AgencyAnalysis)
class AgencyAnalysisAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "reported_on"]
    search_fields = ["title"]
    filter_horizontal = ["lost_litigation_cases", "corrected_cases"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # Only closed reconsideration cases can be analysed; the full case table would be unusable here.
        kwargs["queryset"] = Case.objects.filter(line=Line.RECONSIDERATION, closed_on__isnull=False)
        return super().formfield_for_manytomany(db_field, request, **kwargs)
