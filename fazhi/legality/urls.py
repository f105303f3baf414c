from django.urls import path

from fazhi.legality import views

app_name = "legality"

urlpatterns = [
    path("", views.review_list, name="review_list"),
    path("new/", views.intake, name="intake"),
    path("periods/", views.periods, name="periods"),
]
