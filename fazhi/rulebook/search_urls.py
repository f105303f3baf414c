"""The rule book's search pages (filled in by issue 14's search work)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
