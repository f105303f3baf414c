"""The rule book in the admin: validity rules are edited here (a change or a deletion recomputes the terms it
governs; the model's validators refuse a term of 0 years); documents and tasks are read-only, because their writes
go through the registry's services and pages."""

from django.contrib import admin

from fazhi.cases.admin import ReadOnlyAdmin
from fazhi.rulebook.models import EvaluationTask, NormativeDocument, ValidityRule
from fazhi.rulebook.services import terms_recompute


@admin.register(ValidityRule)
class ValidityRuleAdmin(admin.ModelAdmin):
    """One rule per jurisdiction: the nearest region up the tree applies (fazhi.rulebook.validity)."""

    list_display = [
        "region",
        "term_years",
        "provisional_term_years",
        "ends_on_eve",
        "evaluation_months",
        "filing_days",
        "confirmed",
        "basis",
    ]
    list_filter = ["confirmed"]
    search_fields = ["region__name", "region__code", "basis"]
    autocomplete_fields = ["region"]

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        terms_recompute(region_code=obj.region_id)

    def delete_model(self, request, obj) -> None:
        region_code = obj.region_id
        super().delete_model(request, obj)
        terms_recompute(region_code=region_code)  # the next rule up the tree (or the default) governs them now

    def delete_queryset(self, request, queryset) -> None:
        regions = list(queryset.values_list("region_id", flat=True))
        super().delete_queryset(request, queryset)
        for region_code in regions:
            terms_recompute(region_code=region_code)


@admin.register(NormativeDocument)
class NormativeDocumentAdmin(ReadOnlyAdmin):
    exclude = ["search_tokens"]
    list_display = ["title", "number", "kind", "issuer", "published_on", "expires_on", "status", "filed_on"]
    list_filter = ["kind", "status", "source"]
    search_fields = ["title", "number", "issuer"]
    list_select_related = ["region"]
    date_hierarchy = "published_on"


@admin.register(EvaluationTask)
class EvaluationTaskAdmin(ReadOnlyAdmin):
    list_display = ["document", "reason", "opened_on", "due_on", "decision", "decided_on"]
    list_filter = ["reason", "decision"]
    list_select_related = ["document"]
