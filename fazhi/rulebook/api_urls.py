"""The rule book's API at /api/v1/rules/: the registry and its search (read), for the province and the portal."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
