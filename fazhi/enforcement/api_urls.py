"""API of the 执法监督网络（监督机构、执法人员与证件） registry (mounted at /api/v1/enforcement/ by config/api_urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
