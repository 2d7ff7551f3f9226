"""A hang guard for linear-time checks: fail instead of hanging forever.

Not a speed assertion (timings live in benchmarks/): the limit is generous and only a
super-linear (catastrophic) pattern can reach it.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def hang_guard(seconds: int, what: str = "scan") -> Iterator[None]:
    def boom(*_):  # pragma: no cover - only on a hang
        raise TimeoutError(f"{what} did not finish in {seconds}s: a super-linear pattern?")

    old = signal.signal(signal.SIGALRM, boom)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
