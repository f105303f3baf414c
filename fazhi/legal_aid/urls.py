from django.urls import path

from fazhi.legal_aid import import_views, views

app_name = "legal_aid"

urlpatterns = [
    path("new/", views.intake, name="intake"),
    path("consultations/", views.consultation_list, name="consultation_list"),
    path("consultations/new/", views.consultation_create, name="consultation_create"),
    path("standards/", views.standards, name="standards"),
    path("import/", import_views.import_cases, name="import"),
    path("import/report/<slug:token>/", import_views.import_report, name="import_report"),
    path("import/template/", import_views.import_template, name="import_template"),
]
