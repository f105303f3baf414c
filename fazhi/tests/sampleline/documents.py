"""The test-only line's one document, with the text of its built-in template."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fazhi.documents.kinds import DocumentKind, TemplateText
from fazhi.tests.sampleline.choices import LINE

KINDS: tuple[DocumentKind, ...] = (
    DocumentKind(
        "sample_decision",
        _("示例准予决定书"),
        "示准",
        LINE,
        TemplateText(
            (
                "你于{{ received_on }}向本机关提出的申请，经审查，符合法定条件、标准。"
                "根据《中华人民共和国行政许可法》第三十八条第一款的规定，本机关决定准予。",
            ),
            closing="特此决定。",
        ),
    ),
)
