"""The rule book's API at /api/v1/rules/: the registry and its search (read), for the province and the portal."""

from django.urls import URLPattern, path

from fazhi.rulebook.api import DocumentDetailView, DocumentListView, SearchView

urlpatterns: list[URLPattern] = [
    path("documents/", DocumentListView.as_view(), name="api-rules-documents"),
    path("documents/<int:pk>/", DocumentDetailView.as_view(), name="api-rules-document"),
    path("search/", SearchView.as_view(), name="api-rules-search"),
]
