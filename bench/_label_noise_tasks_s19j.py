"""Bench ``label_noise``: the forty-eighth fresh group (s19j), committed on 2026-12-05 by session
19's helper label7 before its round (a sweep of round 23's ``decisive_share`` gate over "partly
split" lists) is designed (its only look: the shapes and class counts) (``_label_noise_tasks.py``
registers it).

Decided beforehand: two coarse partitions with three or four classes whose 5% runs should fit
0.7-0.9 of their labels with partly split lists (the complexity of ``cubicbands``, ``logspiral``,
``limacon``, ``trefoil``), where a higher gate would cut; one task whose four classes overlap in
many dimensions like fresh-11's ``waveforms`` (21-D), where a higher gate may cost; and a control
with well separated classes. From generators used nowhere else in this bench: ``saddlebands``,
Gaussian points (std 1.3) in the plane with two noise features, labelled by the tertile of
``x0 x1 + 0.6 x0``; ``expbands``, Gaussian points (std 1.2) in the plane with two noise features,
labelled by the quartile of ``x1 - 0.9 exp(0.8 x0)``; ``spectra``, 36-D smooth spectra whose four
classes are random mixtures of two neighbouring Gaussian bumps (of four, height 4, width 4,
cyclic) plus unit white noise; ``farblobs``, three Gaussian classes (std 1) whose means are 6
apart in six dimensions.
"""

from __future__ import annotations

import numpy as np

FRESH_48 = ("saddlebands", "expbands", "spectra", "farblobs")  # s19j, before label7's round is designed


def _saddlebands() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(481)
    points = 1.3 * rng.standard_normal((1000, 2))
    score = points[:, 0] * points[:, 1] + 0.6 * points[:, 0]
    y = np.searchsorted(np.quantile(score, [1 / 3, 2 / 3]), score)
    return np.c_[points, rng.standard_normal((1000, 2))], y.astype(np.int64)


def _expbands() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(482)
    points = 1.2 * rng.standard_normal((1000, 2))
    score = points[:, 1] - 0.9 * np.exp(0.8 * points[:, 0])
    y = np.searchsorted(np.quantile(score, [0.25, 0.5, 0.75]), score)
    return np.c_[points, rng.standard_normal((1000, 2))], y.astype(np.int64)


def _spectra() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(483)
    t = np.arange(36)
    bumps = 4.0 * np.exp(-0.5 * ((t[None, :] - np.array([6, 14, 22, 30])[:, None]) / 4.0) ** 2)
    y = rng.integers(0, 4, 1000)
    u = rng.uniform(0, 1, (1000, 1))
    x = u * bumps[y] + (1 - u) * bumps[(y + 1) % 4] + rng.standard_normal((1000, 36))
    return x, y.astype(np.int64)


def _farblobs() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(484)
    y = rng.integers(0, 3, 1000)
    centres = 6.0 / np.sqrt(2) * np.eye(3, 6)  # pairwise distance 6.0
    return centres[y] + rng.standard_normal((1000, 6)), y.astype(np.int64)


GENERATED = {name: globals()[f"_{name}"] for name in FRESH_48}  # the generators of the tasks above, by name
