"""The Baotou 2024 replay: case-level records of 2023 and 2024 whose computed figures are the city's 2024 report.

`load_baotou_replay()` builds the place — the city, its county-level areas and their justice bureaus — and hands it
to every registered line's `demo.replay(place)`, which writes what the city's bodies recorded over two years through
the kernel's history writer (`fazhi.cases.history`): 行政复议 applications with their outcomes, suits and analyses;
people's-mediation disputes over a few hundred committees; legal-aid cases with their lawyers and the money
recovered for workers. The indicators computed for 包头市 and 2024 equal every figure of
`data/baotou-2024-figures.json` for the lines that exist (288 / 899 = 32.04%, 136 / 813 = 16.73%, 40,120 mediated at
98.9%, 2,320 aid cases, ¥8,181,000). Nothing is typed into a figure: cases, their detail, parties, timeline events
and clocks are written as the runner would have, each event with data {"source": "baotou-2024-replay"}; the rollup
deltas the writer appends are folded by the task worker (`make run` starts it), the readers sum them meanwhile.

The data set is deterministic for a seed, each line drawing its own numbers. `scale` multiplies every volume (for
benchmarks); only scale=1 gives the published figures. Cases are numbered gap-free per organisation, line and year
(包复〔2024〕17号), and the number sequences are left at the last number used, so the runner continues after them.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from fazhi.accounts.models import OrganisationKind
from fazhi.cases.models import Case
from fazhi.cases.sampling import Area, Days, Place, body
from fazhi.core.calendar import work_calendar
from fazhi.core.models import Region
from fazhi.demo.lines import line_demos
from fazhi.indicators.tasks import fold_rollup_deltas

SOURCE = "baotou-2024-replay"
CITY = "150200000000"
YEARS = (2023, 2024)
# County-level divisions: (code, short name for numbers, share of the city's population and caseload).
COUNTIES = [
    ("150202000000", "东", 0.13),
    ("150203000000", "昆", 0.22),
    ("150204000000", "青", 0.14),
    ("150205000000", "石", 0.015),
    ("150206000000", "白", 0.012),
    ("150207000000", "九", 0.09),
    ("150221000000", "土右", 0.10),
    ("150222000000", "固", 0.06),
    ("150223000000", "达茂", 0.035),
]
# 高新区 has no bureau of its own: its committees answer to the city bureau, its applicants go to the city.
HIGH_TECH = ("150271000000", "高新", 0.06)


def baotou(*, seed: int = 2024, scale: float = 1.0) -> Place:
    """包头市 with its nine counties' justice bureaus (created on first use) and its development zone."""
    names = dict(Region.objects.filter(code__in=[c for c, _, _ in COUNTIES]).values_list("code", "name"))
    bureau = body("包头市司法局", CITY, OrganisationKind.JUSTICE_BUREAU, "包", None)
    areas = [
        Area(code, short, share, body(f"{names[code]}司法局", code, OrganisationKind.JUSTICE_BUREAU, short, bureau))
        for code, short, share in COUNTIES
    ]
    areas.append(Area(*HIGH_TECH, bureau=None))
    return Place("包头市", CITY, bureau, areas, YEARS, Days(work_calendar()), seed=seed, scale=scale, source=SOURCE)


def _replays() -> list:
    return [(line, module.replay) for line, module in line_demos() if hasattr(module, "replay")]


def replay_done() -> bool:
    """Whether the replay is in the database: it is one transaction, so any 2023–2024 case of its lines means all."""
    return Case.objects.filter(line__in=[line for line, _ in _replays()], received_on__year__in=YEARS).exists()


def load_baotou_replay(
    *, seed: int = 2024, scale: float = 1.0, before_line: Callable[[str], None] | None = None
) -> dict[str, int]:
    """Write the 2023–2024 case records of every line that has a replay; nothing if the city has cases of those years.

    Returns the number of cases written per line. Needs the Baotou regions and people (load_baotou_people).
    """
    replays = _replays()
    if replay_done():
        return {}
    with transaction.atomic():
        place = baotou(seed=seed, scale=scale)
        written = {}
        for line, replay in replays:
            if before_line:
                before_line(line)  # the load's progress display
            written[line] = replay(place)
    fold_rollup_deltas.enqueue(reschedule=False)  # the worker folds the deltas the history writer appended
    return written
