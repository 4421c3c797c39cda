"""Bench ``label_noise``: its data sets, by group.

The tuning half (iris, breast_cancer, synthetic-a; and, added in session 7, three tasks that
show the fresh groups' failures: ``xor``, a 4-D XOR whose boundary the MLP learns late;
``overlap``, three overlapping ``make_classification`` classes; ``gauss2``, two 2-D Gaussians
2.5 standard deviations apart), the held-out half, and the fresh groups of sessions 5, 6 and
7, each evaluated once with the rule frozen (session 7's: ``spirals``, three noisy 2-D spiral
arms; ``aniso``, five anisotropic 2-D blobs of different spreads with two noise features;
``qda``, three 5-D Gaussians with different random covariances; ``sparse``,
``make_sparse_uncorrelated``'s linear target cut into terciles), and the fourth fresh group
(s9), committed on 2026-12-04 before any rule was evaluated on it, from generators used nowhere
else in the bench: ``multilabel``, ``make_multilabel_classification``'s bag-of-words counts, the
examples with exactly one of three labels; ``checker``, a 2-D 3x3 checkerboard with two noise
features; ``student``, four heavy-tailed (Student t, 3 degrees of freedom) 6-D clusters;
``teacher``, the argmax of a random two-layer tanh network's three outputs on 8-D Gaussians.
The fifth fresh group (s13), committed on 2026-12-04 with session 13's count frozen, before any
rule was evaluated on it: ``diabetes3``, ``load_diabetes``' disease progression cut into terciles
(442 patients, 10 measurements: real data, a noisy target); ``friedman``, ``make_friedman1``'s
non-linear target in terciles; ``swissroll``, the position along ``make_swiss_roll``'s 3-D roll
in four bands; ``highdim``, four Gaussian classes in 60-D that differ in 6 dimensions only.
The sixth fresh group (s13b), committed on 2026-12-04 with the memorisation window frozen,
before any rule was evaluated on it: ``wide``, three ``make_classification`` classes of two
clusters each in 120-D, 5 dimensions informative, 500 examples (few for their dimensions: meant
as a run that memorises early); ``ring``, eight 2-D Gaussians on a circle, each class two
opposite ones, with two noise features; ``halfspace``, two classes cut by a random hyperplane in
24-D, 450 examples (linear, few examples per dimension); ``confusable``, ``load_digits``' 3s,
5s, 8s and 9s with their 64 pixels projected on 24 random directions (real images, similar
classes).
The seventh fresh group (s13c), committed on 2026-12-04 with the fitted-class count frozen,
before any rule was evaluated on it, meant to hold classes an MLP does not fit in 20 epochs:
``digits8``, all ten of ``load_digits``' classes with their 64 pixels projected on 8 random
directions (real images, many classes crowded in few dimensions); ``bands``, four classes
repeating over sixteen stripes along one of four dimensions; ``mosaic``, 24 2-D Gaussian tiles
at random places, each given one of six classes at random; ``linear6``, the argmax of six random
linear scores in 10-D (a control the MLP fits).
The eighth fresh group (s13d), committed on 2026-12-04 with a late-half ranking frozen (reverted by
its pre-registered rule), before any rule was evaluated on it: ``imbalanced``, three ``make_classification`` classes in 8-D with
priors 0.65, 0.25 and 0.10 (unequal class sizes); ``wavy``, two 2-D classes split by a sine
curve, with two noise features (a curved boundary the MLP learns gradually); ``parity``,
``load_digits``' even against odd digits on their 64 pixels (each class the union of five digit
clusters); ``lognormal``, three 6-D Gaussian clusters exponentiated (skewed, heavy-tailed
features).
The ninth fresh group (s14), committed on 2026-12-04 before any rule was evaluated on it (its only
look: the shapes and class counts), from generators and transforms used nowhere else in the bench:
``pooled``, ``load_digits``' ten classes with their 8x8 pixels average-pooled to 4x4 (real images,
coarse); ``bicluster``, the rows of ``make_biclusters``' 900 x 40 matrix labelled by their row
cluster (four classes, shifted blocks of columns); ``friedman3``, ``make_friedman3``'s arctan target
in quartiles (four classes on four features); ``pie``, points uniform on a 2-D disc in five angular
sectors, with two noise features (radial boundaries that meet at the centre).
The tenth fresh group (s14b), committed on 2026-12-04 after session 14's first frozen change
was evaluated and reverted, before any rule was evaluated on it (its only look: the shapes and
class counts), for the second frozen variant: ``diabsex``, ``load_diabetes``' sex column as the
class, from the other nine measurements (real data, a hard binary target); ``cancerse``,
``load_breast_cancer``'s ten standard-error features only (real data, another view of it);
``scurve``, the position along ``make_s_curve``'s 3-D S in three bands, with two noise features;
``flipy``, four ``make_classification`` classes in 10-D with 8% of their labels already
randomised by the generator (``flip_y``: noise the flips add to).
The eleventh fresh group (s14c), committed on 2026-12-04 before any rule was evaluated on it (its
only look: the shapes and class counts), for session 14c's count, from generators and inputs used
nowhere else in the bench: ``waveforms``, 24-sample noisy sine, square and triangle waves of random
phase and frequency (a signal's shape as the class); ``boolean``, 12 fair random bits, the class
twice the majority of the first three plus the XOR of the next two (discrete inputs, repeated
rows); ``tree``, five uniform features cut by a fixed depth-3 axis-aligned tree whose eight leaves
carry four classes (box-shaped regions); ``zipf``, seven 5-D Gaussian classes with sizes
proportional to 1/k (a long tail of rare classes).
The twelfth fresh group (s14d), committed on 2026-12-05 after session 14c's first frozen count
was evaluated and reverted, before any rule was evaluated on it (its only look: the shapes and
class counts), for the second frozen variant: ``axis``, which of four Gaussian coordinates is
largest in absolute value, with two noise features (four cones that meet at the origin);
``rank``, the rank of the first of four uniform features among them (four classes, a
permutation rule); ``poisson``, eight Poisson counts with class-dependent random rates (three
classes, discrete counts); ``alcohol``, ``load_wine``'s alcohol content in terciles, from its
other twelve measurements (real data, a noisy target).
The thirteenth fresh group (s15), committed on 2026-12-05 before any rule of session 15 was designed or
evaluated (its only look: the shapes and class counts), from generators and transforms used nowhere
else in the bench: ``spread``, two 8-D zero-mean Gaussian classes with standard deviations 1 and
1.6 (classes that differ in scale only: a spherical boundary through heavy overlap); ``ordinal``,
five ordered classes, the quintiles of a random projection of 6 Gaussian features plus noise
(neighbouring classes overlap, distant ones never); ``occluded``, ``load_digits``' 0 to 5 with a
random 30% of each image's pixels blanked and Gaussian noise added (real images, corrupted);
``manyblobs``, twelve 10-D Gaussian clusters of spreads 1.5 to 3.5 (many classes, about 80
training examples each).
The fourteenth fresh group (s16), committed on 2026-12-05 before any rule of session 16 was designed
or evaluated (its only look: the shapes and class counts), from generators and transforms used
nowhere else in the bench: ``shifted``, ``load_digits``' ten classes with each 8x8 image moved by a
random pixel in each direction, zeros filled in (real images, translated); ``rare``, two 6-D classes
of 88% and 12%, the majority two broad Gaussians, the minority a tighter one between them (a rare
class inside the common one); ``mixed``, three one-hot categorical features of four levels and four
Gaussian ones, the class the argmax of four noisy random scores of both (mixed feature types);
``grid20``, twenty classes, each a tight 2-D Gaussian at one point of a 5x4 grid, with two noise
features (many classes, about 56 training examples each).
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

TUNING = ("iris", "breast_cancer", "synthetic-a", "xor", "overlap", "gauss2")
HELD_OUT = ("digits", "wine", "synthetic-b")
FRESH = ("blobs", "quantiles", "moons", "synthetic-c")  # session 5, evaluated once with the rule frozen
FRESH_2 = ("circles", "hastie", "synthetic-d")  # session 6, likewise
FRESH_3 = ("spirals", "aniso", "qda", "sparse")  # session 7, likewise
FRESH_4 = ("multilabel", "checker", "student", "teacher")  # s9, committed 2026-12-04 before any look
FRESH_5 = ("diabetes3", "friedman", "swissroll", "highdim")  # s13, committed with session 13's rule frozen
FRESH_6 = ("wide", "ring", "halfspace", "confusable")  # s13b, committed with the memorisation window frozen
FRESH_7 = ("digits8", "bands", "mosaic", "linear6")  # s13c, committed with the fitted-class count frozen
FRESH_8 = ("imbalanced", "wavy", "parity", "lognormal")  # s13d, committed with a (reverted) late-half ranking frozen
FRESH_9 = ("pooled", "bicluster", "friedman3", "pie")  # s14, committed before any rule was evaluated on it
FRESH_10 = ("diabsex", "cancerse", "scurve", "flipy")  # s14b, committed before any rule was evaluated on it
FRESH_11 = ("waveforms", "boolean", "tree", "zipf")  # s14c, committed before any rule was evaluated on it
FRESH_12 = ("axis", "rank", "poisson", "alcohol")  # s14d, committed before any rule was evaluated on it
FRESH_13 = ("spread", "ordinal", "occluded", "manyblobs")  # s15, committed before any rule was designed
FRESH_14 = ("shifted", "rare", "mixed", "grid20")  # s16, committed before any rule was designed
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
GROUPS = {  # the names rows, verdicts and the results' keys use
    "tuning": TUNING, "held-out": HELD_OUT, "fresh": FRESH, "fresh-2": FRESH_2, "fresh-3": FRESH_3, "fresh-4": FRESH_4,
    "fresh-5": FRESH_5, "fresh-6": FRESH_6, "fresh-7": FRESH_7, "fresh-8": FRESH_8, "fresh-9": FRESH_9,
    "fresh-10": FRESH_10, "fresh-11": FRESH_11, "fresh-12": FRESH_12, "fresh-13": FRESH_13,
    "fresh-14": FRESH_14, "fresh-15": FRESH_15, "fresh-16": FRESH_16,
    "fresh-17": FRESH_17, "fresh-18": FRESH_18, "fresh-19": FRESH_19,
    "fresh-20": FRESH_20, "fresh-21": FRESH_21, "fresh-22": FRESH_22,
    "fresh-23": FRESH_23, "fresh-24": FRESH_24,
}  # fmt: skip


def group(task: str) -> str:
    return next(name for name, tasks in GROUPS.items() if task in tasks)


def data(task: str) -> tuple[np.ndarray, np.ndarray]:
    """The features and clean labels of ``task`` (fixed seeds)."""
    if task == "synthetic-a":
        return datasets.make_classification(
            1000, 20, n_informative=8, n_classes=4, n_clusters_per_class=1, class_sep=1.5, random_state=0
        )
    if task == "synthetic-b":
        return datasets.make_classification(
            1200, 30, n_informative=10, n_classes=5, n_clusters_per_class=2, class_sep=1.5, random_state=1
        )
    if task == "blobs":
        return datasets.make_blobs(900, n_features=8, centers=6, cluster_std=3.0, random_state=2)
    if task == "quantiles":
        return datasets.make_gaussian_quantiles(n_samples=900, n_features=6, n_classes=3, random_state=3)
    if task == "moons":
        return datasets.make_moons(800, noise=0.25, random_state=4)
    if task == "synthetic-c":
        return datasets.make_classification(
            800, 12, n_informative=6, n_redundant=2, n_classes=3, n_clusters_per_class=1, class_sep=1.0, random_state=5
        )
    if task == "circles":
        return datasets.make_circles(800, noise=0.15, factor=0.5, random_state=6)
    if task == "hastie":
        X, y = datasets.make_hastie_10_2(1000, random_state=7)
        return X, (y > 0).astype(np.int64)
    if task == "synthetic-d":
        return datasets.make_classification(
            1000, 16, n_informative=8, n_classes=6, n_clusters_per_class=1, class_sep=1.2,
            weights=[0.3, 0.2, 0.15, 0.15, 0.1, 0.1], random_state=8,
        )  # fmt: skip
    if task in _GENERATED:
        return _GENERATED[task]()
    return getattr(datasets, f"load_{task}")(return_X_y=True)


def _xor() -> tuple[np.ndarray, np.ndarray]:
    X = np.random.default_rng(11).standard_normal((1000, 4))
    return X, (X[:, 0] * X[:, 1] > 0).astype(np.int64)


def _overlap() -> tuple[np.ndarray, np.ndarray]:
    return datasets.make_classification(
        1000, 10, n_informative=4, n_redundant=0, n_classes=3, n_clusters_per_class=1, class_sep=0.6, random_state=12
    )


def _gauss2() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(13)
    y = rng.integers(0, 2, 800)
    return rng.standard_normal((800, 2)) + np.c_[2.5 * y, np.zeros(800)], y.astype(np.int64)


def _spirals() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(21)
    y = rng.integers(0, 3, 900)
    t = rng.uniform(0.3, 1.0, 900)
    angle = 3 * np.pi * t + 2 * np.pi * y / 3
    return np.c_[t * np.cos(angle), t * np.sin(angle)] + 0.06 * rng.standard_normal((900, 2)), y.astype(np.int64)


def _aniso() -> tuple[np.ndarray, np.ndarray]:
    X, y = datasets.make_blobs(900, n_features=2, centers=5, cluster_std=[1.0, 1.5, 0.6, 2.0, 1.2], random_state=22)
    noise = np.random.default_rng(22).standard_normal((900, 2))
    return np.c_[X @ np.array([[0.6, -0.64], [-0.41, 0.85]]), noise], y


def _qda() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(23)
    y = rng.integers(0, 3, 900)
    means = 1.2 * rng.standard_normal((3, 5))
    factors = rng.standard_normal((3, 5, 5)) / np.sqrt(5) + 0.5 * np.eye(5)
    X = means[y] + np.einsum("nij,nj->ni", factors[y], rng.standard_normal((900, 5)))
    return X, y.astype(np.int64)


def _sparse() -> tuple[np.ndarray, np.ndarray]:
    X, target = datasets.make_sparse_uncorrelated(1000, n_features=8, random_state=24)
    return X, np.digitize(target, np.quantile(target, [1 / 3, 2 / 3])).astype(np.int64)


def _multilabel() -> tuple[np.ndarray, np.ndarray]:
    X, labels = datasets.make_multilabel_classification(
        1400, n_features=12, n_classes=3, n_labels=1, allow_unlabeled=False, random_state=31
    )
    single = labels.sum(axis=1) == 1
    return X[single], labels[single].argmax(axis=1).astype(np.int64)


def _checker() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(32)
    square = rng.uniform(0, 3, (900, 2))
    y = (np.floor(square).sum(axis=1) % 2).astype(np.int64)
    return np.c_[square, rng.standard_normal((900, 2))], y


def _student() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(33)
    y = rng.integers(0, 4, 900)
    means = 2.0 * rng.standard_normal((4, 6))
    return means[y] + rng.standard_t(3, (900, 6)), y.astype(np.int64)


def _teacher() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(34)
    X = rng.standard_normal((1000, 8))
    hidden = np.tanh(X @ rng.standard_normal((8, 16)) / np.sqrt(8) * 2)
    return X, (hidden @ rng.standard_normal((16, 3))).argmax(axis=1).astype(np.int64)


def _diabetes3() -> tuple[np.ndarray, np.ndarray]:
    X, target = datasets.load_diabetes(return_X_y=True)
    return X, np.digitize(target, np.quantile(target, [1 / 3, 2 / 3])).astype(np.int64)


def _friedman() -> tuple[np.ndarray, np.ndarray]:
    X, target = datasets.make_friedman1(1000, n_features=10, noise=1.0, random_state=41)
    return X, np.digitize(target, np.quantile(target, [1 / 3, 2 / 3])).astype(np.int64)


def _swissroll() -> tuple[np.ndarray, np.ndarray]:
    X, position = datasets.make_swiss_roll(900, noise=0.5, random_state=42)
    return X, np.digitize(position, np.quantile(position, [0.25, 0.5, 0.75])).astype(np.int64)


def _highdim() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(43)
    y = rng.integers(0, 4, 800)
    means = np.zeros((4, 60))
    means[:, :6] = 1.5 * rng.standard_normal((4, 6))
    return means[y] + rng.standard_normal((800, 60)), y.astype(np.int64)


def _wide() -> tuple[np.ndarray, np.ndarray]:
    return datasets.make_classification(
        500, 120, n_informative=5, n_redundant=3, n_classes=3, n_clusters_per_class=2, class_sep=1.5, random_state=51
    )


def _ring() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(52)
    centre = rng.integers(0, 8, 900)
    angle = 2 * np.pi * centre / 8
    X = np.c_[3 * np.cos(angle), 3 * np.sin(angle)] + 0.8 * rng.standard_normal((900, 2))
    return np.c_[X, rng.standard_normal((900, 2))], (centre % 4).astype(np.int64)


def _halfspace() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(53)
    X = rng.standard_normal((450, 24))
    return X, (X @ rng.standard_normal(24) > 0).astype(np.int64)


def _confusable() -> tuple[np.ndarray, np.ndarray]:
    X, y = datasets.load_digits(return_X_y=True)
    keep = np.isin(y, [3, 5, 8, 9])
    projection = np.random.default_rng(54).standard_normal((64, 24)) / 8
    return X[keep] @ projection, np.searchsorted([3, 5, 8, 9], y[keep]).astype(np.int64)


def _digits8() -> tuple[np.ndarray, np.ndarray]:
    X, y = datasets.load_digits(return_X_y=True)
    return X @ (np.random.default_rng(61).standard_normal((64, 8)) / 8), y.astype(np.int64)


def _bands() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(62)
    X = np.c_[rng.uniform(0, 4, 1000), rng.standard_normal((1000, 3))]
    return X, (np.floor(4 * X[:, 0]) % 4).astype(np.int64)


def _mosaic() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(63)
    centres, classes = rng.uniform(-6, 6, (24, 2)), np.arange(24) % 6
    tile = rng.integers(0, 24, 1000)
    return centres[tile] + 0.6 * rng.standard_normal((1000, 2)), classes[tile].astype(np.int64)


def _linear6() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(64)
    X = rng.standard_normal((900, 10))
    return X, (X @ rng.standard_normal((10, 6))).argmax(axis=1).astype(np.int64)


def _imbalanced() -> tuple[np.ndarray, np.ndarray]:
    return datasets.make_classification(
        800, 8, n_informative=5, n_classes=3, n_clusters_per_class=1, weights=[0.65, 0.25, 0.10], random_state=71
    )


def _wavy() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(72)
    X = rng.uniform(-3, 3, (800, 2))
    return np.c_[X, rng.standard_normal((800, 2))], (X[:, 1] > 1.5 * np.sin(2 * X[:, 0])).astype(np.int64)


def _parity() -> tuple[np.ndarray, np.ndarray]:
    X, y = datasets.load_digits(return_X_y=True)
    return X, (y % 2).astype(np.int64)


def _lognormal() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(74)
    y = rng.integers(0, 3, 750)
    return np.exp(rng.standard_normal((3, 6))[y] + 0.7 * rng.standard_normal((750, 6))), y.astype(np.int64)


def _pooled() -> tuple[np.ndarray, np.ndarray]:
    X, y = datasets.load_digits(return_X_y=True)
    return X.reshape(-1, 4, 2, 4, 2).mean(axis=(2, 4)).reshape(-1, 16), y.astype(np.int64)


def _bicluster() -> tuple[np.ndarray, np.ndarray]:
    X, rows, _ = datasets.make_biclusters((900, 40), 4, noise=25.0, minval=5, maxval=40, random_state=81)
    return X, rows.argmax(axis=0).astype(np.int64)


def _friedman3() -> tuple[np.ndarray, np.ndarray]:
    X, target = datasets.make_friedman3(1000, noise=0.05, random_state=82)
    return X, np.digitize(target, np.quantile(target, [0.25, 0.5, 0.75])).astype(np.int64)


def _pie() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(83)
    radius, angle = np.sqrt(rng.uniform(0, 1, 900)), rng.uniform(0, 2 * np.pi, 900)
    X = np.c_[radius * np.cos(angle), radius * np.sin(angle), rng.standard_normal((900, 2))]
    return X, np.floor(angle / (2 * np.pi / 5)).astype(np.int64)


def _diabsex() -> tuple[np.ndarray, np.ndarray]:
    X, _ = datasets.load_diabetes(return_X_y=True, scaled=False)
    return np.delete(X, 1, axis=1), (X[:, 1] > 1.5).astype(np.int64)


def _cancerse() -> tuple[np.ndarray, np.ndarray]:
    X, y = datasets.load_breast_cancer(return_X_y=True)
    return X[:, 10:20], y.astype(np.int64)


def _scurve() -> tuple[np.ndarray, np.ndarray]:
    X, position = datasets.make_s_curve(900, noise=0.3, random_state=91)
    noise = np.random.default_rng(91).standard_normal((900, 2))
    return np.c_[X, noise], np.digitize(position, np.quantile(position, [1 / 3, 2 / 3])).astype(np.int64)


def _flipy() -> tuple[np.ndarray, np.ndarray]:
    return datasets.make_classification(
        900, 10, n_informative=5, n_classes=4, n_clusters_per_class=1, flip_y=0.08, class_sep=1.5, random_state=92
    )


def _waveforms() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(101)
    y = rng.integers(0, 3, 900)
    phase = 2 * np.pi * (rng.uniform(0.5, 2.0, (900, 1)) * np.arange(24) / 24 + rng.uniform(0, 1, (900, 1)))
    shapes = np.stack([np.sin(phase), np.sign(np.sin(phase)), 2 / np.pi * np.arcsin(np.sin(phase))])
    return shapes[y, np.arange(900)] + 0.5 * rng.standard_normal((900, 24)), y.astype(np.int64)


def _boolean() -> tuple[np.ndarray, np.ndarray]:
    bits = np.random.default_rng(102).integers(0, 2, (1000, 12))
    return bits.astype(float), (2 * (bits[:, :3].sum(axis=1) >= 2) + (bits[:, 3] ^ bits[:, 4])).astype(np.int64)


def _tree() -> tuple[np.ndarray, np.ndarray]:
    X = np.random.default_rng(103).uniform(0, 1, (1000, 5))
    first = X[:, 0] > 0.5
    second = np.where(first, X[:, 1] > 0.3, X[:, 2] > 0.6)
    third = np.where(second, X[:, 3] > 0.5, X[:, 4] > 0.4)
    leaf = 4 * first + 2 * second + third
    return X, np.array([0, 1, 2, 3, 1, 3, 0, 2])[leaf].astype(np.int64)


def _zipf() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(104)
    share = 1 / np.arange(1, 8)
    y = rng.choice(7, 1000, p=share / share.sum())
    return 2.5 * rng.standard_normal((7, 5))[y] + rng.standard_normal((1000, 5)), y.astype(np.int64)


def _axis() -> tuple[np.ndarray, np.ndarray]:
    X = np.random.default_rng(111).standard_normal((900, 6))
    return X, np.abs(X[:, :4]).argmax(axis=1).astype(np.int64)


def _rank() -> tuple[np.ndarray, np.ndarray]:
    X = np.random.default_rng(112).uniform(0, 1, (1000, 4))
    return X, (X[:, 1:] > X[:, :1]).sum(axis=1).astype(np.int64)


def _poisson() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(113)
    y = rng.integers(0, 3, 900)
    return rng.poisson(rng.uniform(1, 6, (3, 8))[y]).astype(float), y.astype(np.int64)


def _alcohol() -> tuple[np.ndarray, np.ndarray]:
    X, _ = datasets.load_wine(return_X_y=True)
    return X[:, 1:], np.digitize(X[:, 0], np.quantile(X[:, 0], [1 / 3, 2 / 3])).astype(np.int64)


def _spread() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(121)
    y = rng.integers(0, 2, 800)
    return rng.standard_normal((800, 8)) * np.where(y == 1, 1.6, 1.0)[:, None], y.astype(np.int64)


def _ordinal() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(122)
    X = rng.standard_normal((1000, 6))
    latent = X @ rng.standard_normal(6) + 0.5 * rng.standard_normal(1000)
    return X, np.digitize(latent, np.quantile(latent, [0.2, 0.4, 0.6, 0.8])).astype(np.int64)


def _occluded() -> tuple[np.ndarray, np.ndarray]:
    X, y = datasets.load_digits(return_X_y=True)
    keep = y < 6
    rng = np.random.default_rng(123)
    X = X[keep] * (rng.uniform(0, 1, (keep.sum(), 64)) > 0.3) + 2.0 * rng.standard_normal((keep.sum(), 64))
    return X, y[keep].astype(np.int64)


def _manyblobs() -> tuple[np.ndarray, np.ndarray]:
    spreads = np.random.default_rng(124).uniform(1.5, 3.5, 12)
    return datasets.make_blobs(1200, n_features=10, centers=12, cluster_std=spreads, random_state=124)


def _shifted() -> tuple[np.ndarray, np.ndarray]:
    X, y = datasets.load_digits(return_X_y=True)
    rng = np.random.default_rng(131)
    padded = np.pad(X.reshape(-1, 8, 8), ((0, 0), (1, 1), (1, 1)))
    dx, dy = rng.integers(0, 3, len(X)), rng.integers(0, 3, len(X))
    return np.stack([p[i : i + 8, j : j + 8] for p, i, j in zip(padded, dy, dx)]).reshape(-1, 64), y.astype(np.int64)


def _rare() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(132)
    y = (rng.uniform(0, 1, 1000) < 0.12).astype(np.int64)
    side = np.where(rng.uniform(0, 1, 1000) < 0.5, -1.5, 1.5)
    centre = np.where(y[:, None] == 1, 0.0, side[:, None] * np.ones(6) / np.sqrt(6) * 2)
    return centre + np.where(y == 1, 0.6, 1.2)[:, None] * rng.standard_normal((1000, 6)), y


def _mixed() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(133)
    levels = rng.integers(0, 4, (1000, 3))
    onehot = (levels[:, :, None] == np.arange(4)).reshape(1000, 12).astype(float)
    X = np.c_[onehot, rng.standard_normal((1000, 4))]
    scores = X @ rng.standard_normal((16, 4)) + 0.3 * rng.standard_normal((1000, 4))
    return X, scores.argmax(axis=1).astype(np.int64)


def _grid20() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(134)
    y = rng.integers(0, 20, 1400)
    points = np.c_[y % 5, y // 5] + 0.25 * rng.standard_normal((1400, 2))
    return np.c_[points, rng.standard_normal((1400, 2))], y.astype(np.int64)


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


_GENERATED = {
    "xor": _xor, "overlap": _overlap, "gauss2": _gauss2,
    "spirals": _spirals, "aniso": _aniso, "qda": _qda, "sparse": _sparse,
    "multilabel": _multilabel, "checker": _checker, "student": _student, "teacher": _teacher,
    "diabetes3": _diabetes3, "friedman": _friedman, "swissroll": _swissroll, "highdim": _highdim,
    "wide": _wide, "ring": _ring, "halfspace": _halfspace, "confusable": _confusable,
    "digits8": _digits8, "bands": _bands, "mosaic": _mosaic, "linear6": _linear6,
    "imbalanced": _imbalanced, "wavy": _wavy, "parity": _parity, "lognormal": _lognormal,
    "pooled": _pooled, "bicluster": _bicluster, "friedman3": _friedman3, "pie": _pie,
    "diabsex": _diabsex, "cancerse": _cancerse, "scurve": _scurve, "flipy": _flipy,
    "waveforms": _waveforms, "boolean": _boolean, "tree": _tree, "zipf": _zipf,
    "axis": _axis, "rank": _rank, "poisson": _poisson, "alcohol": _alcohol,
    "spread": _spread, "ordinal": _ordinal, "occluded": _occluded, "manyblobs": _manyblobs,
    "shifted": _shifted, "rare": _rare, "mixed": _mixed, "grid20": _grid20,
    "tophalf": _tophalf, "cancerworst": _cancerworst, "correlated": _correlated, "shells": _shells,
    "digitstail": _digitstail, "dirichlet": _dirichlet, "autoreg": _autoreg, "regbins": _regbins,
    "softmax": _softmax, "winepair": _winepair, "mixture": _mixture, "documents": _documents,
    "hierarchy": _hierarchy, "cauchy": _cauchy, "sinusoid": _sinusoid, "lefthalf": _lefthalf,
    "gammas": _gammas, "markov": _markov, "profiles": _profiles, "bmiband": _bmiband,
    "bitcodes": _bitcodes, "mirror": _mirror, "winenoise": _winenoise, "laplace": _laplace,
    "subspaces": _subspaces, "gradients": _gradients, "wineproducts": _wineproducts, "irisfourier": _irisfourier,
    "polar": _polar, "vonmises": _vonmises, "ageband": _ageband, "manhattan": _manhattan,
    "dct": _dct, "winerelu": _winerelu, "sparsecodes": _sparsecodes, "motifs": _motifs,
    "digitsrelu": _digitsrelu, "tokens": _tokens, "gaussmix": _gaussmix, "diabquart": _diabquart,
}  # fmt: skip
