"""Pages of the 法治化营商环境 registry (mounted at /business/ by config/urls.py)."""

from django.urls import URLPattern

app_name = "business"

urlpatterns: list[URLPattern] = []
