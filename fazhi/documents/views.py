"""Document downloads: authenticate → scope to the user's cases → render → record the access."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache

from fazhi.audit.services import accessed, records_access
from fazhi.cases.views import staff_required
from fazhi.documents.models import IssuedDocument
from fazhi.documents.services import TemplateError, document_render

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@never_cache
@records_access("download", what="documents.issueddocument")
@staff_required
def document_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The issued document as a Word file, for staff who can see its case; each download is recorded."""
    visible = IssuedDocument.objects.visible_to(request.user).select_related("case__organisation")
    doc = get_object_or_404(visible, pk=pk)
    try:
        content = document_render(doc)
    except TemplateError as e:
        messages.error(request, str(e))
        return redirect("cases:case_detail", pk=doc.case_id)
    accessed(request, doc)
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = content_disposition_header(True, f"{doc.number} {doc.kind_info.name}.docx")
    return response
