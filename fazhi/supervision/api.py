"""The supervision line's API: its cases (list, register a lead), health checks and interviews (read), and the
interview proposals of a period (POST). Steps on a case are the kernel's (`/api/v1/cases/{id}/transitions/`)."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from fazhi.accounts.models import Organisation, OrganisationKind
from fazhi.api.permissions import IsStaffMember
from fazhi.cases.api import CaseSerializer
from fazhi.cases.models import Channel
from fazhi.cases.runner import TransitionError, TransitionForbidden
from fazhi.supervision import selectors, services
from fazhi.supervision.choices import CheckState, InterviewState, Source
from fazhi.supervision.models import HealthCheck, Interview
from fazhi.supervision.procedure import State

INVALID_CHOICE = {"invalid_choice": "“{input}”不是有效的选项。"}
SOURCES = "线索来源：" + "、".join(f"{v}（{label}）" for v, label in Source.choices)


def _query_choice(request, name: str, values: list[str]) -> str:
    """A query parameter that must be one of `values` (or absent): anything else is a 400, as the schema says."""
    value = request.query_params.get(name, "")
    if value and value not in values:
        raise ValidationError({name: [gettext("不是有效的选项。")]})
    return value


def _query_year(request) -> int | None:
    value = request.query_params.get("year", "")
    if not value:
        return None
    if not (value.isdigit() and 1949 <= int(value) <= 2099):
        raise ValidationError({"year": [gettext("应为年份（如2024）。")]})
    return int(value)


class CanReadSupervision(BasePermission):
    """Members of the line other than an agency's reporter read; writes are checked by each view."""

    message = "您没有查阅行政执法监督记录的权限。"

    def has_permission(self, request, view) -> bool:
        return selectors.may_read(request.user)


class LeadInput(serializers.Serializer):
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, help_text="监督机构（仅在多个机构任职时必填）"
    )
    source = serializers.CharField(max_length=20, help_text=SOURCES, error_messages={"required": "请选择线索来源。"})
    agency = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(kind=OrganisationKind.ENFORCEMENT_AGENCY),
        help_text="被监督的行政执法机关",
        error_messages={"required": "请选择被监督的行政执法机关。", "does_not_exist": "该行政执法机关不存在。"},
    )
    title = serializers.CharField(max_length=200, error_messages={"required": "请填写案件名称。"})
    matter = serializers.CharField(max_length=5000, error_messages={"required": "请填写监督事项。"})
    informant = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    received_on = serializers.DateField(required=False, help_text="收到线索日期；缺省为今天")
    channel = serializers.CharField(max_length=20, required=False, default=Channel.WALK_IN.value)
    in_review_or_litigation = serializers.BooleanField(required=False, default=False)
    parallel_proceedings = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")

    def validate_source(self, value: str) -> str:
        if value not in Source.values:
            raise serializers.ValidationError(f"“{value}”不是有效的选项。")
        return value

    def validate_channel(self, value: str) -> str:
        if value not in Channel.values:
            raise serializers.ValidationError(f"“{value}”不是有效的选项。")
        return value


class SupervisionCaseOutput(CaseSerializer):
    source = serializers.CharField(source="supervision.source", read_only=True, help_text=SOURCES)
    agency = serializers.IntegerField(source="supervision.agency_id", read_only=True, allow_null=True)
    agency_name = serializers.CharField(source="supervision.agency.name", read_only=True, default="")
    rectify_days = serializers.IntegerField(source="supervision.rectify_days", read_only=True, allow_null=True)

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "source", "agency", "agency_name", "rectify_days"]


class SupervisionErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


class CaseListView(APIView):
    """The supervision cases in the caller's scope, newest first (at most 100), or register a lead (POST)."""

    permission_classes = [IsStaffMember, CanReadSupervision]

    @extend_schema(
        parameters=[
            OpenApiParameter("state", OpenApiTypes.STR, enum=State.values),
            OpenApiParameter("source", OpenApiTypes.STR, enum=Source.values),
        ],
        responses={200: SupervisionCaseOutput(many=True)},
    )
    def get(self, request):
        qs = selectors.case_list(
            user=request.user,
            state=_query_choice(request, "state", State.values),
            source=_query_choice(request, "source", Source.values),
        )
        return Response(SupervisionCaseOutput(qs[:100], many=True).data)

    @extend_schema(
        request=LeadInput,
        responses={
            201: SupervisionCaseOutput,
            400: OpenApiResponse(description="字段错误：{字段: [说明]}"),
            403: SupervisionErrorSerializer,
        },
    )
    def post(self, request):
        allowed = list(selectors.intake_organisations(request.user))
        if not allowed:
            return Response({"detail": "仅行政执法监督机构的工作人员可以登记监督线索。"}, status=403)
        payload = LeadInput(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        organisation = data.get("organisation")
        if organisation is None:
            if len(allowed) != 1:
                raise serializers.ValidationError({"organisation": ["您在多个机构任职，请指定监督机构。"]})
            organisation = allowed[0]
        elif organisation not in allowed:
            return Response({"detail": "您无权在该机构登记监督线索。"}, status=status.HTTP_403_FORBIDDEN)
        lead = services.Lead(
            source=data["source"],
            agency=data["agency"],
            title=data["title"],
            matter=data["matter"],
            received_on=data.get("received_on") or timezone.localdate(),
            informant=data["informant"],
            in_review_or_litigation=data["in_review_or_litigation"],
            parallel_proceedings=data["parallel_proceedings"],
            channel=data["channel"],
        )
        try:
            case = services.case_register(organisation=organisation, lead=lead, actor=request.user)
        except TransitionForbidden as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_403_FORBIDDEN)
        except TransitionError as exc:
            raise serializers.ValidationError({"received_on": [str(exc)]}) from exc
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"detail": exc.messages}) from exc
        return Response(SupervisionCaseOutput(case).data, status=status.HTTP_201_CREATED)


class FindingOutput(serializers.Serializer):
    item = serializers.CharField(help_text="检查项目")
    item_label = serializers.CharField(source="get_item_display")
    conforming = serializers.BooleanField()
    problem = serializers.CharField()
    examined = serializers.IntegerField(allow_null=True)
    defective = serializers.IntegerField(allow_null=True)


class HealthCheckOutput(serializers.ModelSerializer):
    year = serializers.IntegerField(source="plan.year", read_only=True)
    plan_title = serializers.CharField(source="plan.title", read_only=True)
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    state = serializers.CharField(read_only=True, help_text="状态：" + "、".join(CheckState.values))
    on_time = serializers.BooleanField(read_only=True, allow_null=True, help_text="是否按期报送整改报告")
    findings = FindingOutput(many=True, read_only=True)

    class Meta:
        model = HealthCheck
        fields = [
            "id",
            "year",
            "plan_title",
            "agency",
            "agency_name",
            "state",
            "checked_on",
            "notice_on",
            "due_on",
            "reported_on",
            "verified_on",
            "on_time",
            "findings",
        ]


class HealthCheckListView(APIView):
    """The health checks in the caller's scope (at most 200), optionally of one year."""

    permission_classes = [IsStaffMember, CanReadSupervision]

    @extend_schema(
        parameters=[
            OpenApiParameter("year", {"type": "integer", "minimum": 1949, "maximum": 2099}, description="年份")
        ],
        responses={200: HealthCheckOutput(many=True)},
    )
    def get(self, request):
        qs = (
            HealthCheck.objects.visible_to(request.user)
            .select_related("plan", "agency")
            .prefetch_related("findings")
            .order_by("-plan__year", "id")
        )
        year = _query_year(request)
        if year is not None:
            qs = qs.filter(plan__year=year)
        return Response(HealthCheckOutput(qs[:200], many=True).data)


class InterviewOutput(serializers.ModelSerializer):
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    state = serializers.CharField(read_only=True, help_text="状态：" + "、".join(InterviewState.values))

    class Meta:
        model = Interview
        fields = [
            "id",
            "organisation",
            "agency",
            "agency_name",
            "period_start",
            "period_end",
            "corrected",
            "lost_suits",
            "state",
            "scheduled_on",
            "held_on",
            "head_name",
            "follow_up_on",
        ]


class ProposeInput(serializers.Serializer):
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, help_text="监督机构（仅在多个机构任职时必填）"
    )
    start = serializers.DateField(error_messages={"required": "请填写统计起始日期。"})
    end = serializers.DateField(error_messages={"required": "请填写统计截止日期。"})


class InterviewListView(APIView):
    """The interviews in the caller's scope (at most 200), or propose those a period calls for (POST): one per
    agency whose acts reconsideration corrected, or whose suits after reconsideration were lost, in the period."""

    permission_classes = [IsStaffMember, CanReadSupervision]

    @extend_schema(
        parameters=[OpenApiParameter("state", OpenApiTypes.STR, enum=InterviewState.values)],
        responses={200: InterviewOutput(many=True)},
    )
    def get(self, request):
        qs = selectors.interview_list(request.user, _query_choice(request, "state", InterviewState.values))
        return Response(InterviewOutput(qs[:200], many=True).data)

    @extend_schema(
        request=ProposeInput,
        responses={
            201: InterviewOutput(many=True),
            400: OpenApiResponse(description="字段错误：{字段: [说明]}"),
            403: SupervisionErrorSerializer,
        },
    )
    def post(self, request):
        allowed = list(selectors.working_organisations(request.user)) if selectors.may_work(request.user) else []
        if not allowed:
            return Response({"detail": "仅行政执法监督机构的工作人员可以生成约谈建议。"}, status=403)
        payload = ProposeInput(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        organisation = data.get("organisation")
        if organisation is None:
            if len(allowed) != 1:
                raise serializers.ValidationError({"organisation": ["您在多个机构任职，请指定监督机构。"]})
            organisation = allowed[0]
        elif organisation not in allowed:
            return Response({"detail": "您无权在该机构生成约谈建议。"}, status=status.HTTP_403_FORBIDDEN)
        try:
            made = services.interviews_propose(
                organisation=organisation, start=data["start"], end=data["end"], actor=request.user
            )
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"detail": exc.messages}) from exc
        return Response(InterviewOutput(made, many=True).data, status=status.HTTP_201_CREATED)
