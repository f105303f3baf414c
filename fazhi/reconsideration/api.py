"""Reconsideration API: register an application (the same service and checks as the intake page); hearings."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from fazhi.accounts import access
from fazhi.accounts.models import Organisation
from fazhi.api.permissions import IsStaffMember
from fazhi.cases.api import CaseSerializer, case_body
from fazhi.cases.models import Channel, Party
from fazhi.reconsideration import selectors
from fazhi.reconsideration.choices import ActType
from fazhi.reconsideration.forms import INTAKE_CHANNELS, application_errors, application_from, month_start
from fazhi.reconsideration.services import reconsideration_intake


class CanRegisterApplications(BasePermission):
    """Registrars and handlers of a reconsideration office (the procedure's intake roles) register applications."""

    message = "您没有登记行政复议申请的权限：仅行政复议机构的登记员、承办人可以登记。"

    def has_permission(self, request, view) -> bool:
        user = request.user
        if access.is_active_superuser(user):
            return selectors.intake_organisations(user).exists()
        # a member's intake organisations are their memberships' (scopes in hand): no query to know there are some
        roles = selectors.PROCEDURE.intake_roles
        return any(s.role in roles for s in access.line_scopes(user, selectors.LINE))


class CanReadLine(BasePermission):
    message = "您没有查阅行政复议案件的权限。"

    def has_permission(self, request, view) -> bool:
        return access.can_read(request.user, selectors.LINE)


class InScopeOrganisation(serializers.PrimaryKeyRelatedField):
    """An organisation picked from `scoped(request.user)`, built only when a value is looked up (most applications
    name neither a respondent agency nor a liaison point); none without a request (the schema generator)."""

    def __init__(self, scoped, **kwargs) -> None:
        self.scoped = scoped
        super().__init__(queryset=Organisation.objects.none(), **kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return self.scoped(request.user) if request is not None else Organisation.objects.none()


class ApplicationInput(serializers.Serializer):
    """An application as the intake page takes it; `organisation` may be left out by a member of one office."""

    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, help_text="收件机构（仅在多个机构任职时必填）"
    )
    channel = serializers.ChoiceField(choices=INTAKE_CHANNELS, default=Channel.WALK_IN.value)
    received_on = serializers.DateField(required=False, help_text="收到日期；缺省为今天")
    applicant_kind = serializers.ChoiceField(choices=Party.Kind.choices, default=Party.Kind.PERSON.value)
    applicant_name = serializers.CharField(max_length=100)
    id_number = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    uscc = serializers.CharField(max_length=18, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    respondent_agency = InScopeOrganisation(
        selectors.respondent_agencies, required=False, allow_null=True, help_text="行政执法机关的机构编号"
    )
    respondent_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    act_type = serializers.ChoiceField(choices=ActType.choices, default=ActType.OTHER.value)
    act_description = serializers.CharField(max_length=300)
    act_on = serializers.DateField(required=False, allow_null=True)
    knew_on = serializers.DateField(required=False, allow_null=True)
    rights_notified = serializers.BooleanField(default=True)
    real_property = serializers.BooleanField(default=False)
    on_the_spot = serializers.BooleanField(default=False)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, required=False, allow_null=True)
    enterprise_applicant = serializers.BooleanField(default=False)
    liaison_point = InScopeOrganisation(selectors.liaison_points, required=False, allow_null=True)

    def validate(self, attrs):
        attrs.setdefault("received_on", timezone.localdate())
        errors = application_errors(attrs, timezone.localdate())
        if errors:
            raise serializers.ValidationError({k: [v] for k, v in errors.items()})
        return attrs


class ApplicationCreated(CaseSerializer):
    warnings = serializers.ListField(
        child=serializers.CharField(),
        source="reconsideration.window_warnings",
        read_only=True,
        help_text="申请期限提示（行政复议法第二十条、第二十一条）：提示而非拒收，由审查人员判断",
    )

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "warnings"]


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


class ApplicationCreateView(APIView):
    """Register an application for reconsideration in an office where the caller is registrar or handler."""

    permission_classes = [IsStaffMember, CanRegisterApplications]

    @extend_schema(
        request=ApplicationInput,
        responses={
            201: ApplicationCreated,
            400: OpenApiResponse(description="字段错误：{字段: [说明]}"),
            403: ErrorSerializer,
        },
    )
    def post(self, request):
        payload = ApplicationInput(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        organisations = list(selectors.intake_organisations(request.user))
        organisation = data.get("organisation")
        if organisation is None:
            if len(organisations) != 1:
                raise serializers.ValidationError({"organisation": ["您在多个机构任职，请指定收件机构。"]})
            organisation = organisations[0]
        elif organisation not in organisations:
            return Response({"detail": "您无权在该机构登记行政复议申请。"}, status=status.HTTP_403_FORBIDDEN)
        try:
            case = reconsideration_intake(
                organisation=organisation, application=application_from(data), actor=request.user
            )
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"detail": exc.messages}) from exc
        # ApplicationCreated's body from the case in hand (fazhi.cases.api.case_body: the serializer's fields cost
        # more to build than the body; test_the_intake_response_is_the_serializers checks they agree)
        warnings = [str(w) for w in case.reconsideration.window_warnings]
        return Response({**case_body(case), "warnings": warnings}, status=status.HTTP_201_CREATED)


class HearingSerializer(serializers.Serializer):
    on = serializers.DateField()
    place = serializers.CharField()
    case = serializers.IntegerField(source="case.pk")
    number = serializers.CharField(source="case.number")
    title = serializers.CharField(source="case.title")


# what month_start parses: 1949-10 (EARLIEST_DATE's month) to 2099-12 (LATEST_DATE's)
MONTH_PATTERN = r"^(?:1949-1[0-2]|(?:19[5-9][0-9]|20[0-9]{2})-(?:0[1-9]|1[0-2]))$"


class HearingListView(APIView):
    """Formal hearings still to be held in the caller's scope in one month, by date."""

    permission_classes = [IsStaffMember, CanReadLine]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "month",
                {"type": "string", "pattern": MONTH_PATTERN},
                description="YYYY-MM；缺省为本月",
            )
        ],
        responses={200: HearingSerializer(many=True), 400: ErrorSerializer},
    )
    def get(self, request):
        try:
            month = month_start(request.query_params.get("month"), timezone.localdate())
        except ValueError:
            return Response({"detail": "月份格式应为 YYYY-MM。"}, status=status.HTTP_400_BAD_REQUEST)
        days = selectors.hearings_in_month(user=request.user, year=month.year, month=month.month)
        return Response(HearingSerializer([h for _, hearings in days for h in hearings], many=True).data)
