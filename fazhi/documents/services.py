"""Issuing numbered documents on a case and rendering them from Word templates (docxtpl, GB/T 9704 layout)."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from jinja2 import ChainableUndefined
from jinja2 import TemplateError as JinjaTemplateError
from jinja2.sandbox import SandboxedEnvironment

from fazhi.cases.models import Case, CaseEvent, Party
from fazhi.cases.numbering import format_number, number_next
from fazhi.documents.build_templates import default_template
from fazhi.documents.kinds import kind as kind_of
from fazhi.documents.models import DocumentTemplate, IssuedDocument

MAX_TEMPLATE_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # a zip bomb unpacks far beyond this
LIST_KEYS = ("items",)  # data keys the templates loop over, one paragraph per entry


class TemplateError(Exception):
    """A Word template that cannot be read or rendered; the message is for the user."""


def document_issue(
    *, case: Case, kind: str, actor, on: date, data: dict[str, Any], event: CaseEvent | None = None
) -> IssuedDocument:
    """Number and record a document of `kind` on `case`, inside the caller's transaction (gap-free 发文字号)."""
    info = kind_of(kind)
    if info.line != case.line:
        raise ValueError(f"document kind {info.key!r} does not belong to line {case.line!r}")
    org = case.organisation  # keeps the register: the series is the handling organisation's
    n = number_next(organisation_id=org.pk, series=f"doc:{info.key}", year=on.year)
    prefix = f"{info.issuer(case).short_name}{case.procedure.number_code}{info.code}"
    return IssuedDocument.objects.create(
        case=case,
        organisation=org,
        kind=info.key,
        number=format_number(prefix, on.year, n),
        year=on.year,
        n=n,
        issued_on=on,
        issued_by=actor,
        event=event,
        data={k: v.isoformat() if isinstance(v, date) else v for k, v in data.items()},
    )


def chinese_date(value: date | None) -> str:
    """A date as 成文日期 are written (GB/T 9704): 2024年10月8日, full year, no leading zeros."""
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


# The numbers a clerk types before an item (1. 1、 1） （1） （一） 一、 ①): the template numbers the items itself.
_TYPED_NUMBER = re.compile(
    r"^\s*(?:[(（]\s*[0-9一二三四五六七八九十]+\s*[)）]"  # （1） （一）
    r"|[0-9]+\s*(?:[.．](?![0-9])|[、)）])"  # 1. 1、 1）, not the 1. of 1.5万元
    r"|[一二三四五六七八九十]+\s*、|[①-⑳])\s*"  # 一、 ①
)


def paragraphs(value: Any) -> list[str]:
    """A multi-line field as its non-empty lines, stripped (a list is taken as it is); nothing for None or ""."""
    if value is None or value == "":
        return []
    lines = [str(v) for v in value] if isinstance(value, list | tuple) else str(value).splitlines()
    return [line.strip() for line in lines if line and line.strip()]


_SENTENCE_ENDS = tuple("。！？；：…”’")


def sentences(value: Any) -> list[str]:
    """A multi-line field as paragraphs of prose: each line ends with a full stop unless it has its own ending."""
    return [line if line.endswith(_SENTENCE_ENDS) else f"{line}。" for line in paragraphs(value)]


def items(value: Any) -> list[str]:
    """The entries of a list field, one a line, without the numbers the clerk typed: the template adds its own."""
    return [text for text in (_TYPED_NUMBER.sub("", line, count=1).strip() for line in paragraphs(value)) if text]


def _data_value(key: str, value: Any) -> Any:
    if key.endswith("_on") and isinstance(value, str):
        try:
            return chinese_date(date.fromisoformat(value))
        except ValueError:
            return value
    if key in LIST_KEYS and isinstance(value, str):
        return [line.strip() for line in value.splitlines() if line.strip()]
    return value


def document_context(doc: IssuedDocument) -> dict[str, Any]:
    """The placeholders of a document: names and dates only, never an ID number or phone (copies go to all parties)."""
    case = doc.case
    parties = list(case.parties.order_by("id"))

    def names(role: str) -> str:
        return "、".join(p.name for p in parties if p.role == role)

    info = doc.kind_info
    context = {k: _data_value(k, v) for k, v in (doc.data or {}).items()}
    context.update(
        number=doc.number,
        title=str(info.name),
        organisation=info.issuer(case).name,  # the 发文机关 (the kind's issuer), which may be above the office
        handling_office=info.handled_by(case).name,  # 承办: the case's organisation unless the kind says who acts
        case_office=case.organisation.name,  # the organisation whose case it is, whoever issues or handles
        basis=doc.event.basis if doc.event_id and doc.event else "",  # the step's articles, from procedure.py
        case_number=case.number,
        case_title=case.title,
        received_on=chinese_date(case.received_on),
        accepted_on=chinese_date(case.accepted_on),
        issued_on=chinese_date(doc.issued_on),
        applicants=names(Party.Role.APPLICANT),
        respondents=names(Party.Role.RESPONDENT),
        third_parties=names(Party.Role.THIRD_PARTY),
        parties=[{"role": str(p.get_role_display()), "name": p.name} for p in parties],
    )
    if info.context is not None:  # the line's placeholders never replace the kernel's or the step's
        context |= {k: v for k, v in info.context(doc).items() if k not in context}
    context["copy_to"] = _render_string(info.text.copy_to, context) if info.text.copy_to else ""
    return context


def _render_string(text: str, context: dict[str, Any]) -> str:
    """A kind's one-line jinja (its 抄送) rendered with the document's context; its names escaped later by docxtpl."""
    env = _environment()
    env.autoescape = False
    return env.from_string(text).render(context).strip()


def sample_context() -> dict[str, Any]:
    """A context with every common placeholder filled, for a trial render of an uploaded template."""
    return {
        "number": "包复受〔2024〕1号",
        "title": "受理通知书",
        "organisation": "包头市人民政府",
        "handling_office": "包头市人民政府行政复议办公室",
        "case_office": "包头市人民政府行政复议办公室",
        "basis": "行政复议法第三十条第一款",
        "copy_to": "某某局",
        "case_number": "包复〔2024〕1号",
        "case_title": "不服罚款决定",
        "received_on": "2024年9月30日",
        "accepted_on": "2024年10月8日",
        "issued_on": "2024年10月8日",
        "applicants": "张三",
        "respondents": "某某局",
        "third_parties": "",
        "parties": [{"role": "申请人", "name": "张三"}, {"role": "被申请人", "name": "某某局"}],
        "items": ["身份证明材料", "行政行为的相关证据"],
        "reasons": "理由",
        "facts": "查明的事实",
        "decision": "决定内容",
    }


def _environment() -> SandboxedEnvironment:
    # A missing key renders as an empty string (and loops over nothing) instead of failing the whole document;
    # the sandbox keeps an uploaded template from reaching Python internals.
    env = SandboxedEnvironment(undefined=ChainableUndefined, autoescape=True)
    # a multi-line field as paragraphs, as sentences (a Section), as numbered items (a Loop)
    env.filters.update(paragraphs=paragraphs, sentences=sentences, items=items)
    return env


def render_docx(template: bytes, context: dict[str, Any]) -> bytes:
    """Render a .docx template with `context`; TemplateError with a Chinese message if it cannot be done."""
    from docxtpl import DocxTemplate

    try:
        tpl = DocxTemplate(io.BytesIO(template))
        tpl.render(context, jinja_env=_environment(), autoescape=True)
        out = io.BytesIO()
        tpl.save(out)
    except JinjaTemplateError as e:
        raise TemplateError(_("文书模板中的占位符有误：%(error)s") % {"error": e}) from e
    except Exception as e:  # a broken zip, malformed XML, a missing part: all mean an unusable template
        raise TemplateError(_("文书模板无法生成文书：%(error)s") % {"error": e}) from e
    return out.getvalue()


def template_bytes(kind: str) -> bytes:
    """The administrator's uploaded template of `kind` if there is one, else the one built from its line's text."""
    uploaded = DocumentTemplate.objects.filter(kind=kind).first()
    if uploaded is not None:
        try:
            with uploaded.file.open("rb") as f:
                return f.read()
        except OSError as e:
            raise TemplateError(_("上传的文书模板文件无法读取：%(error)s") % {"error": e}) from e
    return default_template(kind)


def document_render(doc: IssuedDocument) -> bytes:
    """The document as a .docx, from the uploaded template of its kind or the built-in one.

    Always in Chinese (settings.LANGUAGE_CODE): an official document does not follow the clerk's interface language,
    and the built-in template cached per kind must never be built from English labels.
    """
    with translation.override(settings.LANGUAGE_CODE):
        return render_docx(template_bytes(doc.kind), document_context(doc))


def template_validate(file) -> None:
    """Reject an upload that is not a .docx (a zip holding word/document.xml), exceeds 5 MB or fails a trial render."""
    if file.size is not None and file.size > MAX_TEMPLATE_BYTES:
        raise ValidationError(_("模板文件不得超过 5 MB。"), code="too_large")
    if not str(file.name or "").lower().endswith(".docx"):
        raise ValidationError(_("请上传 Word 文档（.docx 格式）。"), code="not_docx")
    file.seek(0)
    content = file.read(MAX_TEMPLATE_BYTES + 1)
    file.seek(0)
    if len(content) > MAX_TEMPLATE_BYTES:
        raise ValidationError(_("模板文件不得超过 5 MB。"), code="too_large")
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as z:
            if "word/document.xml" not in z.namelist():
                raise ValidationError(_("该文件不是有效的 Word 文档（缺少正文部分）。"), code="not_docx")
            if sum(i.file_size for i in z.infolist()) > MAX_UNPACKED_BYTES:
                raise ValidationError(_("模板文件解压后过大，请检查文件。"), code="too_large")
    except zipfile.BadZipFile:
        raise ValidationError(_("该文件不是有效的 Word 文档（.docx），可能已损坏。"), code="not_docx") from None
    try:
        render_docx(content, sample_context())
    except TemplateError as e:
        raise ValidationError(_("模板试生成失败：%(error)s") % {"error": e}, code="render_failed") from e
