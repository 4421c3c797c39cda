"""Records of the per-example tests: a tiny hand-checked one, the blobs the real runs train on, and
the tracked MLP run they train."""

from __future__ import annotations

import numpy as np

import descend as ds
from descend.training import ExampleRecord

N_FLIPPED = 8


def moved_to_next_class(y: np.ndarray, k: int, classes: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """``y`` with ``k`` labels drawn at random (sorted indices, also returned) moved to the next class."""
    flipped = np.sort(rng.choice(len(y), k, replace=False))
    noisy = y.copy()
    noisy[flipped] = (y[flipped] + 1) % classes
    return noisy, flipped


def tiny_record() -> ExampleRecord:
    """3 examples, 4 epochs; example 2 is unseen in epoch 1 (NaN, predicted -1)."""
    nan = np.nan
    return ExampleRecord.from_arrays(
        task="classification",
        labels=[0, 1, 2],
        epochs=[0, 1, 2, 3],
        loss=[[1.0, 2.0, 0.5], [0.5, 1.5, nan], [0.2, 1.0, 0.4], [0.1, 2.5, 0.3]],
        p_label=[[0.4, 0.1, 0.6], [0.6, 0.2, nan], [0.8, 0.4, 0.7], [0.9, 0.1, 0.8]],
        margin=[[-0.5, -2.0, 1.0], [0.5, -1.0, nan], [1.5, 0.2, 1.2], [2.5, -3.0, 1.4]],
        predicted=[[1, 0, 2], [0, 0, -1], [0, 1, 2], [0, 2, 2]],
        classes=3,
    )


def flips_from_class_0(counts: list[int], flips: list[int], epochs: int = 4) -> ExampleRecord:
    """``counts[c]`` examples labelled ``c``, in class order; the examples at ``flips`` are flips
    from class 0: margin -2 and predicted 0 in every epoch, the others margin +2 and predicted as
    labelled."""
    labels = np.repeat(np.arange(len(counts)), counts).astype(np.int64)
    clean = np.ones(len(labels), dtype=bool)
    clean[flips] = False
    n = len(labels)
    return ExampleRecord.from_arrays(
        task="classification",
        labels=labels,
        epochs=list(range(epochs)),
        loss=np.ones((epochs, n)),
        p_label=np.full((epochs, n), 0.5),
        margin=np.tile(np.where(clean, 2.0, -2.0), (epochs, 1)),
        predicted=np.tile(np.where(clean, labels, 0), (epochs, 1)),
        classes=len(counts),
    )


SLOW_LEARNER = 30  # the slow learner of slow_learner_arrays()


def slow_learner_arrays(flips: list[int], epochs: int = 8) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(labels, margin, predicted)`` of 40 examples, 2 classes, ``epochs`` epochs, margins
    growing with the epochs. Example :data:`SLOW_LEARNER` is a slow learner: rejected through
    epochs 0-4 (margin down to -4), right from epoch 5 with a growing margin, like the six
    digits of issue 17. The examples at ``flips`` (labelled 0) are flips predicted as their
    true class 1 in every epoch, margin -3; a test edits the arrays to fit them later."""
    labels = np.repeat([0, 1], 20)
    margin = np.tile(np.linspace(1.0, 4.0, epochs)[:, None], (1, len(labels)))
    predicted = np.tile(labels, (epochs, 1))
    margin[:, SLOW_LEARNER] = [-1.0, -3.0, -4.0, -3.0, -1.5, 1.0, 2.5, 4.0][:epochs]
    predicted[:5, SLOW_LEARNER] = 0
    margin[:, flips], predicted[:, flips] = -3.0, 1
    return labels, margin, predicted


def binary_record(labels, margin, predicted, updates_per_epoch: int | None = 1) -> ExampleRecord:
    """The record of two classes with these margins and predictions (logistic loss and
    probability of the label from the margin)."""
    return ExampleRecord.from_arrays(
        task="classification",
        labels=labels,
        epochs=range(len(margin)),
        loss=np.log1p(np.exp(-margin)),
        p_label=1 / (1 + np.exp(-margin)),
        margin=margin,
        predicted=predicted,
        classes=2,
        updates_per_epoch=updates_per_epoch,
    )


def blobs(n: int = 150, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Three well-separated Gaussian blobs in 2-D, n // 3 examples each."""
    rng = np.random.default_rng(seed)
    centres = np.array([[0.0, 0.0], [6.0, 0.0], [0.0, 6.0]])
    y = np.repeat(np.arange(3), n // 3)
    return (centres[y] + rng.normal(size=(n, 2))).astype(np.float32), y


def memorised_blobs() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Four classes in 60-D that differ in 6 dimensions, 240 examples, 10% of the labels moved to
    the next class, which the default MLP at batch size 16 fits, flips included, within a few
    epochs of 20: ``(X, noisy labels, flipped indices)``."""
    rng = np.random.default_rng(4)
    y = rng.integers(0, 4, 240)
    means = np.zeros((4, 60))
    means[:, :6] = 1.5 * rng.standard_normal((4, 6))
    X = (means[y] + rng.standard_normal((240, 60))).astype(np.float32)
    noisy, flipped = moved_to_next_class(y, 24, 4, rng)
    return X, noisy, flipped


def first_epochs_of(record: ExampleRecord, epochs: int) -> ExampleRecord:
    """``record`` cut after its first ``epochs`` epochs (as a run stopped there records)."""
    return ExampleRecord.from_arrays(
        task="classification", labels=record.labels, epochs=record.epochs[:epochs],
        **{name: getattr(record, name)[:epochs] for name in ("loss", "p_label", "margin", "predicted")},
    )  # fmt: skip


def tracked_mlp(X, labels, *, batch_size: int, epochs: int):
    """The default MLP trained on ``(X, labels)`` at Adam's lr 0.01 for ``epochs`` whole epochs
    (no stopping rule), every example's record kept."""
    return ds.train(
        "mlp", (X, labels), lr=0.01, batch_size=batch_size, epochs=epochs, tol=None, instruments=False,
        progress=False, track_examples=True, seed=0,
    )  # fmt: skip
