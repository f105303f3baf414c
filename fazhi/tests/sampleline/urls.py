from django.urls import path

from fazhi.tests.sampleline import views

app_name = "sample_line"

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("inspection/", views.inspection, name="inspection"),
]
