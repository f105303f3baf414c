"""The rule book's cleanup pages (清理) at /rules/cleanups/."""

from django.urls import URLPattern, path

from fazhi.rulebook import campaign_views as views

urlpatterns: list[URLPattern] = [
    path("cleanups/", views.campaign_list, name="campaign_list"),
    path("cleanups/new/", views.campaign_create, name="campaign_create"),
    path("cleanups/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("cleanups/<int:pk>/add/", views.campaign_add, name="campaign_add"),
    path("cleanups/<int:pk>/items/<int:item>/remove/", views.campaign_remove, name="campaign_remove"),
    path("cleanups/<int:pk>/items/<int:item>/decide/", views.item_decide, name="campaign_item_decide"),
    path("cleanups/<int:pk>/close/", views.campaign_close, name="campaign_close"),
    path("cleanups/<int:pk>/lists.docx", views.campaign_lists_docx, name="campaign_lists_docx"),
    path("cleanups/<int:pk>/lists.xlsx", views.campaign_lists_xlsx, name="campaign_lists_xlsx"),
]
