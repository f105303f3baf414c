"""The case transition request, generated from every line's step declarations (`Transition`, `Field`).

One component per step code, chosen by `code` (a oneOf with a discriminator); its `data` lists exactly the keys the
step accepts, each typed and bounded by the line's `Field`, required keys marked. Two lines may name a step alike
(`accept`, `terminate`): that code's `data` is then any one of the lines' declarations. The API parses a request
by the same declarations before the runner sees it, so what the schema calls valid the server parses, and what it
calls invalid the server refuses with 400; the runner then applies the rules a schema cannot state (the case's
state, facts and dates).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.plumbing import ComponentRegistry, ResolvedComponent
from rest_framework import serializers

from fazhi.api.schema import NO_NUL, NOT_BLANK, date_pattern
from fazhi.cases.fields import DECIMAL_LIMIT, EARLIEST_DATE, LATEST_DATE, Field, FieldError, FieldKind
from fazhi.cases.procedure import SYSTEM, Procedure, Transition
from fazhi.cases.registry import procedures

DATE_PATTERN = date_pattern(EARLIEST_DATE, LATEST_DATE)
_DATE = re.compile(DATE_PATTERN)
_NOT_BLANK = re.compile(NOT_BLANK)
TOP_LEVEL = ("code", "version", "on", "data")
DATE_PROBLEM = format_lazy(
    _("应为 {start} 至 {end} 之间的日期（YYYY-MM-DD）。"), start=EARLIEST_DATE.isoformat(), end=LATEST_DATE.isoformat()
)


@dataclass(frozen=True)
class Step:
    """One line's declaration of a step a person may take."""

    line: str
    procedure: Procedure
    transition: Transition


def steps() -> dict[str, list[Step]]:
    """Step code → each line's declaration of it, for every step people take (the system's own are not offered)."""
    found: dict[str, list[Step]] = {}
    for line, proc in sorted(procedures().items()):
        for t in proc.transitions:
            if t.roles - {SYSTEM}:
                found.setdefault(t.code, []).append(Step(line, proc, t))
    return dict(sorted(found.items()))


def camel(*words: str) -> str:
    return "".join(part.capitalize() for word in words for part in word.split("_"))


def value_schema(field: Field, choices: Mapping[str, Any] | None, *, required: bool) -> dict[str, Any]:
    """The JSON schema of one data value, as `parse_value` accepts it; an optional one may be null (= not given)."""
    schema: dict[str, Any]
    if choices:
        schema = {"type": "string", "enum": list(choices)}
    elif field.kind == FieldKind.TEXT:
        schema = {"type": "string", "maxLength": field.max_length, "pattern": NOT_BLANK if required else NO_NUL}
    elif field.kind == FieldKind.DATE:
        schema = {"type": "string", "format": "date", "pattern": DATE_PATTERN}
    elif field.kind == FieldKind.BOOLEAN:
        schema = {"type": "boolean"}
    else:
        schema = {"type": "integer" if field.kind == FieldKind.INTEGER else "number"}
        low = field.minimum if field.minimum is not None else -DECIMAL_LIMIT
        high = field.maximum if field.maximum is not None else DECIMAL_LIMIT
        schema |= {"minimum": _json_number(low), "maximum": _json_number(high)}
        if field.kind == FieldKind.DECIMAL:
            schema["exclusiveMinimum"] = field.minimum is None
            schema["exclusiveMaximum"] = field.maximum is None
    schema["description"] = str(field.label)
    if field.kind == FieldKind.DECIMAL:
        schema["description"] += f"（最多{field.decimal_places}位小数）"
    if not required:
        schema["nullable"] = True
    return schema


JSON_TYPES: dict[FieldKind, type | tuple[type, ...]] = {
    FieldKind.TEXT: str,
    FieldKind.DATE: str,
    FieldKind.BOOLEAN: bool,
    FieldKind.INTEGER: int,
    FieldKind.DECIMAL: (int, float),
}
TYPE_PROBLEMS = {
    FieldKind.TEXT: _("应为文字。"),
    FieldKind.DATE: DATE_PROBLEM,
    FieldKind.BOOLEAN: _("应为 true 或 false。"),
    FieldKind.INTEGER: _("应为整数。"),
    FieldKind.DECIMAL: _("应为数字。"),
}


def _json_number(value: int | Decimal) -> int | float:
    return int(value) if value == int(value) else float(value)


def data_schema(step: Step) -> dict[str, Any]:
    t, fields = step.transition, step.procedure.fields
    schema: dict[str, Any] = {
        "type": "object",
        "description": f"{step.procedure.line}：{t.label}（{t.basis}）",
        "properties": {
            key: value_schema(fields[key], t.choices.get(key), required=key in t.required) for key in t.accepted_keys
        },
        "additionalProperties": False,
    }
    if t.required:
        schema["required"] = list(t.required)
    return schema


def step_example(step: Step) -> dict[str, Any]:
    """A well-formed body for the step: each required key with a value of its kind (docs and schemathesis)."""
    t, fields = step.transition, step.procedure.fields
    data = {key: _example_value(fields[key], t.choices.get(key)) for key in t.required}
    return {"code": t.code, "version": 1, "data": data}


def _example_value(field: Field, choices: Mapping[str, Any] | None) -> Any:
    if choices:
        return next(iter(choices))
    return {
        FieldKind.DATE: "2025-03-03",
        FieldKind.BOOLEAN: True,
        FieldKind.INTEGER: field.minimum if field.minimum is not None else 1,
        FieldKind.DECIMAL: 100,
    }.get(field.kind, str(field.label))


def components() -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """(the request schema, the components it refers to by name)."""
    found: dict[str, dict[str, Any]] = {}
    mapping: dict[str, str] = {}
    for code, declared in steps().items():
        data_refs = []
        for step in declared:
            name = camel(step.line, code, "data")
            found[name] = data_schema(step)
            data_refs.append({"$ref": f"#/components/schemas/{name}"})
        name = camel(code, "step")
        labels = "；".join(f"{s.line}：{s.transition.label}" for s in declared)
        found[name] = {
            "type": "object",
            "description": labels,
            "properties": {
                "code": {"type": "string", "enum": [code]},
                "version": {"type": "integer", "minimum": 1, "description": "客户端看到的案件版本（乐观锁）"},
                "on": {
                    "type": "string",
                    "format": "date",
                    "pattern": DATE_PATTERN,
                    "description": "办理日期（收到日期至今天之间）；缺省为今天",
                },
                "data": data_refs[0] if len(data_refs) == 1 else {"anyOf": data_refs},
            },
            "required": ["code", "version"] + (["data"] if all(s.transition.required for s in declared) else []),
            "additionalProperties": False,
            "example": step_example(declared[0]),
        }
        mapping[code] = f"#/components/schemas/{name}"
    request = {
        "oneOf": [{"$ref": ref} for ref in mapping.values()],
        "discriminator": {"propertyName": "code", "mapping": mapping},
    }
    return request, found


def transition_request(registry: ComponentRegistry) -> dict[str, Any]:
    """Register the step components with drf-spectacular's registry; the request schema's reference."""
    request, found = components()
    for name, schema in {**found, "TransitionRequest": request}.items():
        registry.register_on_missing(ResolvedComponent(name, ResolvedComponent.SCHEMA, schema=schema, object=name))
    return {"$ref": "#/components/schemas/TransitionRequest"}


def parse_value(field: Field, choices: Mapping[str, Any] | None, value: Any, *, required: bool) -> str | None:
    """None if `value` fits its declaration as the schema states it, else what is wrong (for the user).

    The API takes JSON's own types (a number for an integer, true/false for yes/no); the value is then parsed by
    the same `Field` the runner uses, so the bounds are the declaration's, stated once.
    """
    if value is None:
        return gettext("请填写此项。") if required else None
    if choices:
        allowed = "、".join(map(str, choices))
        return (
            None
            if isinstance(value, str) and value in choices
            else gettext("可选：%(options)s。") % {"options": allowed}
        )
    if isinstance(value, bool) != (field.kind == FieldKind.BOOLEAN) or not isinstance(value, JSON_TYPES[field.kind]):
        return str(TYPE_PROBLEMS[field.kind])
    try:
        parsed = field.parse(value)
    except FieldError as exc:
        return exc.reason
    blank = parsed == "" or (isinstance(value, str) and not _NOT_BLANK.fullmatch(value))  # as the schema's pattern
    return gettext("请填写此项。") if required and blank else None


def _is_date(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def data_errors(step: Step, data: Mapping[str, Any]) -> dict[str, list[str]]:
    """Each key of `data` that the step's declaration does not accept as the schema states it, with why."""
    t, fields = step.transition, step.procedure.fields
    errors: dict[str, list[str]] = {}
    for key in data:
        if key not in t.accepted_keys:
            errors[str(key)] = [gettext("“%(step)s”不接受此项。") % {"step": t.label}]
    for key in t.accepted_keys:
        problem = parse_value(fields[key], t.choices.get(key), data.get(key), required=key in t.required)
        if problem and (key in data or key in t.required):
            errors[key] = [f"{fields[key].label}：{problem}"]
    return errors


class TransitionInput(serializers.Serializer):
    """A step as the schema's TransitionRequest states it: a declared code, the version seen, a date, its data."""

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        if not isinstance(data, Mapping):
            raise serializers.ValidationError({"detail": gettext("请求体应为 JSON 对象。")})
        errors: dict[str, Any] = {str(k): [gettext("不接受此项。")] for k in data if k not in TOP_LEVEL}
        code = data.get("code")
        declared = steps().get(code) if isinstance(code, str) else None
        if declared is None:
            errors["code"] = [gettext("未知的操作：%(code)s") % {"code": data.get("code", gettext("（空）"))}]
        version = data.get("version")
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            errors["version"] = [gettext("应为您打开案件时看到的版本号（正整数）。")]
        on = data.get("on")
        if "on" in data and not (isinstance(on, str) and _DATE.fullmatch(on) and _is_date(on)):
            errors["on"] = [str(DATE_PROBLEM)]
        step_data = data.get("data", {})
        if not isinstance(step_data, Mapping):
            errors["data"] = [gettext("应为 JSON 对象。")]
        elif declared:
            own_line_first = sorted(declared, key=lambda step: step.line != self.context.get("line"))
            problems = [data_errors(step, step_data) for step in own_line_first]
            if all(problems):
                errors["data"] = problems[0]
        if errors:
            raise serializers.ValidationError(errors)
        return {"code": data["code"], "version": version, "on": on, "data": dict(step_data)}
