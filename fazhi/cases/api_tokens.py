"""POST /api/v1/party-token/: the search token for a full ID number or phone, so neither travels in a URL.

The case list's `party` filter takes a full ID number or phone (found through the blind index) or the token this
returns. A query string ends up in access logs, proxies and browser history; the request body does not. A client
that searches by a person asks for the token once and puts it in `?party=` (the workbench does the same by a
redirect). The token is a keyed digest: it finds the person's cases, and tells nothing about the number.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from fazhi.api.permissions import IsStaffReader
from fazhi.cases.filters import party_token

# A full ID number (18 or 15 characters) or a phone number (digits, spaces, brackets, dashes, an optional +): the
# schema carries the pattern, so a client (and the schema fuzzer) knows what is accepted before it asks.
VALUE_PATTERN = r"^\s*(\d{17}[\dXx]|\d{15}|\+?[\d(][\d\s()-]{5,}\d)\s*$"


class PartyTokenInput(serializers.Serializer):
    value = serializers.RegexField(
        VALUE_PATTERN,
        label=_("当事人身份证号或电话（完整）"),
        max_length=40,
        trim_whitespace=False,  # the length the schema states is the length received; spaces are dropped below
        write_only=True,
        error_messages={"invalid": _("请填写完整的身份证号码或电话号码。")},
    )

    def validate_value(self, value: str) -> str:
        return value.strip()  # the pattern allows spaces around the number


class PartyTokenOutput(serializers.Serializer):
    token = serializers.CharField(help_text=_("放在案件列表的 party 参数中：?party=<token>"))


class PartyTokenView(APIView):
    permission_classes = [IsStaffReader]

    @extend_schema(request=PartyTokenInput, responses={200: PartyTokenOutput}, summary="当事人检索令牌")
    def post(self, request):
        data = PartyTokenInput(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(PartyTokenOutput({"token": party_token(data.validated_data["value"])}).data)
