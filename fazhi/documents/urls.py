from django.urls import path

from fazhi.documents import views

app_name = "documents"

urlpatterns = [
    path("<int:pk>/download/", views.document_download, name="document_download"),
]
