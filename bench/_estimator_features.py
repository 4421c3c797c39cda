"""The estimators' raw features (session 39; declaration: ``bench/estimator_features_s39_prereg.md``):
cross-validated scores of ``GDClassifier`` / ``GDRegressor`` at their defaults with the features
standardized inside ``fit`` (``scale_features=True``; for the regressor also with
``scale_targets=True``) against the previous behaviour (both off), on the tasks of the session-38
rounds (``_estimator_defaults.py``, ``_estimator_targets.py``), raw, standardized and with one
column scaled by 1000. The noise bound of each cell is the *old* behaviour's seed spread alone.

Run from the repository root::

    python bench/_estimator_features.py time         # one cell, for sizing
    python bench/_estimator_features.py fit          # the fitting half
    python bench/_estimator_features.py heldout      # the held-out half, once
"""

from __future__ import annotations

import json
import os
import sys
import time

import numpy as np
import torch
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import _estimator_defaults as defaults
import _estimator_targets as targets
from _estimator_defaults import NOISE_FLOOR, SEEDS, VARIANTS, _data, clipped_mean, cv_scores
from descend import GDClassifier, GDRegressor

OLD = "old"
SWITCHES = {"old": (False, False), "F": (True, False), "FT": (True, True)}  # (scale_features, scale_targets)
FITTING = {
    **defaults.FITTING,
    "friedman1_s0_x100_plus1000": ("R", targets.FITTING["friedman1_s0_x100_plus1000"]),
}
HELD_OUT = {
    **defaults.HELD_OUT,
    "friedman2_s1": ("R", targets.HELD_OUT["friedman2_s1"]),
}


def _estimator(kind, variant, candidate, seed):
    features, scale_targets = SWITCHES[candidate]
    if kind == "C":
        est = GDClassifier(random_state=seed, scale_features=features)
    else:
        est = GDRegressor(random_state=seed, scale_features=features, scale_targets=scale_targets)
    return make_pipeline(StandardScaler(), est) if variant == "standardized" else est


def _candidates(kind):
    return (OLD, "F", "FT") if kind == "R" else (OLD, "F")


def sweep(tasks, candidates=None):
    """Per-seed CV scores of each task x variant x candidate (``candidates``: None for every
    candidate of the task's kind)."""
    results = {}
    for name, (kind, load) in tasks.items():
        for variant in VARIANTS:
            X, y = _data(load, variant)
            for candidate in candidates or _candidates(kind):
                key = f"{name}/{variant}/{candidate}"
                make = lambda seed: _estimator(kind, variant, candidate, seed)  # noqa: E731
                results[key] = cv_scores(make, X, y, kind, SEEDS)
                print(key, json.dumps(results[key]), flush=True)
    return results


def old_noise(old):
    """The declared bound of a cell: max(0.01, 2 x the old behaviour's sd over the seeds)."""
    return max(NOISE_FLOOR, 2 * float(np.std(old["seeds"], ddof=1)))


def passes(results, tasks, candidate, kind):
    """The declared test of ``candidate`` against OLD on the cells of ``tasks`` of ``kind`` ("C":
    GDClassifier, "R": GDRegressor): no diverged fit; no cell below OLD by more than ``old_noise``;
    a higher clipped mean over those cells."""
    cells = [f"{n}/{v}" for n, (k, _) in tasks.items() for v in VARIANTS if k == kind]
    failures = []
    for cell in cells:
        new, old = results[f"{cell}/{candidate}"], results[f"{cell}/{OLD}"]
        if new["diverged"]:
            failures.append(f"{cell}: {new['diverged']} diverged fits")
        if new["mean"] < old["mean"] - old_noise(old):
            failures.append(f"{cell}: {new['mean']:.4f} < {old['mean']:.4f} - {old_noise(old):.4f}")
    new_mean = clipped_mean(results, [f"{c}/{candidate}" for c in cells])
    old_mean = clipped_mean(results, [f"{c}/{OLD}" for c in cells])
    if not new_mean > old_mean:
        failures.append(f"clipped mean {new_mean:.4f} <= old {old_mean:.4f}")
    return failures, new_mean, old_mean


def main():
    torch.set_num_threads(1)  # a shared machine
    mode = sys.argv[1]
    start = time.time()
    if mode == "time":
        kind, load = FITTING["breast_cancer"]
        X, y = _data(load, "raw")
        print(cv_scores(lambda seed: _estimator(kind, "raw", OLD, seed), X, y, kind, (0,)))
        print(f"{time.time() - start:.1f} s")
        return
    tasks = FITTING if mode == "fit" else HELD_OUT
    results = sweep(tasks)
    for candidate, kind in (("F", "C"), ("F", "R"), ("FT", "R")):
        failures, new_mean, old_mean = passes(results, tasks, candidate, kind)
        print(f"{mode} {candidate} {kind}:", "PASS" if not failures else "FAIL", failures, new_mean, old_mean)
    print(f"{time.time() - start:.0f} s")
    os.makedirs("/tmp/featscale", exist_ok=True)  # a fresh machine has no such folder
    with open(f"/tmp/featscale/{mode}.json", "w") as f:
        json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
