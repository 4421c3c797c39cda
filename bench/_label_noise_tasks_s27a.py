"""Bench ``label_noise``: the eighty-fourth fresh group (s27a), committed on 2026-12-06 by session 27's
helper labelslow before its round is designed (``_label_noise_tasks.py`` registers it).

Written for one regime, named before the group (caveat: by session 26's closing note and this round's
brief): full-batch runs (``train``'s CLI defaults with ``lr="auto"``: 10 epochs, one update each) on
clean labels whose hardest examples are *slow learners*, predicted wrong through the first epochs and
right from a late one on, which step (0) of ``find_label_issues`` reads as the memorisation onset (the
six clean digits of issue 17). Five image- or template-like sets of many classes, each with a spread of
corruption per example so that some examples are learnt late: ``fields``, ten smooth random 8x8 fields,
each example one moved by up to a pixel, rescaled, in noise of a scale drawn per example;
``gratings``, 8x8 sinusoidal gratings of six orientations, random frequency, phase and contrast, in
noise; ``templates``, eight random smooth 32-sample curves, each example one shifted, rescaled and
noisy; ``hypercube``, sixteen classes at the corners of a 4-D cube placed in 20-D, with a noise scale
drawn per example; ``shapes``, 10x10 images of five filled shapes of random place and size, in noise.
Every task is read clean and at 5%, 10% and 20%, uniform and class-conditional, as every group is; the
group's full-batch rows are a half of their own (``_label_noise_full_batch.LATER``), not the declared
halves of session 26. Checked beforehand on the clean full-batch runs only (training and test accuracy
per epoch, the parent's step (0) onset and how many examples wrong before it it fits; no list read, no
count, no F1), see the commit. The generators are used nowhere else in this bench.
"""

from __future__ import annotations

import numpy as np

FRESH_84 = ("fields", "gratings", "templates", "hypercube", "shapes")  # s27a


def _fields(seed: int = 841) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    noise = np.pad(rng.standard_normal((10, 12, 12)), ((0, 0), (1, 1), (1, 1)), mode="wrap")
    fields = sum(noise[:, i : i + 12, j : j + 12] for i in range(3) for j in range(3))[:, 2:10, 2:10]
    y = rng.integers(0, 10, 1500)
    shift = rng.integers(-1, 2, (1500, 2))
    X = np.stack([np.roll(fields[c], tuple(s), axis=(0, 1)).ravel() for c, s in zip(y, shift)])
    X = rng.uniform(0.5, 1.5, (1500, 1)) * X / fields.std()
    return X + rng.uniform(0.3, 1.6, (1500, 1)) * rng.standard_normal((1500, 64)), y.astype(np.int64)


def _gratings(seed: int = 842) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 6, 1200)
    angle = np.pi * y / 6 + 0.05 * rng.standard_normal(1200)
    row, col = np.mgrid[0:8, 0:8].reshape(2, 1, 64)
    along = np.cos(angle)[:, None] * col + np.sin(angle)[:, None] * row
    wave = np.cos(rng.uniform(0.6, 1.4, (1200, 1)) * along + rng.uniform(0, 2 * np.pi, (1200, 1)))
    return rng.uniform(0.3, 1.0, (1200, 1)) * wave + 0.25 * rng.standard_normal((1200, 64)), y.astype(np.int64)


def _templates(seed: int = 843) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    curves = np.cumsum(rng.standard_normal((8, 40)), axis=1)
    curves = np.apply_along_axis(lambda c: np.convolve(c, np.ones(5) / 5, "same"), 1, curves)
    curves = (curves - curves.mean(1, keepdims=True)) / curves.std(1, keepdims=True)
    y = rng.integers(0, 8, 1200)
    start = 4 + rng.integers(-3, 4, 1200)
    X = np.stack([curves[c, s : s + 32] for c, s in zip(y, start)])
    return rng.uniform(0.6, 1.4, (1200, 1)) * X + 0.15 * rng.standard_normal((1200, 32)), y.astype(np.int64)


def _hypercube(seed: int = 844) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 16, 1500)
    corners = 2.0 * ((y[:, None] >> np.arange(4)) & 1) - 1.0
    basis = np.linalg.qr(rng.standard_normal((20, 4)))[0]
    scale = rng.gamma(4.0, 0.07, (1500, 1))
    return corners @ basis.T + scale * rng.standard_normal((1500, 20)), y.astype(np.int64)


def _shapes(seed: int = 845) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 5, 1200)
    row, col = np.mgrid[0:10, 0:10]
    images = np.zeros((1200, 10, 10))
    for i, c in enumerate(y):
        r0, c0, s = rng.uniform(4.2, 5.8), rng.uniform(4.2, 5.8), rng.uniform(2.2, 3.2)
        dr, dc = row - r0, col - c0
        images[i] = [
            np.hypot(dr, dc) <= s,  # disc
            np.maximum(abs(dr), abs(dc)) <= s * 0.85,  # square
            (dr <= s * 0.8) & (abs(dc) <= (dr + s) * 0.6),  # triangle
            (np.minimum(abs(dr), abs(dc)) <= 0.7) & (np.maximum(abs(dr), abs(dc)) <= s),  # cross
            abs(np.hypot(dr, dc) - s) <= 0.8,  # ring
        ][c]
    return images.reshape(1200, 100) + 0.2 * rng.standard_normal((1200, 100)), y.astype(np.int64)


GENERATED = {name: globals()[f"_{name}"] for name in FRESH_84}  # the generators of the tasks above, by name
