"""Bench ``label_noise``: the fresh groups session 18 wrote (fresh-25 on), each committed before the
rule it tested (``_label_noise_tasks.py`` registers them).

The twenty-fifth fresh group (s18), committed on 2026-12-05 before any rule of session 18 was
designed or evaluated (its only look: the shapes and class counts), a generic mix of three or more
classes, some of them small or hard to fit in 20 epochs, from inputs and generators used nowhere
else in this bench: ``hexcolour``, uniform points in a 3x3 square with two noise features,
labelled by a proper three-colouring of the hexagonal cells of a triangular lattice (a periodic,
non-convex partition); ``annulus``, a 3-D blob of 62%, a second blob of 30% beside it and a thin
spherical shell of 8% around the first, with three noise features (a small class wrapped around
a large one); ``periodic``, 32-step noisy sinusoids of random phase whose frequency (2, 3, 5 or 8
cycles) is the class, shares 45, 30, 17 and 8% (a series' spectrum as the class); ``serum``,
``load_diabetes``' s5 (log triglycerides) cut at its 40th, 70th and 90th percentiles, from the
other nine measurements and the disease progression (real data, four ordered classes of 40, 30, 20
and 10%).
The twenty-sixth fresh group (s18b), committed on 2026-12-05 before session 18's second change was
frozen (its only look: the shapes and class counts), a generic mix from inputs and generators used
nowhere else in this bench: ``l1bins``, the L1 norm of 6-D uniform points cut at its 10th, 30th and
60th percentiles (four ordered classes of 10, 20, 30 and 40%, a non-linear score); ``xorcore``, a
2-D XOR of two classes with a small third class (about 7%) in a disc at the centre, and two noise
features; ``irissepal``, ``load_iris``' three species from the two sepal measurements only (real data,
tiny, two of three classes overlapping); ``digitsbin``, ``load_digits``' ten classes with each pixel
binarised at half ink (64 binary features, real images).
The twenty-seventh fresh group (s18c), committed on 2026-12-05 before session 18's third change was
frozen (its only look: the shapes and class counts), a generic mix from inputs and generators used
nowhere else in this bench: ``hingebins``, ``relu(x0) + relu(-x1) + x2 / 2`` of 6-D Gaussians cut at
its 8th, 25th and 55th percentiles (four ordered classes of 8, 17, 30 and 45%, a piecewise-linear
score); ``winesmall``, ``load_wine``' 13 measurements with the third cultivar cut to its first 15
(real data, tiny, a small class); ``cancerratio``, ``load_breast_cancer``'s ten mean features
divided by their ten "worst" ones (real data, ratios); ``digitscorner``, ``load_digits``' ten
classes from the bottom-right quarter of each image only (16 pixels, real images, mostly
ambiguous).
The twenty-eighth fresh group (s18d), committed on 2026-12-05 before session 18's fourth change was
designed (its only look: the shapes and class counts), a generic mix from inputs and generators used
nowhere else in this bench: ``linfrings``, 2-D uniform points in three square rings of the L-infinity
norm (shares about 25, 45 and 30%) with two noise features (nested squares); ``bloodpressure``,
``load_diabetes``' blood pressure in terciles from the other nine measurements and the disease
progression (real data, weakly predictable); ``digitssalt``, ``load_digits``' ten classes with a
quarter of each image's pixels replaced by random ink (real images, salt noise); ``sphereband``,
points on the unit sphere in 3-D with three noise features, labelled by four latitude bands of 10,
20, 30 and 40% of the points (ordered, curved boundaries).
The twenty-ninth fresh group (s18e), committed on 2026-12-05 before session 18's fifth change was
designed (its only look: the shapes and class counts), a generic mix from inputs and generators used
nowhere else in this bench: ``cancerpca``, ``load_breast_cancer``'s standardised features through
their first three principal components (real data, projected); ``ringblob``, four 2-D classes: a
central blob (about 40%), a ring around it (35%) and two small blobs outside it (15 and 10%), with
two noise features; ``binomial``, eight binomial counts of 20 trials with class-specific success
rates, four classes of 40, 30, 20 and 10% (discrete counts); ``digitsflip``, ``load_digits``' ten
classes with every other image mirrored left to right (real images, two modes per class).
The thirtieth fresh group (s18f), committed on 2026-12-05 before session 18's sixth change was
designed (its only look: the shapes and class counts), a generic mix from inputs and generators used
nowhere else in this bench: ``exponential``, six exponential features with class-specific random
scales, four classes of 35, 30, 20 and 15% (positive, skewed, overlapping); ``wineratio``,
``load_wine``' 12 ratios of consecutive measurements (real data, small, ratios); ``digitsthick``,
``load_digits``' ten classes with each image's ink spread by a 2x2 maximum filter (real images,
thickened strokes); ``irisnoise``, ``load_iris``' four measurements with 30 standard Gaussian
features appended (real data, tiny, mostly noise features).
The thirty-first fresh group (s18g), committed on 2026-12-05 before session 18's seventh change was
designed (its only look: the shapes and class counts), a generic mix from inputs and generators used
nowhere else in this bench: ``negbinom``, eight negative-binomial counts with class-specific means
and a common overdispersion, three classes of 45, 35 and 20% (overdispersed counts); ``cancerlog``,
``load_breast_cancer``'s 30 features through ``log1p`` (real data, a log view); ``digitsproj``,
``load_digits``' ten classes from the eight row sums and eight column sums of each image (16
features, real images projected); ``wedges``, uniform points in the unit disc with two noise
features, labelled by five angular sectors of 30, 25, 20, 15 and 10% of the circle (cyclic,
unequal, meeting at the centre).
The thirty-second fresh group (s18h), committed on 2026-12-05 before session 18's eighth change was
designed (its only look: the shapes and class counts), a generic mix from inputs and generators used
nowhere else in this bench: ``betas``, six features drawn from class-specific Beta distributions,
three classes of 50, 30 and 20% (bounded, skewed); ``winerank``, ``load_wine``' 13 measurements
replaced by their ranks (real data, small, a rank view); ``digits4x4``, ``load_digits``' ten classes
from 2x2 average pools of each image (16 features, real images at a quarter of the resolution);
``diagstripes``, uniform points in a 3x3 square with two noise features, labelled by diagonal stripes
of ``x + y`` of widths 0.5, 0.3 and 0.2 repeating (three periodic, unequal classes).
The thirty-third fresh group (s18i), committed on 2026-12-05 before session 18's ninth change was
frozen (its only look: the shapes and class counts), a generic mix from inputs and generators used
nowhere else in this bench: ``gumbel``, five Gumbel features with class-specific locations and
scales, four classes of 40, 25, 20 and 15% (right-skewed, overlapping); ``cancerarea``,
``load_breast_cancer``'s nine size features (radius, perimeter and area: mean, error and worst;
real data, a subset); ``digitsedge``, ``load_digits``' ten classes from the differences of
neighbouring columns of each image (56 features, real images, horizontal edges); ``cosines``,
uniform points in a 3x3 square with two noise features, labelled by the terciles of ``cos(2 x) +
cos(3 y)`` (a smooth periodic field, three classes of a third).
The thirty-fourth fresh group (s18j), committed on 2026-12-05 before session 18's tenth change was
designed (its only look: the shapes and class counts), a generic mix from inputs and generators used
nowhere else in this bench: ``weibull``, six Weibull features with class-specific shapes and scales,
three classes of 45, 35 and 20% (positive, skewed); ``wineclip``, ``load_wine``' 13 measurements each
clipped to its 25th-75th percentiles (real data, small, saturated features); ``digitsodd``,
``load_digits``' ten classes from the odd rows of each image only (32 pixels, real images, half
the rows); ``ellipses``, 2-D Gaussian points labelled by four nested ellipses of the Mahalanobis
radius of a tilted covariance (shares about 20, 30, 30 and 20%), with two noise features.
The thirty-fifth fresh group (s18k), committed on 2026-12-05 before session 18's eleventh change was
designed (its only look: the shapes and class counts), a generic mix from inputs and generators used
nowhere else in this bench: ``paretos``, six Pareto features with class-specific shapes, three
classes of 50, 30 and 20% (heavy-tailed, overlapping); ``irisprod``, ``load_iris``' ten pairwise
products of its four measurements (squares included; real data, tiny, products); ``digitscols``,
``load_digits``' ten classes from each image's eight row sums and eight column sums only (16
features, real images, projections); ``pinwheel``, uniform points in a disc of radius 2 with two
noise features, labelled by five angular sectors twisted by the radius (``theta + 1.5 r``), a
spiral pinwheel of five equal classes.
The thirty-sixth fresh group (s18l), committed on 2026-12-05 before session 18's twelfth change was
designed (its only look: the shapes and class counts), a generic mix from inputs and generators used
nowhere else in this bench: ``chisq``, six chi-square features with class-specific degrees of
freedom, four classes of 40, 25, 20 and 15% (positive, skewed, overlapping); ``winesq``,
``load_wine``' 13 standardised measurements and their squares (26 features, real data, small);
``digitsblur``, ``load_digits``' ten classes with each image smoothed by a 3x3 mean filter (real
images, blurred); ``trigrid``, uniform points in a 3x3 square with two noise features, labelled by
a periodic three-colouring of the triangles that the diagonals cut the unit squares into.
The thirty-seventh fresh group (s18m), committed on 2026-12-05 before session 18's thirteenth change
was designed (its only look: the shapes and class counts), a generic mix from inputs and generators
used nowhere else in this bench: ``logistics``, six logistic features with class-specific
locations and scales, three classes of 50, 30 and 20% (heavy-ish tails, overlapping);
``cancertop``, ``load_breast_cancer``'s five features of largest variance only (real data, raw
scales); ``digitscontrast``, ``load_digits``' ten classes with each image's ink scaled by a random
contrast in [0.3, 1] plus a random background level (real images, varying contrast);
``starshape``, 2-D Gaussian points with two noise features, labelled inside a five-pointed star
``r < 0.8 (1 + 0.35 cos 5 theta)``, in a star-shaped band 1.6 times as far, or outside it.
The thirty-eighth fresh group (s18n), committed on 2026-12-05 before session 18's fourteenth change
was designed (its only look: the shapes and class counts), written on purpose as 2-D multi-region
tasks (each also run at 5% noise like every group) from generators used nowhere else in this bench:
``hyperbands``, uniform points in a 4x4 square with two noise features, labelled by bands of the
product ``x y`` of width 0.6 taken modulo 3 (hyperbolic bands around a saddle); ``polarcheck``,
uniform points in a disc of radius 2 with two noise features, labelled by a three-colouring of
polar cells (rings of width 0.5 by sectors of 60 degrees); ``bumps``, uniform points in a 3x3
square with two noise features, labelled by the quartiles of a sum of six Gaussian bumps at random
centres (blobby level sets); ``skewgrid``, uniform points in a 3x3 square with two noise features,
labelled ``(i + 2 j) mod 3`` over the unit cells of the square rotated by 30 degrees (a rotated
three-colour grid).
"""

from __future__ import annotations

import numpy as np
from sklearn import datasets

FRESH_25 = ("hexcolour", "annulus", "periodic", "serum")  # s18, committed before any rule was designed
FRESH_26 = ("l1bins", "xorcore", "irissepal", "digitsbin")  # s18b, committed before the second change was frozen
FRESH_27 = ("hingebins", "winesmall", "cancerratio", "digitscorner")  # s18c, before the third change was frozen
FRESH_28 = ("linfrings", "bloodpressure", "digitssalt", "sphereband")  # s18d, before the fourth change was designed
FRESH_29 = ("cancerpca", "ringblob", "binomial", "digitsflip")  # s18e, before the fifth change was designed
FRESH_30 = ("exponential", "wineratio", "digitsthick", "irisnoise")  # s18f, before the sixth change was designed
FRESH_31 = ("negbinom", "cancerlog", "digitsproj", "wedges")  # s18g, before the seventh change was designed
FRESH_32 = ("betas", "winerank", "digits4x4", "diagstripes")  # s18h, before the eighth change was designed
FRESH_33 = ("gumbel", "cancerarea", "digitsedge", "cosines")  # s18i, before the ninth change was frozen
FRESH_34 = ("weibull", "wineclip", "digitsodd", "ellipses")  # s18j, before the tenth change was designed
FRESH_35 = ("paretos", "irisprod", "digitscols", "pinwheel")  # s18k, before the eleventh change was designed
FRESH_36 = ("chisq", "winesq", "digitsblur", "trigrid")  # s18l, before the twelfth change was designed
FRESH_37 = ("logistics", "cancertop", "digitscontrast", "starshape")  # s18m, before the thirteenth change was designed
FRESH_38 = ("hyperbands", "polarcheck", "bumps", "skewgrid")  # s18n, before the fourteenth change was designed


def _hexcolour() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(251)
    points = 3.0 * rng.random((900, 2))
    # lattice a1 = (1, 0), a2 = (1/2, sqrt(3)/2): the nearest lattice point (i, j) among the four about it
    j0 = np.floor(points[:, 1] / (np.sqrt(3) / 2))
    i0 = np.floor(points[:, 0] - j0 / 2)
    best, label = np.full(900, np.inf), np.zeros(900, dtype=np.int64)
    for di in (0, 1):
        for dj in (0, 1):
            i, j = i0 + di, j0 + dj
            centre = np.c_[i + j / 2, j * np.sqrt(3) / 2]
            distance = np.linalg.norm(points - centre, axis=1)
            closer = distance < best
            best[closer], label[closer] = distance[closer], ((i - j) % 3).astype(np.int64)[closer]
    return np.c_[points, rng.standard_normal((900, 2))], label


def _annulus() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(252)
    y = rng.choice(3, 1000, p=[0.62, 0.30, 0.08])
    X = 0.6 * rng.standard_normal((1000, 3))
    X[y == 1] += np.array([3.0, 0.0, 0.0])
    shell = rng.standard_normal((int((y == 2).sum()), 3))
    X[y == 2] = (
        shell / np.linalg.norm(shell, axis=1, keepdims=True) * (1.8 + 0.1 * rng.standard_normal((len(shell), 1)))
    )
    return np.c_[X, rng.standard_normal((1000, 3))], y.astype(np.int64)


def _periodic() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(253)
    y = rng.choice(4, 1000, p=[0.45, 0.30, 0.17, 0.08])
    cycles, phase = np.array([2.0, 3.0, 5.0, 8.0])[y], rng.uniform(0, 2 * np.pi, 1000)
    t = np.arange(32) / 32
    X = np.sin(2 * np.pi * cycles[:, None] * t[None, :] + phase[:, None]) + rng.standard_normal((1000, 32))
    return X, y.astype(np.int64)


def _serum() -> tuple[np.ndarray, np.ndarray]:
    X, target = datasets.load_diabetes(return_X_y=True)
    s5 = X[:, 8]
    return np.c_[np.delete(X, 8, axis=1), target], np.searchsorted(np.quantile(s5, [0.4, 0.7, 0.9]), s5).astype(
        np.int64
    )


def _l1bins() -> tuple[np.ndarray, np.ndarray]:
    X = np.random.default_rng(261).uniform(-1, 1, (1000, 6))
    score = np.abs(X).sum(axis=1)
    return X, np.searchsorted(np.quantile(score, [0.1, 0.3, 0.6]), score).astype(np.int64)


def _xorcore() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(262)
    points = rng.uniform(-2, 2, (1000, 2))
    y = ((points[:, 0] > 0) ^ (points[:, 1] > 0)).astype(np.int64)
    y[np.linalg.norm(points, axis=1) < 0.6] = 2
    return np.c_[points, rng.standard_normal((1000, 2))], y


def _irissepal() -> tuple[np.ndarray, np.ndarray]:
    X, y = datasets.load_iris(return_X_y=True)
    return X[:, :2], y.astype(np.int64)


def _digitsbin() -> tuple[np.ndarray, np.ndarray]:
    X, y = datasets.load_digits(return_X_y=True)
    return (X >= 8).astype(np.float64), y.astype(np.int64)


def _hingebins() -> tuple[np.ndarray, np.ndarray]:
    X = np.random.default_rng(271).standard_normal((1000, 6))
    score = np.maximum(X[:, 0], 0) + np.maximum(-X[:, 1], 0) + X[:, 2] / 2
    return X, np.searchsorted(np.quantile(score, [0.08, 0.25, 0.55]), score).astype(np.int64)


def _winesmall() -> tuple[np.ndarray, np.ndarray]:
    X, y = datasets.load_wine(return_X_y=True)
    keep = np.r_[np.flatnonzero(y != 2), np.flatnonzero(y == 2)[:15]]
    return X[keep], y[keep].astype(np.int64)


def _cancerratio() -> tuple[np.ndarray, np.ndarray]:
    X, y = datasets.load_breast_cancer(return_X_y=True)
    return X[:, :10] / np.maximum(X[:, 20:30], 1e-6), y.astype(np.int64)


def _digitscorner() -> tuple[np.ndarray, np.ndarray]:
    X, y = datasets.load_digits(return_X_y=True)
    return X.reshape(-1, 8, 8)[:, 4:, 4:].reshape(-1, 16), y.astype(np.int64)


def _linfrings() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(281)
    points = rng.uniform(-1, 1, (1000, 2))
    y = np.digitize(np.abs(points).max(axis=1), [0.5, 0.85]).astype(np.int64)
    return np.c_[points, rng.standard_normal((1000, 2))], y


def _bloodpressure() -> tuple[np.ndarray, np.ndarray]:
    X, target = datasets.load_diabetes(return_X_y=True)
    bp = X[:, 3]
    return np.c_[np.delete(X, 3, axis=1), target], np.searchsorted(np.quantile(bp, [1 / 3, 2 / 3]), bp).astype(np.int64)


def _digitssalt() -> tuple[np.ndarray, np.ndarray]:
    X, y = datasets.load_digits(return_X_y=True)
    rng = np.random.default_rng(283)
    salt = rng.random(X.shape) < 0.25
    return np.where(salt, rng.uniform(0, 16, X.shape), X), y.astype(np.int64)


def _sphereband() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(284)
    points = rng.standard_normal((1000, 3))
    points /= np.linalg.norm(points, axis=1, keepdims=True)
    z = points[:, 2]
    y = np.searchsorted(np.quantile(z, [0.1, 0.3, 0.6]), z).astype(np.int64)
    return np.c_[points, rng.standard_normal((1000, 3))], y


def _cancerpca() -> tuple[np.ndarray, np.ndarray]:
    X, y = datasets.load_breast_cancer(return_X_y=True)
    Z = (X - X.mean(axis=0)) / X.std(axis=0)
    return Z @ np.linalg.svd(Z, full_matrices=False)[2][:3].T, y.astype(np.int64)


def _ringblob() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(292)
    y = rng.choice(4, 1000, p=[0.40, 0.35, 0.15, 0.10])
    angle = rng.uniform(0, 2 * np.pi, 1000)
    radius = np.where(y == 1, 2.0 + 0.25 * rng.standard_normal(1000), 0.0)
    points = np.c_[radius * np.cos(angle), radius * np.sin(angle)] + np.where(
        y[:, None] == 1, 0.0, 0.5
    ) * rng.standard_normal((1000, 2))
    points[y == 2] += np.array([3.5, 3.5])
    points[y == 3] += np.array([-3.5, 3.0])
    return np.c_[points, rng.standard_normal((1000, 2))], y.astype(np.int64)


def _binomial() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(293)
    y = rng.choice(4, 1000, p=[0.4, 0.3, 0.2, 0.1])
    rates = rng.uniform(0.2, 0.8, (4, 8))
    return rng.binomial(20, rates[y]).astype(np.float64), y.astype(np.int64)


def _digitsflip() -> tuple[np.ndarray, np.ndarray]:
    X, y = datasets.load_digits(return_X_y=True)
    images = X.reshape(-1, 8, 8).copy()
    images[1::2] = images[1::2, :, ::-1]
    return images.reshape(-1, 64), y.astype(np.int64)


def _exponential() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(301)
    y = rng.choice(4, 1000, p=[0.35, 0.30, 0.20, 0.15])
    scales = rng.uniform(0.5, 2.0, (4, 6))
    return rng.exponential(scales[y]), y.astype(np.int64)


def _wineratio() -> tuple[np.ndarray, np.ndarray]:
    X, y = datasets.load_wine(return_X_y=True)
    return X[:, 1:] / np.maximum(X[:, :-1], 1e-6), y.astype(np.int64)


def _digitsthick() -> tuple[np.ndarray, np.ndarray]:
    X, y = datasets.load_digits(return_X_y=True)
    images = np.pad(X.reshape(-1, 8, 8), ((0, 0), (0, 1), (0, 1)))
    thick = np.maximum.reduce([images[:, :8, :8], images[:, 1:, :8], images[:, :8, 1:], images[:, 1:, 1:]])
    return thick.reshape(-1, 64), y.astype(np.int64)


def _irisnoise() -> tuple[np.ndarray, np.ndarray]:
    X, y = datasets.load_iris(return_X_y=True)
    return np.c_[X, np.random.default_rng(304).standard_normal((len(X), 30))], y.astype(np.int64)


def _negbinom() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(311)
    y = rng.choice(3, 900, p=[0.45, 0.35, 0.20])
    means = rng.uniform(2.0, 12.0, (3, 8))
    shape = 3.0
    return rng.negative_binomial(shape, shape / (shape + means[y])).astype(float), y.astype(np.int64)


def _cancerlog() -> tuple[np.ndarray, np.ndarray]:
    X, y = datasets.load_breast_cancer(return_X_y=True)
    return np.log1p(X), y.astype(np.int64)


def _digitsproj() -> tuple[np.ndarray, np.ndarray]:
    X, y = datasets.load_digits(return_X_y=True)
    images = X.reshape(-1, 8, 8)
    return np.c_[images.sum(axis=2), images.sum(axis=1)], y.astype(np.int64)


def _wedges() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(314)
    radius, angle = np.sqrt(rng.uniform(0, 1, 1000)), rng.uniform(0, 2 * np.pi, 1000)
    y = np.searchsorted(2 * np.pi * np.cumsum([0.30, 0.25, 0.20, 0.15]), angle)
    points = np.c_[radius * np.cos(angle), radius * np.sin(angle)]
    return np.c_[points, rng.standard_normal((1000, 2))], y.astype(np.int64)


def _betas() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(321)
    y = rng.choice(3, 900, p=[0.50, 0.30, 0.20])
    a, b = rng.uniform(0.5, 4.0, (3, 6)), rng.uniform(0.5, 4.0, (3, 6))
    return rng.beta(a[y], b[y]), y.astype(np.int64)


def _winerank() -> tuple[np.ndarray, np.ndarray]:
    X, y = datasets.load_wine(return_X_y=True)
    return X.argsort(axis=0).argsort(axis=0).astype(float), y.astype(np.int64)


def _digits4x4() -> tuple[np.ndarray, np.ndarray]:
    X, y = datasets.load_digits(return_X_y=True)
    return X.reshape(-1, 4, 2, 4, 2).mean(axis=(2, 4)).reshape(-1, 16), y.astype(np.int64)


def _diagstripes() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(324)
    points = rng.uniform(0, 3, (1000, 2))
    phase = np.mod(points.sum(axis=1), 1.0)
    y = np.searchsorted([0.5, 0.8], phase, side="right")
    return np.c_[points, rng.standard_normal((1000, 2))], y.astype(np.int64)


def _gumbel() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(331)
    y = rng.choice(4, 1000, p=[0.40, 0.25, 0.20, 0.15])
    locations, scales = rng.normal(0.0, 1.0, (4, 5)), rng.uniform(0.5, 1.5, (4, 5))
    return rng.gumbel(locations[y], scales[y]), y.astype(np.int64)


def _cancerarea() -> tuple[np.ndarray, np.ndarray]:
    X, y = datasets.load_breast_cancer(return_X_y=True)
    return X[:, [0, 2, 3, 10, 12, 13, 20, 22, 23]], y.astype(np.int64)


def _digitsedge() -> tuple[np.ndarray, np.ndarray]:
    X, y = datasets.load_digits(return_X_y=True)
    images = X.reshape(-1, 8, 8)
    return np.diff(images, axis=2).reshape(-1, 56), y.astype(np.int64)


def _cosines() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(334)
    points = rng.uniform(0, 3, (1000, 2))
    field = np.cos(2 * points[:, 0]) + np.cos(3 * points[:, 1])
    y = np.searchsorted(np.quantile(field, [1 / 3, 2 / 3]), field, side="right")
    return np.c_[points, rng.standard_normal((1000, 2))], y.astype(np.int64)


def _weibull() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(341)
    y = rng.choice(3, 900, p=[0.45, 0.35, 0.20])
    shapes, scales = rng.uniform(0.8, 3.0, (3, 6)), rng.uniform(0.5, 2.0, (3, 6))
    return scales[y] * rng.weibull(shapes[y]), y.astype(np.int64)


def _wineclip() -> tuple[np.ndarray, np.ndarray]:
    X, y = datasets.load_wine(return_X_y=True)
    low, high = np.percentile(X, [25, 75], axis=0)
    return np.clip(X, low, high), y.astype(np.int64)


def _digitsodd() -> tuple[np.ndarray, np.ndarray]:
    X, y = datasets.load_digits(return_X_y=True)
    return X.reshape(-1, 8, 8)[:, 1::2, :].reshape(-1, 32), y.astype(np.int64)


def _ellipses() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(344)
    covariance = np.array([[2.0, 1.2], [1.2, 1.0]])
    points = rng.multivariate_normal([0.0, 0.0], covariance, 1000)
    radius = np.einsum("ij,jk,ik->i", points, np.linalg.inv(covariance), points)
    y = np.searchsorted(np.quantile(radius, [0.2, 0.5, 0.8]), radius, side="right")
    return np.c_[points, rng.standard_normal((1000, 2))], y.astype(np.int64)


def _paretos() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(351)
    y = rng.choice(3, 900, p=[0.5, 0.3, 0.2])
    shapes = rng.uniform(1.5, 4.0, (3, 6))
    return np.log1p(rng.pareto(shapes[y])), y.astype(np.int64)


def _irisprod() -> tuple[np.ndarray, np.ndarray]:
    X, y = datasets.load_iris(return_X_y=True)
    i, j = np.triu_indices(4)
    return X[:, i] * X[:, j], y.astype(np.int64)


def _digitscols() -> tuple[np.ndarray, np.ndarray]:
    X, y = datasets.load_digits(return_X_y=True)
    images = X.reshape(-1, 8, 8)
    return np.c_[images.sum(axis=1), images.sum(axis=2)], y.astype(np.int64)


def _pinwheel() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(354)
    radius = 2.0 * np.sqrt(rng.random(1000))
    theta = rng.uniform(0, 2 * np.pi, 1000)
    points = np.c_[radius * np.cos(theta), radius * np.sin(theta)]
    y = np.floor(((theta + 1.5 * radius) % (2 * np.pi)) / (2 * np.pi / 5)).astype(np.int64) % 5
    return np.c_[points, rng.standard_normal((1000, 2))], y


def _chisq() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(361)
    y = rng.choice(4, 900, p=[0.4, 0.25, 0.2, 0.15])
    freedom = rng.uniform(1.0, 6.0, (4, 6))
    return rng.chisquare(freedom[y]), y.astype(np.int64)


def _winesq() -> tuple[np.ndarray, np.ndarray]:
    X, y = datasets.load_wine(return_X_y=True)
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    return np.c_[X, X**2], y.astype(np.int64)


def _digitsblur() -> tuple[np.ndarray, np.ndarray]:
    X, y = datasets.load_digits(return_X_y=True)
    padded = np.pad(X.reshape(-1, 8, 8), ((0, 0), (1, 1), (1, 1)))
    blurred = sum(padded[:, i : i + 8, j : j + 8] for i in range(3) for j in range(3)) / 9.0
    return blurred.reshape(-1, 64), y.astype(np.int64)


def _trigrid() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(364)
    points = rng.uniform(0, 3, (1000, 2))
    cell = np.floor(points)
    upper = (points[:, 1] - cell[:, 1]) > (points[:, 0] - cell[:, 0])
    y = (cell[:, 0] + cell[:, 1] + upper).astype(np.int64) % 3
    return np.c_[points, rng.standard_normal((1000, 2))], y


def _logistics() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(371)
    y = rng.choice(3, 900, p=[0.5, 0.3, 0.2])
    locations, scales = rng.normal(0, 1.0, (3, 6)), rng.uniform(0.5, 1.5, (3, 6))
    return rng.logistic(locations[y], scales[y]), y.astype(np.int64)


def _cancertop() -> tuple[np.ndarray, np.ndarray]:
    X, y = datasets.load_breast_cancer(return_X_y=True)
    return X[:, np.argsort(X.var(axis=0))[-5:]], y.astype(np.int64)


def _digitscontrast() -> tuple[np.ndarray, np.ndarray]:
    X, y = datasets.load_digits(return_X_y=True)
    rng = np.random.default_rng(373)
    contrast, background = rng.uniform(0.3, 1.0, (len(X), 1)), rng.uniform(0.0, 4.0, (len(X), 1))
    return contrast * X + background, y.astype(np.int64)


def _starshape() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(374)
    points = rng.standard_normal((1000, 2))
    radius, theta = np.hypot(points[:, 0], points[:, 1]), np.arctan2(points[:, 1], points[:, 0])
    star = 0.8 * (1 + 0.35 * np.cos(5 * theta))
    y = (radius >= star).astype(np.int64) + (radius >= 1.6 * star)
    return np.c_[points, rng.standard_normal((1000, 2))], y


def _hyperbands() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(381)
    points = rng.uniform(-2, 2, (1000, 2))
    y = np.floor(points[:, 0] * points[:, 1] / 0.6).astype(np.int64) % 3
    return np.c_[points, rng.standard_normal((1000, 2))], y


def _polarcheck() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(382)
    radius = 2.0 * np.sqrt(rng.random(1000))
    theta = rng.uniform(0, 2 * np.pi, 1000)
    points = np.c_[radius * np.cos(theta), radius * np.sin(theta)]
    y = (np.floor(radius / 0.5) + np.floor(theta / (np.pi / 3))).astype(np.int64) % 3
    return np.c_[points, rng.standard_normal((1000, 2))], y


def _bumps() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(383)
    points = rng.uniform(0, 3, (1000, 2))
    centres = rng.uniform(0, 3, (6, 2))
    density = np.exp(-((points[:, None, :] - centres[None]) ** 2).sum(axis=2) / 0.3).sum(axis=1)
    y = np.searchsorted(np.quantile(density, [0.25, 0.5, 0.75]), density, side="right")
    return np.c_[points, rng.standard_normal((1000, 2))], y.astype(np.int64)


def _skewgrid() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(384)
    points = rng.uniform(0, 3, (1000, 2))
    c, s = np.cos(np.pi / 6), np.sin(np.pi / 6)
    turned = points @ np.array([[c, -s], [s, c]])
    y = (np.floor(turned[:, 0]) + 2 * np.floor(turned[:, 1])).astype(np.int64) % 3
    return np.c_[points, rng.standard_normal((1000, 2))], y


GENERATED = {
    name: globals()[f"_{name}"]
    for name in (
        "hexcolour",
        "annulus",
        "periodic",
        "serum",
        "l1bins",
        "xorcore",
        "irissepal",
        "digitsbin",
        "hingebins",
        "winesmall",
        "cancerratio",
        "digitscorner",
        "linfrings",
        "bloodpressure",
        "digitssalt",
        "sphereband",
        "cancerpca",
        "ringblob",
        "binomial",
        "digitsflip",
        "exponential",
        "wineratio",
        "digitsthick",
        "irisnoise",
        "negbinom",
        "cancerlog",
        "digitsproj",
        "wedges",
        "betas",
        "winerank",
        "digits4x4",
        "diagstripes",
        "gumbel",
        "cancerarea",
        "digitsedge",
        "cosines",
        "weibull",
        "wineclip",
        "digitsodd",
        "ellipses",
        "paretos",
        "irisprod",
        "digitscols",
        "pinwheel",
        "chisq",
        "winesq",
        "digitsblur",
        "trigrid",
        "logistics",
        "cancertop",
        "digitscontrast",
        "starshape",
        "hyperbands",
        "polarcheck",
        "bumps",
        "skewgrid",
    )
}  # the generators of the tasks above, by name
