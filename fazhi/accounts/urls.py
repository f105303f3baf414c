from django.contrib.auth import views as auth_views
from django.urls import path

from fazhi.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/verify/", views.VerifyView.as_view(), name="verify"),
    path("login/enrol/", views.EnrolView.as_view(), name="enrol"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("guide/", views.guide, name="guide"),
]
