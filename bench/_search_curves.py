"""The statistics of bench ``tune``: best-so-far curves against epochs spent, the compute
ratio on the median curves, and each method's noise floor (the method against itself, one
half of its seeds against the other)."""

from __future__ import annotations

import math
import random
import statistics

HALVINGS = 200  # random halvings of the seeds that measure a method's noise floor


def gap(ours: float, theirs: float) -> float:
    """How much worse ``ours`` is than ``theirs``, relative (negative: better; infinite where
    ``theirs`` is 0 or infinite).

    >>> gap(0.5, 1.0), gap(1e-7, 0.0), gap(1.0, float("inf"))
    (-0.5, inf, -inf)
    """
    if ours == theirs:
        return 0.0
    if math.isfinite(theirs) and theirs != 0:
        return (ours - theirs) / abs(theirs)
    return math.copysign(math.inf, ours - theirs)


def tie_or_better(ours: float, theirs: float, floors: list[float]) -> bool:
    """Whether ``ours`` is at most ``theirs`` up to the larger measured noise floor (floors
    that could not be measured, nan, are left out; none: no margin).

    >>> tie_or_better(1.02, 1.0, [0.01, 0.03]), tie_or_better(1.02, 1.0, [0.01, float("nan")])
    (True, False)
    """
    return gap(ours, theirs) <= max((f for f in floors if not math.isnan(f)), default=0.0)


def noise_floor(runs: list[dict], halvings: int = HALVINGS) -> float:
    """One method against itself: over ``halvings`` random splits of its seeds into two
    disjoint halves, the median of |median best of one half - of the other| relative to the
    median best of all seeds (nan under 4 seeds). Two half-size medians differ about sqrt(2)
    times more than two full-size ones: as a tie margin for the full medians it is generous
    by about that factor.

    >>> noise_floor([{"best": b} for b in (1.0, 1.0, 1.0, 1.0)])
    0.0
    """
    bests = [r["best"] for r in runs]
    if len(bests) < 4:
        return math.nan
    rng, whole, gaps = random.Random(0), statistics.median(bests), []
    for _ in range(halvings):
        order = rng.sample(bests, len(bests))
        one, two = order[: len(order) // 2], order[len(order) // 2 : 2 * (len(order) // 2)]
        gaps.append(abs(statistics.median(one) - statistics.median(two)))
    return statistics.median(gaps) / abs(whole) if whole else math.nan


def self_ratios(runs: list[dict], ratio=None, halvings: int = HALVINGS) -> list[float]:
    """A compute figure (``ratio``, :func:`compute_ratio` by default) of one method against
    itself: over ``halvings`` random halvings of its seeds, one half (as ours) against the other
    (as theirs); nan under 4 seeds."""
    ratio = ratio or compute_ratio
    if len(runs) < 4:
        return [math.nan]
    rng, ratios = random.Random(1), []
    for _ in range(halvings):
        order = rng.sample(runs, len(runs))
        half = len(order) // 2
        ratios.append(ratio(order[:half], order[half : 2 * half]))
    return ratios


def compute_floor(runs: list[dict], halvings: int = HALVINGS, ratio=None) -> list[float]:
    """The compute ratio (``ratio``, :func:`compute_ratio` by default) of one method against
    itself: over random halvings of its seeds, one half against the other; its quartiles (what
    an equal contender scores)."""
    ratios = sorted(r for r in self_ratios(runs, ratio, halvings) if not math.isnan(r))
    if not ratios:
        return [math.nan] * 3
    return [ratios[int(q * (len(ratios) - 1))] for q in (0.25, 0.5, 0.75)]


def fmt_range(q: list[float]) -> str:
    return f"{q[1]:.2f}x [{q[0]:.2f}-{q[2]:.2f}]"


def _best_at(run: dict, epochs: int) -> float:
    """``run``'s best value once it had spent ``epochs`` (inf before its first finished trial)."""
    best = math.inf
    for spent, value in run["curve"]:
        if spent > epochs:
            break
        best = value
    return best


def _median_curve(runs: list[dict], horizon: int) -> list[float]:
    """The median over seeds of the best so far after 0, 1, ... ``horizon`` epochs."""
    return [statistics.median(_best_at(r, e) for r in runs) for e in range(horizon + 1)]


def _first_at(curve: list[float], value: float) -> float:
    return next((e for e, best in enumerate(curve) if best <= value), math.inf)


def compute_ratio(ours: list[dict], theirs: list[dict]) -> float:
    """Epochs ``ours``'s median curve needs to reach ``theirs``'s median final best, over the
    epochs ``theirs``'s own median curve needs (inf: never; nan: no finite target)."""
    target = statistics.median(r["best"] for r in theirs)
    if not math.isfinite(target):
        return math.nan
    horizon = max(r["epochs"] for r in ours + theirs)
    return _first_at(_median_curve(ours, horizon), target) / _first_at(_median_curve(theirs, horizon), target)


def band_area(curve: list[float], low: float, high: float) -> float:
    """The area under a best-so-far ``curve`` (one value per epoch) on a log scale, clipped to
    the band [``low``, ``high``] and measured above ``low``: the sum over epochs of
    clip(log value, log low, log high) - log low (a value not yet finite counts as ``high``).

    >>> band_area([math.inf, 4.0, 2.0, 1.0, 0.5], low=1.0, high=4.0) == 2 * math.log(4) + math.log(2)
    True
    """
    lo, hi = math.log(low), math.log(high)
    return sum(min(max(math.log(v), lo), hi) - lo if v > 0 else 0.0 for v in curve)


def band_ratio(ours: list[dict], theirs: list[dict]) -> float:
    """Session 22's candidate C: the ratio of the areas under the median
    log-best curves, each clipped to ``theirs``'s band (from its median curve's first finite
    value down to its median final best), over the epochs up to the horizon (the most any search
    spent). It is the epochs each side needs to reach each of ``theirs``'s levels, summed over
    the levels on a log scale (a level never reached costs the horizon): ``ours`` run k times
    faster than ``theirs`` scores k. nan where the band is empty or not positive."""
    low = statistics.median(r["best"] for r in theirs)
    horizon = max(r["epochs"] for r in ours + theirs)
    mine, peer = _median_curve(ours, horizon)[:horizon], _median_curve(theirs, horizon)[:horizon]
    high = next((v for v in peer if math.isfinite(v)), math.nan)
    if not (math.isfinite(low) and math.isfinite(high) and 0 < low < high):
        return math.nan
    return band_area(mine, low, high) / band_area(peer, low, high)


def _epochs_to(run: dict, value: float) -> float:
    """The epochs ``run`` had spent when its best so far first reached ``value``."""
    return next((spent for spent, best in run["curve"] if best <= value), math.inf)


def per_seed_ratio(ours: dict, theirs: dict) -> float:
    """Session 4's ratio, for information: one seed's epochs to the peer's best over the peer's."""
    target = theirs["best"]
    if not math.isfinite(target):
        return 0.0 if math.isfinite(ours["best"]) else math.nan
    return _epochs_to(ours, target) / _epochs_to(theirs, target)


def compute_bootstrap(
    ours: list[dict], theirs: list[dict], target: float = 0.7, resamples: int = 300, ratio=None
) -> dict[str, float]:
    """A compute figure (``ratio``, :func:`compute_ratio` by default) over ``resamples``
    bootstrap resamples of the seeds (paired: one draw of seed indices for both): its quartiles
    and the share at most ``target``, how sure the target is at this many seeds."""
    ratio = ratio or compute_ratio
    rng, n, ratios = random.Random(2), len(ours), []
    for _ in range(resamples):
        picked = [rng.randrange(n) for _ in range(n)]
        ratios.append(ratio([ours[i] for i in picked], [theirs[i] for i in picked]))
    ratios = sorted(r for r in ratios if not math.isnan(r))
    if not ratios:
        return {"q25": math.nan, "median": math.nan, "q75": math.nan, "share_within_target": math.nan}
    q = [ratios[int(a * (len(ratios) - 1))] for a in (0.25, 0.5, 0.75)]
    share = sum(r <= target for r in ratios) / len(ratios)
    return {"q25": q[0], "median": q[1], "q75": q[2], "share_within_target": share}
