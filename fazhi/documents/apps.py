from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "fazhi.documents"
    label = "documents"
    verbose_name = _("法律文书")

    def ready(self) -> None:
        from fazhi.cases.hooks import issue_documents_with
        from fazhi.documents.checks import check_document_kinds
        from fazhi.documents.services import document_issue

        issue_documents_with(document_issue)
        checks.register(check_document_kinds)
