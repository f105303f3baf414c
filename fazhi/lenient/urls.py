"""Pages of the 免罚轻罚清单与决定 registry (mounted at /lenient/ by config/urls.py)."""

from django.urls import path

from fazhi.lenient import agency_views, figure_views, views

app_name = "lenient"

urlpatterns = [
    path("", views.decision_list, name="decision_list"),
    path("entries/", views.entry_list, name="entry_list"),
    path("entries/new/", views.entry_form, name="entry_create"),
    path("entries/<int:pk>/edit/", views.entry_form, name="entry_edit"),
    path("entries/<int:pk>/delete/", views.entry_delete, name="entry_delete"),
    path("upload/", views.decision_upload, name="decision_upload"),
    path("upload/template/", views.upload_template, name="upload_template"),
    path("upload/problems/", views.upload_problems, name="upload_problems"),
    path("agencies/", agency_views.agency_list, name="agency_list"),
    path("agencies/<int:pk>/", agency_views.agency_domains, name="agency_domains"),
    path("figures/<slug:key>/", figure_views.figure_records, name="figure_records"),
]
