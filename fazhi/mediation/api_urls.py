"""The mediation line's API routes, mounted at /api/v1/mediation/ by config.api_urls."""

from django.urls import path

from fazhi.mediation.api import DisputeCreateView, QuickRecordView

urlpatterns = [
    path("disputes/", DisputeCreateView.as_view(), name="mediation-disputes"),
    path("quick/", QuickRecordView.as_view(), name="mediation-quick"),
]
