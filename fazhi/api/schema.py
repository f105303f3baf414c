"""The OpenAPI description of every operation, exact enough for a generated client and for schemathesis.

drf-spectacular describes what a view declares; this adds what DRF and our handlers answer without saying so:
every error status an operation can answer, each with the project's error body (fazhi.api.errors), JSON as the
only request body, strings as DRF parses them (no NUL character, a required one not blank once trimmed), and
optional query parameters that may be sent empty (django-filter and the views read `?x=` as "not given").
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.validators import RegexValidator
from drf_spectacular import openapi
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny

# What Python's str.strip() removes (DRF and Django forms trim with it), spelled out: `\s` means less in other
# regex engines (schemathesis validates with Rust's), so a schema pattern names these characters one by one.
WHITESPACE = r"\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
NO_NUL = r"^[^\x00]*$"
NOT_BLANK = rf"^[^\x00]*[^\x00{WHITESPACE}][^\x00]*$"  # DRF trims, then refuses "" and any NUL character

DETAIL = {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]}
FIELD_ERRORS = {
    "type": "object",
    "description": '{"detail": "说明"}，或按字段列出的问题 {"<字段>": ["说明", …]}（嵌套字段为对象）。',
    "minProperties": 1,
    "additionalProperties": {
        "anyOf": [{"type": "string"}, {"type": "array", "items": {}}, {"type": "object"}],
    },
}
PAGE_PARAMETER = PageNumberPagination.page_query_param  # a page past the last one is 404 ("无效页面")
# status → (component name, description, body schema, headers)
ERRORS: dict[str, tuple[str, str, dict[str, Any], dict[str, Any]]] = {
    "400": ("BadRequest", "请求内容有误（字段、参数或规则不符）", FIELD_ERRORS, {}),
    "401": (
        "Unauthorized",
        "未登录，或接口令牌无效、已过期、已吊销",
        DETAIL,
        {"WWW-Authenticate": {"schema": {"type": "string"}, "description": "认证方式"}},
    ),
    "403": ("Forbidden", "无权执行该操作（角色、令牌范围或机构不符）", DETAIL, {}),
    "404": ("NotFound", "对象不存在或不在您的查看范围内，或页码超出范围", DETAIL, {}),
    "409": ("Conflict", "与案件当前状态冲突（例如他人已修改案件）", DETAIL, {}),
    "415": ("UnsupportedMediaType", "请求体须为 application/json", DETAIL, {}),
    "429": (
        "TooManyRequests",
        "请求过于频繁",
        DETAIL,
        {"Retry-After": {"schema": {"type": "integer", "minimum": 1}, "description": "多少秒后可以重试"}},
    ),
}


def _digits_between(lo: str, hi: str) -> str:
    """A regex matching the zero-padded numbers from `lo` to `hi` (same width, lo <= hi)."""
    if lo == hi:
        return lo
    if len(lo) == 1:
        return f"[{lo}-{hi}]"
    rest = len(lo) - 1
    if lo[0] == hi[0]:
        return f"{lo[0]}(?:{_digits_between(lo[1:], hi[1:])})"
    if lo[1:] == "0" * rest and hi[1:] == "9" * rest:
        return f"[{lo[0]}-{hi[0]}][0-9]{{{rest}}}"
    parts = [f"{lo[0]}(?:{_digits_between(lo[1:], '9' * rest)})"]
    if int(hi[0]) - int(lo[0]) > 1:
        parts.append(f"[{int(lo[0]) + 1}-{int(hi[0]) - 1}][0-9]{{{rest}}}")
    parts.append(f"{hi[0]}(?:{_digits_between('0' * rest, hi[1:])})")
    return "|".join(parts)


def date_pattern(earliest: date, latest: date) -> str:
    """A regex for YYYY-MM-DD dates from `earliest` (a month's first day) to `latest` (a month's last day).

    JSON Schema cannot bound a `format: date` string, so the bounds are in its pattern (the day of the month is
    left to `format: date`: 02-30 matches the pattern and fails the format, as it fails the server's parsing).
    """
    if earliest.day != 1 or (latest + timedelta(days=1)).day != 1 or earliest > latest:
        raise ValueError("date_pattern takes a month's first day and a (later) month's last day")
    day = "(?:0[1-9]|[12][0-9]|3[01])"

    def months(lo: int, hi: int) -> str:
        return f"(?:{_digits_between(f'{lo:02d}', f'{hi:02d}')})"

    y1, y2 = earliest.year, latest.year
    if y1 == y2:
        spans = [f"{y1}-{months(earliest.month, latest.month)}"]
    else:
        spans = [f"{y1}-{months(earliest.month, 12)}"]
        if y2 - y1 > 1:
            spans.append(f"(?:{_digits_between(f'{y1 + 1:04d}', f'{y2 - 1:04d}')})-{months(1, 12)}")
        spans.append(f"{y2}-{months(1, latest.month)}")
    return f"^(?:{'|'.join(spans)})-{day}$"


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's AutoSchema, completed with the statuses and parsing rules DRF applies unannounced."""

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        for parameter in operation.get("parameters", []):
            if parameter["in"] != "query":
                continue
            if not parameter.get("required"):
                parameter["allowEmptyValue"] = True  # ?x= means "not given", as django-filter reads it
            schema = parameter.get("schema", {})
            if schema.get("type") == "string" and not {"format", "enum", "pattern"} & schema.keys():
                schema["pattern"] = NO_NUL  # Django's form fields refuse a NUL character
        responses = operation["responses"]
        declared_errors = {code for code, response in responses.items() if code in ERRORS and "content" not in response}
        for code in self.error_statuses(operation) | declared_errors:
            declared = responses.get(code)
            if declared is None or "content" not in declared:
                responses[code] = self._error_response(code)
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    def error_statuses(self, operation: dict[str, Any]) -> set[str]:
        """The error statuses DRF and fazhi.api.errors answer for this operation, whether the view says so or not."""
        statuses = set()
        parameters = operation.get("parameters", [])
        paginated = self._get_paginator() is not None and self._is_list_view()
        page_parameter = PAGE_PARAMETER
        if "requestBody" in operation:
            statuses |= {"400", "415"}
        if any(p["in"] == "query" and p["name"] != page_parameter for p in parameters):
            statuses.add("400")
        if self.view.get_authenticators():
            statuses.add("401")  # a missing, malformed, expired or revoked token
        if any(not isinstance(p, AllowAny) for p in self.view.get_permissions()):
            statuses.add("403")
        if paginated or any(p["in"] == "path" or p["name"] == page_parameter for p in parameters):
            statuses.add("404")
        if self.view.get_throttles():
            statuses.add("429")
        return statuses

    def _error_response(self, code: str) -> dict[str, Any]:
        name, description, body, headers = ERRORS[code]
        schema = ResolvedComponent(name=f"{name}Body", type=ResolvedComponent.SCHEMA, schema=body, object=name)
        self.registry.register_on_missing(schema)
        response: dict[str, Any] = {"description": description, "content": {"application/json": {"schema": schema.ref}}}
        if headers:
            response["headers"] = headers
        component = ResolvedComponent(name=name, type=ResolvedComponent.RESPONSE, schema=response, object=name)
        self.registry.register_on_missing(component)
        return component.ref

    def map_parsers(self) -> list[Any]:
        return ["application/json"]  # the API parses JSON only (settings.REST_FRAMEWORK's parser classes)

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if (
            direction == "request"
            and isinstance(field, serializers.CharField)
            and schema.get("type") == "string"
            and not {"format", "enum", "pattern"} & schema.keys()
            and not any(isinstance(v, RegexValidator) for v in field.validators)  # spectacular adds that pattern
        ):
            schema["pattern"] = NO_NUL if field.allow_blank or not field.trim_whitespace else NOT_BLANK
        return schema
