"""The API root: /api/v1/ with its OpenAPI schema; each app contributes its routes here."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from fazhi.cases.api import CaseViewSet, DeadlineCalculatorView
from fazhi.reconsideration.api import ApplicationCreateView, HearingListView

router = DefaultRouter()
router.register("cases", CaseViewSet, basename="case")

urlpatterns = [
    path("deadlines/", DeadlineCalculatorView.as_view(), name="api-deadlines"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "reconsideration/applications/",
        ApplicationCreateView.as_view(),
        name="reconsideration-applications",
    ),
    path("reconsideration/hearings/", HearingListView.as_view(), name="reconsideration-hearings"),
    path("", include(router.urls)),
]
