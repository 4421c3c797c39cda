"""Session 26's fresh group of bench ``tune`` (``fresh-s26``): a collinear logistic regression, a
12-class softmax, a wide linear regression and a linear model of a curved target, the four
one-weight-matrix tasks of the median pruner's held-out read (moved here from ``_tune_tasks.py``
in session 27's review, unchanged)."""

from __future__ import annotations

import numpy as np
from sklearn.datasets import make_classification

from _tune_tasks import standardised


def collinear_logistic() -> tuple:
    """Session 26's fresh logistic: 1200 rows, 30 features that are noisy mixtures of 6 latent
    factors (each feature a random combination plus Gaussian noise 0.3), the label drawn from
    a logistic model on 3 of the factors (so the features are collinear and the classes
    overlap); features standardised."""
    rng = np.random.default_rng(26)
    z = rng.normal(size=(1200, 6))
    X = z @ rng.normal(size=(6, 30)) + rng.normal(scale=0.3, size=(1200, 30))
    logit = 1.5 * (z[:, 0] - 0.8 * z[:, 1] + 0.5 * z[:, 2])
    y = (rng.uniform(size=1200) < 1 / (1 + np.exp(-logit))).astype("int64")
    return standardised(X), y


def classes12_softmax() -> tuple:
    """Session 26's fresh softmax: 12 classes (make_classification, 1800 rows, 20 features of
    which 12 informative and 4 redundant, one cluster a class, class_sep 1, 5% of the labels
    flipped); features standardised."""
    X, y = make_classification(
        n_samples=1800,
        n_features=20,
        n_informative=12,
        n_redundant=4,
        n_classes=12,
        n_clusters_per_class=1,
        class_sep=1.0,
        flip_y=0.05,
        random_state=26,
    )
    return standardised(X), y


def wide_linear() -> tuple:
    """Session 26's fresh wide regression: 320 rows, 80 correlated Gaussian features
    (correlation 0.5^|i-j|), 12 of them with weights +-1, Gaussian noise of standard deviation
    3 (about 60% of the target's variance explained): a linear model with few rows a
    weight; features and target standardised."""
    rng = np.random.default_rng(26)
    cov = 0.5 ** np.abs(np.subtract.outer(np.arange(80), np.arange(80)))
    X = rng.multivariate_normal(np.zeros(80), cov, size=320)
    w = np.zeros(80)
    w[rng.choice(80, size=12, replace=False)] = rng.choice([-1.0, 1.0], size=12)
    return standardised(X, X @ w + rng.normal(scale=3.0, size=320))


def misspecified_linear() -> tuple:
    """Session 26's fresh misspecified regression: a linear model fitted to a curved target,
    1000 rows, 8 features uniform on [-2, 2], the target sin(1.5 x1) + 0.5 x2^2 + x3 - 0.5 x4
    plus Gaussian noise 0.3 (x5..x8 do not matter); features and target standardised."""
    rng = np.random.default_rng(26)
    X = rng.uniform(-2, 2, size=(1000, 8))
    y = np.sin(1.5 * X[:, 0]) + 0.5 * X[:, 1] ** 2 + X[:, 2] - 0.5 * X[:, 3]
    return standardised(X, y + rng.normal(scale=0.3, size=1000))
