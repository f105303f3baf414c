from django.urls import path

from fazhi.reconsideration import import_views, views

app_name = "reconsideration"

urlpatterns = [
    path("new/", views.intake, name="intake"),
    path("hearings/", views.hearing_calendar, name="hearing_calendar"),
    path("cases/<int:pk>/litigation/", views.litigation, name="litigation"),
    path("agencies/", views.agencies, name="agencies"),
    path("import/", import_views.import_cases, name="import"),
    path("import/report/<slug:token>/", import_views.import_report, name="import_report"),
    path("import/template/", import_views.import_template, name="import_template"),
]
