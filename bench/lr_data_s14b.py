"""The data of section ``lr_quality``'s fresh group of session 14b (``lr_suite.py``: fresh-s14b),
as ``lr_data.py`` makes the others: ``(X, y)`` tensors, made once per process.

Session 14b's rule: where the pilots' first round is won by the bracket's lowest rate, the second
finalist is a probe as far below the bracket as its top lies above it. The group was written
before any run on it: three rules on raw, uncentred features (offsets, integer scores,
exponential durations: saturated first logits) and two on standardised data (where the rule must
not hurt); generators the suite has not used."""

from __future__ import annotations

import functools

import numpy as np
import torch

from lr_data import standardised


@functools.cache
def offset_uniform_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """600 x 6 features uniform on [o_j, o_j + w_j] (offsets 20 to 500, widths 5 to 200: raw,
    far from 0); the label from a noisy linear rule in the centred features; labels as floats
    for ``bce``."""
    rng = np.random.default_rng(1441)
    offsets, widths = np.geomspace(20, 500, 6), np.geomspace(5, 200, 6)
    U = rng.uniform(size=(600, 6))
    X = offsets + widths * U
    logit = (U - 0.5) @ np.array([3.0, -2.0, 1.5, 0.0, 2.5, -1.0]) * 2
    y = (rng.random(600) < 1 / (1 + np.exp(-logit))).astype(np.float32)
    return torch.as_tensor(X, dtype=torch.float32), torch.as_tensor(y)


@functools.cache
def likert_scores_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """700 answers to 10 questions scored 1 to 7 (integers, uncentred), 3 classes of respondents,
    each class with its own mean answer per question (drawn between 2 and 6, answers rounded and
    clipped)."""
    rng = np.random.default_rng(1442)
    means = rng.uniform(2, 6, (3, 10))
    label = rng.integers(0, 3, 700)
    X = np.clip(np.rint(means[label] + rng.normal(0, 1.3, (700, 10))), 1, 7).astype(np.float32)
    return torch.as_tensor(X), torch.as_tensor(label)


@functools.cache
def exponential_durations_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """800 x 5 exponential durations (raw, uncentred, right-skewed), 4 classes, each with its own
    mean per feature (between 1 and 300)."""
    rng = np.random.default_rng(1443)
    means = np.exp(rng.uniform(np.log(1), np.log(300), (4, 5)))
    label = rng.integers(0, 4, 800)
    X = rng.exponential(means[label]).astype(np.float32)
    return torch.as_tensor(X), torch.as_tensor(label)


@functools.cache
def lissajous_curves() -> tuple[torch.Tensor, torch.Tensor]:
    """750 points near three Lissajous curves (frequency pairs (1, 2), (3, 2), (3, 4)) with noise
    of sd 0.08, the class the curve; standardised."""
    rng = np.random.default_rng(1444)
    label = rng.integers(0, 3, 750)
    t = rng.uniform(0, 2 * np.pi, 750)
    a, b = np.array([1, 3, 3])[label], np.array([2, 2, 4])[label]
    X = np.stack([np.sin(a * t + np.pi / 4), np.sin(b * t)], 1) + rng.normal(0, 0.08, (750, 2))
    return standardised(X), torch.as_tensor(label)


@functools.cache
def gaussian_bumps_surface() -> tuple[torch.Tensor, torch.Tensor]:
    """700 points uniform in [-1, 1]^3, the target a sum of five Gaussian bumps (random centres,
    widths 0.2 to 0.5, signed heights) plus noise of sd 0.03; both standardised."""
    rng = np.random.default_rng(1445)
    X = rng.uniform(-1, 1, (700, 3))
    centres, widths = rng.uniform(-1, 1, (5, 3)), rng.uniform(0.2, 0.5, 5)
    heights = rng.choice([-1.0, 1.0], 5) * rng.uniform(0.5, 1.5, 5)
    d2 = ((X[:, None, :] - centres[None]) ** 2).sum(-1)
    f = (heights * np.exp(-d2 / (2 * widths**2))).sum(1)
    y = f[:, None] + rng.normal(0, 0.03, (700, 1))
    return standardised(X), standardised(y)[:, 0]
