"""API of the 法治化营商环境 registry (mounted at /api/v1/business/ by config/api_urls.py): read only."""

from django.urls import URLPattern, path

from fazhi.business import api

urlpatterns: list[URLPattern] = [
    path("service-lists/", api.ServiceListView.as_view(), name="api-business-service-lists"),
    path("enterprises/", api.EnterpriseListView.as_view(), name="api-business-enterprises"),
    path("parks/", api.ParkListView.as_view(), name="api-business-parks"),
    path("notary-relations/", api.RelationListView.as_view(), name="api-business-notary-relations"),
    path("events/", api.EventListView.as_view(), name="api-business-events"),
    path("figures/", api.FiguresView.as_view(), name="api-business-figures"),
]
