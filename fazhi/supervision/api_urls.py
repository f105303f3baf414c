"""The supervision line's API routes, mounted at /api/v1/supervision/ by config.api_urls."""

from django.urls import path

from fazhi.supervision.api import CaseListView, HealthCheckListView, InterviewListView

urlpatterns = [
    path("cases/", CaseListView.as_view(), name="supervision-cases"),
    path("checks/", HealthCheckListView.as_view(), name="supervision-checks"),
    path("interviews/", InterviewListView.as_view(), name="supervision-interviews"),
]
