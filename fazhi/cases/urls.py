from django.urls import path

from fazhi.cases import exports, views

app_name = "cases"

urlpatterns = [
    path("tasks/", views.my_tasks, name="my_tasks"),
    path("", views.case_list, name="case_list"),
    path("export/", exports.case_export, name="case_export"),
    path("export/prepare/", exports.export_page, name="export_page"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/transitions/<slug:code>/", views.case_transition_view, name="case_transition"),
    path("<int:pk>/materials/", views.material_upload, name="material_upload"),
    path("<int:pk>/parties/<int:party_pk>/reveal/", views.party_reveal_view, name="party_reveal"),
    path("materials/<int:pk>/", views.material_download, name="material_download"),
    path("deadlines/", views.deadline_calculator, name="deadline_calculator"),
]
