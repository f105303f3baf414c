"""The LibreOffice call: a clear Chinese error when it is absent, hangs or writes nothing; one profile per call."""

from __future__ import annotations

import threading

import pytest

from fazhi.documents import pdf
from fazhi.documents.build_templates import default_template
from fazhi.documents.services import render_docx, sample_context
from fazhi.documents.tests.test_pdf import _require_soffice


def _fake_soffice(tmp_path, script: str) -> str:
    path = tmp_path / "soffice"
    path.write_text(f"#!/bin/sh\n{script}\n")
    path.chmod(0o755)
    return str(path)


def test_absent_libreoffice_is_a_chinese_error(settings):
    settings.DOCUMENTS_SOFFICE = "/nonexistent/soffice"
    assert not pdf.available()
    with pytest.raises(pdf.PdfError, match="服务器未安装 LibreOffice"):
        pdf.docx_to_pdf_many({"a": b"x"})


def test_a_hung_conversion_is_killed_at_the_timeout(settings, tmp_path):
    settings.DOCUMENTS_SOFFICE = _fake_soffice(tmp_path, "sleep 30")
    with pytest.raises(pdf.PdfError, match="生成 PDF 超时"):
        pdf.docx_to_pdf_many({"a": b"x"}, timeout=0.5)


def test_a_conversion_that_writes_nothing_is_a_chinese_error(settings, tmp_path):
    settings.DOCUMENTS_SOFFICE = _fake_soffice(tmp_path, "exit 0")
    with pytest.raises(pdf.PdfError, match="未能生成 PDF"):
        pdf.docx_to_pdf_many({"a": b"x"})


def test_each_call_has_its_own_profile_and_the_fonts_conf(settings, tmp_path):
    """The fake soffice records its arguments and FONTCONFIG_FILE and writes a PDF where it is asked to."""
    log = tmp_path / "calls"
    settings.DOCUMENTS_SOFFICE = _fake_soffice(
        tmp_path,
        f'echo "$FONTCONFIG_FILE $1" >> {log}\n'
        'while [ "$1" != "--outdir" ]; do shift; done; out="$2"; shift 2\n'
        'for f in "$@"; do n=$(basename "$f" .docx); printf "%%PDF-1.7" > "$out/$n.pdf"; done',
    )
    assert pdf.docx_to_pdf_many({"a": b"x", "b": b"y"}) == {"a": b"%PDF-1.7", "b": b"%PDF-1.7"}
    pdf.docx_to_pdf_many({"c": b"z"})
    calls = log.read_text().splitlines()
    assert len(calls) == 2 and all(c.startswith(str(pdf.FONTS_CONF)) for c in calls)
    profiles = [c.split()[1] for c in calls]
    assert all(p.startswith("-env:UserInstallation=file://") for p in profiles) and len(set(profiles)) == 2


def test_a_third_conversion_waits_for_a_free_slot_and_gives_up_at_the_timeout(settings, tmp_path):
    settings.DOCUMENTS_SOFFICE = _fake_soffice(tmp_path, "exit 0")
    assert pdf._RUNNING.acquire(timeout=1) and pdf._RUNNING.acquire(timeout=1)  # two conversions running
    try:
        with pytest.raises(pdf.PdfError, match="生成 PDF 超时"):
            pdf.docx_to_pdf_many({"a": b"x"}, timeout=0.2)
    finally:
        pdf._RUNNING.release()
        pdf._RUNNING.release()


def test_unsafe_file_names_are_refused():
    with pytest.raises(ValueError):
        pdf.docx_to_pdf_many({"../x": b""})


def test_two_conversions_at_once_both_succeed_and_the_second_download_is_cached(monkeypatch):
    _require_soffice()
    docx = render_docx(default_template("decision"), sample_context())
    results: list[bytes] = []
    threads = [threading.Thread(target=lambda: results.append(pdf.docx_to_pdf_many({"d": docx})["d"])) for _ in "ab"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 2 and all(r.startswith(b"%PDF") for r in results)
    first = pdf.docx_to_pdf(docx)

    def no_second_run(*args, **kwargs):
        raise AssertionError("LibreOffice started again for the same document")

    monkeypatch.setattr(pdf, "docx_to_pdf_many", no_second_run)
    again = render_docx(default_template("decision"), sample_context())  # a new render: other zip timestamps
    assert pdf.docx_to_pdf(again) == first
