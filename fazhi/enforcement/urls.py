"""Pages of the 执法监督网络（监督机构、执法人员与证件） registry (mounted at /enforcement/ by config/urls.py)."""

from django.urls import URLPattern

app_name = "enforcement"

urlpatterns: list[URLPattern] = []
