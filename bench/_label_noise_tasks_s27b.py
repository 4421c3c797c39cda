"""Bench ``label_noise``: the eighty-fifth fresh group (s27b), committed on 2026-12-06 by session 27's
helper labellate2 before its round is designed (``_label_noise_tasks.py`` registers it).

Written for one regime, named before the group (caveat: by the brief of the round, after the helper
labelslow's ``learnt_late`` was kept and its losses were listed in ``LABEL_SLOW_S27.md``): full-batch
runs (``train``'s CLI defaults with ``lr="auto"``: 10 epochs, one update each) that memorise most of
their flipped labels but not all of them, or that end at 0.9-0.97 training accuracy with some flips
fitted (small sets in many dimensions), beside runs whose hardest clean examples are learnt late
(many-class images with a corruption scale drawn per example, as fresh-84's). Five sets:
``clustered``, five classes of three Gaussian modes each in 48 dimensions, 400 examples (few examples
per dimension: flips are memorised); ``sparsebits``, four classes of sparse binary codes over 80
features, each example its class's code with active bits dropped and stray bits set, 280 examples;
``planes``, five classes on random 2-D planes in 60 dimensions, in noise, 400 examples; ``strokes``,
8x8 images of a bar at one of eight angles, random offset and width, in noise of a scale drawn per
example, 1000 examples; ``twopeaks``, 48-sample spectra with two peaks at class-specific places, each
shifted, widened and scaled per example, in noise of a scale drawn per example, six classes, 900
examples. Every task is read clean and at 5%, 10% and 20%, uniform and class-conditional, as every
group is; its full-batch rows are a half of their own (``_label_noise_full_batch.LATER``). Checked
beforehand on the runs alone (training and test accuracy per epoch of the clean and the 10%-flipped
full-batch runs, and how many given labels the flipped run's last epoch still gets wrong; no list, no
count of flags, no F1), see the commit. The generators are used nowhere else in this bench.
"""

from __future__ import annotations

import numpy as np

FRESH_85 = ("clustered", "sparsebits", "planes", "strokes", "twopeaks")  # s27b


def _clustered(seed: int = 851) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    y = np.repeat(np.arange(5), [110, 95, 80, 65, 50])
    centres = 0.5 * rng.standard_normal((5, 3, 48))  # three modes per class
    return centres[y, rng.integers(0, 3, 400)] + rng.standard_normal((400, 48)), y.astype(np.int64)


def _sparsebits(seed: int = 852) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    y = np.repeat(np.arange(4), [100, 80, 60, 40])
    codes = rng.uniform(0, 1, (4, 80)) < 0.15
    kept = codes[y] & (rng.uniform(0, 1, (280, 80)) > 0.35)
    return (kept | (rng.uniform(0, 1, (280, 80)) < 0.08)).astype(float), y.astype(np.int64)


def _planes(seed: int = 853) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 5, 400)
    bases = rng.standard_normal((5, 60, 2))
    X = np.einsum("nij,nj->ni", bases[y], rng.standard_normal((400, 2)))
    return X + 0.8 * rng.standard_normal((400, 60)), y.astype(np.int64)


def _strokes(seed: int = 854) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 8, 1000)
    angle = np.pi * y / 8 + 0.04 * rng.standard_normal(1000)
    row, col = np.mgrid[0:8, 0:8].reshape(2, 1, 64) - 3.5
    across = -np.sin(angle)[:, None] * col + np.cos(angle)[:, None] * row - rng.uniform(-1.2, 1.2, (1000, 1))
    bar = np.exp(-0.5 * (across / rng.uniform(0.5, 1.2, (1000, 1))) ** 2)
    return bar + rng.uniform(0.1, 0.6, (1000, 1)) * rng.standard_normal((1000, 64)), y.astype(np.int64)


def _twopeaks(seed: int = 855) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 6, 900)
    peaks = rng.uniform(6, 42, (6, 2))
    at = peaks[y] + rng.normal(0, 1.0, (900, 1))
    width = rng.uniform(1.5, 3.5, (900, 1, 1))
    grid = np.arange(48)
    X = (rng.uniform(0.5, 1.5, (900, 2, 1)) * np.exp(-0.5 * ((grid - at[:, :, None]) / width) ** 2)).sum(1)
    return X + rng.uniform(0.05, 0.35, (900, 1)) * rng.standard_normal((900, 48)), y.astype(np.int64)


GENERATED = {name: globals()[f"_{name}"] for name in FRESH_85}  # the generators of the tasks above, by name
