"""Top-level URL map: workbench pages, each registered line's pages, the API under /api/v1/, and the admin."""

from importlib.util import find_spec

from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from django.views.generic import RedirectView

from fazhi.core.lines import registered


def line_pages() -> list[URLPattern | URLResolver]:
    """Each registered line's `urls.py`, mounted at `/<prefix>` (a line without pages has none)."""
    return [
        path(line.spec.prefix, include(f"{line.app_name}.urls"))
        for line in registered()
        if find_spec(f"{line.app_name}.urls") is not None
    ]


urlpatterns = [
    path("", RedirectView.as_view(pattern_name="cases:my_tasks", permanent=False)),
    path("accounts/", include("fazhi.accounts.urls")),
    path("cases/", include("fazhi.cases.urls")),
    path("documents/", include("fazhi.documents.urls")),
    path("rules/", include("fazhi.rulebook.urls")),
    path("enforcement/", include("fazhi.enforcement.urls")),
    path("lenient/", include("fazhi.lenient.urls")),
    path("business/", include("fazhi.business.urls")),
    *line_pages(),
    path("indicators/", include("fazhi.indicators.urls")),
    path("audit/", include("fazhi.audit.urls")),
    path("api/v1/", include("config.api_urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

# The site's own error pages (Chinese, in the layout, with a way back); JSON under /api/ (fazhi.core.errors).
handler400 = "fazhi.core.errors.bad_request"
handler403 = "fazhi.core.errors.permission_denied"
handler404 = "fazhi.core.errors.page_not_found"
handler500 = "fazhi.core.errors.server_error"
