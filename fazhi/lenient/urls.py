"""Pages of the 免罚轻罚清单与决定 registry (mounted at /lenient/ by config/urls.py)."""

from django.urls import URLPattern

app_name = "lenient"

urlpatterns: list[URLPattern] = []
