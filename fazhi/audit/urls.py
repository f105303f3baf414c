from django.urls import path

from fazhi.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.access_list, name="access_list"),
    path("export/", views.access_export, name="access_export"),
    path("changes/", views.change_list, name="change_list"),
    path("changes/export/", views.change_export, name="change_export"),
]
