"""The rule book's campaign pages (filled in by issue 14's campaign work)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
