"""The labels of bench ``doctor``'s corpus: each run judged against its (task, optimizer) grid of
13 rates (healthy, too large, too small, ambiguous), and the start a grid must have trained from
(the data's loss at the initial weights, session 26: ``doctor27_true_start.md``). Split out of
``doctor.py`` in session 26's review; ``doctor.py`` reads them from here."""

from __future__ import annotations

import math
from typing import Any

from _doctor_corpus import FULL_BATCH

HEALTHY_WITHIN = 1.25  # final / best at most this: healthy
UNHEALTHY_ABOVE = 1.5  # final / best above this: too large or too small, by the side of the best lr
TRAINED_BELOW = 0.8  # a grid whose best run ended at this x its start or above trained at no rate (session 7)
FULL_BATCH_RULES = ("gd", *FULL_BATCH)  # grids trained on the whole training set at each update


def labels(
    records: list[dict[str, Any]],
    trained_below: float = TRAINED_BELOW,
    baselines: dict[str, float] | None = None,
    starts: dict[str, float] | None = None,
) -> list[tuple[str, float, float]]:
    """``(label, best final loss, best lr)`` of each run, from its (task, optimizer) grid. A
    grid whose best run ended at ``trained_below`` times the loss the task started from or above
    has no rate that trained, so no healthy run to measure against: all its runs are
    ``ambiguous``. The start is ``starts[task]``, by default :func:`data_starts` of ``records``
    (the loss over the training set at the initial weights); for a task not there, the best run's
    own first recorded loss (:func:`first_loss`; ``starts={}``: the measure before session 26,
    one mini-batch's loss for a mini-batch grid). ``trained_below=1`` is session 6's rule (no
    lower than the start: full-batch GD on raw Friedman #2 diverges at every rate of the grid;
    its least-diverged run is no healthy one); the default 0.8 is session 7's, pre-registered
    (module docstring). With ``baselines`` (task: the loss of its best constant prediction,
    :func:`constant_loss`; session 11, report only) the best run must also end below
    ``trained_below`` times that: a start that raw features inflate is no measure of training.

    >>> run = lambda opt, lr, final, first: {"task": "t", "optimizer": opt, "lr": lr, "final": final,
    ...                                      "history": {"steps": {"loss": [first]}}}
    >>> [label for label, *_ in labels([run("sgd", 0.1, 0.85, 1.0), run("sgd", 1.0, 0.9, 1.0)])]
    ['ambiguous', 'ambiguous']
    >>> [label for label, *_ in labels([run("sgd", 0.1, 0.85, 1.0), run("sgd", 1.0, 0.9, 1.0)], trained_below=1.0)]
    ['healthy', 'healthy']

    An sgd grid whose first mini-batch read 2.0 where the data's loss at the same weights (the
    gd run's first loss) is 1.0 took 15%, not 57%, off its start:

    >>> grid = [run("sgd", 0.1, 0.85, 2.0), run("sgd", 1.0, 0.9, 2.0), run("gd", 1.0, 0.5, 1.0)]
    >>> [label for label, *_ in labels(grid)], [label for label, *_ in labels(grid, starts={})]
    (['ambiguous', 'ambiguous', 'healthy'], ['healthy', 'healthy', 'healthy'])
    """
    starts = data_starts(records) if starts is None else starts
    best: dict[tuple[str, str], tuple[float, float, float]] = {}
    for r in records:
        key = (r["task"], r["optimizer"])
        if "error" not in r and r["final"] < best.get(key, (math.inf, math.nan, math.nan))[0]:
            best[key] = (r["final"], r["lr"], starts.get(r["task"], first_loss(r)))
    out = []
    for r in records:
        low, low_lr, low_start = best.get((r["task"], r["optimizer"]), (math.inf, math.nan, math.nan))
        level = min(low_start, (baselines or {}).get(r["task"], math.inf))
        if "error" in r or not math.isfinite(low) or not low < trained_below * level:
            label = "ambiguous"
        elif r["final"] <= HEALTHY_WITHIN * low:
            label = "healthy"
        elif r["final"] > UNHEALTHY_ABOVE * low:
            label = "too_large" if r["lr"] > low_lr else "too_small"
        else:
            label = "ambiguous"
        out.append((label, low, low_lr))
    return out


def data_starts(records: list[dict[str, Any]]) -> dict[str, float]:
    """Per task, the loss over its whole training set at the initial weights: the first recorded
    loss of a full-batch run of it (:data:`FULL_BATCH_RULES`). Every run of a task starts from
    the same weights (``train`` seeds torch with the corpus's seed 0 right before it builds the
    model, sized from the data alone), and a full-batch run's first loss is that of its first
    forward pass, over the whole set, before any update. A task with no full-batch run with a
    finite first loss is left out (:func:`labels` then reads the best run's own).

    >>> run = lambda opt, first: {"task": "t", "optimizer": opt, "history": {"steps": {"loss": [first]}}}
    >>> data_starts([run("sgd", 1.7), run("gd", 1.1), run("adam", 1.5)])
    {'t': 1.1}
    """
    starts: dict[str, float] = {}
    for r in records:
        if r["optimizer"] in FULL_BATCH_RULES and "error" not in r and r["task"] not in starts:
            value = first_loss(r)
            if math.isfinite(value):
                starts[r["task"]] = value
    return starts


def first_loss(record: dict[str, Any]) -> float:
    """The first recorded step's loss of a run (``inf`` where none was recorded, so that the
    run's own final loss decides): the data's loss at the initial weights for a full-batch run,
    the first mini-batch's for a mini-batch run."""
    losses = (record.get("history") or {}).get("steps", {}).get("loss") or []
    value = float(losses[0]) if len(losses) else math.inf
    return value if math.isfinite(value) else math.inf
