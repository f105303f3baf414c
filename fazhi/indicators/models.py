"""Rollups: (month, region, line, measure) → count and amount, so figures cost the same at any number of cases.

The grain is a calendar month and a case's own region (a township or a county): every period the dashboard,
the report and the API ask for is a run of whole months, and a month × township table holds the same number
of rows at ten thousand or ten million cases. Writers append signed deltas (no hot row: every intake of a
county in a month would otherwise update one row); `fold_rollups` folds them into `Rollup`. Readers sum both,
so a figure is exact before and after folding.
"""

from __future__ import annotations

from django.db import models

COUNTY_DIGITS = 6  # GB/T 2260: 2 province, 2 city, 2 county digits
CITY_DIGITS = 4


class Rollup(models.Model):
    """The folded total of one measure of one line in one region in one month, at one of three grains.

    `case` rows are keyed by the case's own region (a township or a county); `county` rows hold the same totals
    summed per county (region code cut to 6 digits, zero-filled), so a county's page or a city's split by county
    reads a tenth of the rows; `city` rows summed per city (4 digits), so a city-wide page reads a tenth of those.
    A reader picks one grain, never two.
    """

    class Grain(models.TextChoices):
        CASE = "case", "case region"
        COUNTY = "county", "county"
        CITY = "city", "city"

    grain = models.CharField(max_length=6, choices=Grain.choices, default=Grain.CASE)
    month = models.DateField(help_text="the first day of the month")
    region_code = models.CharField(max_length=12)
    line = models.CharField(max_length=20)
    measure = models.CharField(max_length=80)
    count = models.BigIntegerField(default=0)
    amount = models.DecimalField(max_digits=18, decimal_places=2, default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["grain", "line", "measure", "month", "region_code"], name="rollup_unique")
        ]
        indexes = [models.Index(fields=["line", "grain", "month"], name="rollup_line_grain_month")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.region_code} ({self.grain}) {self.line}.{self.measure} = {self.count}"


class RollupDelta(models.Model):
    """A signed change to a rollup, written in the same transaction as the case change that caused it."""

    month = models.DateField(help_text="the first day of the month")
    region_code = models.CharField(max_length=12)
    line = models.CharField(max_length=20)
    measure = models.CharField(max_length=80)
    count = models.BigIntegerField(default=0)
    amount = models.DecimalField(max_digits=18, decimal_places=2, default=0)

    class Meta:
        indexes = [models.Index(fields=["line", "month"], name="rollup_delta_line_month")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.region_code} {self.line}.{self.measure} {self.count:+d}"
