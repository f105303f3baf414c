"""The test-only line's figures (applications received, decided, the share granted), its paragraph of the annual
report and its dashboard trend."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fazhi.indicators.declarations import Area
from fazhi.indicators.registry import CaseCount, LineIndicators, Ratio
from fazhi.tests.sampleline.choices import LINE

INDICATORS = LineIndicators(
    line=LINE,
    outcome_sets={"decided": frozenset({"granted", "refused"}), "granted": frozenset({"granted"})},
    indicators=(
        CaseCount("received", _("收到申请"), "applications received", "count", date_field="received_on"),
        CaseCount("decided", _("作出决定"), "decided", "count", date_field="closed_on", outcomes="decided"),
        CaseCount("granted", _("准予"), "granted", "count", date_field="closed_on", outcomes="granted"),
        Ratio("grant_rate_pct", _("准予率"), "grant rate", "percent", numerator="granted", denominator="decided"),
    ),
)

REPORT_AREAS: tuple[Area, ...] = (
    Area(
        "sample_line",
        "示例许可",
        "一年来，示例许可办理规范有序。",
        (("{scope}收到示例许可申请{sample_line.received}件", "作出决定{sample_line.decided}件"),),
        lines=(LINE,),
        order=90,
    ),
)

TREND_FIGURES: tuple[str, ...] = ("received", "decided")
