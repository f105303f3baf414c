"""Rollup deltas on the write path: `contributions([id])`, what every step measures twice and every intake once.

Figure: `rollups.contributions([id])` as the write path runs it (each line's statements compiled once, run on a
raw cursor). Baseline: the same contributions with the ORM query built and compiled on every call (the previous
implementation, reproduced below). Also printed: the compiled statements alone on the cursor (the floor) and
the queries the rollups add to one step. One case per line; mediation declares the most measures.
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal

import _harness as h


def orm_contributions(case_ids) -> Counter:
    """The previous `contributions`: one ORM query per line built with a CASE WHEN per measure, on every call."""
    from django.db.models import Case as If
    from django.db.models import DateField, F, Value, When

    from fazhi.cases.models import Case, CaseEvent
    from fazhi.indicators.registry import registry
    from fazhi.indicators.rollups import ZERO, _case_rules, _condition, _event_measures, month_of

    ids = list(case_ids)
    totals: dict = defaultdict(lambda: [0, ZERO])
    lines = registry()
    for line in Case.objects.filter(pk__in=ids).order_by().values_list("line", flat=True).distinct():
        li = lines[line]
        rules = _case_rules(li)
        annotations = {}
        for i, rule in enumerate(rules):
            cond = _condition(li, rule.ind)
            annotations[f"d{i}"] = If(
                When(cond, then=F(rule.ind.date_field)), default=Value(None), output_field=DateField()
            )
            if rule.amount is not None:
                annotations[f"a{i}"] = If(
                    When(cond, then=rule.amount), default=Value(None), output_field=rule.amount_field
                )
        for row in Case.objects.filter(pk__in=ids, line=line).annotate(**annotations).values("region_id", *annotations):
            for i, rule in enumerate(rules):
                day = row[f"d{i}"]
                if day is None:
                    continue
                entry = totals[(line, rule.measure, month_of(day), row["region_id"])]
                entry[0] += 1
                entry[1] += Decimal(row.get(f"a{i}") or 0) if rule.amount is not None else ZERO
        codes = _event_measures(li)
        if codes:
            events = CaseEvent.objects.filter(case_id__in=ids, case__line=line, code__in=codes)
            for code, day, region in events.values_list("code", "on", "case__region_id"):
                totals[(line, codes[code], month_of(day), region)][0] += 1
    return Counter({k: (v[0], v[1]) for k, v in totals.items()})


def one_case_per_line() -> dict[str, int]:
    """A registered dispute (amount, escalation risk), a legal-aid application and a reconsideration application."""
    from fazhi.accounts.models import Organisation, User
    from fazhi.cases.runner import PartyInput
    from fazhi.legal_aid.services import AidApplication, aid_application_register
    from fazhi.mediation.services import Dispute, dispute_register
    from fazhi.reconsideration.services import Application, reconsideration_intake

    clerk, mediator = User.objects.get(username="city_clerk"), User.objects.get(username="mediator")
    on = date(2024, 3, 1)
    rc = reconsideration_intake(
        organisation=Organisation.objects.get(name="包头市人民政府行政复议办公室"),
        actor=clerk,
        application=Application(
            applicant=PartyInput(role="applicant", name="甲"), act_description="罚款", received_on=on
        ),
    )
    med = dispute_register(
        organisation=Organisation.objects.get(name="和平路街道人民调解委员会"),
        actor=mediator,
        dispute=Dispute(
            parties=[PartyInput(role="applicant", name="乙")],
            dispute_type="neighbour",
            summary="纠纷",
            received_on=on,
            amount=Decimal(5000),
            escalation_risk=True,
        ),
    )
    aid = aid_application_register(
        organisation=Organisation.objects.get(name="包头市法律援助中心"),
        actor=clerk,
        application=AidApplication(
            applicant=PartyInput(role="applicant", name="丙"),
            case_category="civil",
            matter="labour",
            summary="欠薪",
            received_on=on,
            monthly_income_per_capita=Decimal(900),
            recipient_group="migrant_worker",
            claim_kind="wages",
        ),
    )
    return {"reconsideration": rc.pk, "mediation": med.pk, "legal_aid": aid.pk}


def main() -> int:
    args = h.parse_args(__doc__ or "", default_n=2000, quick_n=200)
    db = h.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from fazhi.indicators import rollups
    from fazhi.indicators.registry import registry

    cases = one_case_per_line()
    for line, pk in cases.items():  # the two agree before anything is timed
        if rollups.contributions([pk]) != orm_contributions([pk]) or not rollups.contributions([pk]):
            print(f"MISMATCH or empty contribution for {line} case {pk}")
            return 1

    def floor(pk: int, line: str):
        compiled = rollups._line_sql(line, registry()[line])
        compiled.cases.run([pk])
        if compiled.events is not None:
            compiled.events.run([pk])

    print(f"n={args.n} calls per side and line on {db}; µs p50 / p95")
    total = {"compiled": 0.0, "orm": 0.0, "sql": 0.0}
    for line, pk in cases.items():
        fns = {
            "compiled": lambda i, pk=pk: rollups.contributions([pk]),
            "orm": lambda i, pk=pk: orm_contributions([pk]),
            "sql": lambda i, pk=pk, line=line: floor(pk, line),
        }
        for fn in fns.values():
            fn(0)
        t = h.time_interleaved(fns, args.n)
        rules = len(rollups._case_rules(registry()[line]))
        print(
            f"  {line:<16} ({rules:2d} measures) compiled {t['compiled'].p50_us:7.0f} / {t['compiled'].p95_us:7.0f}"
            f"   ORM-built {t['orm'].p50_us:7.0f} / {t['orm'].p95_us:7.0f}"
            f"   statements alone {t['sql'].p50_us:6.0f} / {t['sql'].p95_us:6.0f}"
        )
        for k in total:
            total[k] += t[k].mean_us

    with CaptureQueriesContext(connection) as now, rollups.tracking([cases["mediation"]]):
        pass
    with CaptureQueriesContext(connection) as before:
        orm_contributions([cases["mediation"]])
        orm_contributions([cases["mediation"]])
    print(f"queries the rollups add to a step (no change): {len(now)}, previously {len(before)}")
    print(f"sum over the three lines, mean µs: compiled {total['compiled']:.0f}, ORM-built {total['orm']:.0f}")
    h.report(
        "rollup_deltas.contributions",
        total["compiled"] / 3,
        "µs mean per call",
        total["orm"] / 3,
        total["orm"] / total["compiled"],
        baseline_unit="µs ORM-built per call (previous)",
        target="speed-up ORM ÷ compiled; the statements alone are the floor",
    )
    h.report(
        "rollup_deltas.vs_statements",
        total["compiled"] / 3,
        "µs mean per call",
        total["sql"] / 3,
        total["sql"] / total["compiled"],
        baseline_unit="µs compiled statements alone",
        target="share of the call spent in the database (1.0 = no Python overhead)",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
