from django.urls import path

from fazhi.mediation import import_views, views

app_name = "mediation"

urlpatterns = [
    path("new/", views.intake, name="intake"),
    path("quick/", views.quick, name="quick"),
    path("committees/", views.committee_list, name="committee_list"),
    path("committees/<int:pk>/", views.committee_detail, name="committee_detail"),
    path("committees/<int:pk>/members/", views.member_add, name="member_add"),
    path("committees/<int:pk>/mediators/", views.mediator_add, name="mediator_add"),
    path("mediators/<int:pk>/trainings/", views.training_add, name="training_add"),
    path("campaigns/", views.campaign_list, name="campaign_list"),
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("import/", import_views.import_cases, name="import"),
    path("import/report/<slug:token>/", import_views.import_report, name="import_report"),
    path("import/template/", import_views.import_template, name="import_template"),
]
