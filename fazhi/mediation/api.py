"""Mediation API: register a dispute, or record a simple one in one go (the same services and checks as the pages)."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from fazhi.accounts.models import Organisation
from fazhi.api.permissions import IsStaffMember
from fazhi.cases.api import CaseSerializer, case_body
from fazhi.cases.models import Party
from fazhi.cases.runner import PartyInput, TransitionError, TransitionForbidden
from fazhi.mediation import selectors
from fazhi.mediation.choices import DisputeType, Source
from fazhi.mediation.forms import (
    PARTY_ROLES,
    QUICK_OUTCOMES,
    dispute_errors,
    dispute_from,
    id_number_problem,
    parties_problem,
    quick_errors,
    quick_from,
)
from fazhi.mediation.models import Campaign, Mediator
from fazhi.mediation.services import dispute_quick_record, dispute_register

REQUIRED = {"required": "此项为必填项。", "blank": "此项不能为空。", "null": "此项不能为空。"}
CHOICE = {**REQUIRED, "invalid_choice": "“{input}”不是有效的选项。"}
AMOUNT = {"invalid": "请填写数字金额，如 2000 或 2000.50。", "min_value": "金额不能为负数。"}
DATE = {"invalid": "日期格式应为 YYYY-MM-DD。"}
RELATED = {"does_not_exist": "编号 {pk_value} 不存在或不在您的范围内。", "incorrect_type": "应为编号（整数）。"}


class CanRegisterDisputes(BasePermission):
    """Mediators, registrars, handlers and section heads on the mediation line register disputes (art. 17)."""

    message = "您没有登记人民调解纠纷的权限：仅调解组织或司法行政机关的调解员、登记员、承办人可以登记。"

    def has_permission(self, request, view) -> bool:
        return selectors.intake_organisations(request.user).exists()


class PartyInputSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=PARTY_ROLES, error_messages=CHOICE)
    name = serializers.CharField(max_length=100, error_messages=REQUIRED)
    kind = serializers.ChoiceField(choices=Party.Kind.choices, default=Party.Kind.PERSON.value, error_messages=CHOICE)
    id_number = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")

    def validate(self, attrs):
        attrs["id_number"], problem = id_number_problem(attrs["kind"], attrs["id_number"])
        if problem:
            raise serializers.ValidationError({"id_number": [problem]})
        return attrs


class _OrganisationInput(serializers.Serializer):
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(),
        required=False,
        help_text="受理机构（仅在多个机构任职时必填）",
        error_messages=RELATED,
    )

    def chosen_organisation(self, request) -> Organisation:
        """The organisation the caller registers into; 403 when it is not theirs."""
        organisations = list(selectors.intake_organisations(request.user))
        organisation = self.validated_data.get("organisation")
        if organisation is None:
            if len(organisations) != 1:
                raise serializers.ValidationError({"organisation": ["您在多个机构任职，请指定受理机构。"]})
            return organisations[0]
        if organisation not in organisations:
            raise TransitionForbidden("您无权在该机构登记纠纷。")
        return organisation


class DisputeInput(_OrganisationInput):
    """A dispute as the intake page takes it."""

    received_on = serializers.DateField(required=False, help_text="收到日期；缺省为今天", error_messages=DATE)
    source = serializers.ChoiceField(choices=Source.choices, default=Source.APPLICATION.value, error_messages=CHOICE)
    dispute_type = serializers.ChoiceField(choices=DisputeType.choices, error_messages=CHOICE)
    summary = serializers.CharField(max_length=200, error_messages=REQUIRED)
    parties = PartyInputSerializer(many=True)
    amount = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, required=False, allow_null=True, error_messages=AMOUNT
    )
    persons_involved = serializers.IntegerField(min_value=1, default=2)
    escalation_risk = serializers.BooleanField(default=False)
    campaign = serializers.PrimaryKeyRelatedField(
        queryset=Campaign.objects.none(), required=False, allow_null=True, error_messages=RELATED
    )
    mediator = serializers.PrimaryKeyRelatedField(
        queryset=Mediator.objects.none(), required=False, allow_null=True, error_messages=RELATED
    )
    mediator_chosen_by_parties = serializers.BooleanField(default=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:  # the schema generator builds the serializer without a request
            self.fields["campaign"].queryset = selectors.dispute_campaigns(request.user)
            organisations = selectors.intake_organisations(request.user)
            self.fields["mediator"].queryset = selectors.dispute_mediators(organisations)

    def validate(self, attrs):
        attrs.setdefault("received_on", timezone.localdate())
        problem = parties_problem([p["role"] for p in attrs["parties"]])
        errors = {"parties": problem} if problem else {}
        # the mediator's committee is checked against the organisation once the view has resolved it
        errors |= dispute_errors(attrs, timezone.localdate(), attrs.get("organisation"))
        if errors:
            raise serializers.ValidationError({k: [v] for k, v in errors.items()})
        return attrs


class QuickInput(_OrganisationInput):
    """A simple dispute settled (or not) on the spot, as the quick-entry page takes it."""

    applicant_name = serializers.CharField(max_length=100, error_messages=REQUIRED)
    applicant_phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    respondent_name = serializers.CharField(max_length=100, error_messages=REQUIRED)
    respondent_phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    dispute_type = serializers.ChoiceField(choices=DisputeType.choices, error_messages=CHOICE)
    summary = serializers.CharField(max_length=100, error_messages=REQUIRED)
    amount = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, required=False, allow_null=True, error_messages=AMOUNT
    )
    outcome = serializers.ChoiceField(choices=QUICK_OUTCOMES, error_messages=CHOICE)
    terms = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")
    reasons = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    routes = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    on = serializers.DateField(required=False, help_text="调解日期；缺省为今天", error_messages=DATE)

    def validate(self, attrs):
        attrs.setdefault("on", timezone.localdate())
        errors = quick_errors(attrs, timezone.localdate())
        if errors:
            raise serializers.ValidationError({k: [v] for k, v in errors.items()})
        return attrs


class MediationErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


RESPONSES = {
    201: CaseSerializer,
    400: OpenApiResponse(description="字段错误：{字段: [说明]}"),
    403: MediationErrorSerializer,
}


def _forbidden(exc: TransitionForbidden) -> Response:
    return Response({"detail": str(exc)}, status=status.HTTP_403_FORBIDDEN)


class DisputeCreateView(APIView):
    """Register a dispute in an organisation where the caller may register disputes (人民调解法第十七条)."""

    permission_classes = [IsStaffMember, CanRegisterDisputes]

    @extend_schema(request=DisputeInput, responses=RESPONSES)
    def post(self, request):
        payload = DisputeInput(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        try:
            organisation = payload.chosen_organisation(request)
            mediator = data.get("mediator")
            if mediator is not None and mediator.committee.organisation_id != organisation.pk:
                raise serializers.ValidationError({"mediator": ["请选择本调解委员会的调解员。"]})
            parties = [PartyInput(**p) for p in data["parties"]]
            case = dispute_register(organisation=organisation, dispute=dispute_from(data, parties), actor=request.user)
        except TransitionForbidden as exc:
            return _forbidden(exc)
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"detail": exc.messages}) from exc
        return Response(case_body(case), status=status.HTTP_201_CREATED)  # CaseSerializer's body


class QuickRecordView(APIView):
    """Register, accept and close a simple dispute in one go (the quick-entry page's service)."""

    permission_classes = [IsStaffMember, CanRegisterDisputes]

    @extend_schema(request=QuickInput, responses=RESPONSES)
    def post(self, request):
        payload = QuickInput(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        try:
            organisation = payload.chosen_organisation(request)
            dispute, outcome = quick_from(payload.validated_data, selectors.own_mediator(request.user, organisation))
            case = dispute_quick_record(organisation=organisation, dispute=dispute, outcome=outcome, actor=request.user)
        except TransitionForbidden as exc:
            return _forbidden(exc)
        except TransitionError as exc:
            raise serializers.ValidationError({"detail": [str(exc)]}) from exc
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"detail": exc.messages}) from exc
        return Response(case_body(case), status=status.HTTP_201_CREATED)  # CaseSerializer's body
