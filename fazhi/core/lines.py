"""The business lines (业务条线): each declares itself from its own app; the kernel iterates, never names them.

A line is one folder plus one entry in INSTALLED_APPS. Its `AppConfig` carries a `line = LineSpec(...)` with the
small declarations (key, name, organisation kinds, roles, nav, scope); the larger ones are modules found by name in
the line's package (NetBox's PluginConfig and Wagtail's hooks are the models):

| module           | what the kernel reads                                  | read by                |
|------------------|--------------------------------------------------------|------------------------|
| `procedure.py`   | `PROCEDURE` (states, transitions, clocks)              | cases                  |
| `urls.py`        | page urlpatterns, mounted at `/<url_prefix>`           | config.urls            |
| `api_urls.py`    | API urlpatterns, mounted at `/api/v1/<url_prefix>`     | config.api_urls        |
| `documents.py`   | `KINDS` (document kinds) and their template text       | documents              |
| `indicators.py`  | `INDICATORS`, `REPORT_AREAS`, `REPORT_REFS`,           | indicators             |
|                  | `TREND_FIGURES` (fazhi/indicators/declarations.py)     |                        |
| `demo.py`        | the demo generator                                     | demo                   |
| `tests/matrix.py`| `ROUTES`, `PERSONAS` for the permission matrix         | fazhi/tests            |

`core` is the lowest layer, so this registry names no app: `lines()` reads whatever the installed apps declare.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache

from django.apps import apps
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Label = str | Promise


STAFF_PAGE = "fazhi.accounts.access.is_staff_member"  # the check of every workbench page (cases.views.staff_required)


@dataclass(frozen=True)
class NavEntry:
    """A menu link, shown only to users the view it opens would let in.

    `permission` names (as a dotted path, resolved when the menu is drawn, so a lower layer names no higher app in
    its imports) the very check the view makes: a function of the user whose falsy answer, or PermissionDenied, is
    the view's 403 (e.g. a line's `selectors.intake_organisations`). Without one, the entry is shown to users who
    may read the line (`access.can_read`, the check of every line's list pages), holding one of `roles` if named.
    """

    label: Label
    url_name: str
    roles: frozenset[str] = frozenset()
    permission: str = ""
    query: str = ""  # appended to the URL, e.g. "?line=legal_aid"


@dataclass(frozen=True)
class LineSpec:
    """What a business line declares about itself from its own app (see the module docstring for the rest)."""

    key: str  # "reconsideration": case.line, membership lines, rollups, API paths
    label: Label  # 行政复议
    order: int = 100  # position in menus, lists and the annual report
    url_prefix: str = ""  # "legal-aid/": pages at /legal-aid/, API at /api/v1/legal-aid/ (default: key with "-")
    organisation_kinds: Mapping[str, Label] = field(default_factory=dict)  # kinds of bodies this line adds
    roles: Mapping[str, Label] = field(default_factory=dict)  # roles this line adds to the kernel's
    nav: tuple[NavEntry, ...] = ()  # the line's entry in the top bar
    menu: tuple[NavEntry, ...] = ()  # the line's own pages, the menu above each of them (`{% line_menu %}`)
    own_organisation_only: bool = False  # narrow scope: members see their own organisation's records, not a subtree
    # roles whose holders see only their own organisation's records of this line, not their region's: an enforcement
    # agency's reporter on the supervision line reads its own lenient-penalty decisions, not the line's cases
    own_organisation_roles: frozenset[str] = frozenset()
    log_every_read: bool = False  # every read of a record of this line is an access record (corrections)

    @property
    def prefix(self) -> str:
        return self.url_prefix or self.key.replace("_", "-") + "/"


@dataclass(frozen=True)
class RegisteredLine:
    """A line's declaration with the app that made it."""

    spec: LineSpec
    app_name: str  # "fazhi.reconsideration"
    app_label: str


@cache
def registered() -> tuple[RegisteredLine, ...]:
    """Every installed app's line, in declared order (then key)."""
    found = [
        RegisteredLine(spec, config.name, config.label)
        for config in apps.get_app_configs()
        if isinstance(spec := getattr(config, "line", None), LineSpec)
    ]
    keys = [r.spec.key for r in found]
    if len(keys) != len(set(keys)):
        raise ValueError(f"two apps declare the same line key: {sorted(keys)}")
    return tuple(sorted(found, key=lambda r: (r.spec.order, r.spec.key)))


def lines() -> tuple[LineSpec, ...]:
    return tuple(r.spec for r in registered())


def line_spec(key: str) -> LineSpec:
    for spec in lines():
        if spec.key == key:
            return spec
    raise LookupError(f"no line registered as {key!r}")


def line_keys() -> tuple[str, ...]:
    return tuple(spec.key for spec in lines())


def line_choices() -> list[tuple[str, Label]]:
    """(key, label) of every registered line: a callable `choices`, so a new line needs no migration."""
    return [(spec.key, spec.label) for spec in lines()]


def line_label(key: str) -> Label:
    try:
        return line_spec(key).label
    except LookupError:
        return key


class Line(models.TextChoices):
    """Keys of the ten lines the platform is planned to run (kept for existing references; new code uses `lines()`).

    A line that is not installed is simply absent from `lines()`; this enum registers nothing.
    """

    RECONSIDERATION = "reconsideration", _("行政复议")
    MEDIATION = "mediation", _("人民调解")
    LEGAL_AID = "legal_aid", _("法律援助")
    LEGALITY = "legality", _("合法性审核")
    SUPERVISION = "supervision", _("行政执法监督")
    SERVICES = "services", _("公共法律服务")
    CORRECTIONS = "corrections", _("社区矫正")
    PUBLICITY = "publicity", _("普法")
    INTEGRITY = "integrity", _("诚信建设")
    AGENCIES = "agencies", _("公证鉴定仲裁")
