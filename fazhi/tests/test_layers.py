"""The import graph keeps fazhi's layers (issue 11, item 2): every import points down, and no line imports another.

Layers, lowest first; a module may import from its own app, from any app on a lower layer and from another app on
its own layer, except that a business line never imports another line:

    0  core                   regions, work calendar, validators, crypto, masking, the line registry's types
    1  accounts               users, organisations, memberships, who may do what
    2  audit                  change and access records: who did or read what, scoped by membership
    3  cases, api             the case kernel every line shares, and its REST plumbing (authentication and
                              permissions, the schema class, error bodies, throttles, the step requests
                              generated from the procedures); the API's root URL map is config/api_urls.py
    4  indicators, documents  told of case changes through fazhi.cases.hooks, never imported by the kernel
       rulebook               the rule book: published law the lines (legality, reconsideration, the portal) share
       enforcement, lenient,  the enforcement network and certificates, the lenient-penalty register, the business
       business               environment's registers: kept by the supervision line, reported by agencies
    5  the lines              every app whose AppConfig declares `line` (fazhi.core.lines.registered())
    6  demo                   the demo data, on top of everything

accounts sits below audit: audit's pages are scoped by the viewer's memberships (accounts.access) and audit
records lockouts through its own receiver of axes' signal, while accounts hears of audit only through hooks it
declares (`accounts.access.record_reads_with`). A lower layer that must react to a higher one declares a hook or
sends a signal (`fazhi.cases.hooks`, `fazhi.core.signals`) that the higher app connects in its AppConfig.ready.

Every `import` counts, at module level or inside a function or an `if TYPE_CHECKING:` block; modules found by name
at run time (fazhi.core.discovery) are how the kernel reaches the lines. Test modules and migrations are not
checked. `make lint` runs this test.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps

from fazhi.core.lines import registered

ROOT = Path(__file__).resolve().parents[2]  # the repository: fazhi/ and config/ are in it
LINE_LAYER = 5
LAYERS = {
    "fazhi.core": 0,
    "fazhi.accounts": 1,
    "fazhi.audit": 2,
    "fazhi.cases": 3,
    "fazhi.indicators": 4,
    "fazhi.documents": 4,
    "fazhi.rulebook": 4,
    "fazhi.enforcement": 4,
    "fazhi.lenient": 4,
    "fazhi.business": 4,
    "fazhi.api": 3,
    "fazhi.demo": 6,
}

# Imports that break the rule, each naming its owner and the item that removes it; empty today. The test fails when
# an entry no longer occurs, so the list only shrinks. (file, app imported) → who removes it, and how
ALLOWED: dict[tuple[str, str], str] = {}


@dataclass(frozen=True)
class Import:
    path: str  # fazhi/core/admin.py
    line: int
    module: str  # the module importing: fazhi.core.admin
    target: str  # the module imported: fazhi.cases.services


def production_modules(root: Path = ROOT) -> Iterator[Path]:
    """Every .py file of fazhi/ that is neither a test nor a migration."""
    for path in sorted((root / "fazhi").rglob("*.py")):
        parts = path.relative_to(root).parts
        if {"tests", "tests_browser", "migrations"} & set(parts) or path.name.startswith("test_"):
            continue
        if path.name == "conftest.py":
            continue
        yield path


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, root: Path = ROOT) -> Iterator[Import]:
    """Each fazhi name `path` imports: `import x` gives x, `from x import y` gives x.y (y a module or a name in x)."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    rel = str(path.relative_to(root))
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=rel)):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolved against the importing module's package
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            if target == "fazhi" or target.startswith("fazhi."):
                yield Import(rel, node.lineno, name, target)


def app_of(module: str, app_names: list[str]) -> str | None:
    """The installed app a dotted module (or a name inside one) belongs to: the longest app name it starts with."""
    found = [a for a in app_names if module == a or module.startswith(a + ".")]
    return max(found, key=len) if found else None


def layer_of(app: str, lines: frozenset[str]) -> int:
    if app in lines:
        return LINE_LAYER
    if app not in LAYERS:
        raise AssertionError(f"{app} has no layer: add it to LAYERS in {Path(__file__).name} (or declare its `line`)")
    return LAYERS[app]


@dataclass(frozen=True)
class Violation:
    imp: Import
    target_app: str  # "fazhi.api"
    why: str

    def __str__(self) -> str:
        return f"{self.imp.path}:{self.imp.line}: {self.why} ({self.imp.target})"


def violations(root: Path = ROOT) -> list[Violation]:
    """Every import that points up a layer or across lines, with what is wrong with it."""
    app_names = [c.name for c in apps.get_app_configs() if c.name.startswith("fazhi.")]
    lines = frozenset(r.app_name for r in registered())
    found = []
    for path in production_modules(root):
        for imp in imports_of(path, root):
            source, target = app_of(imp.module, app_names), app_of(imp.target, app_names)
            if source is None:
                raise AssertionError(f"{imp.path} is in no installed app: install its app or move it into one")
            if imp.target.startswith("fazhi.tests."):
                found.append(Violation(imp, target or "fazhi.tests", "production code imports test code"))
                continue
            if target is None or target == source:
                continue
            here, there = layer_of(source, lines), layer_of(target, lines)
            if here < there:
                why = f"{short(source)} (layer {here}) imports {short(target)} (layer {there})"
                found.append(Violation(imp, target, why))
            elif source in lines and target in lines:
                found.append(Violation(imp, target, f"line {short(source)} imports line {short(target)}"))
    return found


def short(app: str) -> str:
    return app.removeprefix("fazhi.")


def test_no_module_imports_a_higher_layer_or_another_line():
    unexpected = [str(v) for v in violations() if (v.imp.path, v.target_app) not in ALLOWED]
    assert not unexpected, "imports against the layers (see this test's docstring):\n" + "\n".join(unexpected)


def test_the_allow_list_names_only_imports_that_still_break_the_rule():
    seen = {(v.imp.path, v.target_app) for v in violations()}
    stale = sorted(f"{path} → {app}" for path, app in ALLOWED if (path, app) not in seen)
    assert not stale, "no longer needed, remove from ALLOWED:\n" + "\n".join(stale)


def test_the_checker_finds_an_upward_import_in_a_function_and_a_line_importing_another(tmp_path):
    """The checker itself, on a small tree: function-level and relative imports are read and placed by app."""
    one, other = [r for r in registered() if ".tests." not in r.app_name][:2]
    files = {
        "fazhi/core/probe.py": "import re\n\n\ndef f():\n    from fazhi.cases.services import material_add\n",
        "fazhi/core/tests/test_probe.py": "from fazhi.demo import baotou\n",  # tests are not checked
        "fazhi/cases/probe.py": "from . import models\nfrom fazhi.core import lines\n",  # own app, lower layer
        f"{one.app_name.replace('.', '/')}/probe.py": f"from {other.app_name}.models import x\n",
        "fazhi/demo/probe.py": f"from {one.app_name} import models\n",  # the top may import a line
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    found = [str(v) for v in violations(tmp_path)]
    assert found == [
        "fazhi/core/probe.py:5: core (layer 0) imports cases (layer 3) (fazhi.cases.services.material_add)",
        f"{one.app_name.replace('.', '/')}/probe.py:1: line {short(one.app_name)} imports line "
        f"{short(other.app_name)} ({other.app_name}.models.x)",
    ]
