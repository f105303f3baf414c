"""Legality-review API: register a request for review, list the reviews in the caller's scope (the same service
and checks as the pages; steps on a review go through the kernel's step routes)."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from fazhi.accounts import access
from fazhi.accounts.models import Organisation
from fazhi.api.permissions import IsStaffMember
from fazhi.cases.api import CaseSerializer
from fazhi.cases.models import Channel
from fazhi.cases.runner import TransitionError, TransitionForbidden
from fazhi.legality import selectors
from fazhi.legality.choices import LINE, ReviewKind
from fazhi.legality.forms import CHANNELS
from fazhi.legality.procedure import State
from fazhi.legality.services import ReviewRequest, review_register

INVALID_CHOICE = {"invalid_choice": "“{input}”不是有效的选项。"}


class CanReviewRequests(BasePermission):
    """Anyone on the line reads the reviews; the reviewing bodies' reviewers register requests."""

    message = "您没有查阅或登记合法性审核申请的权限。"

    def has_permission(self, request, view) -> bool:
        if request.method == "POST":
            return selectors.intake_organisations(request.user).exists()
        return access.can_read(request.user, LINE)


class ReviewInput(serializers.Serializer):
    """A request for review as the intake page takes it; `organisation` may be left out by a member of one body."""

    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, help_text="审核机构（仅在多个机构任职时必填）"
    )
    kind = serializers.ChoiceField(
        choices=ReviewKind.choices, error_messages={**INVALID_CHOICE, "required": "请选择审核事项。"}
    )
    title = serializers.CharField(max_length=200, error_messages={"required": "请填写送审文件或合同名称。"})
    requesting_body = serializers.CharField(max_length=100, error_messages={"required": "请填写送审单位。"})
    received_on = serializers.DateField(required=False, help_text="收到材料日期；缺省为今天")
    channel = serializers.ChoiceField(choices=CHANNELS, default=Channel.WALK_IN.value, error_messages=INVALID_CHOICE)
    draft_summary = serializers.CharField(max_length=20000, required=False, allow_blank=True, default="")


class ReviewOutput(CaseSerializer):
    kind = serializers.CharField(source="legality.kind", read_only=True, help_text="审核事项")

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "kind"]


class LegalityErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


class ReviewListView(APIView):
    """The reviews in the caller's scope, newest first (at most 100), or register one (POST)."""

    permission_classes = [IsStaffMember, CanReviewRequests]

    @extend_schema(
        parameters=[
            OpenApiParameter("kind", OpenApiTypes.STR, enum=ReviewKind.values),
            OpenApiParameter("state", OpenApiTypes.STR, enum=State.values),
        ],
        responses={200: ReviewOutput(many=True)},
    )
    def get(self, request):
        kind = request.query_params.get("kind", "")
        state = request.query_params.get("state", "")
        qs = selectors.review_list(
            user=request.user,
            kind=kind if kind in ReviewKind.values else "",
            state=state if state in State.values else "",
        )
        return Response(ReviewOutput(qs[:100], many=True).data)

    @extend_schema(
        request=ReviewInput,
        responses={
            201: ReviewOutput,
            400: OpenApiResponse(description="字段错误：{字段: [说明]}"),
            403: LegalityErrorSerializer,
        },
    )
    def post(self, request):
        payload = ReviewInput(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        allowed = list(selectors.intake_organisations(request.user))
        organisation = data.get("organisation")
        if organisation is None:
            if len(allowed) != 1:
                raise serializers.ValidationError({"organisation": ["您在多个机构任职，请指定审核机构。"]})
            organisation = allowed[0]
        elif organisation not in allowed:
            return Response({"detail": "您无权在该机构登记合法性审核申请。"}, status=status.HTTP_403_FORBIDDEN)
        review = ReviewRequest(
            kind=data["kind"],
            title=data["title"],
            requesting_body=data["requesting_body"],
            received_on=data.get("received_on") or timezone.localdate(),
            draft_summary=data["draft_summary"],
            channel=data["channel"],
        )
        try:
            case = review_register(organisation=organisation, request=review, actor=request.user)
        except TransitionForbidden as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_403_FORBIDDEN)
        except TransitionError as exc:
            raise serializers.ValidationError({"received_on": [str(exc)]}) from exc
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"detail": exc.messages}) from exc
        return Response(ReviewOutput(case).data, status=status.HTTP_201_CREATED)
