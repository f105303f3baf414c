"""The test-only line's figures: applications received, and the share granted."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

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
