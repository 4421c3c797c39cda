"""Which steps' scalars a run folder's TensorBoard events hold (``tensorboard_every``).

tensorboard's writer costs about 40-50 µs an event on a CPU (its Event proto, its queue and
writer thread, a CRC-32C in pure Python): on a small model's 0.2 ms step, an event every step
made a watched loop's run folder cost about a quarter of the loop. ``steps.csv`` keeps every
step's row; TensorBoard gets every ``k``-th row's scalars (step ``s`` where ``s % k == 0`` in a
run that logs every step; counted in rows for a watched loop that logs some steps only). Under
``"auto"``, the first ``AUTO_EVERY_STEP`` (1000) rows are all written (about 50 ms of events:
a short run keeps every step); after them ``k`` is the smallest of 1, 2, 5, 10, 20, 50, ...
whose events, at ``EVENT_SECONDS`` each, take at most ``AUTO_SHARE`` (1%) of the loop's time per
row since the last write (at the run's start, a resumed run's epochs' ``seconds`` over its
rows), chosen at each write; the last
``k`` is kept while its events take 1/3 to 1.25 times that share (no flicker for a step near two
``k``'s boundary). A row every 5 ms or more keeps every one; a run of 0.2-0.25 ms steps every
20th after its first 1000.
Whatever ``k``, the run's first step and the last step written when it ends (by its end, an
error, an interrupt, or a loss that blew up: ``descend.train`` and ``descend.watch`` record no
step past a non-finite loss) are written: the events never hide the start or the end.
"""

from __future__ import annotations

import itertools
import math
import numbers
import time
from typing import Any

from .._checks import InvalidArgument
from .run_folder import row_count

__all__ = [
    "TensorBoardSteps",
    "check_tensorboard_every",
    "AUTO_EVERY_STEP",
    "AUTO_SHARE",
    "EVENT_SECONDS",
    "EVERY_ALLOWED",
]

AUTO_SHARE = 0.01  # of the loop's time, at most, for the step events under "auto"
# TensorBoard's UI keeps a reservoir sample of 1000 scalars a tag by default (DEFAULT_SIZE_GUIDANCE in
# tensorboard/backend/event_processing/data_ingester.py; --samples_per_plugin=scalars=N changes it):
# a run's first 1000 rows all written show a short run whole, for about 50 ms of events.
AUTO_EVERY_STEP = 1000
EVENT_SECONDS = 50e-6  # an event's cost in tensorboard's writer (38-50 µs measured on CPUs, its flush's share included)
# What tensorboard_every takes, in its refusals (the library's and descend train's)
EVERY_ALLOWED = "'auto' or an integer >= 1 (TensorBoard gets every N-th step's scalars; steps.csv every step)"


def check_tensorboard_every(value: Any) -> None:
    """Refuse a ``tensorboard_every`` other than ``"auto"`` or a positive integer.

    >>> check_tensorboard_every(0)
    Traceback (most recent call last):
    descend._checks.InvalidArgument: tensorboard_every must be 'auto' or an integer >= 1 (TensorBoard gets every N-th step's scalars; steps.csv every step), got 0
    """
    if value == "auto" and isinstance(value, str):
        return
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise InvalidArgument(f"tensorboard_every must be {EVERY_ALLOWED}, got {value!r}")


class TensorBoardSteps:
    """The step rows a run's writes send to TensorBoard, under ``every`` (``"auto"`` or ``k``).

    >>> rows = [{"step": s, "loss": 0.5} for s in range(1, 26)]
    >>> [row["step"] for row in TensorBoardSteps(10).chosen(rows, start=0, every=10, last=rows[-1])]
    [1, 10, 20, 25]
    >>> len(TensorBoardSteps("auto").chosen(rows, start=0, every=10))  # a short run: every step
    25
    """

    def __init__(self, every: int | str = "auto") -> None:
        check_tensorboard_every(every)
        self.every = every if every == "auto" else int(every)
        self._seen: tuple[float, int] | None = None  # when "auto" last counted the steps, and their count
        self._last = -math.inf  # the last step chosen
        self._k: int | None = None  # the k "auto" chose last

    def spacing(self, history: Any) -> int:
        """``k``: ``every`` where it is a number, else the smallest of 1, 2, 5, 10, 20, ...
        whose events take at most ``AUTO_SHARE`` of the loop's seconds per step row since the
        last call (the last ``k`` while its events take 1/3 to 1.25 times that share)."""
        if self.every != "auto":
            return self.every
        now, steps = time.perf_counter(), row_count(history.steps)
        if self._seen is None:  # the run's start: a resumed run's steps timed by its epochs
            seconds, counted = sum(s for s in history.epochs.get("seconds", ()) if math.isfinite(s)), steps
        else:
            seconds, counted = now - self._seen[0], steps - self._seen[1]
        if counted <= 0 or seconds <= 0:  # no step since the last call: its k
            self._seen = self._seen or (now, steps)
            return self._k or 1
        self._seen = (now, steps)
        wanted = EVENT_SECONDS / (AUTO_SHARE * seconds / counted)
        if self._k is not None and wanted / 1.25 <= self._k <= 3 * wanted:
            return self._k  # no flicker between two ks for a step near their boundary
        k, factors = 1, itertools.cycle((2, 2.5, 2))
        while k < wanted - 1e-9:  # float noise: 50.000000001 wants 50
            k = round(k * next(factors))  # 1, 2, 5, 10, 20, 50, ...
        self._k = k
        return k

    def chosen(
        self, rows: list[dict[str, Any]], *, start: int, every: int, last: dict[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        """Of ``rows``, the history's step rows from the ``start``-th (counted from 0), the
        ``every``-th, ``2 * every``-th, ... of the run's and its first (under ``"auto"``, each of
        its first ``AUTO_EVERY_STEP``); then ``last`` (the run's last row, where it ends) unless
        chosen already."""
        every_step = AUTO_EVERY_STEP if self.every == "auto" else 1
        out = [r for i, r in enumerate(rows, start + 1) if i % every == 0 or i <= every_step]
        if last is not None and last["step"] > (out[-1]["step"] if out else self._last):
            out.append(last)
        if out:
            self._last = out[-1]["step"]
        return out
