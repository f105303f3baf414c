from django.urls import path

from fazhi.indicators import views

app_name = "indicators"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("records/", views.drilldown, name="drilldown"),
    path("report/", views.report, name="report"),
]
