"""Legal-aid API: register an application, record or list consultations (the same services and checks as the pages)."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from fazhi.accounts import access
from fazhi.accounts.models import Organisation
from fazhi.api.permissions import IsStaffMember
from fazhi.audit.models import AccessRecord
from fazhi.audit.services import access_record
from fazhi.cases.api import CaseSerializer
from fazhi.cases.models import Channel
from fazhi.cases.runner import TransitionForbidden
from fazhi.core.masking import mask_phone
from fazhi.legal_aid import selectors
from fazhi.legal_aid.choices import CaseCategory, ConsultationChannel, RecipientGroup, Route
from fazhi.legal_aid.forms import (
    CLAIM_KINDS,
    EXEMPT,
    INTAKE_CHANNELS,
    MATTERS,
    NO_MEANS_TEST,
    NOTIFIED_GROUNDS,
    NOTIFIERS,
    VERIFICATION,
    application_errors,
    application_from,
)
from fazhi.legal_aid.models import Consultation
from fazhi.legal_aid.services import aid_application_register

INVALID_CHOICE = {"invalid_choice": "“{input}”不是有效的选项。"}


class CanRegisterApplications(BasePermission):
    """Registrars and handlers of a legal-aid body (the procedure's intake roles) register applications."""

    message = "您没有登记法律援助申请的权限：仅法律援助机构的登记员、承办人可以登记。"

    def has_permission(self, request, view) -> bool:
        return selectors.intake_organisations(request.user).exists()


class CanRecordConsultations(BasePermission):
    """Anyone on the line reads consultations; registrar, handler or section head records them."""

    message = "您没有查阅或登记法律咨询的权限。"

    def has_permission(self, request, view) -> bool:
        if request.method == "POST":
            return selectors.consultation_organisations(request.user).exists()
        return access.can_read(request.user, selectors.LINE)


def _choice(choices, **kwargs) -> serializers.ChoiceField:
    kwargs["error_messages"] = {**INVALID_CHOICE, **kwargs.get("error_messages", {})}
    return serializers.ChoiceField(choices=choices, **kwargs)


class NotYourOrganisation(Exception):
    """The input names an organisation the caller does not work for (→ 403)."""


def _organisation(value, allowed, what: str) -> Organisation:
    """The organisation named in the input, or the caller's only one; 400 if ambiguous, or NotYourOrganisation."""
    allowed = list(allowed)
    if value is None:
        if len(allowed) != 1:
            raise serializers.ValidationError({"organisation": [f"您在多个机构任职，请指定{what}机构。"]})
        return allowed[0]
    if value not in allowed:
        raise NotYourOrganisation
    return value


class AidApplicationInput(serializers.Serializer):
    """An application as the intake page takes it; `organisation` may be left out by a member of one body."""

    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, help_text="收件机构（仅在多个机构任职时必填）"
    )
    route = _choice(Route.choices, default=Route.APPLICATION.value)
    channel = _choice(INTAKE_CHANNELS, default=Channel.WALK_IN.value)
    received_on = serializers.DateField(required=False, help_text="收到日期；缺省为今天")
    forwarded_by = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    notifier = _choice(NOTIFIERS, required=False, default="")
    notified_ground = _choice(
        NOTIFIED_GROUNDS, required=False, default="", help_text="法律援助法第二十五条、第二十八条"
    )
    case_category = _choice(CaseCategory.choices, error_messages={"required": "请选择案件类别。"})
    matter = _choice(MATTERS, required=False, default="", help_text="法律援助法第三十一条")
    no_means_test_ground = _choice(NO_MEANS_TEST, required=False, default="", help_text="法律援助法第三十二条")
    exemption_ground = _choice(EXEMPT, required=False, default="", help_text="法律援助法第四十二条")
    monthly_income_per_capita = serializers.DecimalField(
        max_digits=10,
        decimal_places=2,
        min_value=0,
        required=False,
        allow_null=True,
        error_messages={"invalid": "请填写数字金额，如 1500 或 1500.50。", "min_value": "金额不能为负数。"},
    )
    verification = _choice(VERIFICATION, required=False, default="", help_text="法律援助法第四十一条")
    life_or_death = serializers.BooleanField(default=False, help_text="可能被判处无期徒刑、死刑（第二十六条）")
    recipient_group = _choice(RecipientGroup.choices, required=False, default="")
    claim_kind = _choice(CLAIM_KINDS, required=False, default="")
    summary = serializers.CharField(max_length=150, error_messages={"required": "请填写案情摘要。"})
    applicant_name = serializers.CharField(max_length=100, error_messages={"required": "请填写申请人姓名。"})
    id_number = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    consultation = serializers.PrimaryKeyRelatedField(
        queryset=Consultation.objects.none(), required=False, allow_null=True, help_text="由此咨询转为申请"
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:  # the schema generator builds the serializer without a request
            self.fields["consultation"].queryset = selectors.consultation_list(user=request.user)

    def validate(self, attrs):
        attrs.setdefault("received_on", timezone.localdate())
        errors = application_errors(attrs, timezone.localdate())
        if errors:
            raise serializers.ValidationError({k: [v] for k, v in errors.items()})
        return attrs


class AssessedApplication(CaseSerializer):
    qualifies = serializers.BooleanField(
        source="legal_aid.qualifies", read_only=True, allow_null=True, help_text="审查意见：是否符合法律援助条件"
    )
    assessment = serializers.CharField(
        source="legal_aid.assessment", read_only=True, help_text="审查意见说明，逐条引用法律援助法条文"
    )

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "qualifies", "assessment"]


class AidErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


class ApplicationCreateView(APIView):
    """Register an application where the caller is registrar or handler; the eligibility assessment comes back."""

    permission_classes = [IsStaffMember, CanRegisterApplications]

    @extend_schema(
        request=AidApplicationInput,
        responses={
            201: AssessedApplication,
            400: OpenApiResponse(description="字段错误：{字段: [说明]}"),
            403: AidErrorSerializer,
        },
    )
    def post(self, request):
        payload = AidApplicationInput(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        try:
            organisation = _organisation(data.get("organisation"), selectors.intake_organisations(request.user), "收件")
        except NotYourOrganisation:
            return Response({"detail": "您无权在该机构登记法律援助申请。"}, status=status.HTTP_403_FORBIDDEN)
        try:
            case = aid_application_register(
                organisation=organisation,
                application=application_from(data, data.get("consultation")),
                actor=request.user,
            )
        except TransitionForbidden as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_403_FORBIDDEN)
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"detail": exc.messages}) from exc
        return Response(AssessedApplication(case).data, status=status.HTTP_201_CREATED)


class ConsultationSerializer(serializers.ModelSerializer):
    """A consultation as the quick form takes it (in) and the list shows it (out, the phone masked)."""

    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, help_text="接待机构（仅在多个机构任职时必填）"
    )
    on = serializers.DateField(required=False, help_text="咨询日期；缺省为今天")
    application = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="转为的法律援助申请（案件 id）；未转为申请时为 null"
    )

    class Meta:
        model = Consultation
        fields = [
            "id",
            "organisation",
            "region",
            "channel",
            "on",
            "matter",
            "summary",
            "person_name",
            "phone",
            "handled_by",
            "application",
        ]
        read_only_fields = ["region", "handled_by"]
        extra_kwargs = {
            "channel": {
                "error_messages": {**INVALID_CHOICE, "required": "请选择咨询渠道。"},
            },
            "matter": {"error_messages": INVALID_CHOICE},
            "summary": {
                "required": True,
                "allow_blank": False,  # the service refuses an empty summary; the schema says so too
                "error_messages": {"required": "请填写咨询内容摘要。", "blank": "请填写咨询内容摘要。"},
            },
        }

    def validate(self, attrs):
        attrs.setdefault("on", timezone.localdate())
        if attrs["on"] > timezone.localdate():
            raise serializers.ValidationError({"on": ["咨询日期不能晚于今天。"]})
        return attrs

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["phone"] = mask_phone(instance.phone)
        return data


class ConsultationPage(PageNumberPagination):
    page_size = 50


class ConsultationPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = ConsultationSerializer(many=True)


class ConsultationFilterInput(serializers.Serializer):
    on_from = serializers.DateField(required=False)
    on_to = serializers.DateField(required=False)
    channel = _choice(ConsultationChannel.choices, required=False)


class ConsultationListView(APIView):
    """Consultations in the caller's legal-aid regions (GET, filterable), or record one (POST)."""

    permission_classes = [IsStaffMember, CanRecordConsultations]

    @extend_schema(
        parameters=[
            OpenApiParameter("on_from", OpenApiTypes.DATE, description="自（YYYY-MM-DD）"),
            OpenApiParameter("on_to", OpenApiTypes.DATE, description="至（YYYY-MM-DD）"),
            OpenApiParameter("channel", OpenApiTypes.STR, enum=ConsultationChannel.values),
            OpenApiParameter("page", OpenApiTypes.INT),
        ],
        responses={200: ConsultationPageSerializer, 400: OpenApiResponse(description="筛选条件错误")},
    )
    def get(self, request):
        criteria = ConsultationFilterInput(data=request.query_params)
        criteria.is_valid(raise_exception=True)
        qs = selectors.consultation_list(user=request.user, **criteria.validated_data)
        paginator = ConsultationPage()
        rows = paginator.paginate_queryset(qs, request, view=self)
        access_record(  # the list names who asked (phones masked), as the workbench list records it
            request=request,
            action=AccessRecord.Action.VIEW,
            object_type="legal_aid.consultation",
            ids=",".join(str(c.pk) for c in rows or ()),
        )
        return paginator.get_paginated_response(ConsultationSerializer(rows, many=True).data)

    @extend_schema(
        request=ConsultationSerializer,
        responses={201: ConsultationSerializer, 400: OpenApiResponse(description="字段错误"), 403: AidErrorSerializer},
    )
    def post(self, request):
        payload = ConsultationSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        try:
            organisation = _organisation(
                data.pop("organisation", None), selectors.consultation_organisations(request.user), "接待"
            )
        except NotYourOrganisation:
            return Response({"detail": "您无权在该机构登记法律咨询。"}, status=status.HTTP_403_FORBIDDEN)
        consultation = Consultation.objects.create(
            organisation=organisation, region_id=organisation.region_id, handled_by=request.user, **data
        )
        return Response(ConsultationSerializer(consultation).data, status=status.HTTP_201_CREATED)
