"""The legal aid line's API routes, mounted at /api/v1/legal-aid/ by config.api_urls."""

from django.urls import path

from fazhi.legal_aid.api import ApplicationCreateView, ConsultationListView

urlpatterns = [
    path("applications/", ApplicationCreateView.as_view(), name="legal-aid-applications"),
    path("consultations/", ConsultationListView.as_view(), name="legal-aid-consultations"),
]
