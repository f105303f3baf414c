"""Case API: list, detail and transitions through the same runner as the workbench; the deadline calculator."""

from __future__ import annotations

from datetime import date

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from fazhi.api.permissions import IsStaffMember
from fazhi.audit.services import access_record
from fazhi.cases import reveal, selectors
from fazhi.cases.deadlines import deadline_answer
from fazhi.cases.filters import CaseFilter
from fazhi.cases.models import Case, CaseEvent, Deadline, Party
from fazhi.cases.registry import deadline_rules
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


class CaseDetailSerializer(CaseSerializer):
    parties = PartySerializer(many=True, read_only=True)
    deadlines = DeadlineSerializer(many=True, read_only=True)
    events = EventSerializer(many=True, read_only=True)

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "parties", "deadlines", "events"]


class TransitionInput(serializers.Serializer):
    code = serializers.SlugField(max_length=40)
    version = serializers.IntegerField(min_value=1, help_text="the case version the client saw (optimistic lock)")
    on = serializers.DateField(required=False, help_text="date of the step; today if absent")
    data = serializers.DictField(child=serializers.CharField(allow_blank=True, max_length=2000), required=False)


class CaseViewSet(viewsets.ReadOnlyModelViewSet):
    """Cases in the caller's scope; other regions' cases answer 404."""

    permission_classes = [IsStaffMember]
    serializer_class = CaseSerializer
    filterset_class = CaseFilter
    lookup_value_regex = r"[0-9]+"  # a case id is a number: /cases/abc/… is 404 at the router, not a 500 in a lookup

    def get_queryset(self):
        return selectors.case_list(user=self.request.user).order_by("-received_on", "-id")

    def get_serializer_class(self):
        return CaseDetailSerializer if self.action == "retrieve" else CaseSerializer

    def retrieve(self, request, *args, **kwargs):
        case = self.get_object()
        access_record(request=request, action="view", obj=case)
        return Response(CaseDetailSerializer(case).data)

    @extend_schema(request=TransitionInput, responses={200: CaseSerializer})
    @action(detail=True, methods=["post"])
    def transitions(self, request, pk=None):
        """Take one statutory step (the same runner as the workbench)."""
        case = get_object_or_404(self.get_queryset(), pk=pk)
        payload = TransitionInput(data=request.data)
        payload.is_valid(raise_exception=True)
        v = payload.validated_data
        case = case_transition(
            case=case,
            code=v["code"],
            actor=request.user,
            on=v.get("on"),
            data=v.get("data", {}),
            expected_version=v["version"],
        )
        return Response(CaseSerializer(case).data, status=status.HTTP_200_OK)

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


class DeadlineAnswerSerializer(serializers.Serializer):
    rule = serializers.CharField()
    label = serializers.CharField()
    start = serializers.DateField()
    due = serializers.DateField()
    amount = serializers.IntegerField()
    unit = serializers.CharField()
    basis = serializers.CharField()
    explanation = serializers.CharField()
    calendar_covers = serializers.BooleanField()


class DeadlineErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    rules = serializers.ListField(child=serializers.CharField(), required=False)


class DeadlineCalculatorView(APIView):
    """Due date of a statutory period from a start date on the official work calendar (public)."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(
        parameters=[
            OpenApiParameter("rule", OpenApiTypes.STR, required=True, enum=sorted(deadline_rules())),
            OpenApiParameter("start", OpenApiTypes.DATE, required=True),
        ],
        responses={200: DeadlineAnswerSerializer, 400: DeadlineErrorSerializer},
    )
    def get(self, request):
        rule, start = request.query_params.get("rule", ""), request.query_params.get("start", "")
        rules = deadline_rules()
        if rule not in rules:
            return Response(
                {"detail": f"未知的期限规则：{rule or '（空）'}", "rules": sorted(rules)},
                status=status.HTTP_400_BAD_REQUEST,
            )
        try:
            start_date = date.fromisoformat(start)
            if len(start) != 10:
                raise ValueError
        except ValueError:
            return Response(
                {"detail": f"起算日格式不正确：{start or '（空）'}，应为 YYYY-MM-DD。"},
                status=status.HTTP_400_BAD_REQUEST,
            )
        try:
            answer = deadline_answer(rule, start_date)
        except OverflowError:
            return Response({"detail": "日期超出可计算范围。"}, status=status.HTTP_400_BAD_REQUEST)
        return Response(DeadlineAnswerSerializer(answer).data)
