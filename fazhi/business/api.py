"""The business environment's API at /api/v1/business/ (read only): the service lists' current versions, the
enterprises, parks, notary service relations, outreach events and the figures, scoped as the pages are
(`fazhi.business.access`): readers of the registry only (others 403, anonymous 401), within their regions."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from fazhi.api.permissions import IsStaffMember
from fazhi.business import access, figures, selectors
from fazhi.business.choices import EventKind
from fazhi.business.models import Enterprise, IndustrialPark, NotaryRelation, OutreachEvent, ServiceItem
from fazhi.core.regions import subtree_prefix

INVALID_CHOICE = {"invalid_choice": _("“{input}”不是有效的选项。")}
REGION = {
    "required": False,
    "help_text": "行政区划代码（12位），含下级区划",
    "error_messages": {"invalid": _("行政区划代码应为12位数字。")},
}
YEAR = {"required": False, "min_value": 1949, "max_value": 2099, "help_text": "年度"}


class IsBusinessReader(IsStaffMember):
    message = _("仅行政执法监督工作人员可以查阅营商环境记录。")

    def has_permission(self, request, view) -> bool:
        if not super().has_permission(request, view):
            return False
        if not access.can_read(request.user):
            self.message = _("仅行政执法监督工作人员可以查阅营商环境记录。")
            return False
        return True


class Page(PageNumberPagination):
    page_size = 50


def _given(request) -> dict[str, str]:
    return {k: v for k, v in request.query_params.items() if v != ""}


def _page_of(name: str, item: serializers.Serializer) -> type[serializers.Serializer]:
    return type(
        f"{name.removesuffix('Page')}PageSerializer",
        (serializers.Serializer,),
        {
            "count": serializers.IntegerField(),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": item,
        },
    )


class BusinessServiceItemSerializer(serializers.ModelSerializer):
    provider = serializers.CharField(read_only=True, help_text="提供机构或单位名称")

    class Meta:
        model = ServiceItem
        fields = ["position", "service", "provider", "provider_organisation", "contact", "region"]
        read_only_fields = fields


class BusinessServiceListSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    region = serializers.CharField(help_text="行政区划代码")
    version = serializers.IntegerField(help_text="现行版本号")
    published_on = serializers.DateField()
    items = BusinessServiceItemSerializer(many=True)


class ServiceListView(APIView):
    """Each list's current published version with its services (drafts are not shown)."""

    permission_classes = [IsBusinessReader]

    @extend_schema(operation_id="business_service_lists", responses={200: BusinessServiceListSerializer(many=True)})
    def get(self, request):
        prefixes = access.read_prefixes(request.user)
        rows = [
            {
                "id": service_list.pk,
                "title": service_list.title,
                "region": service_list.region_id,
                "version": version.number,
                "published_on": version.published_on,
                "items": BusinessServiceItemSerializer(version.items.all(), many=True).data,
            }
            for service_list, version in selectors.published_lists()
            if any(service_list.region_id.startswith(p) for p in prefixes)
        ]
        return Response(rows)


class BusinessEnterpriseSerializer(serializers.ModelSerializer):
    class Meta:
        model = Enterprise
        fields = ["id", "name", "uscc", "region"]
        read_only_fields = fields


class BusinessEnterpriseFilterInput(serializers.Serializer):
    q = serializers.CharField(required=False, max_length=100, help_text="企业名称的一部分或统一社会信用代码")
    region = serializers.RegexField(r"^[0-9]{12}$", **REGION)


class EnterpriseListView(APIView):
    permission_classes = [IsBusinessReader]

    @extend_schema(
        operation_id="business_enterprises",
        parameters=[BusinessEnterpriseFilterInput],
        responses={
            200: _page_of("BusinessEnterprisePage", BusinessEnterpriseSerializer(many=True)),
            400: OpenApiResponse(),
        },
    )
    def get(self, request):
        criteria = BusinessEnterpriseFilterInput(data=_given(request))
        criteria.is_valid(raise_exception=True)
        return _paged(
            request,
            self,
            selectors.enterprise_list(request.user, criteria.validated_data),
            BusinessEnterpriseSerializer,
        )


class BusinessParkSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndustrialPark
        fields = ["id", "name", "region"]
        read_only_fields = fields


class ParkListView(APIView):
    permission_classes = [IsBusinessReader]

    @extend_schema(
        operation_id="business_parks", responses={200: _page_of("BusinessParkPage", BusinessParkSerializer(many=True))}
    )
    def get(self, request):
        return _paged(request, self, selectors.park_list(request.user), BusinessParkSerializer)


class BusinessNotaryRelationSerializer(serializers.ModelSerializer):
    enterprise = BusinessEnterpriseSerializer(read_only=True)

    class Meta:
        model = NotaryRelation
        fields = ["id", "notary_office", "region", "enterprise", "started_on", "ended_on", "services"]
        read_only_fields = fields


class BusinessRelationFilterInput(serializers.Serializer):
    year = serializers.IntegerField(**YEAR)
    region = serializers.RegexField(r"^[0-9]{12}$", **REGION)
    q = serializers.CharField(required=False, max_length=100, help_text="公证机构或企业名称的一部分，或信用代码")


class RelationListView(APIView):
    """Notary service relations (a year: those in force on some day of it)."""

    permission_classes = [IsBusinessReader]

    @extend_schema(
        operation_id="business_notary_relations",
        parameters=[BusinessRelationFilterInput],
        responses={
            200: _page_of("BusinessNotaryRelationPage", BusinessNotaryRelationSerializer(many=True)),
            400: OpenApiResponse(),
        },
    )
    def get(self, request):
        criteria = BusinessRelationFilterInput(data=_given(request))
        criteria.is_valid(raise_exception=True)
        return _paged(
            request,
            self,
            selectors.relation_list(request.user, criteria.validated_data),
            BusinessNotaryRelationSerializer,
        )


class BusinessEventSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    enterprises = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="uscc", help_text="走访企业的统一社会信用代码"
    )

    class Meta:
        model = OutreachEvent
        fields = [
            "id",
            "held_on",
            "region",
            "park",
            "kind",
            "kind_label",
            "topic",
            "lecture_count",
            "audience",
            "enterprises",
        ]
        read_only_fields = fields


class BusinessEventFilterInput(serializers.Serializer):
    year = serializers.IntegerField(**YEAR)
    region = serializers.RegexField(r"^[0-9]{12}$", **REGION)
    kind = serializers.ChoiceField(EventKind.choices, required=False, error_messages=INVALID_CHOICE)
    topic = serializers.CharField(required=False, max_length=100)


class EventListView(APIView):
    permission_classes = [IsBusinessReader]

    @extend_schema(
        operation_id="business_events",
        parameters=[BusinessEventFilterInput],
        responses={200: _page_of("BusinessEventPage", BusinessEventSerializer(many=True)), 400: OpenApiResponse()},
    )
    def get(self, request):
        criteria = BusinessEventFilterInput(data=_given(request))
        criteria.is_valid(raise_exception=True)
        qs = selectors.event_list(request.user, criteria.validated_data).prefetch_related("enterprises")
        return _paged(request, self, qs, BusinessEventSerializer)


class BusinessFigureInput(serializers.Serializer):
    year = serializers.IntegerField(min_value=1949, max_value=2099, help_text="年度")
    region = serializers.RegexField(r"^[0-9]{12}$", **{**REGION, "required": True})


class BusinessFiguresSerializer(serializers.Serializer):
    enterprises_with_notary_service_relations = serializers.IntegerField()
    industrial_parks_visited = serializers.IntegerField()
    enterprises_visited = serializers.IntegerField()
    lectures = serializers.IntegerField()


class FiguresView(APIView):
    """The year's four figures for a region subtree the caller reads (baotou-2024-figures.json's keys)."""

    permission_classes = [IsBusinessReader]

    @extend_schema(
        operation_id="business_figures",
        parameters=[BusinessFigureInput],
        responses={200: BusinessFiguresSerializer, 400: OpenApiResponse(), 404: OpenApiResponse()},
    )
    def get(self, request):
        criteria = BusinessFigureInput(data=_given(request))
        criteria.is_valid(raise_exception=True)
        year, prefix = criteria.validated_data["year"], subtree_prefix(criteria.validated_data["region"])
        if not any(prefix.startswith(p) for p in access.read_prefixes(request.user)):
            return Response({"detail": _("未知的行政区划代码。")}, status=404)
        start, end = date(year, 1, 1), date(year, 12, 31)
        return Response({key: figures.figure(key, prefix, start, end) for key in figures.RECORDS})


def _paged(request, view, qs, serializer):
    paginator = Page()
    rows = paginator.paginate_queryset(qs, request, view=view)
    return paginator.get_paginated_response(serializer(rows, many=True).data)
