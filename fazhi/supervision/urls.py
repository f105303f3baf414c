from django.urls import path

from fazhi.supervision import figure_views, views

app_name = "supervision"

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("new/", views.intake, name="intake"),
    path("checks/", views.plan_list, name="plan_list"),
    path("checks/new/", views.plan_new, name="plan_new"),
    path("checks/plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("checks/<int:pk>/", views.check_detail, name="check_detail"),
    path("interviews/", views.interview_list, name="interview_list"),
    path("interviews/<int:pk>/", views.interview_detail, name="interview_detail"),
    path("figures/<slug:key>/", figure_views.figure_records, name="figure_records"),
]
