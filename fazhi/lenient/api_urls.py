"""API of the 免罚轻罚清单与决定 registry (mounted at /api/v1/lenient/ by config/api_urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
