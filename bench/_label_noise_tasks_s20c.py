"""Bench ``label_noise``: the fifty-third fresh group (s20c), committed on 2026-12-05 by session 20's
helper label2 before its round 32 is frozen (label1's round 31, the confident joint recounting a
partly split list, re-frozen unchanged) (its only look: the shapes and class counts)
(``_label_noise_tasks.py`` registers it).

Decided beforehand, for that round's regime (the runs it gained on in the fitting groups:
``logspiral``, ``cubicbands``, ``sincbands``, ``logcoil``): narrow curved bands of three to five
classes in the plane, with two noise features, whose bands narrow where they bend or wind, so that
their 5-10% runs should fit about 0.75-0.9 of their labels and leave many clean boundary examples
split (lists well over the flips, under half of them decisive, decisive counts under 0.6 of the
misfits); and a control of three well separated blobs that fits. From generators used nowhere else
in this bench: ``fourlogarms``, uniform points in a disc of radius 2, labelled by which of four arms
of a logarithmic spiral (``theta - 2 log r``) holds them; ``archspiral3``, uniform points in a disc
of radius 2.2, labelled by which of three arms of an Archimedean spiral (``theta - 2.6 r``) holds
them; ``tanhbands``, Gaussian points (std 1.3), labelled by the quartile of
``x1 - 1.2 tanh(2.2 x0)`` (S-shaped bands, narrow where they step); ``bumpdip``, Gaussian points
(std 1.3), labelled by the tercile of ``x1 - 1.6 exp(-2 (x0 - 0.9)^2) + 1.6 exp(-2 (x0 + 0.9)^2)``
(bands over a bump beside a dip); ``atancoil``, Gaussian points, labelled by the quintile of
``atan(1.2 r) + 0.45 angle`` (a coil, cut along the negative x0 axis); ``triblobs`` (control), three
classes at the corners of a triangle of side 6 (Gaussian spread 0.7).
"""

from __future__ import annotations

import numpy as np

FRESH_53 = ("fourlogarms", "archspiral3", "tanhbands", "bumpdip", "atancoil", "triblobs")  # s20c, before round 32


def _quantile_classes(score: np.ndarray, classes: int) -> np.ndarray:
    """The quantile class (``classes`` equal shares) of each score."""
    return np.searchsorted(np.quantile(score, np.arange(1, classes) / classes), score).astype(np.int64)


def _disc(rng: np.random.Generator, radius: float, inner: float) -> tuple[np.ndarray, np.ndarray]:
    """Radii and angles of 1000 points uniform in a disc of ``radius``, without the centre (``inner``)."""
    r = radius * np.sqrt(rng.uniform(inner**2, 1, 1000))
    return r, rng.uniform(0, 2 * np.pi, 1000)


def _fourlogarms() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(531)
    r, theta = _disc(rng, 2.0, 0.1)
    label = np.floor(((theta - 2.0 * np.log(r)) % (2 * np.pi)) / (np.pi / 2)).astype(np.int64) % 4
    return np.c_[r * np.cos(theta), r * np.sin(theta), rng.standard_normal((1000, 2))], label


def _archspiral3() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(532)
    r, theta = _disc(rng, 2.2, 0.07)
    label = np.floor(((theta - 2.6 * r) % (2 * np.pi)) / (2 * np.pi / 3)).astype(np.int64) % 3
    return np.c_[r * np.cos(theta), r * np.sin(theta), rng.standard_normal((1000, 2))], label


def _tanhbands() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(533)
    points = 1.3 * rng.standard_normal((1000, 2))
    score = points[:, 1] - 1.2 * np.tanh(2.2 * points[:, 0])
    return np.c_[points, rng.standard_normal((1000, 2))], _quantile_classes(score, 4)


def _bumpdip() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(534)
    points = 1.3 * rng.standard_normal((1000, 2))
    x = points[:, 0]
    score = points[:, 1] - 1.6 * np.exp(-2 * (x - 0.9) ** 2) + 1.6 * np.exp(-2 * (x + 0.9) ** 2)
    return np.c_[points, rng.standard_normal((1000, 2))], _quantile_classes(score, 3)


def _atancoil() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(535)
    points = rng.standard_normal((1000, 2))
    score = np.arctan(1.2 * np.hypot(points[:, 0], points[:, 1])) + 0.45 * np.arctan2(points[:, 1], points[:, 0])
    return np.c_[points, rng.standard_normal((1000, 2))], _quantile_classes(score, 5)


def _triblobs() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(536)
    angles = np.pi / 2 + 2 * np.pi / 3 * np.arange(3)
    corners = 6 / np.sqrt(3) * np.c_[np.cos(angles), np.sin(angles)]  # side 6
    y = rng.integers(0, 3, 1000)
    return np.c_[corners[y] + 0.7 * rng.standard_normal((1000, 2)), rng.standard_normal((1000, 2))], y.astype(np.int64)


GENERATED = {name: globals()[f"_{name}"] for name in FRESH_53}  # the generators of the tasks above, by name
