"""API of the 法治化营商环境 registry (mounted at /api/v1/business/ by config/api_urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
