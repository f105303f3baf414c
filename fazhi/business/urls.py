"""Pages of the 法治化营商环境 registry (mounted at /business/ by config/urls.py): the overview and figure records,
the enterprise legal-service list (and its public page), enterprises, parks, notary relations, outreach events."""

from django.urls import URLPattern, path

from fazhi.business import figure_views, record_views, service_list_views

app_name = "business"

urlpatterns: list[URLPattern] = [
    path("", figure_views.index, name="index"),
    path("figures/<slug:key>/", figure_views.figure_records, name="figure_records"),
    path("services/", service_list_views.service_list_index, name="service_list_index"),
    path("services/new/", service_list_views.service_list_create, name="service_list_create"),
    path("services/<int:pk>/", service_list_views.service_list_detail, name="service_list_detail"),
    path("services/<int:pk>/versions/<int:number>/", service_list_views.service_version, name="service_version"),
    path("services/<int:pk>/draft/", service_list_views.draft_start, name="draft_start"),
    path("services/<int:pk>/items/", service_list_views.item_add, name="item_add"),
    path("services/<int:pk>/publish/", service_list_views.version_publish, name="version_publish"),
    path("services/items/<int:pk>/edit/", service_list_views.item_edit, name="item_edit"),
    path("services/items/<int:pk>/remove/", service_list_views.item_remove, name="item_remove"),
    path("public/services/", service_list_views.public_service_list, name="public_service_list"),
    path("enterprises/", record_views.enterprise_list, name="enterprise_list"),
    path("enterprises/new/", record_views.enterprise_register, name="enterprise_register"),
    path("enterprises/<int:pk>/", record_views.enterprise_detail, name="enterprise_detail"),
    path("parks/", record_views.park_list, name="park_list"),
    path("notary/", record_views.relation_list, name="relation_list"),
    path("notary/new/", record_views.relation_record, name="relation_record"),
    path("notary/<int:pk>/", record_views.relation_detail, name="relation_detail"),
    path("notary/<int:pk>/edit/", record_views.relation_edit, name="relation_edit"),
    path("events/", record_views.event_list, name="event_list"),
    path("events/new/", record_views.event_record, name="event_record"),
    path("events/<int:pk>/", record_views.event_detail, name="event_detail"),
    path("events/<int:pk>/edit/", record_views.event_edit, name="event_edit"),
]
