"""Session 39's round on ``minimize(lr="auto")`` for the sign-step rules (Lion, Rprop): the
tasks, halves, metric and pass rule are declared in ``minimize_sign_auto_s39_prereg.md``.

    PYTHONPATH=src .venv/bin/python bench/_minimize_sign_auto_s39.py fitting
    PYTHONPATH=src .venv/bin/python bench/_minimize_sign_auto_s39.py held-out
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import warnings

import torch

import descend as ds
from descend import functions
from descend.functions import mgh
from descend.minimize.auto_rate import probe_lr, sign_step_lr

RULES = ("lion", "rprop")
BUDGET = 1000
GRID = [2.0**j for j in range(4, -17, -1)]
# (travel_share, segments): the variants fitted on the fitting half; FROZEN read on the held-out half
VARIANTS = [(q, m) for m in (2, 4) for q in (0.25, 0.5, 1.0)]
FROZEN = (0.25, 4)
FACTOR = 10.0
HALVES = {
    "fitting": (
        ("rosenbrock", "himmelblau", "beale", "ackley"),
        ("helical_valley", "wood", "penalty_1", "variably_dimensioned"),
    ),
    "held-out": (
        ("quadratic", "booth", "rastrigin", "styblinski_tang", "six_hump_camel"),
        ("powell_singular", "extended_rosenbrock", "trigonometric", "box_3d"),
    ),
}


def _starts(f, classic: bool) -> list[tuple[float, ...]]:
    if not classic:
        return [tuple(f.start), tuple(10 * v for v in f.start)]
    (xlo, xhi), (ylo, yhi) = f.bounds
    at = [(xlo + (xhi - xlo) * a, ylo + (yhi - ylo) * b) for a, b in ((0.137, 0.811), (0.863, 0.293))]
    return [tuple(f.start), *at]


def tasks(half: str, rules: tuple[str, ...] = RULES) -> list[tuple[str, object, tuple[float, ...], str]]:
    classic, problems = HALVES[half]
    out = []
    for rule in rules:
        for name in classic:
            f = functions.quadratic(10.0) if name == "quadratic" else functions.get(name)
            out += [(name, f, s, rule) for s in _starts(f, True)]
        for name in problems:
            f = mgh.get(name)
            out += [(f"mgh.{name}", f, s, rule) for s in _starts(f, False)]
    return out


def final_f(f, start, rule: str, lr: float) -> float:
    res = ds.minimize(f, list(start), optimizer=rule, lr=lr, max_iter=BUDGET)
    value = float(res.fun)
    return value if math.isfinite(value) else math.inf


def run_task(f, start, rule: str, half: str, variants: list[tuple[float, int]]) -> dict:
    x = torch.tensor(start, dtype=torch.float64)
    old = probe_lr(f, x, rule, {})
    row = {"f0": float(f(x)), "old_lr": old, "old": final_f(f, start, rule, old)}
    row["grid"] = [final_f(f, start, rule, lr) for lr in GRID]
    row["new_lr"] = {f"{q}/{m}": sign_step_lr(f, x, rule, {}, BUDGET, travel_share=q, segments=m) for q, m in variants}
    row["new"] = {q: final_f(f, start, rule, lr) for q, lr in row["new_lr"].items()}
    if half == "fitting":  # the old behaviour's spread, for the noise bound
        row["old_nudged"] = [final_f(f, tuple(v * (1 + e) for v in start), rule, old) for e in (1e-7, -1e-7)]
    return row


def gaps(row: dict, f_min: float) -> dict:
    finals = [row["old"], *row["grid"], *row["new"].values(), *row.get("old_nudged", [])]
    ref = min([f_min, *finals])
    phi = 1e-10 * max(1.0, row["f0"] - ref)
    gap = lambda v: v - ref if math.isfinite(v) else math.inf  # noqa: E731
    return {
        "phi": phi,
        "best_grid": min(gap(v) for v in row["grid"]),
        "old": gap(row["old"]),
        "new": {q: gap(v) for q, v in row["new"].items()},
        "nudged": [gap(row["old"])] + [gap(v) for v in row.get("old_nudged", [])],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("half", choices=tuple(HALVES))
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    variants = VARIANTS if args.half == "fitting" else [FROZEN]
    warnings.simplefilter("ignore")
    rows = []
    for name, f, start, rule in tasks(args.half):
        row = run_task(f, start, rule, args.half, variants)
        g = gaps(row, f.minimum_value)
        within = lambda v: v <= FACTOR * g["best_grid"] + g["phi"]  # noqa: E731
        row.update(name=name, start=start, rule=rule, gaps=g)
        rows.append(row)
        news = " ".join(
            f"new{q}={row['new_lr'][q]:.3g}:{g['new'][q]:.2e}{'*' if within(g['new'][q]) else ''}" for q in row["new"]
        )
        print(
            f"{rule:5s} {name:26s} {str(tuple(round(v, 3) for v in start))[:30]:30s} best={g['best_grid']:.2e} "
            f"old={row['old_lr']:.3g}:{g['old']:.2e}{'*' if within(g['old']) else ''} {news}",
            flush=True,
        )
    print("\nshare within x10 of the best grid rate (per rule):")
    for rule in RULES:
        mine = [r for r in rows if r["rule"] == rule]
        ok = lambda r, v: v <= FACTOR * r["gaps"]["best_grid"] + r["gaps"]["phi"]  # noqa: E731
        old = sum(ok(r, r["gaps"]["old"]) for r in mine)
        news = {q: sum(ok(r, r["gaps"]["new"][q]) for r in mine) for q in mine[0]["gaps"]["new"]}
        print(f"  {rule}: old {old}/{len(mine)}  new " + "  ".join(f"q={q}: {n}/{len(mine)}" for q, n in news.items()))
    if args.half == "fitting":
        spreads = [
            (max(r["gaps"]["nudged"]) + r["gaps"]["phi"]) / (min(r["gaps"]["nudged"]) + r["gaps"]["phi"]) for r in rows
        ]
        finite = [s for s in spreads if math.isfinite(s)]
        print(
            f"noise N (median old spread over {len(finite)} finite of {len(spreads)}): {statistics.median(finite):.3g}"
        )
    if args.out:
        with open(args.out, "w") as fh:
            json.dump(rows, fh, default=str)


if __name__ == "__main__":
    main()
