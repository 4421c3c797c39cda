"""The data sets of bench ``tune`` (bench/tune.py): generated tasks, each a function returning
``(X, y)``; regression targets and generated features standardised."""

from __future__ import annotations

import numpy as np
from sklearn.datasets import (
    load_wine,
    make_blobs,
    make_circles,
    make_classification,
    make_friedman1,
    make_friedman2,
    make_friedman3,
    make_gaussian_quantiles,
    make_hastie_10_2,
    make_moons,
    make_regression,
    make_s_curve,
    make_swiss_roll,
)


def friedman1() -> tuple:
    """Friedman's #1 regression (sklearn.datasets.make_friedman1): 1000 rows, 10 features of
    which 5 matter, noise 1; the target standardised, as the built-in regression's is."""
    X, y = make_friedman1(n_samples=1000, n_features=10, noise=1.0, random_state=0)
    return X.astype("float32"), ((y - y.mean()) / y.std()).astype("float32")


def friedman3() -> tuple:
    """Friedman's #3 regression (make_friedman3): 1000 rows, 4 features, noise 0.1; features
    and target standardised."""
    X, y = make_friedman3(n_samples=1000, noise=0.1, random_state=6)
    X = (X - X.mean(0)) / X.std(0)
    return X.astype("float32"), ((y - y.mean()) / y.std()).astype("float32")


def classes3() -> tuple:
    """A 3-class problem (make_classification): 1500 rows, 20 features of which 8 informative,
    5% of the labels flipped."""
    X, y = make_classification(n_samples=1500, n_features=20, n_informative=8, n_classes=3, flip_y=0.05, random_state=6)
    return X.astype("float32"), y


def standardised(X, y=None) -> tuple:
    """Features (and a regression target) standardised, as float32."""
    X = (X - X.mean(0)) / X.std(0)
    if y is None:
        return X.astype("float32")
    return X.astype("float32"), ((y - y.mean()) / y.std()).astype("float32")


def friedman2() -> tuple:
    """Friedman's #2 regression (make_friedman2): 1000 rows, 4 features, noise 30 (8% of
    the target's standard deviation); features and target standardised. Tuning half (s7)."""
    return standardised(*make_friedman2(n_samples=1000, noise=30.0, random_state=0))


def moons() -> tuple:
    """Two interleaved half-moons (make_moons): 1000 rows, noise 0.3. Tuning half (s7)."""
    X, y = make_moons(n_samples=1000, noise=0.3, random_state=0)
    return standardised(X), y


def noisy_wine() -> tuple:
    """Wine with noisy features: sklearn's wine data, features standardised, plus Gaussian
    noise of standard deviation 1 drawn once (seed 0). Replaces session 5's wine, which every
    method fitted to a validation loss of 0 (saturated); chosen before any search ran on it.
    """
    X, y = load_wine(return_X_y=True)
    noise = np.random.default_rng(0).normal(size=X.shape)
    return (standardised(X) + noise).astype("float32"), y


def swiss_roll() -> tuple:
    """Session 7's fresh regression: a point of the swiss roll (make_swiss_roll, 1500 rows,
    noise 0.5) and 3 features of pure noise; the target is its position along the roll."""
    X, t = make_swiss_roll(n_samples=1500, noise=0.5, random_state=7)
    X = np.hstack([X, np.random.default_rng(7).normal(size=(len(X), 3))])
    return standardised(X, t)


def s_curve() -> tuple:
    """Session 7's fresh classification: a point of the S curve (make_s_curve, 1500 rows,
    noise 0.2) and 3 features of pure noise; the class is its position along the curve in
    4 quartiles."""
    X, t = make_s_curve(n_samples=1500, noise=0.2, random_state=7)
    X = np.hstack([X, np.random.default_rng(7).normal(size=(len(X), 3))])
    return standardised(X), np.digitize(t, np.quantile(t, [0.25, 0.5, 0.75]))


def sines() -> tuple:
    """Session 7's fresh regression: 6 features uniform on [-2, 2], the target
    sin(2 x1) + cos(x2 x3) + x4^2 / 2 + Gaussian noise 0.2 (x5, x6 do not matter); 1200 rows."""
    rng = np.random.default_rng(7)
    X = rng.uniform(-2, 2, size=(1200, 6))
    y = np.sin(2 * X[:, 0]) + np.cos(X[:, 1] * X[:, 2]) + X[:, 3] ** 2 / 2 + rng.normal(scale=0.2, size=1200)
    return standardised(X, y)


def quantiles() -> tuple:
    """Session 15's fresh classification: Gaussian quantiles (make_gaussian_quantiles), 1500
    rows, 5 features, 3 classes as nested shells around the origin; features standardised."""
    X, y = make_gaussian_quantiles(n_samples=1500, n_features=5, n_classes=3, random_state=15)
    return standardised(X), y


def sparse_regression() -> tuple:
    """Session 15's fresh regression: make_regression, 800 rows, 30 features of which 6
    matter, noise 20, the target cubed-root squashed (y = cbrt(y_lin), a mild nonlinearity);
    features and target standardised."""
    X, y = make_regression(n_samples=800, n_features=30, n_informative=6, noise=20.0, random_state=15)
    return standardised(X, np.cbrt(y))


def raw_scale() -> tuple:
    """Session 15's fresh task at another scale: nothing standardised. 1000 rows, 5 features
    on very different scales (uniform on [0, 1], [0, 10], [0, 100], [-1000, 1000] and a
    log-normal one); the target 3 sin(x1 pi) + x2 / 2 + x3 / 20 + Gaussian noise 1, kept raw
    (standard deviation about 4): the loss is not on the scale of 1."""
    rng = np.random.default_rng(15)
    X = np.column_stack(
        [
            rng.uniform(0, 1, 1000),
            rng.uniform(0, 10, 1000),
            rng.uniform(0, 100, 1000),
            rng.uniform(-1000, 1000, 1000),
            rng.lognormal(0, 1, 1000),
        ]
    )
    y = 3 * np.sin(np.pi * X[:, 0]) + X[:, 1] / 2 + X[:, 2] / 20 + rng.normal(size=1000)
    return X.astype("float32"), y.astype("float32")


def circles() -> tuple:
    """Session 21's fresh classification: two noisy concentric circles (make_circles, 1000
    rows, noise 0.15, inner radius 0.5) and 2 features of pure noise; features standardised."""
    X, y = make_circles(n_samples=1000, noise=0.15, factor=0.5, random_state=21)
    X = np.hstack([X, np.random.default_rng(21).normal(size=(len(X), 2))])
    return standardised(X), y


def hastie() -> tuple:
    """Session 21's fresh classification: Hastie et al.'s 10-D problem (make_hastie_10_2,
    1200 rows: the class is whether the squared norm of 10 standard Gaussian features passes
    the chi-squared median), labels 0/1."""
    X, y = make_hastie_10_2(n_samples=1200, random_state=21)
    return standardised(X), (y > 0).astype("int64")


def ill_conditioned() -> tuple:
    """Session 21's fresh regression for a linear model: make_regression, 600 rows, 40
    features of effective rank 5 (a slowly decaying spectrum: ill-conditioned), noise 5;
    features and target standardised."""
    X, y = make_regression(
        n_samples=600, n_features=40, n_informative=20, effective_rank=5, tail_strength=0.3, noise=5.0, random_state=21
    )
    return standardised(X, y)


def blobs5() -> tuple:
    """Session 21's fresh multinomial task: make_classification, 1000 rows, 12 features of
    which 6 informative, 5 classes of one cluster each, class separation 0.8, 3% of the labels
    flipped."""
    X, y = make_classification(
        n_samples=1000,
        n_features=12,
        n_informative=6,
        n_redundant=2,
        n_classes=5,
        n_clusters_per_class=1,
        class_sep=0.8,
        flip_y=0.03,
        random_state=21,
    )
    return standardised(X), y


def imbalanced() -> tuple:
    """Session 22's fresh classification: an imbalanced binary problem (make_classification,
    1200 rows, 16 features of which 5 informative and 4 redundant, 85% / 15% classes, 2% of the
    labels flipped); features standardised."""
    X, y = make_classification(
        n_samples=1200,
        n_features=16,
        n_informative=5,
        n_redundant=4,
        weights=[0.85, 0.15],
        flip_y=0.02,
        random_state=22,
    )
    return standardised(X), y


def products() -> tuple:
    """Session 22's fresh regression: 8 features uniform on [-2, 2], the target
    x1 x2 + exp(-x3^2) + |x4| + Gaussian noise 0.1 (x5..x8 do not matter); 1000 rows; features
    and target standardised."""
    rng = np.random.default_rng(22)
    X = rng.uniform(-2, 2, size=(1000, 8))
    y = X[:, 0] * X[:, 1] + np.exp(-(X[:, 2] ** 2)) + np.abs(X[:, 3]) + rng.normal(scale=0.1, size=1000)
    return standardised(X, y)


def redundant() -> tuple:
    """Session 22's fresh task for a logistic model: make_classification, 800 rows, 20
    features of which 4 informative and 10 linear combinations of them (strongly correlated
    inputs), 5% of the labels flipped; features standardised."""
    X, y = make_classification(
        n_samples=800, n_features=20, n_informative=4, n_redundant=10, flip_y=0.05, random_state=22
    )
    return standardised(X), y


def anisotropic() -> tuple:
    """Session 22's fresh multinomial task: 4 Gaussian blobs (make_blobs, 1000 rows, 2
    dimensions, cluster standard deviation 2) sheared by a fixed linear map, plus 4 features of
    pure noise; features standardised."""
    X, y = make_blobs(n_samples=1000, centers=4, n_features=2, cluster_std=2.0, random_state=22)
    X = X @ np.array([[0.6, -0.64], [-0.41, 0.85]])
    X = np.hstack([X, np.random.default_rng(22).normal(size=(len(X), 4))])
    return standardised(X), y


def spirals() -> tuple:
    """Session 23's fresh classification: two interleaved spirals (1000 rows, one and a half
    turns each, radius noise 0.3) plus 2 features of pure noise, for a binary MLP; features
    standardised."""
    rng = np.random.default_rng(23)
    n = 500
    turn = rng.uniform(0.25, 1.75, size=n) * 2 * np.pi
    arms = []
    for phase in (0.0, np.pi):
        r = turn / (2 * np.pi) + rng.normal(scale=0.3 / (2 * np.pi), size=n)
        arms.append(np.stack([r * np.cos(turn + phase), r * np.sin(turn + phase)], axis=1))
    X = np.vstack(arms)
    X = np.hstack([X, rng.normal(size=(2 * n, 2))])
    y = np.repeat([0, 1], n)
    return standardised(X), y


def steps() -> tuple:
    """Session 23's fresh regression: 6 features uniform on [-2, 2], the target a step function
    floor(x1) + sign(x2) x3 + Gaussian noise 0.2 (x4..x6 do not matter); 1000 rows; features and
    target standardised."""
    rng = np.random.default_rng(23)
    X = rng.uniform(-2, 2, size=(1000, 6))
    y = np.floor(X[:, 0]) + np.sign(X[:, 1]) * X[:, 2] + rng.normal(scale=0.2, size=1000)
    return standardised(X, y)


def heavy_tailed() -> tuple:
    """Session 23's fresh linear regression: 800 rows, 12 features of which 6 informative
    (make_regression), Student-t noise with 2 degrees of freedom (heavy tails); features and
    target standardised."""
    X, y = make_regression(n_samples=800, n_features=12, n_informative=6, noise=0.0, random_state=23)
    y = y / y.std() + np.random.default_rng(23).standard_t(2, size=len(y)) * 0.3
    return standardised(X, y)


def wide_sparse() -> tuple:
    """Session 23's fresh logistic: few rows, many features (make_classification, 400 rows, 60
    features of which 3 informative and no redundant ones, 10% of the labels flipped), where
    weight decay matters; features standardised."""
    X, y = make_classification(
        n_samples=400,
        n_features=60,
        n_informative=3,
        n_redundant=0,
        n_clusters_per_class=1,
        flip_y=0.1,
        random_state=23,
    )
    return standardised(X), y


def label_noise_logistic() -> tuple:
    """Session 24's (s23 tune4) fresh flat-landscape logistic: make_classification, 1200 rows, 10
    features of which 4 informative and 4 redundant, 35% of the labels flipped, so nearly every
    reasonable configuration ends close to the same loss; features standardised."""
    X, y = make_classification(
        n_samples=1200,
        n_features=10,
        n_informative=4,
        n_redundant=4,
        n_clusters_per_class=2,
        flip_y=0.35,
        random_state=24,
    )
    return standardised(X), y


def low_signal() -> tuple:
    """Session 24's fresh flat-landscape linear regression: 1000 rows, 10 features of which 5
    informative (make_regression), Gaussian noise twice the signal's scale (a small R^2);
    features and target standardised."""
    X, y = make_regression(n_samples=1000, n_features=10, n_informative=5, noise=0.0, random_state=24)
    y = y / y.std() + np.random.default_rng(24).normal(scale=2.0, size=len(y))
    return standardised(X, y)


def xor() -> tuple:
    """Session 24's fresh classification: the sign of x1 x2 (XOR quadrants, labels from a
    Gaussian margin of 0.15 around the axes) plus 4 features of pure noise, 1000 rows, for a
    binary MLP; features standardised."""
    rng = np.random.default_rng(24)
    X = rng.normal(size=(1000, 6))
    y = ((X[:, 0] * X[:, 1] + rng.normal(scale=0.15, size=1000)) > 0).astype("int64")
    return standardised(X), y


def mixture6() -> tuple:
    """Session 24's fresh softmax: 6 overlapping Gaussian clusters (make_blobs, 1200 rows, 8
    features, cluster standard deviation 3 around centres in [-6, 6]); features standardised."""
    X, y = make_blobs(n_samples=1200, n_features=8, centers=6, cluster_std=3.0, center_box=(-6, 6), random_state=24)
    return standardised(X), y


def bumps() -> tuple:
    """Session 25's fresh regression: 1000 rows, 6 features uniform on [-2, 2], the target a sum
    of three Gaussian bumps in (x1, x2) plus 0.5 x3 and Gaussian noise 0.15 (x4..x6 do not
    matter); features and target standardised."""
    rng = np.random.default_rng(25)
    X = rng.uniform(-2, 2, size=(1000, 6))
    centres = np.array([[-1.0, -1.0], [1.0, 0.5], [0.0, 1.5]])
    y = sum(np.exp(-((X[:, :2] - c) ** 2).sum(1) / 0.5) for c in centres) + 0.5 * X[:, 2]
    return standardised(X, y + rng.normal(scale=0.15, size=1000))


def rings3() -> tuple:
    """Session 25's fresh classification: three concentric noisy rings (radii 1, 2, 3, radius
    noise 0.35; 1200 rows, 400 a ring) plus 3 features of pure noise, for a 3-class MLP;
    features standardised."""
    rng = np.random.default_rng(25)
    angle = rng.uniform(0, 2 * np.pi, size=1200)
    y = np.repeat([0, 1, 2], 400)
    r = y + 1.0 + rng.normal(scale=0.35, size=1200)
    X = np.hstack([np.stack([r * np.cos(angle), r * np.sin(angle)], 1), rng.normal(size=(1200, 3))])
    return standardised(X), y


def overlap_logistic() -> tuple:
    """Session 25's fresh logistic: make_classification, 1000 rows, 16 features of which 5
    informative and 3 redundant, classes close together (class_sep 0.6), 8% of the labels
    flipped; features standardised."""
    X, y = make_classification(
        n_samples=1000, n_features=16, n_informative=5, n_redundant=3, class_sep=0.6, flip_y=0.08, random_state=25
    )
    return standardised(X), y


def classes8_softmax() -> tuple:
    """Session 25's fresh softmax: 8 classes (make_classification, 1600 rows, 24 features of which
    10 informative, one cluster a class, 3% of the labels flipped); features standardised."""
    X, y = make_classification(
        n_samples=1600,
        n_features=24,
        n_informative=10,
        n_redundant=0,
        n_classes=8,
        n_clusters_per_class=1,
        flip_y=0.03,
        random_state=25,
    )
    return standardised(X), y
