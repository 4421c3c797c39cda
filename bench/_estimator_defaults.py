"""The estimators' default rate under Adam (session 38; declaration:
``bench/estimator_defaults_s38_prereg.md``): cross-validated scores of ``GDClassifier`` /
``GDRegressor`` at their defaults, with the Adam rate a candidate, on offline tasks (scikit-learn's
bundled data sets and seeded synthetic ones), raw, standardized, and raw with one column
scaled by 1000, beside scikit-learn's ``LogisticRegression()`` / ``Ridge()`` defaults.

Run from the repository root::

    python bench/_estimator_defaults.py fit               # the fitting half, every candidate
    python bench/_estimator_defaults.py heldout 0.01      # the held-out half, once, frozen rate
"""

from __future__ import annotations

import json
import os
import sys
import time
import warnings

import numpy as np
import torch
from sklearn.datasets import (
    load_breast_cancer,
    load_diabetes,
    load_digits,
    load_iris,
    load_linnerud,
    load_wine,
    make_classification,
    make_regression,
)
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.model_selection import KFold, StratifiedKFold, cross_validate
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from descend import GDClassifier, GDRegressor

OLD = 1e-3  # the parent's (07b7ee6) rate for lr="default" under Adam
CANDIDATES = (1e-3, 3e-3, 1e-2, 3e-2, 1e-1)
SEEDS = (0, 1, 2)  # the estimators' random_state
VARIANTS = ("raw", "standardized", "badcol")
BAD_SCALE = 1e3  # badcol: feature 0 multiplied by this
NOISE_FLOOR = 0.01


def _affine(X, seed):
    """Raw-looking synthetic features: each column scaled by 1-100 and shifted by -50..50."""
    rng = np.random.RandomState(seed)
    return X * rng.uniform(1, 100, X.shape[1]) + rng.uniform(-50, 50, X.shape[1])


def _classification(seed, n_features, n_informative, n_classes):
    return make_classification(
        n_samples=600,
        n_features=n_features,
        n_informative=n_informative,
        n_classes=n_classes,
        shift=None,
        scale=None,
        random_state=seed,
    )


def _regression(seed, n_features, n_informative, noise):
    X, y = make_regression(
        n_samples=600, n_features=n_features, n_informative=n_informative, noise=noise, random_state=seed
    )
    return _affine(X, seed), y


FITTING = {
    "iris": ("C", lambda: load_iris(return_X_y=True)),
    "breast_cancer": ("C", lambda: load_breast_cancer(return_X_y=True)),
    "make_classification_s0": ("C", lambda: _classification(0, 10, 5, 2)),
    "diabetes": ("R", lambda: load_diabetes(return_X_y=True)),
    "make_regression_s0": ("R", lambda: _regression(0, 10, 5, 10.0)),
}
HELD_OUT = {
    "wine": ("C", lambda: load_wine(return_X_y=True)),
    "digits": ("C", lambda: load_digits(return_X_y=True)),
    "make_classification_s1": ("C", lambda: _classification(1, 20, 8, 3)),
    "linnerud": ("R", lambda: load_linnerud(return_X_y=True)),
    "make_regression_s1": ("R", lambda: _regression(1, 20, 10, 20.0)),
}
MLP_REPORTED = ("wine", "make_classification_s1", "linnerud", "make_regression_s1")  # held-out, reported only


def _data(load, variant):
    X, y = load()
    X = np.asarray(X, dtype=np.float64)
    if variant == "badcol":
        X = X.copy()
        X[:, 0] *= BAD_SCALE
    return X, y


def _estimator(kind, variant, lr, seed, hidden=()):
    if lr == "sklearn":
        est = LogisticRegression() if kind == "C" else Ridge()
    else:
        # the features and targets fitted raw, as in session 38 (standardized by default since 39)
        est = (
            GDClassifier(lr=lr, random_state=seed, hidden_layer_sizes=hidden, scale_features=False)
            if kind == "C"
            else GDRegressor(
                lr=lr, random_state=seed, hidden_layer_sizes=hidden, scale_features=False, scale_targets=False
            )
        )
    return make_pipeline(StandardScaler(), est) if variant == "standardized" else est


def cv_scores(make, X, y, kind, seeds):
    """Per-seed 5-fold CV means (accuracy / R², shuffle seed 0) of ``make(seed)``, fit seconds,
    diverged fits (a fold whose fit raised: NaN)."""
    cv = (StratifiedKFold if kind == "C" else KFold)(5, shuffle=True, random_state=0)
    means, seconds, diverged = [], 0.0, 0
    for seed in seeds:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            r = cross_validate(make(seed), X, y, cv=cv, error_score=np.nan)
        diverged += int(np.isnan(r["test_score"]).sum())
        means.append(float(np.nanmean(r["test_score"])) if not np.isnan(r["test_score"]).all() else float("nan"))
        seconds += float(r["fit_time"].sum())
    return {"seeds": means, "mean": float(np.mean(means)), "seconds": seconds, "diverged": diverged}


def score_task(kind, load, variant, lr, hidden=()):
    """Per-seed 5-fold CV means (accuracy / R²), fit seconds, diverged fits."""
    X, y = _data(load, variant)
    seeds = (0,) if lr == "sklearn" else SEEDS
    return cv_scores(lambda seed: _estimator(kind, variant, lr, seed, hidden), X, y, kind, seeds)


def tolerance(a, b):
    """Noise of a comparison: max(0.01, 2 x the larger spread (sd over seeds) of the two)."""
    return max(NOISE_FLOOR, 2 * max(float(np.std(a["seeds"], ddof=1)), float(np.std(b["seeds"], ddof=1))))


def clipped_mean(results, names):
    return float(np.mean([max(results[n]["mean"], 0.0) for n in names]))


def sweep(tasks, rates, hidden=(), variants=VARIANTS):
    results = {}
    for name, (kind, load) in tasks.items():
        for variant in variants:
            for lr in rates:
                key = f"{name}/{variant}/{lr}"
                results[key] = score_task(kind, load, variant, lr, hidden)
                print(key, json.dumps(results[key]), flush=True)
    return results


def passes(results, tasks, lr):
    """The declared test of ``lr`` against OLD on ``tasks``: no diverged fit; no task (any
    variant) below OLD by more than the noise; on raw + badcol, a higher clipped mean."""
    failures = []
    for name in tasks:
        for variant in VARIANTS:
            new, old = results[f"{name}/{variant}/{lr}"], results[f"{name}/{variant}/{OLD}"]
            if new["diverged"]:
                failures.append(f"{name}/{variant}: {new['diverged']} diverged fits")
            if new["mean"] < old["mean"] - tolerance(new, old):
                failures.append(f"{name}/{variant}: {new['mean']:.4f} < {old['mean']:.4f} - {tolerance(new, old):.4f}")
    raw = [f"{n}/{v}" for n in tasks for v in ("raw", "badcol")]
    new_raw = clipped_mean(results, [f"{k}/{lr}" for k in raw])
    old_raw = clipped_mean(results, [f"{k}/{OLD}" for k in raw])
    if lr != OLD and not new_raw > old_raw:
        failures.append(f"raw+badcol clipped mean {new_raw:.4f} <= old {old_raw:.4f}")
    return failures, new_raw, old_raw


def choose(results):
    """The fitting half's pick: among candidates that pass, the highest clipped mean over all
    fitting tasks; within 0.005 of it, the smallest rate."""
    keys = [f"{n}/{v}" for n in FITTING for v in VARIANTS]
    means = {lr: clipped_mean(results, [f"{k}/{lr}" for k in keys]) for lr in CANDIDATES}
    eligible = [lr for lr in CANDIDATES if not passes(results, FITTING, lr)[0]]
    best = max(means[lr] for lr in eligible)
    return min(lr for lr in eligible if means[lr] >= best - 0.005), means


def main():
    torch.set_num_threads(1)  # a shared machine
    mode = sys.argv[1]
    start = time.time()
    if mode == "fit":
        results = sweep(FITTING, (*CANDIDATES, "sklearn"))
        for lr in CANDIDATES:
            print(lr, passes(results, FITTING, lr))
        print("pick, clipped means:", choose(results))
        out = "fit"
    else:
        lr = float(sys.argv[2])
        results = sweep(HELD_OUT, (OLD, lr, "sklearn"))
        failures, new_raw, old_raw = passes(results, HELD_OUT, lr)
        print("held-out:", "PASS" if not failures else "FAIL", failures, new_raw, old_raw)
        mlp = {n: HELD_OUT[n] for n in MLP_REPORTED}
        results.update({f"mlp32/{k}": v for k, v in sweep(mlp, (OLD, lr), (32,), ("standardized",)).items()})
        out = "heldout"
    print(f"{time.time() - start:.0f} s")
    os.makedirs("/tmp/estdefaults", exist_ok=True)  # a fresh machine has no such folder
    with open(f"/tmp/estdefaults/{out}.json", "w") as f:
        json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
