"""Administrators replace a kind's built-in template with their own .docx; issued documents are read-only."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile

from fazhi.documents.models import DocumentTemplate, IssuedDocument
from fazhi.documents.services import template_validate


class DocumentTemplateForm(forms.ModelForm):
    class Meta:
        model = DocumentTemplate
        fields = ["kind", "file", "note"]

    def clean_file(self):
        """Reject a file that is not a usable .docx template before it is stored."""
        file = self.cleaned_data["file"]
        if isinstance(file, UploadedFile):  # a new upload, not the file already stored
            template_validate(file)
        return file


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(admin.ModelAdmin):
    form = DocumentTemplateForm
    list_display = ["kind", "note", "uploaded_by", "uploaded_at"]
    readonly_fields = ["uploaded_by", "uploaded_at"]

    def save_model(self, request, obj, form, change) -> None:
        obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(admin.ModelAdmin):
    list_display = ["number", "kind", "case", "issued_on", "issued_by"]
    list_filter = ["kind", "year"]
    search_fields = ["number", "case__number"]
    readonly_fields = [f.name for f in IssuedDocument._meta.fields]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
