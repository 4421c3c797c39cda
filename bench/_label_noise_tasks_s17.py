"""Bench ``label_noise``: the ten fresh groups session 17 wrote (fresh-15 to fresh-24), each
committed before the rule it tested (``_label_noise_tasks.py`` registers them).

The fifteenth fresh group (s17), committed on 2026-12-05 at 08:54 UTC before any rule of session 17
was designed or evaluated (its only look: the shapes and class counts), from inputs and generators
used nowhere else in the bench: ``tophalf``, ``load_digits``' ten classes from the top half of each
image only (32 pixels: real images, half seen); ``cancerworst``, ``load_breast_cancer``'s ten "worst"
features only (real data, a third view of it); ``correlated``, three 10-D Gaussian classes sharing
one strongly elongated covariance (variances 0.05 to 20), their means apart along the thin
directions (ill-conditioned features); ``shells``, two 5-D classes alternating over four spherical
shells of a Gaussian cloud (radius quartiles, the class the quartile's parity: nested, non-convex).
The sixteenth fresh group (s17b), committed on 2026-12-05 at 09:16 UTC before session 17's reverted
flooded-class count was re-frozen and before any run of it was looked at (its only look: the shapes
and class counts), for that count's second test: four tasks of three or more classes of unequal
sizes, from inputs and generators used nowhere else in this bench: ``digitstail``, ``load_digits``'
7s, 1s, 4s, 6s and 0s kept 180, 100, 55, 35 and 20 of them (real images, a long tail);
``dirichlet``, 12-part compositions drawn from four Dirichlet distributions with shares 25, 60, 5
and 10% (features on the simplex); ``autoreg``, 24-step AR(1) series of coefficient -0.7, 0 and
0.7 with shares 22, 70 and 8% (a series' correlation as the class); ``regbins``,
``make_regression``'s target cut at its 5th, 15th and 40th percentiles (four ordered classes of
5, 10, 25 and 60%).
The seventeenth fresh group (s17c), committed on 2026-12-05 before session 17's third change (the
whole-set odds where the count leaves few labels out) was designed or fitted (its only look: the
shapes and class counts), a generic mix of three or more classes from inputs and generators used
nowhere else in this bench: ``softmax``, four classes drawn at random from a linear softmax model
of 8 Gaussian features with unequal biases (labels noisy by nature, unequal sizes); ``winepair``,
``load_wine``'s three cultivars from two measurements only, flavanoids and colour intensity (real
data, small, overlapping); ``mixture``, five 4-D classes, each a mixture of three tight Gaussian
clusters at random places, with shares 35, 25, 20, 12 and 8% (multi-modal classes, unequal);
``documents``, word counts of 25-word documents over a 40-word vocabulary, each of three classes
a mixture of two of four topics, with shares 50, 30 and 20% (discrete bag-of-words counts).
The eighteenth fresh group (s17d), committed on 2026-12-05 before session 17's fourth change (the
whole-set odds gated on a short count) was designed or fitted (its only look: the shapes and class
counts), a generic mix of three or more classes from inputs and generators used nowhere else in
this bench: ``hierarchy``, six 6-D Gaussian classes in three far-apart pairs whose two members lie
close together, with shares 30, 20, 15, 15, 12 and 8% (confusion within pairs only); ``cauchy``,
three 5-D classes with Cauchy noise (half the scale) about their centres, shares 55, 30 and 15%
(outliers in every class); ``sinusoid``, ``sin(2 x0) + x1 x2 + 0.3 x3`` of 8-D Gaussians cut at its
10th, 30th and 60th percentiles (four non-linear classes of 10, 20, 30 and 40%); ``lefthalf``,
``load_digits``' 2s, 3s, 5s, 8s and 9s from the left half of each image only (32 pixels), keeping
at most 170, 120, 80, 50 and 30 of them (real images, half seen, a tail).
The nineteenth fresh group (s17e), committed on 2026-12-05 before any run of it existed, as the
second test of session 17's fourth change (the whole-set odds gated on a short count, ``5da7d26``),
unchanged (its only look: the shapes and class counts): four tasks of three or more classes of
clearly unequal sizes, from inputs and generators used nowhere else in this bench: ``gammas``, four
6-D classes of gamma-distributed features with class-dependent random shapes, shares 45, 30, 17
and 8% (positive, skewed features); ``markov``, the 16 transition counts of 40-step walks on four
states from three random Markov chains, shares 60, 28 and 12% (a sequence's dynamics as discrete
counts); ``profiles``, ``load_digits``' 0s, 2s, 3s and 6s kept 160, 100, 60 and 30 of them, each
image as its 8 row sums and 8 column sums (real images, projected); ``bmiband``,
``load_diabetes``' body-mass index cut at its 50th, 80th and 95th percentiles, from the other nine
measurements and the disease progression (real data, four ordered classes of 50, 30, 15 and 5%).
The twentieth fresh group (s17f), committed on 2026-12-05 before session 17's sixth change (the
count where a run memorises early) was designed (its only look: the shapes and class counts), a
generic mix of three or more classes, three of them small sets with many features that a network
memorises quickly, from inputs and generators used nowhere else in this bench: ``bitcodes``, 60
random bits per example, each a class prototype's bit flipped with probability 0.3, four classes
of 90, 70, 50 and 30 (few examples, many binary features); ``mirror``, ``load_digits``' 1s, 5s, 7s
and 9s kept 90, 60, 40 and 25 of them, each image as its left half minus its mirrored right half
(32 asymmetry features); ``winenoise``, ``load_wine``'s 13 measurements with 50 standard Gaussian
features appended (real data, small, mostly noise features); ``laplace``, four 10-D classes of
Laplace noise about their centres, class-dependent scales 0.6 to 1.4, shares 40, 25, 20 and 15%.
The twenty-first fresh group (s17g), committed on 2026-12-05 before any run of it existed, as the
second test of session 17's sixth change (no count cap where a run memorises early, merged in
``ea56ae7``), unchanged (its only look: the shapes and class counts): four small sets of three or
more classes with many features for their examples, which a network is likely to memorise early,
from inputs and generators used nowhere else in this bench: ``subspaces``, four classes on random
3-D linear subspaces of 80-D with Gaussian noise, 120, 100, 80 and 60 examples (a union of
subspaces); ``gradients``, ``load_digits``' 3s, 4s, 6s and 8s kept 100, 80, 60 and 40 of them,
each image as its 56 vertical differences between neighbouring rows (real images, edges);
``wineproducts``, ``load_wine``'s 78 pairwise products of its 13 standardised measurements (real
data, small, only second-order features); ``irisfourier``, ``load_iris``' 4 standardised
measurements through 60 random cosine features (real data, tiny, a random feature map).
The twenty-second fresh group (s17h), committed on 2026-12-05 before session 17's eighth change
(lists the cut-offs stop short) was designed (its only look: the shapes and class counts), a
generic mix of three or more classes from inputs and generators used nowhere else in this bench:
``polar``, ``load_digits``' 2s, 5s, 7s and 9s kept 120, 90, 60 and 40 of them, each image as its ink
in 8 angular sectors and 4 rings about the centre (12 features, real images, polar sums);
``vonmises``, five angles per example drawn from von Mises distributions (concentration 2) about
class-specific mean angles, given as their cosines and sines, four classes of 35, 30, 20 and 15%
(directional data); ``ageband``, ``load_diabetes``' age cut at its terciles, from the other nine
measurements and the disease progression (real data, weakly predictable, three classes);
``manhattan``, uniform points in a 5-D cube labelled by the nearest of five random prototypes in
L1 distance (five Voronoi cells of unequal sizes, piecewise-linear boundaries).
The twenty-third fresh group (s17i), committed on 2026-12-05 before any run of it existed, as the
test of session 17's eighth change (step (2c), ``c87b609``) re-applied unchanged (its only look:
the shapes and class counts): four small sets of three or more classes, wide or high-dimensional
for their size, which a network is likely to memorise, from inputs and generators used nowhere else
in this bench: ``dct``, ``load_digits``' 1s, 3s, 6s, 7s and 8s kept 120, 100, 80, 60 and 40 of them,
each image as its 64 orthonormal 2-D DCT coefficients (real images, a frequency basis);
``winerelu``, ``load_wine``'s 13 standardised measurements through 100 random ReLU features (real
data, tiny, a random feature map); ``sparsecodes``, 90-D signals, each two of its class's six
random atoms with Gaussian weights plus noise, four classes of 110, 90, 70 and 50 (sparse codes over
class dictionaries); ``motifs``, 15-letter DNA-like strings drawn from three random position weight
matrices, one-hot (60 binary features), classes of 150, 120 and 90 (sequence motifs).
The twenty-fourth fresh group (s17j), committed on 2026-12-05 before session 17's eleventh change
(the memorisation onset's own rejection level) was designed (its only look: the shapes and class
counts), a generic mix of three or more classes, some of them sets a network memorises gradually,
from inputs and generators used nowhere else in this bench: ``digitsrelu``, ``load_digits``' 0s,
2s, 4s and 5s kept 80, 60, 50 and 40 of them, each image through 300 random ReLU features (real
images, wide random features); ``tokens``, 25 tokens per example drawn from its class's Dirichlet
distribution over 150 tokens, as counts, four classes of 100, 80, 60 and 40 (sparse count data);
``gaussmix``, three 40-D classes each a mixture of four random Gaussians, 120, 100 and 80 examples
(multi-modal classes in many dimensions); ``diabquart``, ``load_diabetes``' disease progression in
quartiles, for its first 360 patients, from their 10 standardised measurements through 200 random
tanh features (real data, a noisy target, a random feature map).
"""

from __future__ import annotations

import numpy as np
from sklearn import datasets

FRESH_15 = ("tophalf", "cancerworst", "correlated", "shells")  # s17, committed before any rule was designed
FRESH_16 = ("digitstail", "dirichlet", "autoreg", "regbins")  # s17b, committed before the reverted count was re-frozen
FRESH_17 = ("softmax", "winepair", "mixture", "documents")  # s17c, committed before the whole-set swap was designed
FRESH_18 = ("hierarchy", "cauchy", "sinusoid", "lefthalf")  # s17d, committed before the gated swap was designed
FRESH_19 = ("gammas", "markov", "profiles", "bmiband")  # s17e, committed before the gated swap's second test ran
FRESH_20 = ("bitcodes", "mirror", "winenoise", "laplace")  # s17f, committed before the early-memorisation count
FRESH_21 = ("subspaces", "gradients", "wineproducts", "irisfourier")  # s17g, the early-memorisation count's 2nd test
FRESH_22 = ("polar", "vonmises", "ageband", "manhattan")  # s17h, committed before the short-list change was designed
FRESH_23 = ("dct", "winerelu", "sparsecodes", "motifs")  # s17i, the short-list change's (c87b609) test, re-applied
FRESH_24 = ("digitsrelu", "tokens", "gaussmix", "diabquart")  # s17j, committed before the onset level was designed


def _tophalf() -> tuple[np.ndarray, np.ndarray]:
    X, y = datasets.load_digits(return_X_y=True)
    return X[:, :32], y.astype(np.int64)


def _cancerworst() -> tuple[np.ndarray, np.ndarray]:
    X, y = datasets.load_breast_cancer(return_X_y=True)
    return X[:, 20:30], y.astype(np.int64)


def _correlated() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(141)
    y = rng.integers(0, 3, 900)
    basis = np.linalg.qr(rng.standard_normal((10, 10)))[0]
    scales = np.sqrt(np.geomspace(0.05, 20, 10))
    means = 0.6 * rng.standard_normal((3, 3)) @ basis[:, :3].T  # apart along the three thinnest directions
    return means[y] + (rng.standard_normal((900, 10)) * scales) @ basis.T, y.astype(np.int64)


def _shells() -> tuple[np.ndarray, np.ndarray]:
    X = np.random.default_rng(142).standard_normal((1000, 5))
    radius = np.linalg.norm(X, axis=1)
    return X, (np.digitize(radius, np.quantile(radius, [0.25, 0.5, 0.75])) % 2).astype(np.int64)


def _digitstail() -> tuple[np.ndarray, np.ndarray]:
    X, y = datasets.load_digits(return_X_y=True)
    digits, counts = (7, 1, 4, 6, 0), (180, 100, 55, 35, 20)
    keep = [np.flatnonzero(y == digit)[:count] for digit, count in zip(digits, counts)]
    return X[np.concatenate(keep)], np.repeat(np.arange(5), [len(k) for k in keep]).astype(np.int64)


def _dirichlet() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(151)
    y = rng.choice(4, 1000, p=[0.25, 0.60, 0.05, 0.10])
    concentration = rng.gamma(2.0, 1.5, (4, 12))
    return np.stack([rng.dirichlet(concentration[c]) for c in y]), y.astype(np.int64)


def _autoreg() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(152)
    y = rng.choice(3, 1000, p=[0.22, 0.70, 0.08])
    coefficient, noise = np.array([-0.7, 0.0, 0.7])[y], rng.standard_normal((1000, 24))
    X = np.zeros((1000, 24))
    X[:, 0] = noise[:, 0] / np.sqrt(1 - coefficient**2)  # stationary start
    for t in range(1, 24):
        X[:, t] = coefficient * X[:, t - 1] + noise[:, t]
    return X, y.astype(np.int64)


def _regbins() -> tuple[np.ndarray, np.ndarray]:
    X, target = datasets.make_regression(1000, n_features=10, n_informative=6, noise=30.0, random_state=153)
    return X, np.digitize(target, np.quantile(target, [0.05, 0.15, 0.40])).astype(np.int64)


def _softmax() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(161)
    X = rng.standard_normal((1000, 8))
    logits = X @ (1.2 * rng.standard_normal((8, 4))) + np.array([1.0, 0.5, 0.0, -0.8])
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    return X, (rng.uniform(0, 1, (1000, 1)) > p.cumsum(axis=1)).sum(axis=1).clip(0, 3).astype(np.int64)


def _winepair() -> tuple[np.ndarray, np.ndarray]:
    X, y = datasets.load_wine(return_X_y=True)
    return X[:, [6, 9]], y.astype(np.int64)


def _mixture() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(163)
    y = rng.choice(5, 1000, p=[0.35, 0.25, 0.20, 0.12, 0.08])
    centres = 2.5 * rng.standard_normal((5, 3, 4))
    part = rng.integers(0, 3, 1000)
    return centres[y, part] + 0.8 * rng.standard_normal((1000, 4)), y.astype(np.int64)


def _documents() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(164)
    y = rng.choice(3, 900, p=[0.5, 0.3, 0.2])
    topics = rng.dirichlet(np.full(40, 0.3), 4)
    words = (0.5 * topics[[0, 1, 2]] + 0.5 * topics[[1, 2, 3]])[y]  # class c: topics c and c + 1
    return np.stack([rng.multinomial(25, w) for w in words]).astype(float), y.astype(np.int64)


def _hierarchy() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(171)
    y = rng.choice(6, 1000, p=[0.30, 0.20, 0.15, 0.15, 0.12, 0.08])
    pairs = 4.0 * rng.standard_normal((3, 6))
    centres = pairs[[0, 0, 1, 1, 2, 2]] + 1.2 * rng.standard_normal((6, 6))  # classes 2k, 2k + 1: a pair
    return centres[y] + rng.standard_normal((1000, 6)), y.astype(np.int64)


def _cauchy() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(172)
    y = rng.choice(3, 900, p=[0.55, 0.30, 0.15])
    centres = 2.0 * rng.standard_normal((3, 5))
    return centres[y] + 0.5 * rng.standard_cauchy((900, 5)), y.astype(np.int64)


def _sinusoid() -> tuple[np.ndarray, np.ndarray]:
    X = np.random.default_rng(173).standard_normal((1000, 8))
    score = np.sin(2 * X[:, 0]) + X[:, 1] * X[:, 2] + 0.3 * X[:, 3]
    return X, np.digitize(score, np.quantile(score, [0.10, 0.30, 0.60])).astype(np.int64)


def _lefthalf() -> tuple[np.ndarray, np.ndarray]:
    X, y = datasets.load_digits(return_X_y=True)
    keep = np.concatenate([np.flatnonzero(y == d)[:k] for d, k in zip((2, 3, 5, 8, 9), (170, 120, 80, 50, 30))])
    left = X[keep].reshape(-1, 8, 8)[:, :, :4].reshape(-1, 32)
    return left, np.searchsorted([2, 3, 5, 8, 9], y[keep]).astype(np.int64)


def _gammas() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(181)
    y = rng.choice(4, 1000, p=[0.45, 0.30, 0.17, 0.08])
    shapes = rng.uniform(1.0, 4.0, (4, 6))
    return rng.gamma(shapes[y], 1.0), y.astype(np.int64)


def _markov() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(182)
    y = rng.choice(3, 900, p=[0.60, 0.28, 0.12])
    chains = rng.dirichlet(np.ones(4), (3, 4))  # chains[c, s]: class c's step from state s
    counts = np.zeros((900, 4, 4))
    state = rng.integers(0, 4, 900)
    for _ in range(40):
        step = (rng.uniform(0, 1, (900, 1)) > chains[y, state].cumsum(axis=1)).sum(axis=1).clip(0, 3)
        counts[np.arange(900), state, step] += 1
        state = step
    return counts.reshape(900, 16), y.astype(np.int64)


def _profiles() -> tuple[np.ndarray, np.ndarray]:
    X, y = datasets.load_digits(return_X_y=True)
    keep = np.concatenate([np.flatnonzero(y == d)[:k] for d, k in zip((0, 2, 3, 6), (160, 100, 60, 30))])
    images = X[keep].reshape(-1, 8, 8)
    return np.c_[images.sum(axis=2), images.sum(axis=1)], np.searchsorted([0, 2, 3, 6], y[keep]).astype(np.int64)


def _bmiband() -> tuple[np.ndarray, np.ndarray]:
    X, target = datasets.load_diabetes(return_X_y=True, scaled=False)
    bmi = X[:, 2]
    return np.c_[np.delete(X, 2, axis=1), target], np.digitize(bmi, np.quantile(bmi, [0.5, 0.8, 0.95])).astype(np.int64)


def _bitcodes() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(191)
    y = np.repeat(np.arange(4), [90, 70, 50, 30])
    prototypes = rng.integers(0, 2, (4, 60))
    return (prototypes[y] ^ (rng.uniform(0, 1, (240, 60)) < 0.3)).astype(float), y.astype(np.int64)


def _mirror() -> tuple[np.ndarray, np.ndarray]:
    X, y = datasets.load_digits(return_X_y=True)
    keep = np.concatenate([np.flatnonzero(y == d)[:k] for d, k in zip((1, 5, 7, 9), (90, 60, 40, 25))])
    images = X[keep].reshape(-1, 8, 8)
    asymmetry = images[:, :, :4] - images[:, :, :3:-1]
    return asymmetry.reshape(-1, 32), np.searchsorted([1, 5, 7, 9], y[keep]).astype(np.int64)


def _winenoise() -> tuple[np.ndarray, np.ndarray]:
    X, y = datasets.load_wine(return_X_y=True)
    return np.c_[X, np.random.default_rng(193).standard_normal((len(X), 50))], y.astype(np.int64)


def _laplace() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(194)
    y = rng.choice(4, 800, p=[0.40, 0.25, 0.20, 0.15])
    centres, scales = rng.standard_normal((4, 10)), np.array([0.6, 0.9, 1.1, 1.4])
    return centres[y] + rng.laplace(0, scales[y, None], (800, 10)), y.astype(np.int64)


def _subspaces() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(201)
    y = np.repeat(np.arange(4), [120, 100, 80, 60])
    bases = rng.standard_normal((4, 80, 3))  # class c: the span of bases[c]'s three columns
    X = np.einsum("nij,nj->ni", bases[y], rng.standard_normal((360, 3))) + 0.5 * rng.standard_normal((360, 80))
    return X, y.astype(np.int64)


def _gradients() -> tuple[np.ndarray, np.ndarray]:
    X, y = datasets.load_digits(return_X_y=True)
    keep = np.concatenate([np.flatnonzero(y == d)[:k] for d, k in zip((3, 4, 6, 8), (100, 80, 60, 40))])
    rows = np.diff(X[keep].reshape(-1, 8, 8), axis=1)  # each pixel minus the one above it
    return rows.reshape(-1, 56), np.searchsorted([3, 4, 6, 8], y[keep]).astype(np.int64)


def _wineproducts() -> tuple[np.ndarray, np.ndarray]:
    X, y = datasets.load_wine(return_X_y=True)
    Z = (X - X.mean(axis=0)) / X.std(axis=0)
    i, j = np.triu_indices(13, k=1)
    return Z[:, i] * Z[:, j], y.astype(np.int64)


def _irisfourier() -> tuple[np.ndarray, np.ndarray]:
    X, y = datasets.load_iris(return_X_y=True)
    rng = np.random.default_rng(204)
    Z = (X - X.mean(axis=0)) / X.std(axis=0)
    return np.cos(Z @ rng.standard_normal((4, 60)) + rng.uniform(0, 2 * np.pi, 60)), y.astype(np.int64)


def _polar() -> tuple[np.ndarray, np.ndarray]:
    X, y = datasets.load_digits(return_X_y=True)
    keep = np.concatenate([np.flatnonzero(y == d)[:k] for d, k in zip((2, 5, 7, 9), (120, 90, 60, 40))])
    r, c = np.mgrid[0:8, 0:8] - 3.5
    sector = ((np.arctan2(r, c) + np.pi) / (2 * np.pi) * 8).astype(int).clip(0, 7).ravel()
    ring = np.minimum((np.hypot(r, c) / 1.5).astype(int), 3).ravel()
    ink = X[keep]
    feats = [ink[:, sector == k].sum(axis=1) for k in range(8)] + [ink[:, ring == k].sum(axis=1) for k in range(4)]
    return np.stack(feats, axis=1), np.searchsorted([2, 5, 7, 9], y[keep]).astype(np.int64)


def _vonmises() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(221)
    y = rng.choice(4, 700, p=[0.35, 0.30, 0.20, 0.15])
    means = rng.uniform(-np.pi, np.pi, (4, 5))
    angles = rng.vonmises(means[y], 2.0)
    return np.concatenate([np.cos(angles), np.sin(angles)], axis=1), y.astype(np.int64)


def _ageband() -> tuple[np.ndarray, np.ndarray]:
    X, target = datasets.load_diabetes(return_X_y=True)
    age = X[:, 0]
    y = np.searchsorted(np.quantile(age, [1 / 3, 2 / 3]), age, side="right")
    return np.column_stack([X[:, 1:], target]), y.astype(np.int64)


def _manhattan() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(223)
    X = rng.uniform(-1, 1, (700, 5))
    prototypes = rng.uniform(-1, 1, (5, 5))
    y = np.abs(X[:, None, :] - prototypes[None]).sum(axis=2).argmin(axis=1)
    return X, y.astype(np.int64)


def _dct() -> tuple[np.ndarray, np.ndarray]:
    from scipy.fft import dctn

    X, y = datasets.load_digits(return_X_y=True)
    keep = np.concatenate([np.flatnonzero(y == d)[:k] for d, k in zip((1, 3, 6, 7, 8), (120, 100, 80, 60, 40))])
    coefficients = dctn(X[keep].reshape(-1, 8, 8), axes=(1, 2), norm="ortho")
    return coefficients.reshape(-1, 64), np.searchsorted([1, 3, 6, 7, 8], y[keep]).astype(np.int64)


def _winerelu() -> tuple[np.ndarray, np.ndarray]:
    X, y = datasets.load_wine(return_X_y=True)
    rng = np.random.default_rng(232)
    Z = (X - X.mean(axis=0)) / X.std(axis=0)
    features = np.maximum(Z @ (rng.standard_normal((13, 100)) / np.sqrt(13)) + rng.standard_normal(100), 0)
    return features, y.astype(np.int64)


def _sparsecodes() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(233)
    y = np.repeat(np.arange(4), [110, 90, 70, 50])
    atoms = rng.standard_normal((4, 6, 90)) / np.sqrt(90) * 3
    pick = np.argsort(rng.uniform(0, 1, (320, 6)), axis=1)[:, :2]  # two of the class's six atoms
    weights = rng.standard_normal((320, 2))
    X = np.einsum("nk,nkd->nd", weights, atoms[y[:, None], pick]) + 0.4 * rng.standard_normal((320, 90))
    return X, y.astype(np.int64)


def _motifs() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(234)
    y = np.repeat(np.arange(3), [150, 120, 90])
    profiles = rng.dirichlet(np.full(4, 0.7), (3, 15))  # profiles[c, i]: class c's letter odds at position i
    letters = (rng.uniform(0, 1, (360, 15, 1)) > profiles[y].cumsum(axis=2)).sum(axis=2).clip(0, 3)
    return (letters[:, :, None] == np.arange(4)).reshape(360, 60).astype(float), y.astype(np.int64)


def _digitsrelu() -> tuple[np.ndarray, np.ndarray]:
    X, y = datasets.load_digits(return_X_y=True)
    keep = np.concatenate([np.flatnonzero(y == d)[:k] for d, k in zip((0, 2, 4, 5), (80, 60, 50, 40))])
    rng = np.random.default_rng(241)
    Z = X[keep] / 16.0
    features = np.maximum(Z @ (rng.standard_normal((64, 300)) / 4.0) + 0.5 * rng.standard_normal(300), 0)
    return features, np.searchsorted([0, 2, 4, 5], y[keep]).astype(np.int64)


def _tokens() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(242)
    y = np.repeat(np.arange(4), [100, 80, 60, 40])
    odds = rng.dirichlet(np.full(150, 0.3), 4)  # odds[c]: class c's token distribution
    X = np.stack([rng.multinomial(25, odds[c]) for c in y]).astype(float)
    return X, y.astype(np.int64)


def _gaussmix() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(243)
    y = np.repeat(np.arange(3), [120, 100, 80])
    centres = rng.standard_normal((3, 4, 40)) * 0.45  # four modes per class
    mode = rng.integers(0, 4, 300)
    return centres[y, mode] + rng.standard_normal((300, 40)), y.astype(np.int64)


def _diabquart() -> tuple[np.ndarray, np.ndarray]:
    X, target = datasets.load_diabetes(return_X_y=True)
    X, target = X[:360], target[:360]
    rng = np.random.default_rng(244)
    Z = (X - X.mean(axis=0)) / X.std(axis=0)
    features = np.tanh(Z @ (rng.standard_normal((10, 200)) / np.sqrt(10)) + 0.5 * rng.standard_normal(200))
    return features, np.searchsorted(np.quantile(target, [0.25, 0.5, 0.75]), target).astype(np.int64)


GENERATED = {
    name: globals()[f"_{name}"]
    for name in (
        "tophalf",
        "cancerworst",
        "correlated",
        "shells",
        "digitstail",
        "dirichlet",
        "autoreg",
        "regbins",
        "softmax",
        "winepair",
        "mixture",
        "documents",
        "hierarchy",
        "cauchy",
        "sinusoid",
        "lefthalf",
        "gammas",
        "markov",
        "profiles",
        "bmiband",
        "bitcodes",
        "mirror",
        "winenoise",
        "laplace",
        "subspaces",
        "gradients",
        "wineproducts",
        "irisfourier",
        "polar",
        "vonmises",
        "ageband",
        "manhattan",
        "dct",
        "winerelu",
        "sparsecodes",
        "motifs",
        "digitsrelu",
        "tokens",
        "gaussmix",
        "diabquart",
    )
}  # the generators of the tasks above, by name
