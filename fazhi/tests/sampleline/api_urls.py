"""The test-only line's API routes, mounted at /api/v1/sample-line/ by config.api_urls."""

from django.urls import path

from fazhi.tests.sampleline.api import CaseListView

urlpatterns = [path("cases/", CaseListView.as_view(), name="sample-line-cases")]
