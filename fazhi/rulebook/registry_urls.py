"""The rule book's registry pages (filled in by issue 14's registry work)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
