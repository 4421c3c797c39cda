"""Section ``lr_quality``: how good is ``lr="auto"``?

For each task of a fixed suite (``lr_suite.py``: 322 tasks, each a fixed optimizer and a
fixed step budget: a tuning half, a held-out half and forty-two fresh groups, reported separately), the final loss
with ``lr="auto"`` is divided by the best final loss over 13 log-spaced learning rates
``10**linspace(-5, 1, 13)`` (1e-5 ... 10) for the same optimizer and budget. A diverged run
counts as ``inf``. Data tasks average the final loss over 10 seeds (``--seeds N``: N;
initial weights, batch order and lr_find's batches; ``--quick``: 1 seed and half the
budgets): one run's final loss varies by 20-30% from seed to seed on the noisier tasks.
The ``90% interval`` column is a bootstrap over those seeds (how far the ratio would move
with other seeds). The ``cost`` column is the steps auto's pilot runs trained, in runs of
the budget. Target: at most 1.10x on every task of each half, at no more than 3.15 runs.
A function task whose auto and best-grid final losses both lie within ``FLOOR`` (1e-10) of
the function's known minimum counts as ratio 1.00, marked ``*`` and explained under the table
(the raw ratio of two losses at rounding level says nothing about the lr).
Each group's summary also gives the geometric mean over the tasks on which some rate trains:
a data task whose best grid loss is not below the loss of the best constant prediction
(``lr_suite.constant_loss``: the mean, the median, the class frequencies) is one no rate of the
grid trained, and its ratio (two failures divided) says little about the rule; those tasks are
named there.

Function tasks run ``descend.minimize`` (``gtol=0``: every run takes the whole budget); the
final loss is ``Result.fun``, ``f`` at the last point. Data tasks run ``descend.train`` on the
training tensors only (no validation split, so no early stopping; ``tol=None``: no
convergence stop); the final loss is the loss over the whole training set, evaluated once
after training with the trained model in evaluation mode.

Next to descend's rule, the suggestion rules of the popular LR finders are applied to the
range test of ``descend.lr_find`` on the same task (to its training mini-batch losses,
smoothed as those tools smooth them) (for a function, a module whose parameter is
the point and whose output is ``fn(point)``), and the task is run with the rate each picks:
fastai's ``valley`` (its default since 2.4) and ``steep``, and PyTorch Lightning's
``suggestion()``. Each is written here from its documented behaviour.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import torch

import descend as ds
from lr_suite import FIND_NUM, GROUPS, Task, half, tasks

from _timing import print_table, short_error

TARGET = 1.10
# A function task's final loss within FLOOR of the function's known minimum counts as having
# reached it: a ratio of two such losses (say 1e-11 / 1e-12) measures rounding, not the lr.
FLOOR = 1e-10
GRID = [float(v) for v in 10 ** np.linspace(-5, 1, 13)]
SEEDS = tuple(range(10))  # data tasks: final losses are averaged over these (--quick: seed 0 only)


# --- the popular rules, applied to a range-test curve ----------------------------------------


def fastai_valley(lrs: list[float], losses: list[float]) -> float | None:
    """fastai's ``valley``: the longest decreasing stretch of the curve (a longest decreasing
    subsequence, by dynamic programming, from its start to its end index), and the lr about
    half-way along it: index ``start + int(k / 3) + int(k / 6)`` for a stretch of ``k``."""
    n = len(losses)
    if n < 2:
        return None
    length = [1] * n
    start = end = 0
    for i in range(1, n):
        for j in range(i):
            if losses[i] < losses[j] and length[i] < length[j] + 1:
                length[i] = length[j] + 1
            if length[end] < length[i]:
                end, start = i, i - length[i]
    third = (end - start) / 3
    return lrs[start + int(third) + int(third / 2)]


def fastai_steep(lrs: list[float], losses: list[float]) -> float | None:
    """fastai's ``steep``: the lr at the most negative forward difference of the loss
    against log(lr)."""
    if len(losses) < 2:
        return None
    y, x = np.asarray(losses), np.log(np.asarray(lrs))
    slope = np.diff(y) / np.diff(x)
    return lrs[int(np.nanargmin(slope))]


def fastai_trim(lrs: list[float], losses: list[float]) -> tuple[list[float], list[float]]:
    """fastai's ``lr_find`` hands its rules the curve without the first tenth of the
    requested iterations and the last 5 points."""
    return lrs[FIND_NUM // 10 : -5], losses[FIND_NUM // 10 : -5]


def lightning_suggestion(
    lrs: list[float], losses: list[float], skip_begin: int = 10, skip_end: int = 1
) -> float | None:
    """PyTorch Lightning's ``_LRFinder.suggestion()``: skip ``skip_begin`` points at the start
    and ``skip_end`` at the end, keep the finite losses, and take the lr at the most negative
    gradient of the loss against the point index (``torch.gradient``: central differences,
    one-sided at the ends)."""
    kept = [(lr, v) for lr, v in zip(lrs[skip_begin:-skip_end], losses[skip_begin:-skip_end]) if math.isfinite(v)]
    if len(kept) < 2:
        return None
    grad = np.gradient(np.asarray([v for _, v in kept]))
    return kept[int(np.argmin(grad))][0]


def _tool_curve(found: ds.LRFinderResult, beta: float = 0.98) -> list[float]:
    """The curve fastai and Lightning read their suggestions from: the training mini-batch
    losses of the range test (``found.raw_losses``) under an exponential moving average with
    weight 0.98 on the past, bias-corrected. (descend reads its own from the loss on a fixed
    probe batch; on that smooth, monotone curve ``valley``'s longest decreasing stretch
    starts at the very first point, which is not what fastai sees.)"""
    out, avg = [], 0.0
    for i, v in enumerate(found.raw_losses, start=1):
        avg = beta * avg + (1 - beta) * v
        out.append(avg / (1 - beta**i))
    return out


RULES: dict[str, Callable[[list[float], list[float]], float | None]] = {
    "fastai valley": lambda lrs, losses: fastai_valley(*fastai_trim(lrs, losses)),
    "fastai steep": lambda lrs, losses: fastai_steep(*fastai_trim(lrs, losses)),
    "lightning": lightning_suggestion,
}


# --- the section -----------------------------------------------------------------------------


def _ratio(loss: float, best: float, minimum: float | None = None) -> float:
    if minimum is not None and loss - minimum <= FLOOR and best - minimum <= FLOOR:
        return 1.0  # both reached the known minimum (see FLOOR)
    if math.isinf(loss):
        return math.inf
    return loss / best if best > 0 else (1.0 if loss == best else math.inf)


def _fmt(ratio: float | None, lr: float | None = None) -> str:
    if ratio is None:
        return "none"
    text = "inf" if math.isinf(ratio) else f"{ratio:.2f}"
    return text if lr is None else f"{text} ({lr:.2g})"


def _seed_losses(
    task: Task, lr_of_seed: Callable[[int], float | str | None], seeds: tuple[int, ...], costs: list | None = None
) -> tuple[list[float], list[float]]:
    """The final loss of each seed (inf if the run diverged or got no lr) and the lr each
    seed used; ``costs`` collects each run's cost of choosing its lr (see ``Task``)."""
    losses, used = [], []
    for seed in seeds:
        lr = lr_of_seed(seed)
        if lr is None:
            losses.append(math.inf)
            continue
        loss, lr_used, cost = task.run(lr, seed)
        losses.append(loss)
        used.append(lr_used)
        if costs is not None:
            costs.append(cost)
    return losses, used


class _GridCache:
    """Grid runs' final losses kept in a JSON file between invocations (``--grid-cache``), keyed
    by task, budget, lr and seed: while the rule is studied only ``lr="auto"`` changes. Off by
    default, and for the reported run."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.data = json.loads(path.read_text()) if path is not None and path.exists() else {}

    def losses(self, task: Task, lr: float, seeds: tuple[int, ...]) -> list[float]:
        if self.path is None:
            return _seed_losses(task, lambda s: lr, seeds)[0]
        keys = [f"{task.name}|{task.budget}|{lr:.6g}|{s}" for s in seeds]
        missing = tuple(s for s, k in zip(seeds, keys) if k not in self.data)
        for s, v in zip(missing, _seed_losses(task, lambda s: lr, missing)[0]):
            self.data[f"{task.name}|{task.budget}|{lr:.6g}|{s}"] = v
        if missing:
            self.path.write_text(json.dumps(self.data))
        return [self.data[k] for k in keys]


def _mean(values: list[float]) -> float:
    return math.inf if any(map(math.isinf, values)) else statistics.fmean(values)


def _interval(
    auto: list[float], grid: dict[float, list[float]], minimum: float | None, draws: int = 2000
) -> tuple[float, float]:
    """A 90% bootstrap interval of the auto ratio: the seeds are drawn again with replacement
    (the same draw for every lr, as the runs share their seeds) and the best grid lr is chosen
    again in each draw."""
    rng = np.random.default_rng(0)
    ratios = []
    for _ in range(draws):
        pick = rng.integers(0, len(auto), len(auto))
        best = min(_mean([v[i] for i in pick]) for v in grid.values())
        ratios.append(_ratio(_mean([auto[i] for i in pick]), best, minimum))
    low, high = np.quantile(np.asarray(ratios), [0.05, 0.95])
    return float(low), float(high)


def _one_task(task: Task, seeds: tuple[int, ...], cache: _GridCache, rules: bool = True) -> dict:
    t0 = time.perf_counter()
    seeds = seeds if task.seeded else seeds[:1]
    per_seed = {lr: cache.losses(task, lr, seeds) for lr in GRID}
    grid = {lr: _mean(v) for lr, v in per_seed.items()}
    best_lr = min(grid, key=grid.get)
    best = grid[best_lr]
    costs: list[tuple[float, float]] = []
    auto_losses, auto_lrs = _seed_losses(task, lambda s: "auto", seeds, costs)
    auto_loss = _mean(auto_losses)
    curves = {s: task.curve(s) for s in seeds} if rules else {}
    pilots = [c[0] for c in costs if math.isfinite(c[0])]
    constant = task.constant() if task.constant is not None else None
    out = {
        "task": task.name,
        "half": half(task.name),
        "optimizer": task.optimizer,
        "budget": task.budget,
        "seeds": list(seeds),
        "grid": {f"{lr:.3g}": v for lr, v in grid.items()},
        "best_lr": best_lr,
        "best_loss": best,
        "auto_lrs": auto_lrs,
        "auto_lr": statistics.median(auto_lrs),
        "auto_loss": auto_loss,
        "auto_losses": auto_losses,
        "auto_ratio": _ratio(auto_loss, best, task.minimum),
        "interval": _interval(auto_losses, per_seed, task.minimum) if len(seeds) > 1 else None,
        "minimum": task.minimum,
        "constant_loss": constant,
        "trains": constant is None or best < constant,  # some grid rate beats the best constant prediction
        "floored": task.minimum is not None and auto_loss - task.minimum <= FLOOR and best - task.minimum <= FLOOR,
        "cost": statistics.fmean(pilots) if pilots else None,  # pilot steps / the run's budget
        "range_cost": statistics.fmean(c[1] for c in costs) if pilots else None,
        "lr_find": {s: {"suggestion": c.suggestion, "reason": c.reason} for s, c in curves.items()},
        "rules": {},
    }
    out["pass"] = out["auto_ratio"] <= TARGET
    for rule, pick in RULES.items() if rules else ():
        picked = {s: pick(c.lrs, _tool_curve(c)) for s, c in curves.items()}
        loss = _mean(_seed_losses(task, picked.get, seeds)[0])
        chosen = [v for v in picked.values() if v is not None]
        out["rules"][rule] = {
            "lrs": list(picked.values()),
            "loss": loss,
            "lr": statistics.median(chosen) if chosen else None,
            "ratio": _ratio(loss, best, task.minimum) if chosen else None,
        }
    out["seconds"] = time.perf_counter() - t0
    return out


def select(suite: list[Task], spec: str | None) -> list[Task]:
    """The tasks ``spec`` names: ``None`` / ``""`` all, a group of :data:`lr_suite.GROUPS`
    (``"tuning"``, ``"held-out"``, ``"fresh-s12"``, ...), or a comma list of 1-based positions in
    the suite (``"9,10"``)."""
    if not spec:
        return suite
    if spec in GROUPS:
        return [t for t in suite if half(t.name) == spec]
    picked = [int(v) for v in spec.split(",")]
    if any(not 1 <= i <= len(suite) for i in picked):
        raise SystemExit(f"--tasks: positions 1..{len(suite)} or a group ({', '.join(GROUPS)}), got {spec!r}")
    return [suite[i - 1] for i in picked]


def bench_lr_quality(args) -> dict:
    quick = bool(getattr(args, "quick", False))
    seeds = tuple(range(getattr(args, "seeds", None) or (1 if quick else len(SEEDS))))
    rules = not getattr(args, "no_rules", False)
    cache = _GridCache(getattr(args, "grid_cache", None))
    print(
        f"\n=== 5. lr_quality: final loss with lr='auto' / the best over 13 lrs 1e-5..10, "
        f"same optimizer and budget (target <= {TARGET}x){' [quick: half budgets]' if quick else ''}, "
        f"{len(seeds)} seed(s) ==="
    )
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # small problems: one thread is faster, and runs are reproducible
    results = []
    try:
        for task in select(tasks(quick), getattr(args, "tasks", None)):
            try:
                results.append(_one_task(task, seeds, cache, rules))
            except Exception as err:  # one broken task must not hide the others
                print(f"  {task.name}: ERROR {short_error(err)}")
                results.append({"task": task.name, "half": half(task.name), "error": short_error(err)})
    finally:
        torch.set_num_threads(threads)
    rows = []
    for r in results:
        if "error" in r:
            rows.append([r["task"], r["half"], "", "", "", "ERROR", "", "", "", *([""] * len(RULES) if rules else [])])
            continue
        interval = "" if r["interval"] is None else "{:.2f}-{:.2f}".format(*r["interval"])
        rows.append(
            [
                r["task"],
                r["half"],
                r["optimizer"],
                r["budget"],
                f"{r['best_loss']:.3g} ({r['best_lr']:.2g})",
                _fmt(r["auto_ratio"], r["auto_lr"]) + ("*" if r["floored"] else ""),
                interval,
                "PASS" if r["pass"] else "MISS",
                "" if r["cost"] is None else f"{r['cost']:.2f}",
                *(_fmt(v["ratio"], v["lr"]) for v in r["rules"].values()),
            ]
        )
    print_table(
        [
            "task",
            "half",
            "optimizer",
            "budget",
            "best grid loss (lr)",
            "auto ratio (lr)",
            "90% interval",
            "verdict",
            "cost (runs)",
            *(f"{k} (lr)" for k in RULES if rules),
        ],
        rows,
    )
    _summary(results, rules)
    return {
        "target": TARGET,
        "floor": FLOOR,
        "grid": GRID,
        "tasks": results,
        "passed": sum(r.get("pass", False) for r in results),
        "quick": quick,
        "seeds": list(seeds),
        "halves": {group: list(names) for group, names in GROUPS.items()},
    }


def geometric_mean(ratios: list[float]) -> float:
    """The geometric mean of ``ratios`` (``inf`` if one is, or if there are none).

    >>> geometric_mean([0.5, 2.0, 1.0]), geometric_mean([1.0, math.inf])
    (1.0, inf)
    """
    if not ratios or not all(map(math.isfinite, ratios)):
        return math.inf
    return math.exp(statistics.fmean(math.log(max(v, 1e-300)) for v in ratios))


def _summary(results: list[dict], rules: bool) -> None:
    done = [r for r in results if "error" not in r]
    print(
        "final loss: Result.fun for functions, the full training loss after training for data; "
        "diverged = inf; 'none' = the rule gave no lr; cost = the steps lr='auto' trained in pilot runs "
        "/ the run's budget (mean over seeds; data tasks)"
    )
    for name in GROUPS:
        part = [r for r in results if r["half"] == name]
        if not part:
            continue
        ok = [r for r in part if "error" not in r]
        ratios = [r["auto_ratio"] for r in ok]
        mean = geometric_mean(ratios)
        print(
            f"  {name} {'group' if name.startswith('fresh') else 'half'}: lr='auto' within {TARGET}x of the best grid lr on {sum(r['pass'] for r in ok)} "
            f"of {len(part)} tasks (worst {_fmt(max(ratios, default=math.nan))}, geometric mean {_fmt(mean)})"
        )
        untrained = [r for r in ok if not r.get("trains", True)]
        if untrained:
            kept = [r["auto_ratio"] for r in ok if r.get("trains", True)]
            print(
                f"    geometric mean over the {len(kept)} tasks on which some rate trains: {_fmt(geometric_mean(kept))}; "
                "left out, no grid rate beats the best constant prediction: "
                + "; ".join(
                    f"{r['task']} (best {r['best_loss']:.3g}, constant {r['constant_loss']:.3g})" for r in untrained
                )
            )
    costs = [r["cost"] for r in done if r["cost"] is not None]
    if costs:
        ranges = [r["range_cost"] for r in done if r["range_cost"] is not None]
        print(
            f"  cost of the choice on data tasks: pilot runs of {statistics.fmean(costs):.2f}x the run's budget "
            f"on average (max {max(costs):.2f}x), plus the range test ({statistics.fmean(ranges):.2f}x on average); "
            "the other rules read that range test only; every final run has the same budget"
        )
    for r in done:
        if r["floored"]:
            print(
                f"  * {r['task']}: auto ({r['auto_loss']:.3g}) and the best grid lr "
                f"({r['best_loss']:.3g}) both end within {FLOOR:g} of the known minimum "
                f"{r['minimum']:g}: counted as ratio 1.00 (FLOOR; the raw ratio "
                f"is {r['auto_loss'] / r['best_loss'] if r['best_loss'] > 0 else math.nan:.3g})"
            )
    for rule in RULES if rules else ():
        ok = sum(1 for r in done if (v := r["rules"][rule]["ratio"]) is not None and v <= TARGET)
        worst = max((math.inf if (v := r["rules"][rule]["ratio"]) is None else v for r in done), default=math.nan)
        print(f"  {rule}: within {TARGET}x on {ok} of {len(done)} tasks (worst {_fmt(worst)})")


def main(argv: list[str] | None = None) -> None:
    """This section alone, with a task filter and a grid cache for studying the rule:
    ``python bench/lr_quality.py --quick --tasks 9,10 --no-rules --grid-cache bench/results/grid.json``."""
    ap = argparse.ArgumentParser(description=main.__doc__)
    ap.add_argument("--quick", action="store_true", help="half budgets, one seed")
    ap.add_argument("--seeds", type=int, default=None, help=f"seeds 0..N-1 (default {len(SEEDS)}, quick 1)")
    ap.add_argument(
        "--tasks",
        default=None,
        help=f"a group ({', '.join(GROUPS)}) or 1-based positions, e.g. 9,10",
    )
    ap.add_argument("--no-rules", action="store_true", help="skip fastai's and Lightning's rules")
    ap.add_argument("--grid-cache", type=Path, default=None, help="JSON file keeping the grid runs' losses")
    ap.add_argument("--out", type=Path, default=None, help="write the results as JSON here")
    args = ap.parse_args(argv)
    out = bench_lr_quality(args)
    if args.out is not None:
        args.out.write_text(json.dumps(out, indent=1, default=str))


if __name__ == "__main__":
    main()
