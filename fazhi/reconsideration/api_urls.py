"""The reconsideration line's API routes, mounted at /api/v1/reconsideration/ by config.api_urls."""

from django.urls import path

from fazhi.reconsideration.api import ApplicationCreateView, HearingListView

urlpatterns = [
    path("applications/", ApplicationCreateView.as_view(), name="reconsideration-applications"),
    path("hearings/", HearingListView.as_view(), name="reconsideration-hearings"),
]
