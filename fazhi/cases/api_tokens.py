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
from fazhi.cases.filters import IDENTIFIER_RE, party_token


class PartyTokenInput(serializers.Serializer):
    value = serializers.CharField(
        label=_("当事人身份证号或电话（完整）"), max_length=40, trim_whitespace=True, write_only=True
    )

    def validate_value(self, value: str) -> str:
        if not IDENTIFIER_RE.fullmatch(value):
            raise serializers.ValidationError(_("请填写完整的身份证号码或电话号码。"))
        return value


class PartyTokenOutput(serializers.Serializer):
    token = serializers.CharField(help_text=_("放在案件列表的 party 参数中：?party=<token>"))


class PartyTokenView(APIView):
    permission_classes = [IsStaffReader]

    @extend_schema(request=PartyTokenInput, responses={200: PartyTokenOutput}, summary="当事人检索令牌")
    def post(self, request):
        data = PartyTokenInput(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(PartyTokenOutput({"token": party_token(data.validated_data["value"])}).data)
