"""The API root: /api/v1/ with its OpenAPI schema; each registered line's `api_urls.py` at /api/v1/<prefix>."""

from importlib.util import find_spec

from django.urls import URLPattern, URLResolver, include, path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from fazhi.api.errors import not_found
from fazhi.cases.api import CaseViewSet, DeadlineCalculatorView, DeadlineRuleListView
from fazhi.cases.api_tokens import PartyTokenView
from fazhi.core.lines import registered

router = DefaultRouter()
router.register("cases", CaseViewSet, basename="case")


def line_routes() -> list[URLPattern | URLResolver]:
    """Each registered line's `api_urls.py`, mounted at its prefix (a line without an API has none)."""
    return [
        path(line.spec.prefix, include(f"{line.app_name}.api_urls"))
        for line in registered()
        if find_spec(f"{line.app_name}.api_urls") is not None
    ]


urlpatterns = [
    path("deadlines/", DeadlineCalculatorView.as_view(), name="api-deadlines"),
    path("deadlines/rules/", DeadlineRuleListView.as_view(), name="api-deadline-rules"),
    path("party-token/", PartyTokenView.as_view(), name="api-party-token"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("rules/", include("fazhi.rulebook.api_urls")),
    path("enforcement/", include("fazhi.enforcement.api_urls")),
    path("lenient/", include("fazhi.lenient.api_urls")),
    path("business/", include("fazhi.business.api_urls")),
    *line_routes(),
    path("", include(router.urls)),
    re_path(r"", not_found),  # anything else under /api/v1/: a JSON 404 like every other API answer
]
