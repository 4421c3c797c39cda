"""Session 39's round on ``minimize(lr="auto")`` for the Adam family: signauto's sign-step round
(``_minimize_sign_auto_s39.py``: its tasks, halves, grid, metric and noise runs) with the Adam
family's rules and its frozen travel probe as the one candidate; declared in
``minimize_adam_auto_s39_prereg.md``.

    PYTHONPATH=src .venv/bin/python bench/_minimize_adam_auto_s39.py fitting --old-only --out old.json
    PYTHONPATH=src .venv/bin/python bench/_minimize_adam_auto_s39.py fitting --resume old.json
    PYTHONPATH=src .venv/bin/python bench/_minimize_adam_auto_s39.py held-out
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import warnings

import torch

from _minimize_sign_auto_s39 import BUDGET, FACTOR, FROZEN, GRID, HALVES, final_f, gaps, tasks
from descend.minimize.auto_rate import probe_lr, sign_step_lr

RULES = ("adam", "adamw", "nadam", "radam", "adamax")
CANDIDATE = f"{FROZEN[0]}/{FROZEN[1]}"
BOUND = 10.0  # max(10, N), N = 1: the old rule's spread on the fitting half (the prereg)


def old_runs(f, start, rule: str, half: str) -> dict:
    """The old probe's rate and run, every grid rate's run and (fitting half) the old rule's nudged runs."""
    x = torch.tensor(start, dtype=torch.float64)
    old = probe_lr(f, x, rule, {})
    row = {"f0": float(f(x)), "old_lr": old, "old": final_f(f, start, rule, old), "new_lr": {}, "new": {}}
    row["grid"] = [final_f(f, start, rule, lr) for lr in GRID]
    if half == "fitting":
        row["old_nudged"] = [final_f(f, tuple(v * (1 + e) for v in start), rule, old) for e in (1e-7, -1e-7)]
    return row


def add_candidate(row: dict, f, start, rule: str) -> None:
    x = torch.tensor(start, dtype=torch.float64)
    q, m = FROZEN
    row["new_lr"][CANDIDATE] = sign_step_lr(f, x, rule, {}, BUDGET, travel_share=q, segments=m)
    row["new"][CANDIDATE] = final_f(f, start, rule, row["new_lr"][CANDIDATE])


def _within(gap: float, g: dict) -> bool:
    return gap <= FACTOR * g["best_grid"] + g["phi"]


def report(rows: list[dict], noise: bool) -> None:
    print("\nshare within x10 of the best grid rate (per rule):")
    for rule in RULES:
        mine = [r for r in rows if r["rule"] == rule]
        old = sum(_within(r["gaps"]["old"], r["gaps"]) for r in mine)
        line = f"  {rule:7s} old {old}/{len(mine)}"
        if mine[0]["new"]:
            new = sum(_within(r["gaps"]["new"][CANDIDATE], r["gaps"]) for r in mine)
            lost = [r for r in mine if _lost(r["gaps"])]
            line += f"  new {new}/{len(mine)}  lost beyond B={BOUND:g}: {len(lost)}"
        print(line)
    if noise:
        spreads = _spreads(rows)
        finite = [s for s in spreads if math.isfinite(s)]
        print(
            f"noise N (median old spread over {len(finite)} finite of {len(spreads)}): {statistics.median(finite):.3g}"
        )


def _lost(g: dict) -> bool:
    return g["new"][CANDIDATE] + g["phi"] > BOUND * (g["old"] + g["phi"])


def _spreads(rows: list[dict]) -> list[float]:
    return [(max(r["gaps"]["nudged"]) + r["gaps"]["phi"]) / (min(r["gaps"]["nudged"]) + r["gaps"]["phi"]) for r in rows]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("half", choices=tuple(HALVES))
    parser.add_argument("--old-only", action="store_true", help="the old rule and the grid, no candidate")
    parser.add_argument("--resume", default=None, help="a JSON of --old-only rows of the same half")
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    saved = None
    if args.resume:
        with open(args.resume) as fh:
            saved = json.load(fh)
    rows = []
    for i, (name, f, start, rule) in enumerate(tasks(args.half, RULES)):
        row = saved[i] if saved else old_runs(f, start, rule, args.half)
        if not args.old_only:
            add_candidate(row, f, start, rule)
        g = gaps(row, f.minimum_value)
        row.update(name=name, start=list(start), rule=rule, gaps=g)
        rows.append(row)
        new = (
            f" new={row['new_lr'][CANDIDATE]:.3g}:{g['new'][CANDIDATE]:.2e}{'*' if _within(g['new'][CANDIDATE], g) else ''}"
            if row["new"]
            else ""
        )
        print(
            f"{rule:6s} {name:26s} {str(tuple(round(v, 3) for v in start))[:30]:30s} best={g['best_grid']:.2e} "
            f"old={row['old_lr']:.3g}:{g['old']:.2e}{'*' if _within(g['old'], g) else ''}{new}",
            flush=True,
        )
    report(rows, noise=args.half == "fitting")
    if args.out:
        with open(args.out, "w") as fh:
            json.dump(rows, fh, default=str)


if __name__ == "__main__":
    main()
