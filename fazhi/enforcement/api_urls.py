"""API of the 执法监督网络 registry (mounted at /api/v1/enforcement/ by config/api_urls.py)."""

from django.urls import URLPattern, path

from fazhi.enforcement.api import BodyListView, CertificateDetailView, CertificateListView

urlpatterns: list[URLPattern] = [
    path("bodies/", BodyListView.as_view(), name="api-enforcement-bodies"),
    path("certificates/", CertificateListView.as_view(), name="api-enforcement-certificates"),
    path("certificates/<int:pk>/", CertificateDetailView.as_view(), name="api-enforcement-certificate"),
]
