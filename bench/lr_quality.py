"""Section ``lr_quality``: how good is ``lr="auto"``?

For each task of a fixed suite (a fixed optimizer and a fixed step budget), the final loss
with ``lr="auto"`` is divided by the best final loss over 13 log-spaced learning rates
``10**linspace(-5, 1, 13)`` (1e-5 ... 10) for the same optimizer and budget. A diverged run
counts as ``inf``. Data tasks average the final loss over 10 seeds (initial weights, batch
order and lr_find's batches; ``--quick``: 1 seed and half the budgets): one run's final loss
varies by 20-30% from seed to seed on the noisier tasks, which 3 seeds did not average out.
The ``90% interval`` column is a bootstrap over those seeds (how far the ratio would move
with other seeds). Target: at most 1.10x on every task.
A function task whose auto and best-grid final losses both lie within ``FLOOR`` (1e-10) of
the function's known minimum counts as ratio 1.00, marked ``*`` and explained under the table
(the raw ratio of two losses at rounding level says nothing about the lr).

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

import functools
import math
import statistics
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch

import descend as ds
from descend import functions as F
from descend.training import prepare
from descend.training.losses import get as get_loss

from _timing import print_table, short_error

TARGET = 1.10
# A function task's final loss within FLOOR of the function's known minimum counts as having
# reached it: a ratio of two such losses (say 1e-11 / 1e-12) measures rounding, not the lr.
FLOOR = 1e-10
GRID = [float(v) for v in 10 ** np.linspace(-5, 1, 13)]
FIND_NUM = 100  # points of the range test (lr_find's default), for the rules' trimming
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


# --- tasks -----------------------------------------------------------------------------------


class _PointModel(torch.nn.Module):
    """A function of one point as a model for ``lr_find``: the parameter is the point and the
    output is ``fn(point)``, whatever the batch."""

    def __init__(self, fn: Callable[[torch.Tensor], torch.Tensor], x0) -> None:
        super().__init__()
        self.fn = fn
        self.x = torch.nn.Parameter(torch.tensor(x0, dtype=torch.float64))

    def forward(self, xb: torch.Tensor) -> torch.Tensor:
        return self.fn(self.x).reshape(1)


def _value(out: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    return out.sum()


@dataclass
class Task:
    """One problem, one optimizer, one budget. ``run(lr, seed)`` gives ``(final loss, lr
    used)``; ``curve(seed)`` is lr_find's range test; ``seeded``: whether the seed changes
    anything (the initial weights and batch order of a data task; a function task is
    deterministic)."""

    name: str
    optimizer: str
    budget: str
    run: Callable[[float | str | None, int], tuple[float, float]]
    curve: Callable[[int], ds.LRFinderResult]
    seeded: bool
    minimum: float | None = None  # the known minimum value (function tasks), for FLOOR


def _function_task(
    name: str, fn: F.TestFunction | Callable, x0, optimizer: str, iters: int, minimum: float | None = None
) -> Task:
    def run(lr, seed):
        res = ds.minimize(fn, torch.tensor(x0, dtype=torch.float64), optimizer=optimizer, lr=lr, max_iter=iters, gtol=0)
        return (math.inf if res.status == "diverged" else res.fun), float(res.history.lr[0])

    def curve(seed):
        return ds.lr_find(
            _PointModel(fn, x0),
            (torch.zeros(1, 1), torch.zeros(1)),
            loss=_value,
            optimizer=optimizer,
            batch_size=1,
            num=FIND_NUM,
        )

    return Task(name, optimizer, f"{iters} iterations", run, curve, seeded=False, minimum=minimum)


def _data_task(
    name: str,
    model: str,
    data: Callable[[], tuple[torch.Tensor, torch.Tensor]],
    loss: str,
    optimizer: str,
    batch_size: int,
    epochs: int,
) -> Task:
    def run(lr, seed):
        X, y = data()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # lr="auto" without a suggestion warns: counted below
            h = ds.train(
                model,
                (X, y),
                loss=loss,
                optimizer=optimizer,
                lr=lr,
                batch_size=batch_size,
                epochs=epochs,
                tol=None,
                progress=False,
                device="cpu",
                seed=seed,
            )
        used = float(h.steps["lr"][0][0]) if h.steps["lr"] else math.nan
        if h.non_finite_step is not None:
            return math.inf, used
        h.model.eval()
        with torch.no_grad():
            value = float(get_loss(loss)(h.model(X), y))
        return (value if math.isfinite(value) else math.inf), used

    def curve(seed):
        X, y = data()
        return ds.lr_find(
            model, (X, y), loss=loss, optimizer=optimizer, batch_size=batch_size, seed=seed, device="cpu", num=FIND_NUM
        )

    steps = epochs * math.ceil(len(data()[0]) / batch_size)
    return Task(name, optimizer, f"{epochs} epochs x batch {batch_size} ({steps} steps)", run, curve, seeded=True)


@functools.cache
def _builtin(name: str) -> tuple[torch.Tensor, torch.Tensor]:
    """The standardised training split of a built-in data set (``prepare(name, seed=0)``)."""
    p = prepare(name, seed=0)
    return p.train.X, p.train.y


@functools.cache
def _synthetic_regression() -> tuple[torch.Tensor, torch.Tensor]:
    """1000 x 8 standard-normal features, a smooth non-linear target plus noise (sd 0.1),
    standardised: ``sin(2 x0) + x1 x2 + x3^2 / 2``."""
    g = torch.Generator().manual_seed(0)
    X = torch.randn(1000, 8, generator=g)
    y = torch.sin(2 * X[:, 0]) + X[:, 1] * X[:, 2] + 0.5 * X[:, 3] ** 2
    y = y + 0.1 * torch.randn(1000, generator=g)
    return X, (y - y.mean()) / y.std()


def tasks(quick: bool) -> list[Task]:
    """The suite; ``quick`` halves every budget."""
    k = 2 if quick else 1
    quad = F.quadratic(1e3, dim=20)
    return [
        _function_task("quadratic, cond 1e3, d=20", quad, list(quad.start), "gd", 500 // k, minimum=0.0),
        _function_task("Rosenbrock 2-D", F.rosenbrock, list(F.rosenbrock.start), "adam", 1000 // k, minimum=0.0),
        _data_task(
            "linear regr., diabetes", "linear", functools.partial(_builtin, "diabetes"), "mse", "sgd", 32, 20 // k
        ),
        _data_task(
            "logistic regr., breast_cancer",
            "logistic",
            functools.partial(_builtin, "breast_cancer"),
            "bce",
            "sgd",
            32,
            20 // k,
        ),
        _data_task(
            "softmax, digits", "softmax", functools.partial(_builtin, "digits"), "cross_entropy", "sgd", 32, 10 // k
        ),
        _data_task("MLP, digits", "mlp", functools.partial(_builtin, "digits"), "cross_entropy", "adam", 32, 10 // k),
        _data_task("CNN, digits", "cnn", functools.partial(_builtin, "digits"), "cross_entropy", "adam", 32, 4 // k),
        _data_task("MLP regr., synthetic", "mlp", _synthetic_regression, "mse", "adam", 32, 20 // k),
    ]


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
    task: Task, lr_of_seed: Callable[[int], float | str | None], seeds: tuple[int, ...]
) -> tuple[list[float], list[float]]:
    """The final loss of each seed (inf if the run diverged or got no lr) and the lr each
    seed used."""
    losses, used = [], []
    for seed in seeds:
        lr = lr_of_seed(seed)
        if lr is None:
            losses.append(math.inf)
            continue
        loss, lr_used = task.run(lr, seed)
        losses.append(loss)
        used.append(lr_used)
    return losses, used


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


def _one_task(task: Task, seeds: tuple[int, ...]) -> dict:
    t0 = time.perf_counter()
    seeds = seeds if task.seeded else seeds[:1]
    per_seed = {lr: _seed_losses(task, lambda s, lr=lr: lr, seeds)[0] for lr in GRID}
    grid = {lr: _mean(v) for lr, v in per_seed.items()}
    best_lr = min(grid, key=grid.get)
    best = grid[best_lr]
    auto_losses, auto_lrs = _seed_losses(task, lambda s: "auto", seeds)
    auto_loss = _mean(auto_losses)
    curves = {s: task.curve(s) for s in seeds}
    out = {
        "task": task.name,
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
        "floored": task.minimum is not None and auto_loss - task.minimum <= FLOOR and best - task.minimum <= FLOOR,
        "lr_find": {s: {"suggestion": c.suggestion, "reason": c.reason} for s, c in curves.items()},
        "rules": {},
    }
    out["pass"] = out["auto_ratio"] <= TARGET
    for rule, pick in RULES.items():
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


def bench_lr_quality(args) -> dict:
    quick = bool(getattr(args, "quick", False))
    seeds = (0,) if quick else SEEDS
    print(
        f"\n=== 5. lr_quality: final loss with lr='auto' / the best over 13 lrs 1e-5..10, "
        f"same optimizer and budget (target <= {TARGET}x){' [quick: half budgets]' if quick else ''} ==="
    )
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # small problems: one thread is faster, and runs are reproducible
    results = []
    try:
        for task in tasks(quick):
            try:
                results.append(_one_task(task, seeds))
            except Exception as err:  # one broken task must not hide the others
                print(f"  {task.name}: ERROR {short_error(err)}")
                results.append({"task": task.name, "error": short_error(err)})
    finally:
        torch.set_num_threads(threads)
    rows = []
    for r in results:
        if "error" in r:
            rows.append([r["task"], "", "", "", "ERROR", "", "", "", "", ""])
            continue
        interval = "" if r["interval"] is None else "{:.2f}-{:.2f}".format(*r["interval"])
        rows.append(
            [
                r["task"],
                r["optimizer"],
                r["budget"],
                f"{r['best_loss']:.3g} ({r['best_lr']:.2g})",
                _fmt(r["auto_ratio"], r["auto_lr"]) + ("*" if r["floored"] else ""),
                interval,
                "PASS" if r["pass"] else "MISS",
                *(_fmt(v["ratio"], v["lr"]) for v in r["rules"].values()),
            ]
        )
    print_table(
        [
            "task",
            "optimizer",
            "budget",
            "best grid loss (lr)",
            "auto ratio (lr)",
            "90% interval",
            "verdict",
            *(f"{k} (lr)" for k in RULES),
        ],
        rows,
    )
    done = [r for r in results if "error" not in r]
    passed = sum(r["pass"] for r in done)
    print(
        f"lr='auto' within {TARGET}x of the best grid lr on {passed} of {len(results)} tasks; "
        "final loss: Result.fun for functions, the full training loss after training for data; "
        "diverged = inf; 'none' = the rule gave no lr"
    )
    print(
        "  cost of the choice on data tasks: descend's lr='auto' trains pilot runs of about "
        "3.15x the budget (at most 3150 steps) after the 100-step range test; the other rules "
        "read that range test only; every final run has the same budget"
    )
    for r in done:
        if r["floored"]:
            print(
                f"  * {r['task']}: auto ({r['auto_loss']:.3g}) and the best grid lr "
                f"({r['best_loss']:.3g}) both end within {FLOOR:g} of the known minimum "
                f"{r['minimum']:g}: counted as ratio 1.00 (FLOOR; the raw ratio "
                f"is {r['auto_loss'] / r['best_loss'] if r['best_loss'] > 0 else math.nan:.3g})"
            )
    for rule in RULES:
        ok = sum(1 for r in done if (v := r["rules"][rule]["ratio"]) is not None and v <= TARGET)
        worst = max((math.inf if (v := r["rules"][rule]["ratio"]) is None else v for r in done), default=math.nan)
        print(f"  {rule}: within {TARGET}x on {ok} of {len(done)} tasks (worst {_fmt(worst)})")
    ratios = [r["auto_ratio"] for r in done]
    if ratios:
        mean = (
            math.exp(statistics.fmean(math.log(max(v, 1e-300)) for v in ratios))
            if all(map(math.isfinite, ratios))
            else math.inf
        )
        print(
            f"  descend lr='auto': within {TARGET}x on {passed} of {len(done)} tasks "
            f"(worst {_fmt(max(ratios))}, geometric mean {_fmt(mean)})"
        )
    return {"target": TARGET, "floor": FLOOR, "grid": GRID, "tasks": results, "passed": passed, "quick": quick}
