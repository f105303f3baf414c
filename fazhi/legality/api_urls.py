"""The legality line's API routes, mounted at /api/v1/legality/ by config.api_urls."""

from django.urls import path

from fazhi.legality.api import ReviewListView

urlpatterns = [path("reviews/", ReviewListView.as_view(), name="legality-reviews")]
