"""What a line's demo generator is given and may draw with: the place, deterministic draws, bodies and their staff.

The demo app (the top layer) builds a `Place` — the city, its county-level areas and their justice bureaus, the
years, the scale and the seed — and hands it to each registered line's `demo.replay(place)`; a line never imports
the demo app. The draws here are the ones every line's generator shares: weighted choices, amounts spread over
orders of magnitude, dates by monthly weights over the work calendar, Chinese personal and company names.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from fazhi.accounts.models import Membership, Organisation, Role, User
from fazhi.core.workdays import WorkCalendar

SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
GIVEN = [
    *("伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超"),
    *("秀英", "建华", "志强", "巴特尔", "其其格"),
]
MONGOL = ["巴特尔", "其其格", "乌云", "巴图", "苏日娜", "朝鲁", "额尔敦", "萨仁", "斯琴", "图雅", "宝音", "那仁"]
COMPANY_WORDS = (
    ["鑫源", "恒达", "草原", "北方", "鹿城", "稀土", "钢城", "黄河", "阴山", "蒙兴", "金泰", "华宇"],
    ["商贸", "建材", "物流", "稀土材料", "机械", "餐饮", "房地产开发", "矿业", "运输", "农牧业"],
)
OFFICE_MONTHS = [7.0, 5.5, 8.5, 8.5, 8.8, 8.6, 8.4, 8.2, 8.6, 8.0, 9.2, 9.7]  # 春节 in February, year-end peak


def scaled(n: int | float, scale: float) -> int:
    return max(0, round(n * scale))


def weighted(rng: random.Random, pairs: Sequence[tuple[Any, float]]) -> Any:
    return rng.choices([k for k, _ in pairs], weights=[w for _, w in pairs])[0]


class Table:
    """A weighted table drawn from many times, its cumulative weights summed once (the same draws as `weighted`)."""

    def __init__(self, pairs: Iterable[tuple[Any, float]]) -> None:
        keys, weights = zip(*pairs, strict=True)
        self.keys, self.cum = list(keys), list(itertools.accumulate(weights))

    def draw(self, rng: random.Random) -> Any:
        return rng.choices(self.keys, cum_weights=self.cum)[0]


def log_uniform(rng: random.Random, low: float, high: float, step: int = 100) -> Decimal:
    """An amount between `low` and `high`, as likely in each order of magnitude, rounded to `step`."""
    value = math.exp(rng.uniform(math.log(low), math.log(high)))
    return Decimal(max(step, round(value / step) * step))


def person(rng: random.Random) -> str:
    """A made-up name: mostly Han, some Mongolian (the city's two largest groups)."""
    if rng.random() < 0.12:
        return rng.choice(MONGOL)
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def strip_suffix(name: str, suffixes: Iterable[str]) -> str:
    for s in suffixes:
        if name.endswith(s) and len(name) > len(s):
            return name[: -len(s)]
    return name


class Days:
    """Dates drawn by month weights: working days for offices, any day for field mediation."""

    def __init__(self, calendar: WorkCalendar) -> None:
        self.calendar = calendar
        self._cache: dict[tuple[int, int, bool], list[date]] = {}

    def month(self, year: int, month: int, working: bool) -> list[date]:
        key = (year, month, working)
        if key not in self._cache:
            d, days = date(year, month, 1), []
            while d.month == month:
                if not working or self.calendar.is_working_day(d):
                    days.append(d)
                d += timedelta(days=1)
            self._cache[key] = days
        return self._cache[key]

    def draw(self, rng: random.Random, year: int, weights: Sequence[float], working: bool = True) -> date:
        month = rng.choices(range(1, 13), weights=weights)[0]
        return rng.choice(self.month(year, month, working))

    def working(self, d: date) -> date:
        return self.calendar.next_working_day(d)

    def working_before(self, d: date) -> date:
        while not self.calendar.is_working_day(d):
            d -= timedelta(days=1)
        return d


@dataclass(frozen=True)
class Area:
    """A county-level area: its code, the short name its bodies number with, its share of the city's caseload, and
    its justice bureau (None where the area's bodies answer to the city's, e.g. a development zone)."""

    code: str
    short: str
    share: float
    bureau: Organisation | None


@dataclass
class Place:
    """Where and when a demo data set happens, as the demo app hands it to each line's generator."""

    name: str  # 包头市
    code: str  # the city's 12-digit region code
    bureau: Organisation  # the city's justice bureau
    areas: list[Area]
    years: tuple[int, ...]
    days: Days
    seed: int = 2024
    scale: float = 1.0  # every volume multiplied (benchmarks); only 1 gives the published figures
    source: str = ""  # the data set's name, recorded on every event it writes ({"source": …})

    def rng(self, line: str) -> random.Random:
        """The line's own deterministic draws: adding or changing a line leaves the others' data as it was."""
        return random.Random(f"{self.seed}:{line}")

    def company(self, rng: random.Random) -> str:
        return f"{self.name}{rng.choice(COMPANY_WORDS[0])}{rng.choice(COMPANY_WORDS[1])}有限公司"

    @property
    def note(self) -> dict[str, Any]:
        return {"source": self.source} if self.source else {}

    @property
    def counties(self) -> list[Area]:
        """The areas with a bureau of their own."""
        return [a for a in self.areas if a.bureau is not None]

    def bureau_of(self, area_code: str) -> Organisation:
        """The bureau an area's bodies answer to: its own, else the city's."""
        return next((a.bureau for a in self.areas if a.code == area_code and a.bureau), self.bureau)


def body(name: str, region: str, kind: str, short: str, parent: Organisation | None) -> Organisation:
    """The organisation of that name in that region, created on first use."""
    return Organisation.objects.get_or_create(
        name=name, region_id=region, defaults={"short_name": short, "kind": kind, "parent": parent}
    )[0]


def handlers(rng: random.Random, org: Organisation, prefix: str, line: str, n: int) -> list[User]:
    """The organisation's handlers of the line: those it already has (the demo's personas), then `n` made up."""
    held = Membership.objects.filter(organisation=org, role=Role.HANDLER).select_related("user")
    users = sorted({m.user for m in held if line in m.lines}, key=lambda u: u.username)
    for i in range(1, n + 1):
        user, _ = User.objects.get_or_create(
            username=f"{prefix}{org.region_id[:6]}-{i}", defaults={"full_name": person(rng), "password": "!replay"}
        )
        Membership.objects.get_or_create(user=user, organisation=org, role=Role.HANDLER, defaults={"lines": [line]})
        users.append(user)
    return users
