"""`load_demo baotou-2024` (what `make run` runs): a load stopped at any point resumes to the same records."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from functools import partial
from io import StringIO
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.management import call_command

from fazhi.cases.models import Case
from fazhi.demo import replay as replay_module
from fazhi.demo.baotou import PERSONAS
from fazhi.demo.lines import line_demos
from fazhi.demo.management.commands import load_demo as command

pytestmark = pytest.mark.django_db
SCALE = 0.02  # the replay at 2 % of its volume: the same code path, seconds instead of minutes


class Interrupt:
    """Wraps a loader: the first call does part of the work, then Ctrl-C arrives; later calls run normally."""

    def __init__(self, fn):
        self.fn, self.fired = fn, False

    def __call__(self, *args, **kwargs):
        if self.fired:
            return self.fn(*args, **kwargs)
        self.fired = True
        self.fn(*args, **kwargs)  # the work is done inside the stage's transaction …
        raise KeyboardInterrupt  # … and the stage is stopped before it ends


def _small_demos(monkeypatch, *, interrupt_walk: str, interrupt_replay: str):
    walked, replays = [], []
    for line, module in line_demos():
        load: Callable | None = partial(module.load_demo, count=6) if hasattr(module, "load_demo") else None
        if load and line == interrupt_walk:
            load = Interrupt(load)
        if load:
            walked.append((line, SimpleNamespace(load_demo=load)))
        if hasattr(module, "replay"):
            replays.append(
                (line, SimpleNamespace(replay=Interrupt(module.replay) if line == interrupt_replay else module.replay))
            )
    monkeypatch.setattr(command, "line_demos", lambda: walked)
    monkeypatch.setattr(replay_module, "line_demos", lambda: replays)
    real = replay_module.load_baotou_replay
    monkeypatch.setattr(command, "load_baotou_replay", partial(real, scale=SCALE))
    return [line for line, _ in walked]


def _counts() -> Counter:
    return Counter((line, received.year) for line, received in Case.objects.values_list("line", "received_on"))


def _load() -> str:
    out = StringIO()
    call_command("load_demo", "baotou-2024", "--progress", "off", stdout=out, stderr=out)
    return out.getvalue()


def test_an_interrupted_load_resumes_stage_by_stage_to_the_same_records(monkeypatch, baotou):
    lines = _small_demos(monkeypatch, interrupt_walk=line_demos()[1][0], interrupt_replay=line_demos()[-1][0])
    first, second = lines[0], lines[1]

    with pytest.raises(SystemExit) as stopped:
        _load()
    assert stopped.value.code == 130
    after_first = _counts()
    assert after_first[(first, 2025)] + after_first[(first, 2026)] > 0  # the finished stage stays
    assert not any(line == second for line, _ in after_first)  # the stopped stage left nothing half done
    assert not any(year in (2023, 2024) for _, year in after_first)

    with pytest.raises(SystemExit):  # this time Ctrl-C comes during the replay: all of it rolls back
        _load()
    after_second = _counts()
    assert not any(year in (2023, 2024) for _, year in after_second)
    assert all(after_second[(line, 2025)] + after_second[(line, 2026)] > 0 for line in lines)

    out = _load()
    done = _counts()
    replayed = {key: n for key, n in done.items() if key[1] in (2023, 2024)}
    assert replayed and all(n > 0 for n in replayed.values())
    walked = {key: n for key, n in done.items() if key[1] not in (2023, 2024)}
    assert walked == {key: n for key, n in after_second.items()}  # no walked case twice
    assert "2023—2024年回放数据" in out

    _load()  # once more: nothing is loaded twice
    assert _counts() == done


def test_the_logins_it_prints_are_every_demo_persona(baotou):
    out = StringIO()
    call_command("load_demo", "baotou-2024", "--logins-only", stdout=out)
    printed = out.getvalue()
    assert all(p.username in printed for p in PERSONAS)
    assert "aid_clerk" in printed  # a legal-aid registrar is among them
    assert not Case.objects.exists()  # --logins-only loads nothing


def test_the_readme_lists_every_demo_login_and_the_address_setting():
    readme = (settings.BASE_DIR / "README.md").read_text(encoding="utf-8")
    assert all(f"`{p.username}`" in readme for p in PERSONAS)
    assert "FAZHI_ADDR" in readme
