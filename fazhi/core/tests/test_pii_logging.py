"""No ID number or phone reaches a log line: the filter masks them in messages, arguments and tracebacks."""

from __future__ import annotations

import io
import logging

import pytest
from django.conf import settings

from fazhi.core.logging import PIIMaskingFilter, mask_text, mask_value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("申请人身份证 15020219800101123X 已登记", "申请人身份证 150202********123X 已登记"),
        ("GET /cases/?party=15020219800101123x&line=mediation", "GET /cases/?party=150202********123X&line=mediation"),
        ("旧号 150202800101123。", "旧号 150202*****1123。"),
        ("电话13812345678，", "电话138****5678，"),
        ("tel +86 138 1234 5678", "tel +86 138****5678"),
        ("座机 0472-5123456", "座机 0472-***3456"),
        # percent-encoded in a request line: decoded, then masked
        (
            '"GET /api/v1/cases/?party=%2B86%20138%201234%205678 HTTP/1.1" 200',
            '"GET /api/v1/cases/?party=+86 138****5678 HTTP/1.1" 200',
        ),
        ("GET /cases/?party=138+1234+5678&line=mediation", "GET /cases/?party=138****5678&line=mediation"),
        ("GET /cases/?party=15020219800101%31%32%33X", "GET /cases/?party=150202********123X"),
        (
            "GET /cases/?number=%E5%8C%85%E5%A4%8D",
            "GET /cases/?number=%E5%8C%85%E5%A4%8D",
        ),  # nothing to hide: as it was
    ],
)
def test_identifiers_are_masked_wherever_they_sit(text, expected):
    assert mask_text(text) == expected


@pytest.mark.parametrize(
    "text",
    ["包复〔2024〕17号", "case 12345 took 250 ms", "request 3f2a9c1e0b8d4e6fa1b2c3d4e5f60718", "2024-05-06 10:00:00"],
)
def test_ordinary_numbers_are_left_alone(text):
    assert mask_text(text) == text


def _capture() -> tuple[logging.Logger, io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(PIIMaskingFilter())
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    logger = logging.getLogger("fazhi.tests.pii")
    logger.handlers, logger.propagate, logger.level = [handler], False, logging.INFO
    return logger, stream


def test_the_filter_masks_arguments_and_tracebacks():
    logger, stream = _capture()
    logger.info("party %s phone %s", "15020219800101123X", "13812345678")
    try:
        raise ValueError("bad id 11010519491231002X")
    except ValueError:
        logger.exception("import failed for %s", "13900001111")
    out = stream.getvalue()
    assert "15020219800101123X" not in out and "13812345678" not in out
    assert "11010519491231002X" not in out and "13900001111" not in out
    assert "150202********123X" in out and "138****5678" in out and "110105********002X" in out
    assert "ValueError" in out  # the traceback is kept, only masked


def test_settings_put_the_filter_on_every_handler_and_route_django_through_them():
    assert all("pii" in h.get("filters", []) for h in settings.LOGGING["handlers"].values())
    console = [h for h in logging.getLogger().handlers if any(isinstance(f, PIIMaskingFilter) for f in h.filters)]
    assert console, "the root logger's console handler carries the filter"
    # django.request / django.server write through the root's filtered handler, not their unfiltered defaults
    assert logging.getLogger("django").handlers == [] and logging.getLogger("django").propagate
    assert logging.getLogger("django.server").handlers == [] and logging.getLogger("django.server").propagate


def test_audit_change_records_mask_by_shape():
    assert mask_value("15020219800101123X") == "150202********123X"
    assert mask_value("13812345678") == "138****5678"
    assert mask_value("内蒙古包头市东河区和平路1号") == "内蒙古包头市东河区****"
    assert mask_value("") == "" and mask_value(None) == ""
