"""API of the 免罚轻罚清单与决定 registry (mounted at /api/v1/lenient/ by config/api_urls.py)."""

from django.urls import URLPattern, path

from fazhi.lenient.api import DecisionReportView

urlpatterns: list[URLPattern] = [
    path("decisions/", DecisionReportView.as_view(), name="api-lenient-decisions"),
]
