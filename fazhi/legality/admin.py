"""Legality review in the admin: each jurisdiction's review periods are edited here; case details are read-only."""

from django.contrib import admin

from fazhi.cases.admin import ReadOnlyAdmin
from fazhi.legality.models import LegalityReview, ReviewPeriod


@admin.register(ReviewPeriod)
class ReviewPeriodAdmin(admin.ModelAdmin):
    """A region's review period for a kind of request (a local rule): the nearest region up the tree wins."""

    list_display = ["region", "kind", "working_days", "basis", "confirmed"]
    list_filter = ["kind", "confirmed"]
    search_fields = ["region__name", "region__code", "basis"]
    list_select_related = ["region"]
    autocomplete_fields = ["region"]


@admin.register(LegalityReview)
class LegalityReviewAdmin(ReadOnlyAdmin):
    list_display = ["case", "kind", "catalogue_item", "discussion_on"]
    list_filter = ["kind"]
    search_fields = ["case__number", "case__title", "catalogue_item"]
    list_select_related = ["case"]
