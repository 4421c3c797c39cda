"""The data of section ``lr_quality``'s tasks (``lr_suite.py``): built-in data sets,
scikit-learn's generators and a few of the bench's own, each as ``(X, y)`` tensors, made once
per process."""

from __future__ import annotations

import functools

import numpy as np
import torch

from descend.training import prepare


@functools.cache
def builtin(name: str) -> tuple[torch.Tensor, torch.Tensor]:
    """The standardised training split of a built-in data set (``prepare(name, seed=0)``)."""
    p = prepare(name, seed=0)
    return p.train.X, p.train.y


@functools.cache
def synthetic_regression() -> tuple[torch.Tensor, torch.Tensor]:
    """1000 x 8 standard-normal features, a smooth non-linear target plus noise (sd 0.1),
    standardised: ``sin(2 x0) + x1 x2 + x3^2 / 2``."""
    g = torch.Generator().manual_seed(0)
    X = torch.randn(1000, 8, generator=g)
    y = torch.sin(2 * X[:, 0]) + X[:, 1] * X[:, 2] + 0.5 * X[:, 3] ** 2
    y = y + 0.1 * torch.randn(1000, generator=g)
    return X, (y - y.mean()) / y.std()


def standardised(X: np.ndarray) -> torch.Tensor:
    return torch.as_tensor((X - X.mean(0)) / X.std(0), dtype=torch.float32)


def badly_scaled(X: torch.Tensor) -> torch.Tensor:
    """Standardised features multiplied by scales ``10**linspace(-1.5, 1.5, d)``: unstandardised
    inputs whose scales span a factor of 1000 (the Hessian's condition number grows by 1e6)."""
    return X * torch.logspace(-1.5, 1.5, X.shape[1])


@functools.cache
def friedman1(scaled: bool = False) -> tuple[torch.Tensor, torch.Tensor]:
    """scikit-learn's ``make_friedman1`` (500 x 10, noise 1), features and target standardised;
    ``scaled``: the features then badly scaled (see :func:`badly_scaled`)."""
    from sklearn.datasets import make_friedman1

    X, y = make_friedman1(n_samples=500, n_features=10, noise=1.0, random_state=0)
    X = standardised(X)
    return (badly_scaled(X) if scaled else X), standardised(y[:, None])[:, 0]


@functools.cache
def moons() -> tuple[torch.Tensor, torch.Tensor]:
    """scikit-learn's ``make_moons`` (500 rows, noise 0.2), standardised; labels 0/1."""
    from sklearn.datasets import make_moons

    X, y = make_moons(n_samples=500, noise=0.2, random_state=0)
    return standardised(X), torch.as_tensor(y)


@functools.cache
def classification(scaled: bool = False) -> tuple[torch.Tensor, torch.Tensor]:
    """scikit-learn's ``make_classification`` (600 x 20, 8 informative, 5% flipped labels),
    standardised, labels as floats for ``bce``; ``scaled``: badly scaled features."""
    from sklearn.datasets import make_classification

    X, y = make_classification(
        n_samples=600, n_features=20, n_informative=8, n_redundant=4, flip_y=0.05, random_state=1
    )
    X = standardised(X)
    return (badly_scaled(X) if scaled else X), torch.as_tensor(y, dtype=torch.float32)


@functools.cache
def wine_badly_scaled() -> tuple[torch.Tensor, torch.Tensor]:
    """The standardised training split of wine, badly scaled (see :func:`badly_scaled`)."""
    X, y = builtin("wine")
    return badly_scaled(X), y


@functools.cache
def circles() -> tuple[torch.Tensor, torch.Tensor]:
    """scikit-learn's ``make_circles`` (500 rows, noise 0.1, inner radius 0.5); labels 0/1."""
    from sklearn.datasets import make_circles

    X, y = make_circles(n_samples=500, noise=0.1, factor=0.5, random_state=2)
    return standardised(X), torch.as_tensor(y)


@functools.cache
def friedman2_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """scikit-learn's ``make_friedman2`` (500 x 4, noise 10) with its features as drawn (ranges
    up to 1760, down to 1), the target standardised."""
    from sklearn.datasets import make_friedman2

    X, y = make_friedman2(n_samples=500, noise=10.0, random_state=2)
    return torch.as_tensor(X, dtype=torch.float32), standardised(y[:, None])[:, 0]


@functools.cache
def raw_regression() -> tuple[torch.Tensor, torch.Tensor]:
    """scikit-learn's ``make_regression`` (500 x 6, 4 informative, noise 20) with its features
    as raw measurements: feature ``j`` scaled by ``10**(3j/5)`` (1 to 1000) and shifted by 3
    times that scale (no feature centred); the target standardised (tuning task, session 7)."""
    from sklearn.datasets import make_regression

    X, y = make_regression(n_samples=500, n_features=6, n_informative=4, noise=20.0, random_state=3)
    scale = 10 ** np.linspace(0, 3, 6)
    return torch.as_tensor(X * scale + 3 * scale, dtype=torch.float32), standardised(y[:, None])[:, 0]


@functools.cache
def blobs_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """scikit-learn's ``make_blobs`` (600 x 5, 4 classes, spread 2.5) with feature ``j``
    scaled by ``10**(2j/4)`` (1 to 100) and not centred (tuning task, session 7)."""
    from sklearn.datasets import make_blobs

    X, y = make_blobs(n_samples=600, n_features=5, centers=4, cluster_std=2.5, random_state=4)
    return torch.as_tensor((X + 10) * 10 ** np.linspace(0, 2, 5), dtype=torch.float32), torch.as_tensor(y)


@functools.cache
def ring_sectors() -> tuple[torch.Tensor, torch.Tensor]:
    """700 points of a ring (radius 1 to 2) in the plane, the class the one of 5 equal angular
    sectors a point lies in, its angle blurred by noise of sd 0.15 rad; standardised."""
    rng = np.random.default_rng(11)
    angle = rng.uniform(0, 2 * np.pi, 700)
    radius = rng.uniform(1, 2, 700)
    seen = angle + rng.normal(0, 0.15, 700)
    X = np.stack([radius * np.cos(seen), radius * np.sin(seen)], 1)
    return standardised(X), torch.as_tensor((angle // (2 * np.pi / 5)).astype(np.int64))


@functools.cache
def polynomial_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """Raw polynomial features ``x, x^2, x^3`` of ``x`` uniform on [0, 10] (scales up to 1000,
    strongly correlated, none centred); target ``sin(x) + x / 5`` plus noise of sd 0.2,
    standardised."""
    rng = np.random.default_rng(12)
    x = rng.uniform(0, 10, 500)
    X = np.stack([x, x**2, x**3], 1)
    y = np.sin(x) + x / 5 + rng.normal(0, 0.2, 500)
    return torch.as_tensor(X, dtype=torch.float32), standardised(y[:, None])[:, 0]


@functools.cache
def damped_oscillator() -> tuple[torch.Tensor, torch.Tensor]:
    """The displacement ``exp(-d t) cos(w t)`` of a damped oscillator from ``(t, d, w)`` drawn
    uniform on [0, 5] x [0.1, 1] x [1, 3], plus noise of sd 0.05; inputs and target
    standardised (800 rows)."""
    rng = np.random.default_rng(13)
    t, d, w = rng.uniform(0, 5, 800), rng.uniform(0.1, 1, 800), rng.uniform(1, 3, 800)
    y = np.exp(-d * t) * np.cos(w * t) + rng.normal(0, 0.05, 800)
    return standardised(np.stack([t, d, w], 1)), standardised(y[:, None])[:, 0]


@functools.cache
def projected_quartiles() -> tuple[torch.Tensor, torch.Tensor]:
    """600 x 6 standard normal features, the class the quartile of a fixed random projection
    of them plus noise of sd 0.3 (4 ordered classes), the features then badly scaled."""
    rng = np.random.default_rng(14)
    X = rng.normal(size=(600, 6))
    score = X @ rng.normal(size=6) + rng.normal(0, 0.3, 600)
    labels = np.searchsorted(np.quantile(score, [0.25, 0.5, 0.75]), score)
    return badly_scaled(torch.as_tensor(X, dtype=torch.float32)), torch.as_tensor(labels)


@functools.cache
def squares_crosses_rings() -> tuple[torch.Tensor, torch.Tensor]:
    """600 noisy 8x8 images, flattened: a filled 3x3 square, a 3x3 cross or a 3x3 ring (its
    border) at a random place (3 classes), plus Gaussian noise of sd 0.4."""
    rng = np.random.default_rng(15)
    stamps = [np.ones((3, 3)), np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]]), np.array([[1, 1, 1], [1, 0, 1], [1, 1, 1]])]
    y = np.arange(600) % 3
    images = rng.normal(0, 0.4, (600, 8, 8))
    for i, (r, c) in enumerate(rng.integers(0, 6, (600, 2))):
        images[i, r : r + 3, c : c + 3] += stamps[y[i]]
    return torch.as_tensor(images.reshape(600, 64), dtype=torch.float32), torch.as_tensor(y)


# --- the fresh group of session 12 (written before the group was run, after the rule was fitted) ---


@functools.cache
def low_rank_features() -> tuple[torch.Tensor, torch.Tensor]:
    """scikit-learn's ``make_low_rank_matrix`` (500 x 20, effective rank 4, tail strength 0.2)
    times 10, neither centred nor standardised (its singular values fall off as a bell: an
    ill-conditioned design); target a fixed random linear function of it plus noise of sd 0.1,
    standardised."""
    from sklearn.datasets import make_low_rank_matrix

    X = 10 * make_low_rank_matrix(n_samples=500, n_features=20, effective_rank=4, tail_strength=0.2, random_state=12)
    rng = np.random.default_rng(12)
    y = X @ rng.normal(size=20) + rng.normal(0, 0.1, 500)
    return torch.as_tensor(X, dtype=torch.float32), standardised(y[:, None])[:, 0]


@functools.cache
def checkerboard() -> tuple[torch.Tensor, torch.Tensor]:
    """800 points uniform on [0, 4)^2, the class the colour of the 4x4 checkerboard square a
    point lies in (``(floor x + floor y) mod 2``); standardised."""
    rng = np.random.default_rng(21)
    X = rng.uniform(0, 4, (800, 2))
    y = (np.floor(X[:, 0]) + np.floor(X[:, 1])).astype(np.int64) % 2
    return standardised(X), torch.as_tensor(y)


@functools.cache
def shells() -> tuple[torch.Tensor, torch.Tensor]:
    """900 points in 5-D on three concentric spherical shells of radius 1, 2 and 3 (directions
    uniform, radius noise of sd 0.3), the class the shell; standardised."""
    rng = np.random.default_rng(22)
    y = np.arange(900) % 3
    u = rng.normal(size=(900, 5))
    u /= np.linalg.norm(u, axis=1, keepdims=True)
    X = u * (1 + y + rng.normal(0, 0.3, 900))[:, None]
    return standardised(X), torch.as_tensor(y.astype(np.int64))


@functools.cache
def spd_gaussians_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """Two classes of 300 rows each in 8-D, Gaussians with means -0.5 and +0.5 per feature and
    one covariance from scikit-learn's ``make_spd_matrix``; features then offset by 5 and
    multiplied by ``10**linspace(0, 2, 8)`` (raw scales 1 to 100, none centred); labels 0/1."""
    from sklearn.datasets import make_spd_matrix

    rng = np.random.default_rng(23)
    cov = make_spd_matrix(8, random_state=23)
    y = np.arange(600) % 2
    X = rng.multivariate_normal(np.zeros(8), cov, 600) + (y[:, None] - 0.5)
    X = (X + 5) * 10 ** np.linspace(0, 2, 8)
    return torch.as_tensor(X, dtype=torch.float32), torch.as_tensor(y, dtype=torch.float32)


@functools.cache
def ishigami() -> tuple[torch.Tensor, torch.Tensor]:
    """The Ishigami function ``sin x1 + 7 sin^2 x2 + 0.1 x3^4 sin x1`` (a test function of
    sensitivity analysis) of ``x`` uniform on [-pi, pi]^3, 800 rows plus noise of sd 0.1; inputs
    and target standardised."""
    rng = np.random.default_rng(24)
    X = rng.uniform(-np.pi, np.pi, (800, 3))
    y = np.sin(X[:, 0]) + 7 * np.sin(X[:, 1]) ** 2 + 0.1 * X[:, 2] ** 4 * np.sin(X[:, 0])
    return standardised(X), standardised((y + rng.normal(0, 0.1, 800))[:, None])[:, 0]


# --- the fresh group of session 12b (written before the group was run, after the rule was fitted) ---


@functools.cache
def word_counts_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """scikit-learn's ``make_multilabel_classification`` (600 documents, 20 words, 3 topics,
    mean length 60) as raw word counts (non-negative integers, none centred or scaled); the
    label whether a document has the first topic (0/1)."""
    from sklearn.datasets import make_multilabel_classification

    X, Y = make_multilabel_classification(
        n_samples=600, n_features=20, n_classes=3, n_labels=1, length=60, allow_unlabeled=False, random_state=41
    )
    return torch.as_tensor(X, dtype=torch.float32), torch.as_tensor(Y[:, 0], dtype=torch.float32)


@functools.cache
def sparse_uncorrelated_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """scikit-learn's ``make_sparse_uncorrelated`` (500 x 8: a linear target of the first 4
    normal features) with feature ``j`` multiplied by ``10**(-1 + 3j/7)`` (0.1 to 100) and
    shifted by twice that scale (none centred); the target standardised."""
    from sklearn.datasets import make_sparse_uncorrelated

    X, y = make_sparse_uncorrelated(n_samples=500, n_features=8, random_state=42)
    scale = 10 ** np.linspace(-1, 2, 8)
    return torch.as_tensor(X * scale + 2 * scale, dtype=torch.float32), standardised(y[:, None])[:, 0]


@functools.cache
def quantiles_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """scikit-learn's ``make_gaussian_quantiles`` (600 x 4, 3 classes: nested shells of equal
    mass) with feature ``j`` multiplied by ``10**(j/2)`` (1 to 31.6) and shifted by 20 (none
    centred)."""
    from sklearn.datasets import make_gaussian_quantiles

    X, y = make_gaussian_quantiles(n_samples=600, n_features=4, n_classes=3, random_state=43)
    return torch.as_tensor(X * 10 ** np.linspace(0, 1.5, 4) + 20, dtype=torch.float32), torch.as_tensor(y)


@functools.cache
def swiss_roll() -> tuple[torch.Tensor, torch.Tensor]:
    """scikit-learn's ``make_swiss_roll`` (800 points, noise 0.2): the position ``t`` along the
    roll from the point in 3-D; inputs and target standardised."""
    from sklearn.datasets import make_swiss_roll

    X, t = make_swiss_roll(n_samples=800, noise=0.2, random_state=44)
    return standardised(X), standardised(t[:, None])[:, 0]


@functools.cache
def s_curve_thirds() -> tuple[torch.Tensor, torch.Tensor]:
    """scikit-learn's ``make_s_curve`` (600 points, noise 0.1): the class the third of the
    curve's length ``t`` a point lies in (3 classes); inputs standardised."""
    from sklearn.datasets import make_s_curve

    X, t = make_s_curve(n_samples=600, noise=0.1, random_state=45)
    labels = np.searchsorted(np.quantile(t, [1 / 3, 2 / 3]), t)
    return standardised(X), torch.as_tensor(labels.astype(np.int64))


# --- the fresh group of session 12c (written before the group was run, after the rule was fitted) ---


@functools.cache
def friedman3_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """scikit-learn's ``make_friedman3`` (600 x 4, noise 0.05: ``atan((x1 x2 - 1/(x1 x3)) / x0)``)
    with its features as drawn (ranges 0-100, 126-1760, 0-1 and 1-11, none centred); the target
    standardised."""
    from sklearn.datasets import make_friedman3

    X, y = make_friedman3(n_samples=600, noise=0.05, random_state=51)
    return torch.as_tensor(X, dtype=torch.float32), standardised(y[:, None])[:, 0]


@functools.cache
def hastie_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """scikit-learn's ``make_hastie_10_2`` (800 x 10 normal features, the class whether their
    sum of squares exceeds 9.34) with feature ``j`` multiplied by ``10**(2j/9)`` (1 to 100) and
    shifted by 3 times that scale (none centred); labels 0/1."""
    from sklearn.datasets import make_hastie_10_2

    X, y = make_hastie_10_2(n_samples=800, random_state=52)
    scale = 10 ** np.linspace(0, 2, 10)
    return torch.as_tensor(X * scale + 3 * scale, dtype=torch.float32), torch.as_tensor((y > 0).astype(np.int64))


@functools.cache
def two_spirals() -> tuple[torch.Tensor, torch.Tensor]:
    """Two interleaved spirals of 300 points each (angle ``t`` uniform on [0.5, 3 pi], radius ``t``,
    the second turned by pi, noise of sd 0.3), the class the spiral; standardised."""
    rng = np.random.default_rng(53)
    t = rng.uniform(0.5, 3 * np.pi, 600)
    y = np.arange(600) % 2
    angle = t + np.pi * y
    X = np.stack([t * np.cos(angle), t * np.sin(angle)], 1) + rng.normal(0, 0.3, (600, 2))
    return standardised(X), torch.as_tensor(y.astype(np.int64))


@functools.cache
def ar_lags() -> tuple[torch.Tensor, torch.Tensor]:
    """An AR(3) series ``x_t = 0.5 x_{t-1} + 0.3 x_{t-2} + 0.15 x_{t-3} + e_t`` (e of sd 1, 620
    steps, the first 100 dropped): the next value from the 8 previous ones (as they are: strongly
    correlated, none standardised), the target standardised."""
    rng = np.random.default_rng(54)
    x = np.zeros(620)
    e = rng.normal(size=620)
    for t in range(3, 620):
        x[t] = 0.5 * x[t - 1] + 0.3 * x[t - 2] + 0.15 * x[t - 3] + e[t]
    x = x[100:]
    X = np.stack([x[8 - k - 1 : len(x) - k - 1] for k in range(8)], 1)
    return torch.as_tensor(X, dtype=torch.float32), standardised(x[8:, None])[:, 0]


@functools.cache
def anisotropic_mixture_badly_scaled() -> tuple[torch.Tensor, torch.Tensor]:
    """Six classes of 100 rows in 6-D, each a Gaussian with its own random mean (sd 1.5) and its
    own random covariance ``A A^T / 6`` (``A`` normal), standardised, then multiplied by
    ``10**linspace(-1.5, 1.5, 6)`` (bad scales)."""
    rng = np.random.default_rng(55)
    y = np.arange(600) % 6
    means = rng.normal(0, 1.5, (6, 6))
    mix = rng.normal(size=(6, 6, 6)) / np.sqrt(6)
    X = means[y] + np.einsum("nij,nj->ni", mix[y], rng.normal(size=(600, 6)))
    return badly_scaled(standardised(X)), torch.as_tensor(y.astype(np.int64))


# Session 12d: problems whose training starts on a plateau (deep saturating networks at
# torch's default initialisation, tiny inputs), for the pilots where the range test gives no
# suggestion. Written before any run on them.


@functools.cache
def xor_6d() -> tuple[torch.Tensor, torch.Tensor]:
    """800 points uniform on [-1, 1]^6, the class the sign of ``x0 x1`` (XOR of the first two
    coordinates; the other four are distractors); standardised."""
    rng = np.random.default_rng(61)
    X = rng.uniform(-1, 1, (800, 6))
    return standardised(X), torch.as_tensor((X[:, 0] * X[:, 1] > 0).astype(np.int64))


@functools.cache
def parity_6bit() -> tuple[torch.Tensor, torch.Tensor]:
    """768 rows of 6 random bits coded as -1/+1 (each of the 64 patterns about 12 times), the
    class their parity."""
    rng = np.random.default_rng(62)
    bits = rng.integers(0, 2, (768, 6))
    return torch.as_tensor(2.0 * bits - 1, dtype=torch.float32), torch.as_tensor(bits.sum(1) % 2)


@functools.cache
def sine_3pi() -> tuple[torch.Tensor, torch.Tensor]:
    """600 points ``x`` uniform on [-1, 1], the target ``sin(3 pi x)`` plus noise of sd 0.1; both
    standardised."""
    rng = np.random.default_rng(63)
    x = rng.uniform(-1, 1, (600, 1))
    y = np.sin(3 * np.pi * x) + rng.normal(0, 0.1, (600, 1))
    return standardised(x), standardised(y)[:, 0]


@functools.cache
def nested_cubes() -> tuple[torch.Tensor, torch.Tensor]:
    """900 points uniform on [-1, 1]^4, three classes by the tertiles of their largest absolute
    coordinate (nested cube shells); standardised."""
    rng = np.random.default_rng(64)
    X = rng.uniform(-1, 1, (900, 4))
    r = np.abs(X).max(1)
    y = np.digitize(r, np.quantile(r, [1 / 3, 2 / 3]))
    return standardised(X), torch.as_tensor(y.astype(np.int64))


@functools.cache
def tiny_bars() -> tuple[torch.Tensor, torch.Tensor]:
    """600 8x8 images of one horizontal or one vertical bar (the class) at a random row or column,
    plus noise of sd 0.1, all multiplied by 0.01 (tiny, uncentred inputs), flat (64 features)."""
    rng = np.random.default_rng(65)
    y = np.arange(600) % 2
    where = rng.integers(0, 8, 600)
    images = rng.normal(0, 0.1, (600, 8, 8))
    for i in range(600):
        if y[i]:
            images[i, :, where[i]] += 1.0
        else:
            images[i, where[i], :] += 1.0
    return torch.as_tensor(0.01 * images.reshape(600, 64), dtype=torch.float32), torch.as_tensor(y.astype(np.int64))
