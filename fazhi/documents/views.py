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
from fazhi.documents.pdf import PdfError, docx_to_pdf
from fazhi.documents.services import TemplateError, document_render

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


@never_cache
@records_access("download", what="documents.issueddocument")
@staff_required
def document_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The issued document as a Word file, or with ?format=pdf as a PDF rendered by LibreOffice, for staff who can
    see its case; each download is recorded. A PDF that cannot be made sends the user back with a Chinese message
    (the Word file still downloads)."""
    visible = IssuedDocument.objects.visible_to(request.user).select_related("case__organisation")
    doc = get_object_or_404(visible, pk=pk)
    as_pdf = request.GET.get("format") == "pdf"
    try:
        content = document_render(doc)
        if as_pdf:
            content = docx_to_pdf(content)
    except (TemplateError, PdfError) as e:
        messages.error(request, str(e))
        return redirect("cases:case_detail", pk=doc.case_id)
    accessed(request, doc)
    response = HttpResponse(content, content_type=PDF if as_pdf else DOCX)
    name = f"{doc.number} {doc.kind_info.name}.{'pdf' if as_pdf else 'docx'}"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
