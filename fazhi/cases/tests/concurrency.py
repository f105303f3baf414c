"""Running test work on several threads at once, each on its own database connection (PostgreSQL's row locks)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connection


def run_threads(n: int, work: Callable[[int], None]) -> None:
    """Run work(0) … work(n-1) at once, each thread on its own connection; re-raise the first error."""
    barrier = threading.Barrier(n)
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            barrier.wait()
            work(i)
        except BaseException as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors, errors
