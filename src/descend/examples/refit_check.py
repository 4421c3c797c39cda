"""Evidence from outside the run for a mini-batch list's late learners: one short refit without the list.

A mini-batch run that memorises its flips below ``memorised_at`` with no onset (few examples per
dimension) and a clean run whose examples near a curved boundary are learnt late leave the same
record: listed examples the last epoch predicts as labelled (``R``) while it still gets other labels
wrong (session 28, ``bench/LABEL_MINIBATCH_S28.md``). A model that never saw them tells them apart:
a clean example learnt late is placed in its given class by the examples around it, a memorised
flip in another class.

:func:`refit_predicted` trains the same model afresh (same settings and seed) on the examples the
list does not hold, for ``epoch_fraction`` = 1/4 of the run's epochs, and predicts the listed ones:
``F[i]``, the class it gives example ``i`` (-1 where not predicted). That is at most a quarter of
the tracked run's updates: bench ``label_noise`` counts cleanlab's 5 fold runs on 4/5 of the data
(4 runs' worth), and a third of them (1.33 runs) leaves about a quarter after the tracked run and
the analysis. :func:`refit_leavers` marks the listed examples that leave: in a mini-batch run whose
last epoch predicts some given label wrong (:func:`refit_gate`; with or without a memorisation
onset), those the last epoch predicts as labelled and the refit predicts as labelled too. No
constant but the quarter, which the compute budget sets.

Measured (bench ``label_noise``'s cached mini-batch records of read groups, session 29, declared in
``bench/LABEL_SPLIT_S29.md``; cleanlab on 5 folds of the same model): label62 + fresh-86 + fresh-87
noisy settings at least cleanlab's F1 1666 -> 1667 of 1788, mean F1 0.755902 -> 0.756352; clean
tasks over cleanlab 150 -> 150 of 381 (flags 17991 -> 17735, cleanlab 22266). A refit of a quarter of
the epochs has not learnt most late learners either, so few leave (314 of 1788 lists changed).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import numpy as np
import torch

from .._checks import InvalidArgument, number
from ..train import train as _train
from ..training import ExampleRecord
from .held_out import _arrays, _predict

__all__ = ["REFIT_EPOCHS", "refit_predicted", "refit_leavers", "refit_gate"]

REFIT_EPOCHS = 0.25  # of the run's epochs: the compute left within a third of cleanlab's 5 folds


def refit_gate(record: ExampleRecord) -> bool:
    """Whether the refit can change ``record``'s list: a mini-batch run (``updates_per_epoch`` > 1)
    whose last epoch predicts some given label wrong.

    >>> r = ExampleRecord.from_arrays(task="classification", labels=[0, 1], epochs=[0, 1],
    ...     loss=np.ones((2, 2)), p_label=np.full((2, 2), 0.5), margin=np.ones((2, 2)),
    ...     predicted=[[0, 0], [0, 0]], updates_per_epoch=4)
    >>> refit_gate(r)
    True
    """
    upe = record.updates_per_epoch
    return bool(upe is not None and upe > 1 and (np.asarray(record.predicted[-1]) != np.asarray(record.labels)).any())


def refit_leavers(record: ExampleRecord, listed: np.ndarray, refit: np.ndarray) -> np.ndarray:
    """Per example of ``listed``, whether it leaves: the run's last epoch predicts it as labelled
    and so does the refit (``refit[i]``, -1 where it did not predict ``i``).

    >>> r = ExampleRecord.from_arrays(task="classification", labels=[0, 0, 1], epochs=[0],
    ...     loss=np.ones((1, 3)), p_label=np.full((1, 3), 0.5), margin=np.ones((1, 3)),
    ...     predicted=[[0, 0, 0]], updates_per_epoch=4)
    >>> refit_leavers(r, np.array([0, 1]), np.array([0, 1, -1])).tolist()
    [True, False]
    """
    listed = np.asarray(listed, dtype=int)
    labels = np.asarray(record.labels)[listed]
    return (np.asarray(record.predicted[-1])[listed] == labels) & (np.asarray(refit)[listed] == labels)


def refit_predicted(
    model: str | Callable[[], torch.nn.Module],
    data: tuple[Any, Any],
    listed: Any,
    *,
    epoch_fraction: float = REFIT_EPOCHS,
    seed: int = 0,
    **train: Any,
) -> np.ndarray:
    """The class ``descend.train(model, ...)`` predicts for each example of ``listed`` when trained
    afresh without them: one run on the other examples of ``data = (X, y)`` for ``epoch_fraction``
    of ``epochs`` (at least 1; ``train``: the tracked run's settings); -1 for the examples not
    listed. With the defaults it costs at most a quarter of the tracked run. Nothing listed: no run.

    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> y = np.repeat([0, 1], 100)
    >>> X = (rng.normal(size=(200, 2)) + 4.0 * y[:, None]).astype(np.float32)
    >>> y[0] = 1  # a flip: the refit puts it back in class 0
    >>> F = refit_predicted("mlp", (X, y), [0, 150], lr=0.01, batch_size=16, epochs=20)
    >>> F[[0, 150]].tolist(), int((F == -1).sum())
    ([0, 1], 198)
    """
    if isinstance(model, torch.nn.Module) or not (isinstance(model, str) or callable(model)):
        raise InvalidArgument(
            "model must be a model name or a function returning a fresh torch.nn.Module (the refit "
            f"trains one from scratch), got {type(model).__name__}"
        )
    epoch_fraction = number("epoch_fraction", epoch_fraction, gt=0, le=1)
    X, y = _arrays(data)
    listed = np.unique(np.asarray(listed, dtype=int))
    if len(listed) and (listed.min() < 0 or listed.max() >= len(y)):
        raise InvalidArgument(f"listed must index the {len(y)} examples, got {listed.min()}..{listed.max()}")
    out = np.full(len(y), -1, dtype=int)
    if len(listed) == 0:
        return out
    keep = np.ones(len(y), dtype=bool)
    keep[listed] = False
    if not keep.any():
        raise InvalidArgument(f"every one of the {len(y)} examples is listed: nothing left to refit on")
    epochs = train.pop("epochs", inspect.signature(_train).parameters["epochs"].default)
    epochs = max(int(number("epochs", epochs, integer=True, ge=1) * epoch_fraction), 1)
    settings = {"tol": None, "instruments": False, "progress": False, **train}
    settings.update(seed=seed, epochs=epochs, track_examples=False)
    fitted = _train(model if isinstance(model, str) else model(), (X[keep], y[keep]), **settings).model
    out[listed] = _predict(fitted, X[listed], int(y.max()) + 1).argmax(axis=1)
    return out
