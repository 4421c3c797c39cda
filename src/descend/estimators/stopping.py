"""The estimators' stopping rule, as a training-engine callback, and what a fit says about how
it ended: scikit-learn's MLP rule (``n_iter_no_change`` epochs in a row without improving on
the best by more than ``tol``), on the training loss or on the validation score, and the
``ConvergenceWarning`` messages that say what the loss did and which setting to change."""

from __future__ import annotations

import copy
import math
import warnings
from typing import Any

import numpy as np
from sklearn.exceptions import ConvergenceWarning

from .._plural import plural
from ..training.callbacks import Callback
from ..training.run import Run

__all__ = ["NoImprovement", "EpochPrinter", "conclude"]


class NoImprovement(Callback):
    """Stop when the monitored value has not improved on its best by more than ``tol``
    (absolute) for ``patience`` epochs in a row, as scikit-learn's MLP does. ``score`` is the
    history column of a validation score to maximise (then the best weights are restored at
    the end), or ``None`` for the training loss (minimised; the best counts from the
    history's first epoch, across warm starts).

    >>> rule = NoImprovement(tol=1e-4, patience=5)
    >>> rule.best_score, rule.wait
    (-inf, 0)
    """

    def __init__(self, tol: float, patience: int, score: str | None = None) -> None:
        self.tol, self.patience, self.score = tol, patience, score
        self.best_score = -math.inf
        self.best_weights: dict[str, Any] | None = None
        self.wait = 0

    def on_epoch_end(self, run: Run) -> None:
        history = run.history
        if self.score is None:
            loss = history.loss[-1]
            improved = loss <= min(history.loss[:-1], default=math.inf) - self.tol
            what = "training loss"
        else:
            value = history.epochs[self.score][-1]
            improved = value > self.best_score + self.tol
            if value > self.best_score:
                self.best_score = value
                history.best_epoch = run.epoch
                self.best_weights = copy.deepcopy(run.model.state_dict())
            what = "validation " + self.score.removeprefix("val_")
        self.wait = 0 if improved else self.wait + 1
        if self.wait >= self.patience:
            run.stop(
                f"the {what} did not improve by more than tol={self.tol:g} for n_iter_no_change={self.patience} "
                + plural(self.patience, "epoch"),
                converged=True,
            )

    def on_train_end(self, run: Run) -> None:
        if self.best_weights is not None:
            run.model.load_state_dict(self.best_weights)


class EpochPrinter(Callback):
    """``verbose=True``: print the loss (and the validation score ``score``) of each epoch.

    >>> EpochPrinter("val_r2").score
    'val_r2'
    """

    def __init__(self, score: str | None = None) -> None:
        self.score = score

    def on_epoch_end(self, run: Run) -> None:
        epochs = run.history.epochs
        extra = (
            f", validation {self.score.removeprefix('val_')} = {epochs[self.score][-1]:.6g}"
            if self.score is not None
            else ""
        )
        print(f"Epoch {run.epoch + 1}, loss = {epochs['loss'][-1]:.8g}{extra}")


def conclude(est: Any, curve: list[float], converged: bool, scores: list[float] | None) -> None:
    """Record in ``est.history_`` why the fit of the training losses ``curve`` ended and warn
    (``ConvergenceWarning``) where it did not converge: at ``max_epochs``, or levelled off
    by climbing away from its best. ``scores``: the fit's validation scores, if any.

    >>> from types import SimpleNamespace
    >>> from descend.training.history import History
    >>> est = SimpleNamespace(history_=History(), n_iter_no_change=5, tol=1e-4)
    >>> conclude(est, [1.0, 0.5, 0.5], converged=True, scores=None)
    >>> est.history_.converged
    True
    """
    history = est.history_
    if converged and scores is None and _rose(curve, est.tol):
        # "No improvement" because the loss climbed away from its best is no convergence.
        history.converged = False
        history.stopped_because = (
            f"the training loss rose for n_iter_no_change={est.n_iter_no_change} "
            f"{plural(est.n_iter_no_change, 'epoch')} instead of levelling off"
        )
        warnings.warn(_divergence_message(est, curve), ConvergenceWarning, stacklevel=6)
    elif converged:
        history.converged = True
    else:
        history.converged = False
        history.stopped_because = f"reached max_epochs={est.max_epochs}"
        warnings.warn(_convergence_message(est, curve, scores), ConvergenceWarning, stacklevel=6)


def _rose(curve: list[float], tol: float) -> bool:
    """Did the loss end clearly above its best (by more than tol and 5%)?"""
    best = min(curve)
    return curve[-1] > best + max(tol, 0.05 * abs(best))


def _growth(before: float, after: float) -> str:
    """``"rose by 12.0%"`` or, for large factors, ``"grew 35-fold"``."""
    if before <= 0:
        return f"rose by {after - before:.3g}"
    factor = after / before
    return f"grew {factor:.3g}-fold" if factor >= 2 else f"rose by {factor - 1:.1%}"


def _window(est: Any, curve: list[float]) -> tuple[np.ndarray, int]:
    k = min(est.n_iter_no_change, len(curve) - 1)
    return np.asarray(curve[-(k + 1) :]), k


def _went_up(rises: int, k: int) -> str:
    """How many of the last ``k`` epochs raised the loss, in words."""
    if k > 1:
        return f"it went up in {rises} of the last {k} epochs"
    return "it went up in the last epoch" if rises else "it did not go up in the last epoch"


def _advice_lr_large(est: Any) -> str:
    noisy = ", or use a larger batch_size (less mini-batch noise)" if est.batch_size_ is not None else ""
    return f"lr (now {est.lr_:g}) is probably too large: lower it{noisy}."


def _divergence_message(est: Any, curve: list[float]) -> str:
    window, k = _window(est, curve)
    best = min(curve)
    best_at = curve.index(best) + 1
    rises = int((np.diff(window) > 0).sum())
    return (
        f"{type(est).__name__} stopped after n_iter_no_change={est.n_iter_no_change} "
        f"{plural(est.n_iter_no_change, 'epoch')} without improving on its best training loss ({best:.4g}, epoch "
        f"{best_at}), but the loss did not level off: {_went_up(rises, k)} and ended at {curve[-1]:.4g} "
        f"({_growth(best, curve[-1])} from that best). " + _advice_lr_large(est)
    )


def _convergence_message(est: Any, curve: list[float], scores: list[float] | None) -> str:
    head = f"{type(est).__name__} stopped at max_epochs={est.max_epochs} before converging: "
    window, k = _window(est, curve)
    if k < 1:
        return head + f"one epoch cannot show convergence (training loss {curve[-1]:.4g}). Increase max_epochs."
    rises = int((np.diff(window) > 0).sum())
    first, last = float(window[0]), float(window[-1])
    # Losses are >= 0: the mean relative change per epoch is geometric.
    rate = 1 - (last / first) ** (1 / k) if first > 0 and last > 0 else 0.0
    span = f"the last {k} epochs" if k > 1 else "the last epoch"
    if scores is not None:
        best_at = int(np.argmax(scores)) + 1
        # The rule had not yet waited n_iter_no_change epochs: the score may have stalled.
        observed = (
            f"the validation {est._metric} last improved by more than tol={est.tol:g} fewer than "
            f"n_iter_no_change={est.n_iter_no_change} {plural(est.n_iter_no_change, 'epoch')} before the end "
            f"(best {max(scores):.4g} at epoch {best_at} of {len(scores)}), and the training loss "
        )
    else:
        observed = "the training loss "
    if last > first:
        return (
            head
            + observed
            + f"{_growth(first, last)} over {span}{f' (it went up in {rises} of them)' if k > 1 else ''}: "
            + _advice_lr_large(est)
        )
    if rises > 0:
        return (
            head + observed + f"was oscillating: it went up in {rises} of {span} "
            f"while falling by {rate:.2%} per epoch overall (tol={est.tol:g}). lr (now "
            f"{est.lr_:g}) may be too large: lower it"
            + (" or use a larger batch_size" if est.batch_size_ is not None else "")
            + ", or increase max_epochs."
        )
    if last == first and scores is None and est.tol == 0:
        # With tol=0 an epoch that ties the best counts as improving (loss <= best - tol, as
        # scikit-learn's MLP counts it): a flat loss runs on.
        return (
            head + observed + f"did not change over {span} (it stayed at {last:.6g}), but with "
            f"tol={est.tol:g} an epoch that ties the best loss counts as an improvement, so the fit "
            f"cannot stop on a flat loss. Set tol > 0 (e.g. 1e-4, the default)."
        )
    if last == first and scores is None:  # tol > 0: the rule had not yet waited n_iter_no_change epochs
        return (
            head + observed + f"did not change over {span} (it stayed at {last:.6g}), and the fit stops only "
            f"after n_iter_no_change={est.n_iter_no_change} {plural(est.n_iter_no_change, 'epoch')} without "
            f"improving by more than tol={est.tol:g}, more than max_epochs={est.max_epochs} allows. Lower "
            f"n_iter_no_change below max_epochs; if the loss should have moved, raise lr (now {est.lr_:g})."
        )
    return (
        head + observed + f"was still falling by {rate:.2%} per epoch over {span} "
        f"(by {(first - last) / k:.3g} per epoch; tol={est.tol:g}). Increase "
        f"max_epochs, or raise lr (now {est.lr_:g})."
    )
