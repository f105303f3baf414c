"""The test-only line's API: its cases in the caller's scope."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from fazhi.accounts.access import can_read
from fazhi.api.permissions import IsStaffMember
from fazhi.cases.api import CaseSerializer
from fazhi.cases.models import Case
from fazhi.tests.sampleline.choices import LINE


class CanReadLine(BasePermission):
    message = "您没有查阅示例条线案件的权限。"

    def has_permission(self, request, view) -> bool:
        return can_read(request.user, LINE)


class CaseListView(APIView):
    """The line's cases in the caller's scope, newest first (at most 100)."""

    permission_classes = [IsStaffMember, CanReadLine]

    @extend_schema(responses={200: CaseSerializer(many=True)})
    def get(self, request):
        cases = Case.objects.visible_to(request.user).filter(line=LINE).order_by("-received_on", "-id")[:100]
        return Response(CaseSerializer(cases, many=True).data)
