"""Case API: list, detail and transitions through the same runner as the workbench; the deadline calculator."""

from __future__ import annotations

from datetime import date

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from fazhi.api.pagination import CasePagination
from fazhi.api.permissions import IsStaffMember
from fazhi.api.schema import AutoSchema, date_pattern
from fazhi.api.steps import TransitionInput, transition_request
from fazhi.audit.services import access_record
from fazhi.cases import reveal, selectors
from fazhi.cases.deadlines import DeadlineInputError, deadline_answer, parse_start
from fazhi.cases.fields import EARLIEST_DATE, LATEST_DATE
from fazhi.cases.filters import CaseFilter
from fazhi.cases.locking import lock_case
from fazhi.cases.models import Case, CaseEvent, Deadline, Party
from fazhi.cases.registry import DeadlineRule, deadline_rules
from fazhi.cases.runner import case_transition
from fazhi.core.masking import mask_id_number, mask_phone


class PartySerializer(serializers.ModelSerializer):
    id_number = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()

    class Meta:
        model = Party
        fields = ["id", "role", "kind", "name", "id_number", "uscc", "phone"]

    def get_id_number(self, obj: Party) -> str:
        return mask_id_number(obj.id_number)

    def get_phone(self, obj: Party) -> str:
        return mask_phone(obj.phone)


class RevealInput(serializers.Serializer):
    field = serializers.ChoiceField(choices=sorted(reveal.FIELDS), default="id_number")


class RevealOutput(serializers.Serializer):
    party = serializers.IntegerField()
    field = serializers.CharField()
    value = serializers.CharField(allow_blank=True, help_text="the full value; this read is recorded")


class DeadlineSerializer(serializers.ModelSerializer):
    class Meta:
        model = Deadline
        fields = ["clock", "label", "basis", "amount", "unit", "extended_by", "started_on", "due_on", "state"]


class EventSerializer(serializers.ModelSerializer):
    class Meta:
        model = CaseEvent
        fields = ["code", "label", "on", "at", "actor", "from_state", "to_state", "basis", "data"]


class CaseSerializer(serializers.ModelSerializer):
    class Meta:
        model = Case
        fields = [
            "id",
            "line",
            "number",
            "organisation",
            "region",
            "title",
            "channel",
            "state",
            "outcome",
            "received_on",
            "accepted_on",
            "closed_on",
            "assignee",
            "version",
        ]


# CaseSerializer's fields, each a column or a foreign key's id: (field name, attribute name)
CASE_COLUMNS = tuple(
    (name, Case._meta.get_field(name).attname)  # type: ignore[union-attr]  # concrete fields, never relations
    for name in CaseSerializer.Meta.fields
)


def case_body(case: Case) -> dict:
    """CaseSerializer's body of a case in hand, read off its attributes (the JSON renderer writes dates as
    YYYY-MM-DD, as the serializer's DateField does): building the ModelSerializer's fields per response cost more
    CPU than the rest of a transition's response (test_transition_response_is_the_serializers checks the body)."""
    values = case.__dict__
    return {name: values[column] for name, column in CASE_COLUMNS}


class CaseDetailSerializer(CaseSerializer):
    parties = PartySerializer(many=True, read_only=True)
    deadlines = DeadlineSerializer(many=True, read_only=True)
    events = EventSerializer(many=True, read_only=True)

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "parties", "deadlines", "events"]


# The detail's related rows as the nested serializers give them: (output name, column), in the serializers' order
PARTY_COLUMNS = tuple((name, name) for name in PartySerializer.Meta.fields)
DEADLINE_COLUMNS = tuple((name, name) for name in DeadlineSerializer.Meta.fields)
EVENT_COLUMNS = tuple((name, "actor_id" if name == "actor" else name) for name in EventSerializer.Meta.fields)
_EVENT_AT = serializers.DateTimeField()  # the time as the serializer writes it (ISO 8601 in the platform's zone)


def case_detail_body(case: Case) -> dict:
    """CaseDetailSerializer's body of a case in hand: the case's columns, then its parties (masked), clocks and
    timeline read as `values()` in their models' order. Building the three nested ModelSerializers' fields per
    request was about a third of a detail request's CPU; test_case_detail_is_the_serializers checks the body."""
    parties = [
        {name: row[column] for name, column in PARTY_COLUMNS}
        for row in case.parties.values(*(column for _, column in PARTY_COLUMNS))
    ]
    for party in parties:
        party["id_number"], party["phone"] = mask_id_number(party["id_number"]), mask_phone(party["phone"])
    deadlines = [
        {name: row[column] for name, column in DEADLINE_COLUMNS}
        for row in case.deadlines.values(*(column for _, column in DEADLINE_COLUMNS))
    ]
    events = [
        {name: row[column] for name, column in EVENT_COLUMNS}
        for row in case.events.values(*(column for _, column in EVENT_COLUMNS))
    ]
    for event in events:
        event["at"] = _EVENT_AT.to_representation(event["at"])
    return {**case_body(case), "parties": parties, "deadlines": deadlines, "events": events}


class StrictBooleanField(forms.NullBooleanField):
    """`true` or `false` (empty = not given), as the schema's boolean query parameter states; anything else is 400."""

    widget = forms.TextInput

    def to_python(self, value):
        if value in (None, ""):
            return None
        if value in ("true", "false"):
            return value == "true"
        raise ValidationError(gettext("应为 true 或 false。"), code="invalid")


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class CaseApiFilter(CaseFilter):
    """The workbench's case filters, with booleans as a machine client sends them."""

    is_open = StrictBooleanFilter(label=_("未办结"), field_name="closed_on", lookup_expr="isnull")
    overdue = StrictBooleanFilter(label=_("有超期时限"), method="filter_overdue")


class CaseSchema(AutoSchema):
    """The transition request is generated from the lines' step declarations (fazhi.api.steps)."""

    def _get_request_body(self, direction="request"):
        if getattr(self.view, "action", None) != "transitions":
            return super()._get_request_body(direction)
        return {"content": {"application/json": {"schema": transition_request(self.registry)}}, "required": True}


class CaseViewSet(viewsets.ReadOnlyModelViewSet):
    """Cases in the caller's scope, newest received first, a page at a time (`next`/`previous` links; `count` is
    estimated on long lists unless `count=exact`); other regions' cases answer 404."""

    permission_classes = [IsStaffMember]
    schema = CaseSchema()
    serializer_class = CaseSerializer
    filterset_class = CaseApiFilter
    pagination_class = CasePagination
    lookup_value_regex = r"[0-9]+"  # a case id is a number: /cases/abc/… is 404 at the router, not a 500 in a lookup

    def get_queryset(self):
        cases = selectors.case_list(user=self.request.user).order_by(*selectors.CASE_ORDER)
        # the list shows the related rows by id: no joins (the detail's serializer reads no related row either)
        return cases.select_related(None)

    def get_serializer_class(self):
        return CaseDetailSerializer if self.action == "retrieve" else CaseSerializer

    def filter_queryset(self, queryset):
        """The filters, when the request names one: building the filter set deep-copies its ~20 filters and their
        choices (a sixth of a plain page's CPU) to filter nothing."""
        if self.action == "list" and not self.request.query_params.keys() & CaseApiFilter.base_filters.keys():
            return queryset
        return super().filter_queryset(queryset)

    def list(self, request, *args, **kwargs):
        """A page of the caller's cases. The rows come as `values()` of CaseSerializer's fields (each a column or a
        foreign key's id) and are emitted as they are: a page built field by field through the serializer cost more
        CPU than the rest of the request's own work, and gives the same body (test_case_list_pages checks)."""
        rows = self.paginate_queryset(self.filter_queryset(self.get_queryset()).values(*dict(CASE_COLUMNS).values()))
        assert rows is not None  # the viewset always pages
        return self.get_paginated_response([{name: row[column] for name, column in CASE_COLUMNS} for row in rows])

    def retrieve(self, request, *args, **kwargs):
        case = self.get_object()
        access_record(request=request, action="view", obj=case)
        return Response(case_detail_body(case))

    @extend_schema(
        responses={
            200: CaseSerializer,
            409: OpenApiResponse(description="他人已修改案件（版本不符），请刷新后重试"),
        }
    )
    @action(detail=True, methods=["post"])
    def transitions(self, request, pk=None):
        """Take one statutory step (the same runner as the workbench).

        The body names the step by `code`; its `data` holds exactly the keys that step declares (see each
        `…Step` component). The runner then checks what the case's state, facts and dates allow (400 with the
        reason), who may take the step (403) and that nobody changed the case meanwhile (409).
        """
        with transaction.atomic():  # the step's transaction: the case read once, locked, in the caller's scope
            try:
                case = lock_case(int(pk), user=request.user)  # the scope of selectors.case_list(user=…)
            except Case.DoesNotExist:
                raise Http404 from None
            payload = TransitionInput(data=request.data, context={"line": case.line})
            payload.is_valid(raise_exception=True)
            v = payload.validated_data
            case = case_transition(
                case=case,
                code=v["code"],
                actor=request.user,
                on=date.fromisoformat(v["on"]) if v["on"] else None,
                data=v["data"],
                expected_version=v["version"],
                locked=True,
            )
        return Response(case_body(case), status=status.HTTP_200_OK)

    @extend_schema(
        request=RevealInput,
        responses={200: RevealOutput},
        parameters=[OpenApiParameter("party_pk", OpenApiTypes.INT, OpenApiParameter.PATH, description="当事人编号")],
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"parties/(?P<party_pk>\d+)/reveal",
        url_name="party-reveal",
    )
    def reveal_party(self, request, pk=None, party_pk=None):
        """A party's full ID number, phone or address, for the case's own handlers; every call is recorded."""
        case = get_object_or_404(self.get_queryset(), pk=pk)
        party = get_object_or_404(case.parties.all(), pk=party_pk)
        if not reveal.can_reveal(request.user, case):
            raise PermissionDenied(gettext("只有本机构承办该案件的工作人员可以查看完整个人信息。"))
        payload = RevealInput(data=request.data)
        payload.is_valid(raise_exception=True)
        field = payload.validated_data["field"]
        value = reveal.party_reveal(request=request, party=party, field=field)
        response = Response(RevealOutput({"party": party.pk, "field": field, "value": value}).data)
        response["Cache-Control"] = "no-store"
        return response


UNITS = Deadline._meta.get_field("unit").choices  # one enum in the schema for a unit, wherever it appears


class DeadlineAnswerSerializer(serializers.Serializer):
    rule = serializers.CharField()
    label = serializers.CharField()
    start = serializers.DateField()
    due = serializers.DateField()
    amount = serializers.IntegerField()
    unit = serializers.ChoiceField(choices=UNITS, help_text="CD 日，WD 工作日，M 月，H 小时")
    basis = serializers.CharField()
    explanation = serializers.CharField()
    calendar_covers = serializers.BooleanField(help_text="起算日和届满日所在年度的国务院节假日安排均已载入日历")


class DeadlineErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    rules = serializers.ListField(child=serializers.CharField(), required=False, help_text="规则未知时：可用的全部规则")


class DeadlineRuleSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="<条线>.<期限>，期限计算接口的 rule 参数")
    line = serializers.CharField()
    line_label = serializers.CharField(help_text="条线名称")
    clock = serializers.CharField(source="clock.key")
    label = serializers.CharField(source="clock.label")
    amount = serializers.IntegerField(source="clock.amount")
    unit = serializers.ChoiceField(source="clock.unit", choices=UNITS, help_text="CD 日，WD 工作日，M 月，H 小时")
    unit_label = serializers.SerializerMethodField()
    basis = serializers.CharField(source="clock.basis", help_text="法律依据")
    extendable = serializers.SerializerMethodField(help_text="法律是否允许延长")
    max_extension = serializers.IntegerField(source="clock.max_extension", help_text="最多可延长（同一单位）")
    extension_basis = serializers.CharField(source="clock.extension_basis")
    advisory = serializers.BooleanField(source="clock.advisory", help_text="当事人可用的期间（逾期失效而非超期）")

    def get_unit_label(self, rule: DeadlineRule) -> str:
        return rule.unit_label

    def get_extendable(self, rule: DeadlineRule) -> bool:
        return rule.clock.max_extension > 0


class DeadlineCalculatorSchema(AutoSchema):
    """The rule parameter lists every registered clock when the schema is built, not when this module loads."""

    def get_override_parameters(self):
        return [
            OpenApiParameter(
                "rule",
                OpenApiTypes.STR,
                required=True,
                enum=list(deadline_rules()),
                description="期限规则：<条线>.<期限>（见 /api/v1/deadlines/rules/）",
                examples=[OpenApiExample(key, value=key) for key in list(deadline_rules())[:3]],
            ),
            OpenApiParameter(
                "start",
                {"type": "string", "format": "date", "pattern": date_pattern(EARLIEST_DATE, LATEST_DATE)},
                required=True,
                description=f"起算日（YYYY-MM-DD，{EARLIEST_DATE.isoformat()} 至 {LATEST_DATE.isoformat()}）",
                examples=[OpenApiExample(start, value=start) for start in ("2024-09-30", "2026-02-12")],
            ),
        ]


class DeadlineCalculatorView(APIView):
    """Due date of any registered statutory period from a start date on the official work calendar (public)."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    schema = DeadlineCalculatorSchema()

    @extend_schema(responses={200: DeadlineAnswerSerializer, 400: DeadlineErrorSerializer})
    def get(self, request):
        rule, start = request.query_params.get("rule", ""), request.query_params.get("start", "")
        try:
            answer = deadline_answer(rule, parse_start(start))
        except DeadlineInputError as exc:
            body: dict = {"detail": str(exc)}
            if exc.field == "rule":
                body["rules"] = list(deadline_rules())
            return Response(body, status=status.HTTP_400_BAD_REQUEST)
        return Response(DeadlineAnswerSerializer(answer).data)


class DeadlineRuleListView(APIView):
    """Every statutory period the platform applies, of every line, with its amount, unit and article (public)."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(responses={200: DeadlineRuleSerializer(many=True)})
    def get(self, request):
        return Response(DeadlineRuleSerializer(deadline_rules().values(), many=True).data)
