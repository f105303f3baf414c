"""Pages of the 执法监督网络（监督机构、执法人员与证件） registry (mounted at /enforcement/ by config/urls.py)."""

from django.urls import URLPattern, path

from fazhi.enforcement import figure_views, public, views

app_name = "enforcement"

urlpatterns: list[URLPattern] = [
    path("", views.certificate_list, name="certificate_list"),
    path("certificates/<int:pk>/", views.certificate_detail, name="certificate_detail"),
    path("certificates/<int:pk>/<slug:code>/", views.certificate_move, name="certificate_move"),
    path("expiring/", views.expiring, name="expiring"),
    path("officers/", views.officer_list, name="officer_list"),
    path("officers/new/", views.officer_register, name="officer_register"),
    path("officers/<int:pk>/", views.officer_detail, name="officer_detail"),
    path("officers/<int:pk>/apply/", views.certificate_apply, name="certificate_apply"),
    path("bodies/", views.body_list, name="body_list"),
    path("bodies/new/", views.body_register, name="body_register"),
    path("bodies/<int:pk>/dissolve/", views.body_dissolve, name="body_dissolve"),
    path("figures/<slug:key>/", figure_views.figure_records, name="figure_records"),
    # public: the address a certificate's QR code carries (anonymous, rate-limited, noindex)
    path("verify/<str:token>/", public.verify, name="verify"),
    path("verify/<str:token>/photo/", public.verify_photo, name="verify_photo"),
]
