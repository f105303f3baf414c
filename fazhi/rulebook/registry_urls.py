"""The rule book's registry pages at /rules/: the list, a document's page and its writes, the catalogue import."""

from django.urls import URLPattern, path

from fazhi.rulebook import import_views
from fazhi.rulebook import registry_views as views

urlpatterns: list[URLPattern] = [
    path("", views.document_list, name="document_list"),
    path("new/", views.document_register, name="document_register"),
    path("<int:pk>/", views.document_detail, name="document_detail"),
    path("<int:pk>/edit/", views.document_edit, name="document_edit"),
    path("<int:pk>/amend/", views.document_amend, name="document_amend"),
    path("<int:pk>/end/", views.document_end, name="document_end"),
    path("<int:pk>/filing/", views.document_file, name="document_file"),
    path("<int:pk>/relations/", views.relation_add, name="relation_add"),
    path("<int:pk>/relations/<int:relation>/remove/", views.relation_remove, name="relation_remove"),
    path("tasks/<int:task>/decide/", views.task_decide, name="task_decide"),
    path("import/", import_views.catalogue_import, name="catalogue_import"),
    path("import/template.xlsx", import_views.catalogue_template, name="catalogue_template"),
    path("import/problems.xlsx", import_views.catalogue_problems, name="catalogue_problems"),
]
