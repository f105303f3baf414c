"""行政执法监督 figures, defined once.

The line's own: supervision cases (leads received, filed, closed by outcome, documents issued, rectification late),
and the health checks and interviews it keeps (fazhi/supervision/figures.py: 法治体检 10 and 约谈单位负责人 16 in the
seed's 2024). The three registries below the line are kept by its members and shown here: the enforcement network
and certificates (fazhi/enforcement/figures.py), the lenient-penalty register (fazhi/lenient/figures.py) and the
business-environment records (fazhi/business/figures.py), each figure a `Computed` over the registry's own records.
"""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec
from types import ModuleType

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.indicators.declarations import Area, Ref
from fazhi.indicators.registry import CaseCount, Computed, EventCount, LineIndicators, Period, ratio
from fazhi.supervision import figures
from fazhi.supervision.choices import LINE, Outcome, Source

REGISTRIES = ("fazhi.enforcement.figures", "fazhi.lenient.figures", "fazhi.business.figures")


def registry_figures() -> tuple[ModuleType, ...]:
    """The registries' figure modules that are installed (each declares LABELS and PERIOD_FIGURES)."""
    found = []
    for name in REGISTRIES:
        if find_spec(name.rsplit(".", 1)[0]) is not None and find_spec(name) is not None:
            found.append(import_module(name))
    return tuple(found)


def _unit(module: ModuleType, key: str) -> str:
    if key.endswith("_yuan") or key in getattr(module, "AMOUNT_KEYS", ()):
        return "yuan"
    if key.endswith("_pct"):
        return "percent"
    return "count"


def _on_time_pct(period: Period, line: LineIndicators) -> float | None:
    """Rectification reports received by the notice's deadline, of those received in the period (%, 2 places)."""
    args = (period.region_prefix, period.start, period.end)
    reported = figures.rectifications_reported_records(*args).count()
    return ratio(figures.rectifications_on_time_records(*args).count(), reported)


OWN = tuple(
    Computed(key, label, english, "count", fn=figures.PERIOD_FIGURES[key])
    for key, (label, english) in figures.LABELS.items()
)

REGISTRY_FIGURES = tuple(
    Computed(key, label, english, _unit(module, key), fn=module.PERIOD_FIGURES[key])
    for module in registry_figures()
    for key, (label, english) in module.LABELS.items()
    if key in module.PERIOD_FIGURES
)


def _computed_many(periods, line: LineIndicators, keys: frozenset[str]) -> list[dict]:
    """The registries' figures that one statement gives together (a module's `SUMMARY(prefix, start, end)`: the
    lenient register's ~20 figures from one grouped read), once per period instead of once per figure; the rest are
    left to each figure's `fn`."""
    batched = [m for m in registry_figures() if hasattr(m, "SUMMARY") and keys & m.PERIOD_FIGURES.keys()]
    out: list[dict] = []
    for period in periods:
        found: dict = {}
        for module in batched:
            summary = module.SUMMARY(period.region_prefix, period.start, period.end)
            found.update({key: summary[key] for key in keys & module.PERIOD_FIGURES.keys() if key in summary})
        out.append(found)
    return out


INDICATORS = LineIndicators(
    line=LINE,
    computed_many=_computed_many,
    outcome_sets={
        "closed": frozenset(o.value for o in Outcome if o not in (Outcome.DECLINED, Outcome.NOT_DUPLICATED)),
        **{o.value: frozenset({o.value}) for o in Outcome},
    },
    indicators=(
        CaseCount("received", _("收到监督线索"), "leads received", "count", date_field="received_on"),
        *(
            CaseCount(
                f"source_{s.value}",
                s.label,
                f"leads received: {s.value}",
                "count",
                date_field="received_on",
                filter=Q(supervision__source=s.value),
            )
            for s in Source
        ),
        CaseCount("filed", _("监督案件立案"), "supervision cases filed", "count", date_field="accepted_on"),
        CaseCount(
            "closed", _("监督案件结案"), "supervision cases closed", "count", date_field="closed_on", outcomes="closed"
        ),
        CaseCount(
            "corrected", _("督促纠正"), "cases closed corrected", "count", date_field="closed_on", outcomes="corrected"
        ),
        CaseCount(
            "not_duplicated",
            _("不重复监督"),
            "not supervised again (in reconsideration or litigation)",
            "count",
            date_field="closed_on",
            outcomes="not_duplicated",
        ),
        EventCount("urging_letters", _("制发督办函"), "urging letters issued", "count", codes=("issue_urging_letter",)),
        EventCount("opinions", _("制发监督意见书"), "supervision opinions issued", "count", codes=("issue_opinion",)),
        EventCount(
            "government_decisions",
            _("监督决定书"),
            "government supervision decisions",
            "count",
            codes=("government_decision",),
        ),
        EventCount("objections", _("收到异议"), "objections received", "count", codes=("raise_objection",)),
        *OWN,
        Computed(
            "rectification_on_time_pct",
            _("体检整改按期率"),
            "health-check rectifications on time, %",
            "percent",
            fn=_on_time_pct,
        ),
        *REGISTRY_FIGURES,
    ),
)

_KEYS = {i.key for i in INDICATORS.indicators}

# ------------------------------------------------------------------------------- the annual report and dashboard
_SUPERVISION_REFS = (
    "supervision_bodies_city",
    "supervision_bodies_county",
    "supervision_bodies_township",
    "rule_of_law_health_checks",
    "unit_heads_interviewed",
    "certified_supervisors",
    "certified_supervisors_growth_pct",
)
_BUSINESS_REFS = (
    "lenient_penalty_cases",
    "lenient_penalty_amount_yuan",
    "enterprises_with_notary_service_relations",
    "industrial_parks_visited",
    "enterprises_visited",
    "lectures",
)
# the reference nests the bodies per tier (`supervision_bodies: {city, county, township}`): a dotted key nests
_NESTED = {f"supervision_bodies_{tier}": f"supervision_bodies.{tier}" for tier in ("city", "county", "township")}
REPORT_REFS: tuple[Ref, ...] = (  # reference/baotou-2024-figures.json
    *(Ref("enforcement_supervision", _NESTED.get(key, key), LINE, key) for key in _SUPERVISION_REFS if key in _KEYS),
    *(Ref("business_environment", key, LINE, key) for key in _BUSINESS_REFS if key in _KEYS),
)

REPORT_AREAS: tuple[Area, ...] = (
    Area(
        "enforcement_supervision",
        "行政执法监督",
        "一年来，行政执法监督持续加强。",
        (
            (
                "{scope}建成行政执法协调监督工作体系，设立市级行政执法监督机构{supervision.supervision_bodies_city}个",
                "旗县区级{supervision.supervision_bodies_county}个",
                "苏木乡镇（街道）级{supervision.supervision_bodies_township}个",
            ),
            (
                "?持证行政执法监督人员达到{supervision.certified_supervisors}名",
                "比{previous_year}年增长{supervision.certified_supervisors_growth_pct}%",
            ),
            (
                "?对{supervision.rule_of_law_health_checks}个行政执法部门开展法治体检",
                "?约谈行政诉讼败诉、行政复议被纠错单位负责人{supervision.unit_heads_interviewed}人",
            ),
            (
                "?办理行政执法监督案件{supervision.filed}件",
                "?制发督办函{supervision.urging_letters}份",
                "?制发监督意见书{supervision.opinions}份",
                "?督促纠正{supervision.corrected}件",
            ),
        ),
        lines=(LINE,),
        order=52,
    ),
    Area(
        "inclusive_enforcement",
        "包容审慎监管和涉企法律服务",
        "一年来，包容审慎监管和涉企法律服务扎实推进。",
        (
            (
                "?{scope}各行政执法部门办理免罚轻罚案件{supervision.lenient_penalty_cases}件",
                "涉及金额{wan:supervision.lenient_penalty_amount_yuan}",
            ),
            (
                "?推动{supervision.enterprises_with_notary_service_relations}家企业与公证机构建立服务关系",
                "?深入{supervision.industrial_parks_visited}个工业园区",
                "?走访{supervision.enterprises_visited}家企业",
                "?开展法治讲座{supervision.lectures}场",
            ),
        ),
        order=31,
    ),
)

TREND_FIGURES: tuple[str, ...] = ("received", "filed", "closed")
