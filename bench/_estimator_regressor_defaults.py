"""GDRegressor's defaults (session 39; declaration: ``bench/estimator_regressor_defaults_s39_prereg.md``):
cross-validated R² of ``GDRegressor`` with the features and the targets standardized inside ``fit``
(``scale_features=True, scale_targets=True``: FT) against the previous defaults (both off: old), on a
fresh held-out group of regression tasks never read in an earlier round, raw, standardized and with one
column scaled by 1000, through the session-39 harness (``_estimator_features.py``) and its test.
Reported beside, not deciding: fit time FT / old, ``alpha=0.01`` on the standardized variant, and
scikit-learn's ``Ridge()``.

Run from the repository root::

    python bench/_estimator_regressor_defaults.py time       # one already-read cell, for sizing
    python bench/_estimator_regressor_defaults.py heldout    # the held-out group, once
"""

from __future__ import annotations

import json
import os
import sys
import time

import torch
from sklearn.datasets import make_friedman1, make_friedman3, make_regression, make_sparse_uncorrelated
from sklearn.linear_model import Ridge
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import _estimator_features as features
from _estimator_defaults import SEEDS, VARIANTS, _affine, _data, cv_scores
from descend import GDRegressor

CANDIDATE = "FT"
GUARD_ALPHA = 0.01  # the alpha > 0 guard, standardized variant only


def _make_regression(seed, n_samples, n_features, n_informative, noise, affine):
    X, y = make_regression(
        n_samples=n_samples, n_features=n_features, n_informative=n_informative, noise=noise, random_state=seed
    )
    return (_affine(X, seed) if affine else X), y


def _sparse_uncorrelated(seed, scale, offset, affine):
    X, y = make_sparse_uncorrelated(n_samples=500, n_features=12, random_state=seed)
    return (_affine(X, seed) if affine else X), y * scale + offset


# Seeds 41-46: no earlier estimator round used them (those used 0 and 1).
HELD_OUT = {
    "make_regression_s41_affine": ("R", lambda: _make_regression(41, 500, 12, 6, 15.0, affine=True)),
    "friedman1_s42": ("R", lambda: make_friedman1(n_samples=500, n_features=8, noise=0.5, random_state=42)),
    "friedman3_s43": ("R", lambda: make_friedman3(n_samples=500, noise=0.05, random_state=43)),
    "sparse_uncorrelated_s44_affine": ("R", lambda: _sparse_uncorrelated(44, 1.0, 0.0, affine=True)),
    "sparse_uncorrelated_s45_x100_plus1000": ("R", lambda: _sparse_uncorrelated(45, 100.0, 1000.0, affine=False)),
    "make_regression_s46_30rows": ("R", lambda: _make_regression(46, 30, 5, 3, 5.0, affine=False)),
}


def _alpha_guard(tasks):
    """old and FT at ``alpha=GUARD_ALPHA`` on each task's standardized variant (reported only)."""
    results = {}
    for name, (_, load) in tasks.items():
        X, y = _data(load, "standardized")
        for candidate in (features.OLD, CANDIDATE):
            scale_features, scale_targets = features.SWITCHES[candidate]
            make = lambda seed: make_pipeline(  # noqa: E731
                StandardScaler(),
                GDRegressor(
                    random_state=seed, alpha=GUARD_ALPHA, scale_features=scale_features, scale_targets=scale_targets
                ),
            )
            key = f"alpha{GUARD_ALPHA}/{name}/standardized/{candidate}"
            results[key] = cv_scores(make, X, y, "R", SEEDS)
            print(key, json.dumps(results[key]), flush=True)
    return results


def _ridge(tasks):
    """``Ridge()`` at its defaults on every cell (reported only; deterministic: one seed)."""
    results = {}
    for name, (_, load) in tasks.items():
        for variant in VARIANTS:
            X, y = _data(load, variant)
            make = lambda seed: make_pipeline(StandardScaler(), Ridge()) if variant == "standardized" else Ridge()  # noqa: E731
            results[f"{name}/{variant}/ridge"] = cv_scores(make, X, y, "R", (0,))
    return results


def main():
    torch.set_num_threads(1)  # a shared machine
    mode = sys.argv[1]
    start = time.time()
    if mode == "time":
        diabetes = {"diabetes": features.FITTING["diabetes"]}  # read in both earlier rounds
        features.sweep(diabetes, (features.OLD, CANDIDATE))
        print(f"{time.time() - start:.1f} s")
        return
    results = features.sweep(HELD_OUT, (features.OLD, CANDIDATE))
    failures, new_mean, old_mean = features.passes(results, HELD_OUT, CANDIDATE, "R")
    print(f"heldout {CANDIDATE}:", "PASS" if not failures else "FAIL", failures, new_mean, old_mean, flush=True)
    results.update(_alpha_guard(HELD_OUT))
    results.update(_ridge(HELD_OUT))
    print(f"{time.time() - start:.0f} s")
    os.makedirs("/tmp/regdefault", exist_ok=True)
    with open(f"/tmp/regdefault/{mode}.json", "w") as f:
        json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
