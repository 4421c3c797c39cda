"""The first trials after the defaults: a small portfolio of points that did well together on
other tasks, tried before TPE's random start-up (warm-starting the search, as Auto-sklearn 2.0
does: Feurer et al. 2022, "Auto-Sklearn 2.0: Hands-free AutoML via Meta-Learning").

A portfolio is chosen greedily from a table of losses ``L[c][t]``, candidate ``c`` (a point)
trained on task ``t``. Each task's losses are put on one scale,

    n[c][t] = min(1, (L[c][t] - b_t) / (m_t - b_t)),

``b_t`` the best loss on task ``t`` and ``m_t`` the median candidate's (a non-finite loss, or
a worse than median one, counts 1; where ``m_t = b_t`` a loss above ``b_t`` counts 1), so no
task weighs more for its units; a set ``P`` scores ``mean_t min_{c in P} n[c][t]`` (what the
best of its points loses on each task: a search that tries every point of ``P`` keeps the
best). Greedy: from the given first points, add the candidate that lowers the score most, until
``size`` points.

:data:`PORTFOLIO` was built so by ``bench/tune_portfolio.py`` on the bench's fitting set only
(section ``tune``'s tuning half: the digits MLP, breast_cancer logistic, Friedman #2 and two-moons
MLPs), from train's defaults and 40 random points of the MLP's default space, each trained as a
trial of the section (8 epochs, search seed 0): train's defaults first, then the greedy choice.
In a study (:func:`portfolio_points`), each point is moved into the study's space like the
defaults (:func:`descend.tune.starting_point`); a point whose optimizer the study does not
allow, or that falls on a point already queued, is left out.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from typing import Any

from .space import Space
from .start import starting_point

__all__ = ["PORTFOLIO", "PORTFOLIO_SIZE", "greedy_portfolio", "portfolio_points"]

PORTFOLIO_SIZE = 3  # points in all, train's defaults included: 24 of a 96-epoch search at most
# Built by bench/tune_portfolio.py (session 15) on the tuning half; train settings, decoded.
# Best-on-its-own after the defaults: Friedman #2 and the moons (best of the 41), then the point
# that covers breast_cancer's logistic model (a rate far too large for the MLPs, which the doctor
# prunes after one epoch). Values rounded to 3 digits.
PORTFOLIO: list[dict[str, Any]] = [
    {"optimizer": "adam", "lr": 0.0198, "weight_decay": 1.85e-4, "batch_size": 64, "hidden": [128], "dropout": 0.05},
    {"optimizer": "adam", "lr": 0.779, "weight_decay": 6.37e-3, "batch_size": 16, "hidden": [64], "dropout": 0.363},
]


def greedy_portfolio(losses: Sequence[Sequence[float]], size: int, first: Sequence[int] = ()) -> list[int]:
    """The rows of ``losses`` (candidates by tasks) that :mod:`this module's <descend.tune.portfolio>`
    greedy rule picks, ``first`` (kept in order) then the greedy choice, ``size`` rows in all.

    >>> greedy_portfolio([[1.0, 1.0], [0.0, 2.0], [2.0, 0.0]], 2)
    [1, 2]
    >>> greedy_portfolio([[1.0, 1.0], [0.0, 2.0], [2.0, 0.0]], 2, first=[0])
    [0, 1]
    """
    table = [list(row) for row in losses]
    if not table:
        return []
    scaled = [[1.0] * len(table[0]) for _ in table]
    for t in range(len(table[0])):
        column = [row[t] if math.isfinite(row[t]) else math.inf for row in table]
        finite = [v for v in column if math.isfinite(v)]
        if not finite:
            continue
        best, median = min(finite), statistics.median(column)
        for c, v in enumerate(column):
            if v == best:
                scaled[c][t] = 0.0
            elif math.isfinite(v) and median > best:
                scaled[c][t] = min(1.0, (v - best) / (median - best))
    chosen = list(first)
    while len(chosen) < min(size, len(table)):
        scores = [
            (_score(scaled, chosen + [c]), c) for c in range(len(table)) if c not in chosen
        ]  # ties: the lower row
        chosen.append(min(scores)[1])
    return chosen


def _score(scaled: list[list[float]], rows: list[int]) -> float:
    """The mean over tasks of the best scaled loss among ``rows``."""
    return statistics.fmean(min(scaled[c][t] for c in rows) for t in range(len(scaled[0])))


def portfolio_points(
    space: Space, optimizer: str | None = None, portfolio: Sequence[dict[str, Any]] | None = None
) -> list[dict[str, Any]]:
    """The points of ``portfolio`` (:data:`PORTFOLIO` when ``None``) in ``space``, in Optuna's
    stored values (for ``study.enqueue_trial``), as :func:`~descend.tune.starting_point` moves
    the defaults; ``optimizer``: the study's fixed one where the space does not search it (a
    point for another optimizer is left out, and so is a repeated point).

    >>> space = Space.parse({"optimizer": ["sgd", "adam"], "lr": {"low": 1e-4, "high": 0.1, "log": True}})
    >>> portfolio_points(space, portfolio=[{"optimizer": "sgd", "lr": 0.5, "momentum": 0.9}])
    [{'optimizer': 'sgd', 'lr': 0.1}]
    >>> portfolio_points(space.__class__.parse({"lr": [0.1]}), "adam", [{"optimizer": "sgd", "lr": 0.1}])
    []
    """
    points: list[dict[str, Any]] = []
    searched = space.distributions.get("optimizer")
    rule = space.fixed.get("optimizer", optimizer)
    for given in PORTFOLIO if portfolio is None else portfolio:
        wanted = given.get("optimizer")
        allowed = wanted in searched.choices if searched is not None else wanted in (None, rule)
        point = starting_point(space, given) if allowed else {}
        if point and point not in points:
            points.append(point)
    return points
