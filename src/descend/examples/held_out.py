"""An opt-in count of the mislabelled examples from one extra run judged out of sample.

:func:`held_out_count` trains the model afresh on a random half of the training set (split
within each given label), predicts the other half, and counts the likely label errors there
by confident learning (Northcutt, Jiang and Chuang 2021, "Confident learning: estimating
uncertainty in dataset labels", JAIR 70): per class j the threshold ``t_j`` is the mean
predicted probability of j over the held-out examples labelled j; an example labelled i
counts in the confident joint ``C[i, j]`` for the class j of its highest probability among
those at or above their threshold; each row is calibrated to the number labelled i,
``C~[i, j] = n_i C[i, j] / sum_j C[i, j]``; the held-out count is the off-diagonal sum, scaled
from the half to the whole set: an expected number of mislabelled examples, a float, not an
integer. :func:`~descend.examples.find_label_issues` takes it as
``count=``: the ranking stays the tracked run's, the count only caps how many are flagged.

Measured (bench ``label_noise``, session 10; 2 seeds, cleanlab on 5-fold probabilities of the
same model): capped at the smaller of it and the early tails' count, at least cleanlab's F1 on
154 of the 216 settings of the groups not tuned on, against 159 for the tails' count alone, at
0.32-0.34 of cleanlab's CPU seconds instead of 0.25-0.27; not recommended. Where the network
has not fitted the clean classes (spirals, anisotropic blobs, a checkerboard) a model trained
on half the data for half the epochs fits them even less, and its count is at least the
tails' (3.4 to 4.4 times the flips, cleanlab's list 2.0 to 2.5). Alone (``tail=None``) it fixes the tails'
undercount on digits (12 of 12 settings instead of 9) and loses elsewhere (156 of 216).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import numpy as np
import torch

from .._checks import InvalidArgument, number
from .._plural import counted
from ..train import train as _train
from ..training.loss_modules import probability_logits, takes_probabilities

__all__ = ["held_out_count", "confident_learning_count"]


def held_out_count(
    model: str | Callable[[], torch.nn.Module],
    data: tuple[Any, Any],
    *,
    fraction: float = 0.5,
    epoch_fraction: float = 0.5,
    seed: int = 0,
    **train: Any,
) -> float:
    """The expected number of mislabelled examples in ``data = (X, y)`` that confident learning
    finds on a held-out part, a float (the confident joint's rows are calibrated to the label
    counts and the held-out count is scaled to all of ``data``; ``find_label_issues(count=...)``
    rounds it): one run of ``descend.train(model, ...)`` (``train``: the tracked run's
    settings) for ``epoch_fraction`` of its ``epochs`` (at least 1) on a random
    ``1 - fraction`` of the examples, split within each label, predicting the other
    ``fraction``; :func:`confident_learning_count` there, times ``n / held-out``. ``model`` is
    a model name or a function returning a fresh module. With the defaults it costs about a
    quarter of the tracked run.

    >>> import numpy as np
    >>> from descend.examples import held_out_count
    >>> rng = np.random.default_rng(0)
    >>> y = np.repeat([0, 1], 100)
    >>> X = (rng.normal(size=(200, 2)) + 4.0 * y[:, None]).astype(np.float32)
    >>> y[:10] = 1  # ten of class 0 labelled 1
    >>> 6 <= held_out_count("mlp", (X, y), lr=0.01, batch_size=16, epochs=20) <= 14
    True
    """
    if isinstance(model, torch.nn.Module) or not (isinstance(model, str) or callable(model)):
        raise InvalidArgument(
            "model must be a model name or a function returning a fresh torch.nn.Module (the held-out "
            f"count trains one from scratch), got {type(model).__name__}"
        )
    fraction = number("fraction", fraction, gt=0, lt=1)
    epoch_fraction = number("epoch_fraction", epoch_fraction, gt=0, le=1)
    X, y = _arrays(data)
    rng = np.random.default_rng(seed)
    held = np.zeros(len(y), dtype=bool)
    for label in np.unique(y):
        members = rng.permutation(np.flatnonzero(y == label))
        held[members[: int(round(fraction * len(members)))]] = True
    if held.all() or not held.any():
        raise InvalidArgument(
            f"fraction {fraction:g} of {counted(len(y), 'example')} leaves no example to train on or to judge"
        )
    epochs = train.pop("epochs", inspect.signature(_train).parameters["epochs"].default)
    epochs = max(int(number("epochs", epochs, integer=True, ge=1) * epoch_fraction), 1)
    settings = {"tol": None, "instruments": False, "progress": False, **train}
    settings.update(seed=seed, epochs=epochs, track_examples=False)
    fitted = _train(model if isinstance(model, str) else model(), (X[~held], y[~held]), **settings).model
    classes = int(y.max()) + 1
    probabilities = _predict(fitted, X[held], classes, probabilities=takes_probabilities(settings.get("loss")))
    return confident_learning_count(probabilities, y[held]) * len(y) / int(held.sum())


def confident_learning_count(probabilities: Any, labels: Any) -> float:
    """Confident learning's expected number of label errors among examples judged out of
    sample, a float (Northcutt et al. 2021): ``t_j`` = mean ``p_j`` over the examples labelled j; example i
    (label s) counts in ``C[s, j]``, j the class of its largest ``p_j >= t_j``; rows
    calibrated to the label counts, ``C~[s, j] = n_s C[s, j] / sum_j C[s, j]``; the count is
    ``sum_{s != j} C~[s, j]``.

    >>> p = np.array([[0.9, 0.1], [0.8, 0.2], [0.3, 0.7], [0.2, 0.8], [0.9, 0.1]])
    >>> confident_learning_count(p, [0, 0, 1, 1, 1])  # the last, labelled 1, is confidently 0
    1.0
    """
    p = np.asarray(probabilities, dtype=float)
    s = np.asarray(labels)
    if p.ndim != 2 or s.shape != (len(p),) or not np.issubdtype(s.dtype, np.integer) or len(p) == 0:
        raise InvalidArgument(
            "confident_learning_count needs probabilities of shape (n, classes) and n integer labels, got "
            f"shapes {p.shape} and {s.shape}"
        )
    k = p.shape[1]
    thresholds = np.array([p[s == j, j].mean() if (s == j).any() else np.inf for j in range(k)])
    above = p >= thresholds[None, :]
    joint = np.zeros((k, k))
    confident = above.any(axis=1)
    best = np.where(above, p, -np.inf).argmax(axis=1)
    np.add.at(joint, (s[confident], best[confident]), 1.0)
    rows = joint.sum(axis=1, keepdims=True)
    sizes = np.bincount(s, minlength=k)[:k, None]
    calibrated = np.divide(joint * sizes, rows, out=np.zeros_like(joint), where=rows > 0)
    return float(calibrated.sum() - np.trace(calibrated))


def _arrays(data: Any) -> tuple[np.ndarray, np.ndarray]:
    """``(X, y)`` as NumPy arrays, integer labels 0..k-1 (text labels by their sorted
    positions, as ``train`` reads them); one clear error otherwise."""
    if not (isinstance(data, (tuple, list)) and len(data) == 2):
        raise InvalidArgument(
            f"data must be a pair (X, y) of in-memory arrays (the held-out count splits it), got {type(data).__name__}"
        )
    X, y = (v.detach().cpu().numpy() if isinstance(v, torch.Tensor) else np.asarray(v) for v in data)
    if y.ndim == 1 and y.dtype.kind in "USOb":  # text (or bool) labels, as train takes them: their sorted positions
        try:
            y = np.unique(y, return_inverse=True)[1].reshape(-1)
        except TypeError:  # labels of several kinds (an object column of text and numbers): no order
            pass
    if len(X) != len(y) or y.ndim != 1 or not np.issubdtype(y.dtype, np.integer) or len(y) == 0 or y.min() < 0:
        raise InvalidArgument(
            f"data must be (X, y) with y one integer label >= 0 per row of X, got X of shape {X.shape} and "
            f"y of shape {y.shape} ({y.dtype})"
        )
    return X, y


def _predict(model: torch.nn.Module, X: np.ndarray, classes: int, probabilities: bool = False) -> np.ndarray:
    """Softmax probabilities of ``model`` on ``X`` (evaluation mode, no gradients); a model of
    probabilities (``probabilities``: trained with ``torch.nn.BCELoss``) read through their logits."""
    parameter = next(model.parameters(), None)
    device = parameter.device if parameter is not None else torch.device("cpu")
    was_training = model.training
    model.eval()
    with torch.no_grad():
        logits = model(torch.as_tensor(X, dtype=torch.float32, device=device))
    model.train(was_training)
    if probabilities:  # p, not a logit: softmax((0, logit(p))) is (1 - p, p)
        logits = probability_logits(logits)
    if logits.ndim == 2 and logits.shape[1] == 1:  # one logit per example for two classes
        logits = torch.cat([torch.zeros_like(logits), logits], dim=1)
    p = logits.softmax(dim=1).cpu().numpy()[:, :classes]
    return np.pad(p, ((0, 0), (0, classes - p.shape[1])))  # classes the training part lacked: 0
