"""What an import found and did: every problem (row, column, value, reason), a summary, the rejected rows as .xlsx."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _

from fazhi.core.logging import mask_text
from fazhi.core.spreadsheets import xlsx_bytes

MAX_ERRORS = 100_000  # an entirely wrong 50,000-row file would list ~750,000; the first 100,000 say enough


@dataclass(frozen=True)
class RowError:
    row: int | None  # the row number Excel shows; None for a problem of the whole file
    column: str
    value: str
    message: str


@dataclass
class ImportReport:
    """What an import found and did: every problem, the rows read, and the cases written."""

    file_name: str = ""
    errors: list[RowError] = field(default_factory=list)
    rows: list[Any] = field(default_factory=list)
    created: int = 0
    dry_run: bool = False
    truncated: bool = False  # more than MAX_ERRORS problems; only the first are listed
    validate_seconds: float = 0.0
    write_seconds: float = 0.0
    noun: str = ""  # what the rows are, for the summary: 历史行政复议案件
    outcome_labels: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def add(self, row: int | None, column: str, value: Any, message: str) -> None:
        if len(self.errors) >= MAX_ERRORS:
            self.truncated = True
            return
        # The problem list is shown, kept in the session and downloaded: ID numbers and phones in it stay masked.
        self.errors.append(RowError(row, column, mask_text(display(value)), message))

    def by_outcome(self) -> dict[str, int]:
        """Rows per outcome key ("" = still open)."""
        return dict(Counter(r.outcome for r in self.rows))

    def summary(self) -> str:
        if not self.ok:
            more = _("（仅列出前%(n)s条）") % {"n": MAX_ERRORS} if self.truncated else ""
            return _("发现%(n)s个问题%(more)s，未导入任何数据。") % {"n": len(self.errors), "more": more}
        open_label = _("未办结")
        parts = "，".join(
            f"{self.outcome_labels.get(k, open_label) if k else open_label} {n}"
            for k, n in sorted(self.by_outcome().items())
        )
        if self.dry_run:
            return _("检查通过：共%(n)s行，可以导入（%(parts)s）。未写入数据。") % {"n": len(self.rows), "parts": parts}
        return _("已导入%(n)s件%(noun)s（%(parts)s）。") % {"n": self.created, "noun": self.noun, "parts": parts}

    def to_xlsx(self) -> bytes:
        """The rejected-row report as a workbook: 行号, 列, 值, 问题."""
        rows = ([e.row if e.row is not None else "", e.column, e.value, e.message] for e in self.errors)
        return xlsx_bytes(_("导入问题清单"), [_("行号"), _("列"), _("值"), _("问题")], rows)


def display(value: Any) -> str:
    """A cell value as the problem list quotes it."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)[:200]
