"""Keyset ("next page") pagination for long lists, with an estimated total unless `?count=exact` is asked for.

DRF's CursorPagination is the base (its opaque base64 cursor, its `cursor` query parameter, its links and schema),
but its position is the first ordering key alone plus an offset for ties, capped at 1000 (`offset_cutoff`): at 10M
cases one received_on day holds more than a thousand cases, so its pages would repeat. Here the position is the
whole key (date and id, `fazhi.cases.selectors.keyset_page`), so every page is one index range.
"""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import Cursor, CursorPagination
from rest_framework.response import Response

from fazhi.cases import selectors

COUNT_PARAM = "count"


class KeysetPagination(CursorPagination):
    """Pages of `ordering` (a date key then the id, both the same way) with `count` and `count_exact`."""

    ordering: tuple[str, str] = selectors.CASE_ORDER
    page_size = selectors.PAGE_SIZE
    invalid_cursor_message = _("无效的翻页位置")

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.base_url = request.build_absolute_uri()
        self.cursor = self.decode_cursor(request)
        position = self.cursor.position if self.cursor else None
        backwards = bool(self.cursor and self.cursor.reverse)
        try:
            page = selectors.keyset_page(
                queryset,
                self.ordering,
                after=None if backwards else position,
                before=position if backwards else None,
                size=self.page_size,
            )
        except selectors.BadCursor as exc:
            raise NotFound(self.invalid_cursor_message) from exc
        self.keyset = page
        exact = self.exact_count_asked(request)
        self.total = selectors.page_total(queryset, page, first_page=position is None, exact=exact)
        self.has_next, self.has_previous = page.next_cursor is not None, page.previous_cursor is not None
        self.display_page_controls = self.has_next or self.has_previous
        return page.rows

    def exact_count_asked(self, request) -> bool:
        """`count=exact` asks for an exact total; empty is not given (as for the filters); anything else is a 400."""
        value = request.query_params.get(COUNT_PARAM, "")
        if value not in ("", "exact"):
            raise ValidationError({COUNT_PARAM: [gettext("只能为 exact（精确计数）。")]})
        return value == "exact"

    def get_next_link(self):
        if self.keyset.next_cursor is None:
            return None
        return self.encode_cursor(Cursor(offset=0, reverse=False, position=self.keyset.next_cursor))

    def get_previous_link(self):
        if self.keyset.previous_cursor is None:
            return None
        return self.encode_cursor(Cursor(offset=0, reverse=True, position=self.keyset.previous_cursor))

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.total.n,
                "count_exact": self.total.exact,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        answer = super().get_paginated_response_schema(schema)
        answer["required"] = ["count", "count_exact", "next", "previous", "results"]
        answer["properties"] = {
            "count": {
                "type": "integer",
                "minimum": 0,
                "description": f"total rows: exact below {selectors.COUNT_CAP} or with count=exact, else estimated",
            },
            "count_exact": {"type": "boolean", "description": "false when count is the database's estimate"},
            **answer["properties"],
        }
        return answer

    def get_schema_operation_parameters(self, view):
        return [
            *super().get_schema_operation_parameters(view),
            {
                "name": COUNT_PARAM,
                "required": False,
                "in": "query",
                "description": "exact: count every row (slower on long lists) instead of estimating the total",
                "schema": {"type": "string", "enum": ["exact"]},
            },
        ]


class CasePagination(KeysetPagination):
    """The case list: newest received first (received_on, then id)."""

    ordering = selectors.CASE_ORDER
