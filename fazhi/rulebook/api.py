"""The rule book's API at /api/v1/rules/ (read-only, staff as every other API): the registry's documents, one
document with its versions and relations, and the full-text search (`fazhi.rulebook.search`, as the page uses it).

The rule book is published law with no personal data, so reads are not written to the access record.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from fazhi.api.permissions import IsStaffMember
from fazhi.rulebook.choices import DocumentKind, Status
from fazhi.rulebook.models import DocumentRelation, DocumentVersion, NormativeDocument
from fazhi.rulebook.search import Filters, filtered, hits, search

INVALID_CHOICE = {"invalid_choice": _("“{input}”不是有效的选项。")}
INVALID_DATE = {"invalid": _("日期格式应为 YYYY-MM-DD。")}


class DocumentFilterInput(serializers.Serializer):
    """The filters the list and the search share (query parameters; an empty one counts as not given). A range
    whose end is before its start is not refused (the schema cannot say so): it finds nothing."""

    kind = serializers.ChoiceField(DocumentKind.choices, required=False, error_messages=INVALID_CHOICE)
    status = serializers.ChoiceField(Status.choices, required=False, error_messages=INVALID_CHOICE)
    issuer = serializers.CharField(required=False, max_length=100, help_text="制定机关名称的一部分")
    region = serializers.RegexField(
        r"^[0-9]{12}$",
        required=False,
        help_text="行政区划代码（12位），含下级区划",
        error_messages={"invalid": _("行政区划代码应为12位数字。")},
    )
    published_from = serializers.DateField(required=False, help_text="公布日期自", error_messages=INVALID_DATE)
    published_to = serializers.DateField(required=False, help_text="公布日期至", error_messages=INVALID_DATE)
    in_force_on = serializers.DateField(
        required=False,
        help_text="在此日期有效：已施行，未届满，且未在此日期前废止或宣布失效",
        error_messages=INVALID_DATE,
    )

    def filters(self) -> Filters:
        return Filters(**self.validated_data)


class SearchInput(DocumentFilterInput):
    q = serializers.CharField(
        max_length=100,
        help_text="检索词（按中文分词匹配标题、文号和全文），或完整文号（如 包府发〔2024〕3号，精确查找）",
        error_messages={"required": _("请输入检索词。"), "blank": _("请输入检索词。")},
    )

    def filters(self) -> Filters:
        return Filters(**{k: v for k, v in self.validated_data.items() if k != "q"})


def _given(request) -> dict[str, str]:
    return {k: v for k, v in request.query_params.items() if v != ""}


class DocumentSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True, help_text="类别名称")
    status_label = serializers.CharField(source="get_status_display", read_only=True, help_text="状态名称")

    class Meta:
        model = NormativeDocument
        fields = [
            "id",
            "kind",
            "kind_label",
            "title",
            "number",
            "issuer",
            "region",
            "adopted_on",
            "published_on",
            "effective_on",
            "expires_on",
            "provisional",
            "status",
            "status_label",
            "status_changed_on",
            "filed_on",
        ]
        read_only_fields = fields


class VersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = DocumentVersion
        fields = ["number", "effective_on", "note", "text", "created_at"]
        read_only_fields = fields


class RelationSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="关系：amends 修改、repeals 废止、implements 实施、based_on 依据")
    kind_label = serializers.CharField()
    document = serializers.IntegerField(help_text="相关文件的 id")
    title = serializers.CharField()
    number = serializers.CharField()


def _relation(rel: DocumentRelation, other: NormativeDocument) -> dict:
    return {
        "kind": rel.kind,
        "kind_label": str(rel.get_kind_display()),
        "document": other.pk,
        "title": other.title,
        "number": other.number,
    }


class DocumentDetailSerializer(DocumentSerializer):
    versions = VersionSerializer(many=True, read_only=True, help_text="历次文本（首次公布及每次修改）")
    relations = serializers.SerializerMethodField(help_text="本文件对其他文件的关系（如本文件废止某文件）")
    related_by = serializers.SerializerMethodField(help_text="其他文件对本文件的关系（如某文件修改本文件）")

    class Meta(DocumentSerializer.Meta):
        fields = [*DocumentSerializer.Meta.fields, "text", "versions", "relations", "related_by"]
        read_only_fields = fields

    @extend_schema_field(RelationSerializer(many=True))
    def get_relations(self, doc: NormativeDocument) -> list[dict]:
        return [_relation(r, r.target) for r in doc.relations_out.all()]

    @extend_schema_field(RelationSerializer(many=True))
    def get_related_by(self, doc: NormativeDocument) -> list[dict]:
        return [_relation(r, r.source) for r in doc.relations_in.all()]


class SearchHitSerializer(serializers.Serializer):
    document = DocumentSerializer()
    title_html = serializers.CharField(help_text="标题，HTML 转义，检索词以 <mark> 标出")
    snippet_html = serializers.CharField(help_text="全文摘录，HTML 转义，检索词以 <mark> 标出")


class DocumentPage(PageNumberPagination):
    page_size = 50


class SearchPage(PageNumberPagination):
    page_size = 20


def _page_of(item: serializers.ListSerializer) -> type[serializers.Serializer]:
    """A page of `item`'s rows, named after its rows' serializer (DocumentPage, SearchHitPage)."""
    return type(
        f"{type(item.child).__name__.removesuffix('Serializer')}PageSerializer",
        (serializers.Serializer,),
        {
            "count": serializers.IntegerField(),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": item,
        },
    )


DocumentPageSerializer = _page_of(DocumentSerializer(many=True))
SearchPageSerializer = _page_of(SearchHitSerializer(many=True))


class DocumentListView(APIView):
    """The registry's documents, newest first, filtered."""

    permission_classes = [IsStaffMember]

    @extend_schema(
        operation_id="rules_documents_list",
        parameters=[DocumentFilterInput],
        responses={200: DocumentPageSerializer, 400: OpenApiResponse(description="筛选条件错误")},
    )
    def get(self, request):
        criteria = DocumentFilterInput(data=_given(request))
        criteria.is_valid(raise_exception=True)
        qs = filtered(criteria.filters()).order_by("-published_on", "-id")
        paginator = DocumentPage()
        rows = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(DocumentSerializer(rows, many=True).data)


class DocumentDetailView(APIView):
    """One document: its current text, every version, and its relations both ways."""

    permission_classes = [IsStaffMember]

    @extend_schema(responses={200: DocumentDetailSerializer})
    def get(self, request, pk: int):
        doc = get_object_or_404(
            NormativeDocument.objects.prefetch_related("versions", "relations_out__target", "relations_in__source"),
            pk=pk,
        )
        return Response(DocumentDetailSerializer(doc).data)


class SearchView(APIView):
    """Full-text search: documents best first, each with its title and a snippet marked (<mark>) by the query."""

    permission_classes = [IsStaffMember]

    @extend_schema(
        parameters=[SearchInput],
        responses={200: SearchPageSerializer, 400: OpenApiResponse(description="检索词或筛选条件错误")},
    )
    def get(self, request):
        criteria = SearchInput(data=_given(request))
        criteria.is_valid(raise_exception=True)
        results, words = search(criteria.validated_data["q"], criteria.filters())
        paginator = SearchPage()
        rows = paginator.paginate_queryset(results, request, view=self)
        data = [
            {"document": DocumentSerializer(h.document).data, "title_html": h.title, "snippet_html": h.snippet}
            for h in hits(rows or [], words)
        ]
        return paginator.get_paginated_response(data)
