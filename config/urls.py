"""Top-level URL map: workbench pages, the API under /api/v1/, and the admin."""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="cases:my_tasks", permanent=False)),
    path("accounts/", include("fazhi.accounts.urls")),
    path("cases/", include("fazhi.cases.urls")),
    path("documents/", include("fazhi.documents.urls")),
    path("reconsideration/", include("fazhi.reconsideration.urls")),
    path("legal-aid/", include("fazhi.legal_aid.urls")),
    path("mediation/", include("fazhi.mediation.urls")),
    path("indicators/", include("fazhi.indicators.urls")),
    path("audit/", include("fazhi.audit.urls")),
    path("api/v1/", include("fazhi.api.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
