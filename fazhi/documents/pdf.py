"""Word to PDF through LibreOffice headless, so the PDF printed is the document the tests read.

`soffice --headless --convert-to pdf` (Debian's libreoffice-writer-nogui, `make system`) runs in a subprocess with
a timeout, with its own profile directory per call: two conversions sharing a profile clash (the second exits at
once without output). Several files convert in one call (`docx_to_pdf_many`): LibreOffice's start-up is most of
the cost (one document 6-8 s, thirty 31 s, at load 16 on the shared 2-core machine). The official fonts are not
installed: `fonts/fonts.conf` maps them to the installed CJK fonts through fontconfig (FONTCONFIG_FILE), see
docs/documents.md.

A document's PDF is kept in Django's cache (per process memory by default, never on disk: it holds names) under
the hash of its .docx content, so a second download of an unchanged document does not start LibreOffice.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
import tempfile
import threading
import zipfile
from collections.abc import Mapping
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

FONTS_CONF = Path(__file__).resolve().parent / "fonts" / "fonts.conf"
TIMEOUT_SECONDS = 120  # every kind of the three lines (30 files) took 31 s at load 16 on 2 cores; a hung one is killed
CACHE_SECONDS = 3600
# At most two LibreOffice processes per server process (each is a whole office suite and takes a core while it
# runs); a third download waits for one to finish, up to the timeout.
_RUNNING = threading.BoundedSemaphore(2)


class PdfError(Exception):
    """A PDF that cannot be made; the message is for the user (Chinese)."""


def soffice() -> str | None:
    """The LibreOffice executable (settings.DOCUMENTS_SOFFICE, else soffice on PATH), or None when absent."""
    configured = getattr(settings, "DOCUMENTS_SOFFICE", "")
    if configured:
        return configured if os.access(configured, os.X_OK) else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def available() -> bool:
    return soffice() is not None


def docx_to_pdf_many(files: Mapping[str, bytes], *, timeout: float = TIMEOUT_SECONDS) -> dict[str, bytes]:
    """Convert {name: .docx bytes} to {name: .pdf bytes} in one LibreOffice run; PdfError (Chinese) on failure.

    Names become file names: letters, digits, '_' and '-' only.
    """
    executable = soffice()
    if executable is None:
        raise PdfError(_("服务器未安装 LibreOffice，暂时无法生成 PDF，请下载 Word 版本。"))
    for name in files:
        if not name or not all(c.isascii() and (c.isalnum() or c in "_-") for c in name):
            raise ValueError(f"not a safe file name: {name!r}")
    if not _RUNNING.acquire(timeout=timeout):
        raise PdfError(_("生成 PDF 超时，请稍后重试或下载 Word 版本。"))
    try:
        return _convert(executable, files, timeout)
    finally:
        _RUNNING.release()


def _convert(executable: str, files: Mapping[str, bytes], timeout: float) -> dict[str, bytes]:
    with tempfile.TemporaryDirectory(prefix="fazhi-pdf-") as tmp:
        work = Path(tmp)
        (work / "in").mkdir()
        (work / "out").mkdir()
        inputs = []
        for name, content in files.items():
            path = work / "in" / f"{name}.docx"
            path.write_bytes(content)
            inputs.append(str(path))
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(work),  # LibreOffice and fontconfig write their caches here, not in the server's home
            "LANG": "zh_CN.UTF-8",
            "FONTCONFIG_FILE": str(FONTS_CONF),
            "SAL_USE_VCLPLUGIN": "svp",  # headless rendering, no display
        }
        command = [
            executable,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",  # a profile of its own: concurrent calls clash
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(work / "out"),
            *inputs,
        ]
        try:
            subprocess.run(command, env=env, cwd=work, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise PdfError(_("生成 PDF 超时，请稍后重试或下载 Word 版本。")) from None
        except OSError as e:
            raise PdfError(_("无法启动 LibreOffice 生成 PDF：%(error)s") % {"error": e}) from e
        out: dict[str, bytes] = {}
        for name in files:
            pdf = work / "out" / f"{name}.pdf"
            if not pdf.is_file() or pdf.stat().st_size == 0:
                raise PdfError(_("LibreOffice 未能生成 PDF，请下载 Word 版本。"))
            out[name] = pdf.read_bytes()
        return out


def docx_to_pdf(content: bytes, *, timeout: float = TIMEOUT_SECONDS) -> bytes:
    """One .docx as PDF, from the cache when the same content was converted within the hour."""
    key = "documents:pdf:" + hashlib.sha256(_stable(content)).hexdigest()
    cached = cache.get(key)
    if cached is not None:
        return cached
    pdf = docx_to_pdf_many({"document": content}, timeout=timeout)["document"]
    cache.set(key, pdf, CACHE_SECONDS)
    return pdf


def _stable(content: bytes) -> bytes:
    """The parts of a .docx, without the zip's timestamps (each render writes the time of the day into them)."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as z:
            return b"".join(name.encode() + b"\0" + z.read(name) for name in sorted(z.namelist()))
    except zipfile.BadZipFile:
        return content
