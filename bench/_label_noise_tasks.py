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
(``_label_noise_tasks_s17.py`` holds session 17's ten groups, fresh-15 to fresh-24;
``_label_noise_tasks_s18.py`` session 18's, from fresh-25; ``_label_noise_tasks_s19.py`` session 19's, from
fresh-39; ``_label_noise_tasks_s27a.py`` session 27's fresh-84, slow learners in full-batch runs;
``_label_noise_tasks_s27b.py`` its fresh-85, full-batch runs that memorise most but not all flips;
``_label_noise_tasks_s28a.py`` session 28's fresh-86, mini-batch runs that end short of their labels;
``_label_noise_tasks_s28b.py`` its fresh-87, such runs beside runs that memorise most flips below 0.98;
``_label_noise_tasks_s28c.py`` its fresh-88, likewise; ``_label_noise_tasks_s30a.py`` session 30's fresh-89,
mini-batch runs with no onset whose list is shorter than the labels their last epoch gets wrong;
``_label_noise_tasks_s31a.py`` session 31's fresh-90, mini-batch runs of 2-5 classes that end short of their labels.)
"""

from __future__ import annotations

import numpy as np
from sklearn import datasets

from _label_noise_tasks_s17 import (
    FRESH_15,
    FRESH_16,
    FRESH_17,
    FRESH_18,
    FRESH_19,
    FRESH_20,
    FRESH_21,
    FRESH_22,
    FRESH_23,
    FRESH_24,
)
from _label_noise_tasks_s17 import GENERATED as _GENERATED_S17
from _label_noise_tasks_s18 import (
    FRESH_25,
    FRESH_26,
    FRESH_27,
    FRESH_28,
    FRESH_29,
    FRESH_30,
    FRESH_31,
    FRESH_32,
    FRESH_33,
    FRESH_34,
    FRESH_35,
    FRESH_36,
    FRESH_37,
    FRESH_38,
)
from _label_noise_tasks_s18 import GENERATED as _GENERATED_S18
from _label_noise_tasks_s19 import FRESH_39, FRESH_40, FRESH_41
from _label_noise_tasks_s19 import GENERATED as _GENERATED_S19
from _label_noise_tasks_s19c import FRESH_42, FRESH_43
from _label_noise_tasks_s19c import GENERATED as _GENERATED_S19C
from _label_noise_tasks_s19f import FRESH_44
from _label_noise_tasks_s19f import GENERATED as _GENERATED_S19F
from _label_noise_tasks_s19g import FRESH_45
from _label_noise_tasks_s19g import GENERATED as _GENERATED_S19G
from _label_noise_tasks_s19h import FRESH_46
from _label_noise_tasks_s19h import GENERATED as _GENERATED_S19H
from _label_noise_tasks_s19i import FRESH_47
from _label_noise_tasks_s19i import GENERATED as _GENERATED_S19I
from _label_noise_tasks_s19j import FRESH_48
from _label_noise_tasks_s19j import GENERATED as _GENERATED_S19J
from _label_noise_tasks_s19k import FRESH_49
from _label_noise_tasks_s19k import GENERATED as _GENERATED_S19K
from _label_noise_tasks_s19l import FRESH_50
from _label_noise_tasks_s19l import GENERATED as _GENERATED_S19L
from _label_noise_tasks_s20a import FRESH_51
from _label_noise_tasks_s20a import GENERATED as _GENERATED_S20A
from _label_noise_tasks_s20b import FRESH_52
from _label_noise_tasks_s20b import GENERATED as _GENERATED_S20B
from _label_noise_tasks_s20c import FRESH_53
from _label_noise_tasks_s20c import GENERATED as _GENERATED_S20C
from _label_noise_tasks_s20d import FRESH_54
from _label_noise_tasks_s20d import GENERATED as _GENERATED_S20D
from _label_noise_tasks_s20e import FRESH_55
from _label_noise_tasks_s20e import GENERATED as _GENERATED_S20E
from _label_noise_tasks_s20f import FRESH_56
from _label_noise_tasks_s20f import GENERATED as _GENERATED_S20F
from _label_noise_tasks_s20g import FRESH_57
from _label_noise_tasks_s20g import GENERATED as _GENERATED_S20G
from _label_noise_tasks_s20h import FRESH_58
from _label_noise_tasks_s20h import GENERATED as _GENERATED_S20H
from _label_noise_tasks_s20i import FRESH_59
from _label_noise_tasks_s20i import GENERATED as _GENERATED_S20I
from _label_noise_tasks_s20j import FRESH_60
from _label_noise_tasks_s20j import GENERATED as _GENERATED_S20J
from _label_noise_tasks_s20k import FRESH_61
from _label_noise_tasks_s20k import GENERATED as _GENERATED_S20K
from _label_noise_tasks_s21a import FRESH_62
from _label_noise_tasks_s21a import GENERATED as _GENERATED_S21A
from _label_noise_tasks_s21b import FRESH_63
from _label_noise_tasks_s21b import GENERATED as _GENERATED_S21B
from _label_noise_tasks_s21c import FRESH_64
from _label_noise_tasks_s21c import GENERATED as _GENERATED_S21C
from _label_noise_tasks_s21d import FRESH_65
from _label_noise_tasks_s21d import GENERATED as _GENERATED_S21D
from _label_noise_tasks_s21e import FRESH_66
from _label_noise_tasks_s21e import GENERATED as _GENERATED_S21E
from _label_noise_tasks_s21f import FRESH_67
from _label_noise_tasks_s21f import GENERATED as _GENERATED_S21F
from _label_noise_tasks_s22a import FRESH_68
from _label_noise_tasks_s22a import GENERATED as _GENERATED_S22A
from _label_noise_tasks_s22b import FRESH_69
from _label_noise_tasks_s22b import GENERATED as _GENERATED_S22B
from _label_noise_tasks_s22c import FRESH_70
from _label_noise_tasks_s22c import GENERATED as _GENERATED_S22C
from _label_noise_tasks_s22d import FRESH_71
from _label_noise_tasks_s22d import GENERATED as _GENERATED_S22D
from _label_noise_tasks_s23a import FRESH_72
from _label_noise_tasks_s23a import GENERATED as _GENERATED_S23A
from _label_noise_tasks_s23b import FRESH_73
from _label_noise_tasks_s23b import GENERATED as _GENERATED_S23B
from _label_noise_tasks_s23c import FRESH_74
from _label_noise_tasks_s23c import GENERATED as _GENERATED_S23C
from _label_noise_tasks_s23d import FRESH_75
from _label_noise_tasks_s23d import GENERATED as _GENERATED_S23D
from _label_noise_tasks_s24a import FRESH_76
from _label_noise_tasks_s24a import GENERATED as _GENERATED_S24A
from _label_noise_tasks_s24b import FRESH_77
from _label_noise_tasks_s24b import GENERATED as _GENERATED_S24B
from _label_noise_tasks_s24c import FRESH_78
from _label_noise_tasks_s24c import GENERATED as _GENERATED_S24C
from _label_noise_tasks_s24d import FRESH_79
from _label_noise_tasks_s24d import GENERATED as _GENERATED_S24D
from _label_noise_tasks_s24e import FRESH_80
from _label_noise_tasks_s24e import GENERATED as _GENERATED_S24E
from _label_noise_tasks_s24f import FRESH_81
from _label_noise_tasks_s24f import GENERATED as _GENERATED_S24F
from _label_noise_tasks_s25a import FRESH_82
from _label_noise_tasks_s25a import GENERATED as _GENERATED_S25A
from _label_noise_tasks_s25b import FRESH_83
from _label_noise_tasks_s25b import GENERATED as _GENERATED_S25B
from _label_noise_tasks_s27a import FRESH_84
from _label_noise_tasks_s27a import GENERATED as _GENERATED_S27A
from _label_noise_tasks_s27b import FRESH_85
from _label_noise_tasks_s27b import GENERATED as _GENERATED_S27B
from _label_noise_tasks_s28a import FRESH_86
from _label_noise_tasks_s28a import GENERATED as _GENERATED_S28A
from _label_noise_tasks_s28b import FRESH_87
from _label_noise_tasks_s28b import GENERATED as _GENERATED_S28B
from _label_noise_tasks_s28c import FRESH_88
from _label_noise_tasks_s28c import GENERATED as _GENERATED_S28C
from _label_noise_tasks_s30a import FRESH_89
from _label_noise_tasks_s30a import GENERATED as _GENERATED_S30A
from _label_noise_tasks_s31a import FRESH_90
from _label_noise_tasks_s31a import GENERATED as _GENERATED_S31A

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
GROUPS = {  # the names rows, verdicts and the results' keys use
    "tuning": TUNING, "held-out": HELD_OUT, "fresh": FRESH, "fresh-2": FRESH_2, "fresh-3": FRESH_3, "fresh-4": FRESH_4,
    "fresh-5": FRESH_5, "fresh-6": FRESH_6, "fresh-7": FRESH_7, "fresh-8": FRESH_8, "fresh-9": FRESH_9,
    "fresh-10": FRESH_10, "fresh-11": FRESH_11, "fresh-12": FRESH_12, "fresh-13": FRESH_13,
    "fresh-14": FRESH_14, "fresh-15": FRESH_15, "fresh-16": FRESH_16,
    "fresh-17": FRESH_17, "fresh-18": FRESH_18, "fresh-19": FRESH_19,
    "fresh-20": FRESH_20, "fresh-21": FRESH_21, "fresh-22": FRESH_22,
    "fresh-23": FRESH_23, "fresh-24": FRESH_24,
    "fresh-25": FRESH_25, "fresh-26": FRESH_26, "fresh-27": FRESH_27, "fresh-28": FRESH_28,
    "fresh-29": FRESH_29, "fresh-30": FRESH_30, "fresh-31": FRESH_31,
    "fresh-32": FRESH_32, "fresh-33": FRESH_33, "fresh-34": FRESH_34,
    "fresh-35": FRESH_35,
    "fresh-36": FRESH_36,
    "fresh-37": FRESH_37,
    "fresh-38": FRESH_38,
    "fresh-39": FRESH_39,
    "fresh-40": FRESH_40,
    "fresh-41": FRESH_41,
    "fresh-42": FRESH_42,
    "fresh-43": FRESH_43,
    "fresh-44": FRESH_44,
    "fresh-45": FRESH_45,
    "fresh-46": FRESH_46,
    "fresh-47": FRESH_47,
    "fresh-48": FRESH_48,
    "fresh-49": FRESH_49,
    "fresh-50": FRESH_50,
    "fresh-51": FRESH_51,
    "fresh-52": FRESH_52,
    "fresh-53": FRESH_53,
    "fresh-54": FRESH_54,
    "fresh-55": FRESH_55,
    "fresh-56": FRESH_56,
    "fresh-57": FRESH_57,
    "fresh-58": FRESH_58,
    "fresh-59": FRESH_59,
    "fresh-60": FRESH_60,
    "fresh-61": FRESH_61,
    "fresh-62": FRESH_62,
    "fresh-63": FRESH_63,
    "fresh-64": FRESH_64,
    "fresh-65": FRESH_65,
    "fresh-66": FRESH_66,
    "fresh-67": FRESH_67,
    "fresh-68": FRESH_68,
    "fresh-69": FRESH_69,
    "fresh-70": FRESH_70,
    "fresh-71": FRESH_71,
    "fresh-72": FRESH_72,
    "fresh-73": FRESH_73,
    "fresh-74": FRESH_74,
    "fresh-75": FRESH_75,
    "fresh-76": FRESH_76,
    "fresh-77": FRESH_77,
    "fresh-78": FRESH_78,
    "fresh-79": FRESH_79,
    "fresh-80": FRESH_80,
    "fresh-81": FRESH_81,
    "fresh-82": FRESH_82,
    "fresh-83": FRESH_83,
    "fresh-84": FRESH_84,
    "fresh-85": FRESH_85,
    "fresh-86": FRESH_86,
    "fresh-87": FRESH_87,
    "fresh-88": FRESH_88,
    "fresh-89": FRESH_89,
    "fresh-90": FRESH_90,
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
    **_GENERATED_S17,
    **_GENERATED_S18,
    **_GENERATED_S19,
    **_GENERATED_S19C,
    **_GENERATED_S19F,
    **_GENERATED_S19G,
    **_GENERATED_S19H,
    **_GENERATED_S19I,
    **_GENERATED_S19J,
    **_GENERATED_S19K,
    **_GENERATED_S19L,
    **_GENERATED_S20A,
    **_GENERATED_S20B,
    **_GENERATED_S20C,
    **_GENERATED_S20D,
    **_GENERATED_S20E,
    **_GENERATED_S20F,
    **_GENERATED_S20G,
    **_GENERATED_S20H,
    **_GENERATED_S20I,
    **_GENERATED_S20J,
    **_GENERATED_S20K,
    **_GENERATED_S21A,
    **_GENERATED_S21B,
    **_GENERATED_S21C,
    **_GENERATED_S21D,
    **_GENERATED_S21E,
    **_GENERATED_S21F,
    **_GENERATED_S22A,
    **_GENERATED_S22B,
    **_GENERATED_S22C,
    **_GENERATED_S22D,
    **_GENERATED_S23A,
    **_GENERATED_S23B,
    **_GENERATED_S23C,
    **_GENERATED_S23D,
    **_GENERATED_S24A,
    **_GENERATED_S24B,
    **_GENERATED_S24C,
    **_GENERATED_S24D,
    **_GENERATED_S24E,
    **_GENERATED_S24F,
    **_GENERATED_S25A,
    **_GENERATED_S25B,
    **_GENERATED_S27A,
    **_GENERATED_S27B,
    **_GENERATED_S28A,
    **_GENERATED_S28B,
    **_GENERATED_S28C,
    **_GENERATED_S30A,
    **_GENERATED_S31A,
}  # fmt: skip
