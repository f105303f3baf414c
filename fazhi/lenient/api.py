"""The register's API at /api/v1/lenient/: agencies report decisions as a JSON list (the upload's checks, row by row).

`POST decisions/` takes a list of objects (at most `MAX_ROWS`), each row checked exactly as a sheet's row is
(`services.decisions_report`); any problem: 400 with every problem (row = the object's position, from 1) and nothing
written; else 200 (or 201 when something was added) with the counts and each row's status (`added` or
`already_present`, and its flags). Sending the same list again adds nothing.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from fazhi.api.permissions import IsStaffMember
from fazhi.cases.imports import ImportReport
from fazhi.lenient import access
from fazhi.lenient.choices import Channel, PartyKind
from fazhi.lenient.services import HEADERS, ReportForbidden, decisions_report

MAX_ROWS = 50_000
KEYS = tuple(HEADERS)
BY_HEADER = {header: key for key, header in HEADERS.items()}
SCALARS = (str, int, float)


class DecisionInput(serializers.Serializer):
    """One decision (the schema; the rows are checked by the register's service, as an uploaded sheet's)."""

    agency = serializers.CharField(required=False, help_text="执法机关：机构编号或全称；只为一个执法机关报送时可省略")
    number = serializers.CharField(max_length=60, help_text="决定书文号，如 包市监罚决〔2024〕12号")
    decided_on = serializers.DateField(help_text="决定日期 YYYY-MM-DD")
    entry = serializers.CharField(max_length=40, help_text="清单事项编号")
    party_kind = serializers.ChoiceField(PartyKind.choices, help_text="当事人类型：enterprise 企业 / person 个人")
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="免罚或减罚金额（元）")


class RowResult(serializers.Serializer):
    row = serializers.IntegerField(help_text="第几件（从1起）")
    status = serializers.ChoiceField(["added", "already_present"], help_text="added 新增；already_present 已存在")
    flags = serializers.ListField(
        child=serializers.ChoiceField(["out_of_dates", "other_domain"]),
        help_text="out_of_dates 不在清单事项有效期内；other_domain 清单事项领域非本机关领域",
    )


class ReportResult(serializers.Serializer):
    report = serializers.IntegerField(allow_null=True, help_text="报送批次编号")
    rows = serializers.IntegerField()
    added = serializers.IntegerField()
    already_present = serializers.IntegerField()
    flagged = serializers.IntegerField()
    results = RowResult(many=True)


class RowProblem(serializers.Serializer):
    row = serializers.IntegerField(allow_null=True)
    field = serializers.CharField()
    value = serializers.CharField()
    message = serializers.CharField()


class ReportProblems(serializers.Serializer):
    detail = serializers.CharField()
    # absent when the body is not JSON at all (the parser's own 400 says only `detail`)
    errors = RowProblem(many=True, required=False)


def _problems(report: ImportReport) -> Response:
    errors = [
        {"row": e.row, "field": BY_HEADER.get(e.column, ""), "value": e.value, "message": e.message}
        for e in report.errors
    ]
    return Response({"detail": report.summary(), "errors": errors}, status=status.HTTP_400_BAD_REQUEST)


class DecisionReportView(APIView):
    """Report lenient-penalty decisions (a reporter: its own agency's; a supervision body: its region's agencies)."""

    permission_classes = [IsStaffMember]

    @extend_schema(
        operation_id="lenient_decisions_report",
        summary="报送免罚轻罚决定（批量，全部成功或全部不写入，重复报送不重复计数）",
        request=DecisionInput(many=True),
        responses={
            200: ReportResult,
            201: ReportResult,
            400: OpenApiResponse(ReportProblems),
            403: OpenApiResponse(description="无权报送"),
        },
        tags=["免罚轻罚"],
    )
    def post(self, request):
        if not access.may_report(request.user):
            raise PermissionDenied(_("仅执法机关报送员或行政执法监督机构工作人员可以报送免罚轻罚决定。"))
        report = ImportReport(file_name="", noun=_("免罚轻罚决定"))
        data = request.data
        if not isinstance(data, list):
            report.add(None, "", "", _("请求内容应为决定的列表（JSON 数组）。"))
            return _problems(report)
        if len(data) > MAX_ROWS:
            report.add(None, "", "", _("一次最多报送%(n)s件，请分批报送。") % {"n": MAX_ROWS})
            return _problems(report)
        cells = []
        for n, item in enumerate(data, start=1):
            if not isinstance(item, dict):
                report.add(n, "", "", _("每一件决定应为一个对象。"))
                continue
            unknown = sorted(set(item) - set(KEYS))
            if unknown:
                report.add(n, "", "、".join(unknown), _("未知的字段：%(f)s") % {"f": "、".join(unknown)})
            row = {}
            for key in KEYS:
                value = item.get(key)
                if value is not None and (not isinstance(value, SCALARS) or isinstance(value, bool)):
                    report.add(n, HEADERS[key], "", _("%(name)s应为文本或数字。") % {"name": HEADERS[key]})
                    value = None
                elif isinstance(value, str) and "\x00" in value:  # no database stores it; a query with it fails
                    message = _("%(name)s含有空字符，请删除后重新报送。") % {"name": HEADERS[key]}
                    report.add(n, HEADERS[key], "", message)
                    value = None
                row[key] = value
            cells.append((n, row))
        if not report.ok:
            return _problems(report)
        try:
            outcome = decisions_report(cells, actor=request.user, channel=Channel.API, problems=report)
        except ReportForbidden:
            raise PermissionDenied(_("您没有可报送的执法机关。")) from None
        if not outcome.ok:
            return _problems(report)
        body = {
            "report": outcome.record.pk if outcome.record else None,
            "rows": len(outcome.rows),
            "added": outcome.added,
            "already_present": outcome.already_present,
            "flagged": outcome.flagged,
            "results": [
                {"row": r.n, "status": "already_present" if r.present else "added", "flags": list(r.flags)}
                for r in outcome.rows
            ],
        }
        return Response(body, status=status.HTTP_201_CREATED if outcome.added else status.HTTP_200_OK)
