"""GB/T 2260 12-digit region codes: levels and subtree prefixes."""

from __future__ import annotations

import re

from django.db.models import CharField, Func

CODE_RE = re.compile(r"^\d{12}$")

# Significant digits per level: province 2, city 4, county 6, township 9, village 12 (GB/T 2260 + NBS 统计用区划代码).
PREFIX_LENGTH = {"province": 2, "city": 4, "county": 6, "township": 9, "village": 12}


def level_of(code: str) -> str:
    """The level a 12-digit code denotes, read from its trailing zeros."""
    if not CODE_RE.match(code):
        raise ValueError(f"not a 12-digit region code: {code!r}")
    if code[2:] == "0" * 10:
        return "province"
    if code[4:] == "0" * 8:
        return "city"
    if code[6:] == "0" * 6:
        return "county"
    if code[9:] == "000":
        return "township"
    return "village"


def subtree_prefix(code: str) -> str:
    """The prefix every code in the region's subtree starts with (150202000000 → 150202)."""
    return code[: PREFIX_LENGTH[level_of(code)]]


def in_subtree(code: str, root: str) -> bool:
    """Whether `code` lies in the subtree of `root` (a region is in its own subtree)."""
    return code.startswith(subtree_prefix(root))


class TownshipOf(Func):
    """The township part (the first `PREFIX_LENGTH["township"]` digits) of a region-code column, its bounds written
    into the SQL rather than bound as parameters: the planner matches an expression index on it (cases.0010) only to
    the same constant expression, which a statement with bound bounds (prepared, or bound server-side as a plain
    psycopg client binds) is not."""

    template = f"substr(%(expressions)s, 1, {PREFIX_LENGTH['township']})"
    output_field = CharField()
