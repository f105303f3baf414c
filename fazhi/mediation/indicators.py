"""人民调解 figures, defined once (statutes.md §2.6).

调解成功率 = 调解成功 ÷ 调解（受理）纠纷 × 100% (Huangshi 842 / 869 = 96.9%). "Mediated" counts disputes the
committee took up and finished in the period — success or termination; disputes a party refused (不予调解)
were never mediated. Baotou 2024: 40,000+ mediated at 98.9%.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.core.lines import Line
from fazhi.indicators.declarations import Area, Ref
from fazhi.indicators.registry import Breakdown, CaseCount, CaseSum, EventCount, LineIndicators, Ratio
from fazhi.mediation.choices import REFERRALS, DisputeType, Outcome, Source

MEDIATED = frozenset({Outcome.SUCCESS, Outcome.FAILED})
SUCCESSFUL = frozenset({Outcome.SUCCESS})


INDICATORS = LineIndicators(
    line=Line.MEDIATION,
    outcome_sets={"mediated": MEDIATED, "successful": SUCCESSFUL, "declined": frozenset({Outcome.DECLINED})},
    indicators=(
        CaseCount("received", _("受理纠纷"), "disputes received", "count", date_field="received_on"),
        CaseCount(
            "received_proactive",
            _("主动调解"),
            "proactive",
            "count",
            date_field="received_on",
            filter=Q(mediation__source="proactive"),
        ),
        CaseCount(
            "received_on_application",
            _("申请调解"),
            "on application",
            "count",
            date_field="received_on",
            filter=Q(mediation__source="application"),
        ),
        CaseCount(
            "received_by_referral",
            _("委托移送调解"),
            "referred",
            "count",
            date_field="received_on",
            filter=Q(mediation__source__in=REFERRALS),
        ),
        CaseCount(
            "disputes_mediated",
            _("调解纠纷"),
            "disputes mediated",
            "count",
            date_field="closed_on",
            outcomes="mediated",
        ),
        CaseCount("successful", _("调解成功"), "successful", "count", date_field="closed_on", outcomes="successful"),
        Ratio(
            "success_rate_pct",
            _("调解成功率"),
            "success rate",
            "percent",
            numerator="successful",
            denominator="disputes_mediated",
        ),
        CaseCount(
            "written_agreements",
            _("书面协议"),
            "written agreements",
            "count",
            date_field="closed_on",
            outcomes="successful",
            filter=Q(mediation__agreement_kind="written"),
        ),
        CaseCount(
            "oral_agreements",
            _("口头协议"),
            "oral agreements",
            "count",
            date_field="closed_on",
            outcomes="successful",
            filter=Q(mediation__agreement_kind="oral"),
        ),
        CaseSum(
            "amount_yuan",
            _("协议涉及金额"),
            "amount involved (yuan)",
            "yuan",
            date_field="closed_on",
            outcomes="mediated",
            amounts=("mediation__amount",),
        ),
        EventCount(
            "judicial_confirmations_applied",
            _("申请司法确认"),
            "judicial confirmations applied",
            "count",
            codes=("apply_confirmation",),
        ),
        CaseCount(
            "judicial_confirmations_granted",
            _("司法确认有效"),
            "judicial confirmations granted",
            "count",
            date_field="closed_on",
            filter=Q(mediation__confirmation_result="granted"),
        ),
        EventCount("follow_ups", _("回访"), "follow-up visits", "count", codes=("follow_up",)),
        CaseCount(
            "performed",
            _("已履行"),
            "agreements performed",
            "count",
            date_field="closed_on",
            outcomes="successful",
            filter=Q(mediation__performance="performed"),
        ),
        Ratio(
            "performance_rate_pct",
            _("协议履行率"),
            "performance rate",
            "percent",
            numerator="performed",
            denominator="successful",
        ),
        CaseCount(
            "escalations_prevented",
            _("防止民转刑（件）"),
            "escalations prevented (cases)",
            "count",
            date_field="closed_on",
            outcomes="successful",
            filter=Q(mediation__escalation_risk=True),
        ),
        CaseSum(
            "escalations_prevented_persons",
            _("防止民转刑（人）"),
            "escalations prevented (persons)",
            "count",
            date_field="closed_on",
            outcomes="successful",
            filter=Q(mediation__escalation_risk=True),
            amounts=("mediation__persons_involved",),
        ),
        *(
            CaseCount(
                f"received_type_{t.value}",
                t.label,
                f"received: {t.value}",
                "count",
                date_field="received_on",
                filter=Q(mediation__dispute_type=t.value),
            )
            for t in DisputeType
        ),
        Breakdown("received_by_type", _("按纠纷类型"), "received by dispute type", "count", prefix="received_type_"),
        *(
            CaseCount(
                f"received_source_{s.value}",
                s.label,
                f"received: {s.value}",
                "count",
                date_field="received_on",
                filter=Q(mediation__source=s.value),
            )
            for s in Source
        ),
        Breakdown("received_by_source", _("按纠纷来源"), "received by source", "count", prefix="received_source_"),
    ),
)


# ------------------------------------------------------------------------------- the annual report and dashboard
REPORT_REFS: tuple[Ref, ...] = (  # reference/baotou-2024-figures.json
    Ref("mediation", "disputes_mediated", Line.MEDIATION, "disputes_mediated"),
    Ref("mediation", "success_rate_pct", Line.MEDIATION, "success_rate_pct"),
)

REPORT_AREAS: tuple[Area, ...] = (
    Area(
        "mediation",
        "矛盾纠纷化解",
        "一年来，不断筑牢安全稳定防线。",
        (
            (
                "{scope}人民调解组织受理矛盾纠纷{mediation.received}件",
                "调解各类矛盾纠纷{mediation.disputes_mediated}件",
                "调解成功{mediation.successful}件",
                "调解成功率达{mediation.success_rate_pct}%",
            ),
            (
                "达成书面协议{mediation.written_agreements}件、口头协议{mediation.oral_agreements}件",
                "?协议涉及金额{wan:mediation.amount_yuan}",
            ),
            ("?防止民间纠纷转化为刑事案件{mediation.escalations_prevented}件",),
        ),
        lines=(Line.MEDIATION,),
        order=10,
    ),
)

# the monthly trend chart: the first as bars, the rest as lines
TREND_FIGURES: tuple[str, ...] = ("received", "disputes_mediated", "successful")
