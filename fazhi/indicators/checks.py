"""Start-up checks of what the lines declare for the report and the dashboard, so a typo fails at `manage.py check`.

A figure of a line that is not installed is no error: its clause is left out of the paragraph, as designed.
"""

from __future__ import annotations

from typing import Any

from django.core import checks

from fazhi.indicators.dashboard import is_count
from fazhi.indicators.declarations import areas, line_reports, references
from fazhi.indicators.registry import registry
from fazhi.indicators.report import TOKEN


def check_report_declarations(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """E001: a paragraph names an undeclared figure; E002: so does a reference key; E003: a trend figure is no count."""
    known = {line: {i.key for i in li.indicators} for line, li in registry().items()}
    errors: list[checks.CheckMessage] = []

    def undeclared(line: str, key: str) -> bool:
        return line in known and key not in known[line]

    for area in areas():
        for template in (t for sentence in area.sentences for t in sentence):
            for m in TOKEN.finditer(template):
                if m.group(2) and undeclared(m.group(2), m.group(3)):
                    errors.append(
                        checks.Error(
                            f"report area {area.key!r}: {m.group(0)} is not a declared figure", id="indicators.E001"
                        )
                    )
    for ref in references():
        if undeclared(ref.line, ref.indicator):
            errors.append(
                checks.Error(
                    f"reference key {ref.section}.{ref.key}: {ref.line}.{ref.indicator} is not a declared figure",
                    id="indicators.E002",
                )
            )
    for line, report in line_reports().items():
        counts = {i.key for i in registry()[line].indicators if is_count(i)}
        for key in report.trend:
            if key not in counts:
                errors.append(
                    checks.Error(f"{line}.TREND_FIGURES: {key!r} is not a count of the line", id="indicators.E003")
                )
    return errors
