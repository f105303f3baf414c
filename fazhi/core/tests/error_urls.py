"""The site's URL map plus two views that fail on purpose, for the error-page tests (fazhi.core.errors)."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from config.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def boom(request):
    raise RuntimeError("deliberate failure for the 500 page")


def refuse(request):
    raise PermissionDenied("只有本机构的承办人可以办理此案件。")


urlpatterns = [
    path("test-errors/boom/", boom),
    path("api/v1-test/boom/", boom),
    path("test-errors/refuse/", refuse),
    *urlpatterns,
]
