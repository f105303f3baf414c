"""The network's API at /api/v1/enforcement/ (read-only, for the province's systems): the supervision bodies and the
certificates with their status on a day. Members of the supervision line read within their region (`visible_to`);
other staff get 403, strangers 401. No ID number is served: a certificate names its holder and unit, as the card."""

from __future__ import annotations

from datetime import date

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from fazhi.api.permissions import IsStaffMember
from fazhi.core.regions import subtree_prefix
from fazhi.enforcement import access
from fazhi.enforcement.choices import CertificateKind, State, Status, Tier
from fazhi.enforcement.history import in_force_on
from fazhi.enforcement.models import Certificate, SupervisionBody

INVALID_CHOICE = {"invalid_choice": _("“{input}”不是有效的选项。")}
INVALID_DATE = {"invalid": _("日期格式应为 YYYY-MM-DD。")}
REGION = {"invalid": _("行政区划代码应为12位数字。")}


class IsSupervisionReader(IsStaffMember):
    message = _("仅限行政执法监督条线的工作人员访问。")

    def has_permission(self, request, view) -> bool:
        return super().has_permission(request, view) and access.can_read(request.user)


class Page(PageNumberPagination):
    page_size = 50


class BodyFilterInput(serializers.Serializer):
    tier = serializers.ChoiceField(Tier.choices, required=False, error_messages=INVALID_CHOICE)
    region = serializers.RegexField(
        r"^[0-9]{12}$", required=False, help_text="行政区划代码（12位），含下级区划", error_messages=REGION
    )
    on = serializers.DateField(required=False, help_text="在此日期存续的监督机构", error_messages=INVALID_DATE)


class CertificateFilterInput(serializers.Serializer):
    kind = serializers.ChoiceField(CertificateKind.choices, required=False, error_messages=INVALID_CHOICE)
    state = serializers.ChoiceField(State.choices, required=False, error_messages=INVALID_CHOICE)
    region = serializers.RegexField(
        r"^[0-9]{12}$", required=False, help_text="持证人所在单位的行政区划（12位），含下级区划", error_messages=REGION
    )
    in_force_on = serializers.DateField(
        required=False, help_text="按办理记录在此日期有效的证件", error_messages=INVALID_DATE
    )


class BodySerializer(serializers.ModelSerializer):
    tier_label = serializers.CharField(source="get_tier_display", read_only=True, help_text="层级名称")
    host_name = serializers.CharField(source="host.name", read_only=True, help_text="所在单位")
    region_name = serializers.CharField(source="region.name", read_only=True, help_text="行政区划名称")

    class Meta:
        model = SupervisionBody
        fields = [
            "id",
            "name",
            "tier",
            "tier_label",
            "region",
            "region_name",
            "host",
            "host_name",
            "established_on",
            "dissolved_on",
        ]
        read_only_fields = fields


class CertificateSerializer(serializers.ModelSerializer):
    holder = serializers.CharField(source="officer.name", read_only=True, help_text="持证人姓名")
    unit = serializers.CharField(source="officer.organisation.name", read_only=True, help_text="所在单位")
    region = serializers.CharField(
        source="officer.organisation.region_id", read_only=True, help_text="所在单位的行政区划代码"
    )
    kind_label = serializers.CharField(source="get_kind_display", read_only=True, help_text="证件类别名称")
    state_label = serializers.CharField(source="get_state_display", read_only=True, help_text="办理状态名称")
    status = serializers.SerializerMethodField(
        help_text=(
            "今日核验状态：valid 有效、suspended 已暂扣、cancelled 已注销、withdrawn 已收回、expired 已过期、"
            "pending 未发证"
        )
    )
    status_label = serializers.SerializerMethodField(help_text="今日核验状态名称")

    class Meta:
        model = Certificate
        fields = [
            "id",
            "number",
            "kind",
            "kind_label",
            "holder",
            "unit",
            "region",
            "state",
            "state_label",
            "status",
            "status_label",
            "applied_on",
            "valid_from",
            "valid_to",
            "training_hours",
        ]
        read_only_fields = fields

    def _today(self) -> date:
        return self.context.get("today") or timezone.localdate()

    def get_status(self, cert: Certificate) -> str:
        return str(cert.status_on(self._today()))

    def get_status_label(self, cert: Certificate) -> str:
        return str(Status(cert.status_on(self._today())).label)


def _page_serializer(item: serializers.ListSerializer, name: str) -> type[serializers.Serializer]:
    return type(
        name,
        (serializers.Serializer,),
        {
            "count": serializers.IntegerField(),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": item,
        },
    )


BodyPage = _page_serializer(BodySerializer(many=True), "SupervisionBodyPageSerializer")
CertificatePage = _page_serializer(CertificateSerializer(many=True), "CertificatePageSerializer")


def _prefix(code: str) -> str:
    """A region code's subtree prefix; a code of no known level (the regex lets any 12 digits pass) finds nothing."""
    try:
        return subtree_prefix(code)
    except (ValueError, KeyError):
        return code


def _given(request) -> dict[str, str]:
    return {k: v for k, v in request.query_params.items() if v != ""}


class BodyListView(APIView):
    """The supervision bodies of the caller's region, by tier and region; `on`: those in being that day."""

    permission_classes = [IsSupervisionReader]

    @extend_schema(
        operation_id="enforcement_bodies_list",
        parameters=[BodyFilterInput],
        responses={200: BodyPage, 400: OpenApiResponse(description="筛选条件错误")},
    )
    def get(self, request):
        criteria = BodyFilterInput(data=_given(request))
        criteria.is_valid(raise_exception=True)
        c = criteria.validated_data
        qs = access.readable(SupervisionBody.objects, request.user).select_related("host", "region")
        if c.get("tier"):
            qs = qs.filter(tier=c["tier"])
        if c.get("region"):
            qs = qs.filter(region__code__startswith=_prefix(c["region"]))
        if c.get("on"):
            day = c["on"]
            qs = qs.filter(established_on__lte=day).exclude(dissolved_on__lte=day)
        paginator = Page()
        rows = paginator.paginate_queryset(qs.order_by("tier", "region_id", "name"), request, view=self)
        return paginator.get_paginated_response(BodySerializer(rows, many=True).data)


class CertificateListView(APIView):
    """Certificates of the caller's region with today's status; `in_force_on`: those in force that day by history."""

    permission_classes = [IsSupervisionReader]

    @extend_schema(
        operation_id="enforcement_certificates_list",
        parameters=[CertificateFilterInput],
        responses={200: CertificatePage, 400: OpenApiResponse(description="筛选条件错误")},
    )
    def get(self, request):
        criteria = CertificateFilterInput(data=_given(request))
        criteria.is_valid(raise_exception=True)
        c = criteria.validated_data
        qs = access.readable(Certificate.objects, request.user).select_related("officer__organisation")
        if c.get("in_force_on"):
            qs = qs.filter(pk__in=in_force_on(c["in_force_on"]).values("pk"))
        if c.get("kind"):
            qs = qs.filter(kind=c["kind"])
        if c.get("state"):
            qs = qs.filter(state=c["state"])
        if c.get("region"):
            qs = qs.filter(officer__organisation__region__code__startswith=_prefix(c["region"]))
        paginator = Page()
        rows = paginator.paginate_queryset(qs.order_by("-applied_on", "-id"), request, view=self)
        data = CertificateSerializer(rows, many=True, context={"today": timezone.localdate()}).data
        return paginator.get_paginated_response(data)


class CertificateDetailView(APIView):
    """One certificate with today's status (404 outside the caller's region)."""

    permission_classes = [IsSupervisionReader]

    @extend_schema(responses={200: CertificateSerializer})
    def get(self, request, pk: int):
        cert = get_object_or_404(
            access.readable(Certificate.objects, request.user).select_related("officer__organisation"), pk=pk
        )
        return Response(CertificateSerializer(cert).data)
