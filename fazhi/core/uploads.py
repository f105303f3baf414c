"""Checking uploaded files by their content, not their name: allowed kinds, size cap, clear Chinese errors."""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 20 * 1024 * 1024

# extension → (content type, magic prefix); OOXML files are zips checked further below.
ALLOWED = {
    ".pdf": ("application/pdf", b"%PDF-"),
    ".jpg": ("image/jpeg", b"\xff\xd8\xff"),
    ".jpeg": ("image/jpeg", b"\xff\xd8\xff"),
    ".png": ("image/png", b"\x89PNG\r\n\x1a\n"),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK\x03\x04"),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK\x03\x04"),
}
OOXML_MARKER = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml"}


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str
    size: int
    sha256: str


def check_upload(upload: UploadedFile) -> CheckedUpload:
    """Accept PDF, JPEG, PNG, DOCX and XLSX up to 20 MB whose bytes match their extension; refuse anything else."""
    name = (upload.name or "").lower()
    ext = name[name.rfind(".") :] if "." in name else ""
    if ext not in ALLOWED:
        raise ValidationError(_("只能上传 PDF、JPG、PNG、DOCX 或 XLSX 文件。"), code="upload_type")
    if upload.size is None or upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("文件不能超过 20 MB。"), code="upload_size")
    if upload.size == 0:
        raise ValidationError(_("文件为空。"), code="upload_empty")
    content_type, magic = ALLOWED[ext]
    upload.seek(0)
    head = upload.read(len(magic))
    if head != magic:
        raise ValidationError(
            _("文件内容与扩展名 %(ext)s 不符，可能已损坏或被改名。") % {"ext": ext}, code="upload_content"
        )
    if ext in OOXML_MARKER:
        upload.seek(0)
        try:
            with zipfile.ZipFile(upload) as z:
                if OOXML_MARKER[ext] not in z.namelist():
                    raise ValidationError(_("文件不是有效的 %(ext)s 文档。") % {"ext": ext}, code="upload_content")
        except zipfile.BadZipFile:
            raise ValidationError(_("文件不是有效的 %(ext)s 文档。") % {"ext": ext}, code="upload_content") from None
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedUpload(content_type, upload.size, digest.hexdigest())
