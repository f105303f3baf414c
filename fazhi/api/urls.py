"""The API root: /api/v1/ with its OpenAPI schema; each app contributes its routes here."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from fazhi.cases.api import CaseViewSet, DeadlineCalculatorView
from fazhi.legal_aid import api as legal_aid_api
from fazhi.mediation.api import DisputeCreateView, QuickRecordView
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
    path(
        "legal-aid/applications/",
        legal_aid_api.ApplicationCreateView.as_view(),
        name="legal-aid-applications",
    ),
    path("legal-aid/consultations/", legal_aid_api.ConsultationListView.as_view(), name="legal-aid-consultations"),
    path("mediation/disputes/", DisputeCreateView.as_view(), name="mediation-disputes"),
    path("mediation/quick/", QuickRecordView.as_view(), name="mediation-quick"),
    path("", include(router.urls)),
]
