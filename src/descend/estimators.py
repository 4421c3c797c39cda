"""scikit-learn estimators trained by descend's gradient descent: :class:`GDRegressor` and
:class:`GDClassifier`.

Both fit a linear model (``hidden_layer_sizes=()``: linear regression, logistic regression,
softmax regression) or a multi-layer perceptron, with any update rule of
:func:`descend.optim.create`, and follow scikit-learn's conventions: parameters are stored
unchanged by ``__init__`` and validated by ``fit``, learned state ends in ``_``, and the
estimators work in ``Pipeline``, ``GridSearchCV`` and ``clone``.

The objective is the sample-weighted mean of the per-example loss plus an L2 penalty on the
weight matrices (not the biases)::

    sum_i w_i * loss_i / sum_i w_i  +  alpha / 2 * sum ||W||^2

With ``batch_size=None`` every epoch is one full-batch step on exactly that objective; with
mini-batches each step is an unbiased estimate of it (a batch's weighted loss is divided by
its size times the mean weight of the whole training set).
"""

from __future__ import annotations

import contextlib
import copy
import time
import warnings
from numbers import Integral, Real
from typing import Any

import numpy as np
import scipy.sparse as sp
import torch
import torch.nn.functional as F
from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin, _fit_context
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import accuracy_score, r2_score
from sklearn.model_selection import train_test_split
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.multiclass import _check_partial_fit_first_call, check_classification_targets
from sklearn.utils.validation import _check_sample_weight, check_is_fitted, validate_data

from . import optim, schedules
from ._names import did_you_mean
from .lr_find import lr_find
from .optim import takes_plain_steps
from .training.history import History
from .training.models import ACTIVATIONS, build_model

__all__ = ["GDRegressor", "GDClassifier"]

# A sparse batch is made dense this many matrix elements at a time (32 MiB in float64).
_DENSE_CHUNK = 1 << 22
# Predictions on dense data are computed this many rows at a time.
_PREDICT_ROWS = 1 << 16
# Below this many (rows x parameters) per step, one CPU thread is faster than several: the
# thread pool's hand-offs cost more than the arithmetic, and far more on a busy machine.
_SMALL_WORK = 1 << 20
# lr="auto" runs the range test on at most this many rows of a sparse X (made dense).
_FIND_ROWS = 1 << 14


# --- per-example losses: shape (n,), so that sample weights can scale each term ---------------
# Same definitions as descend.training.losses (which return the batch mean only).


def _squared_error(out: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    return (out - y).square().mean(dim=1)


def _absolute_error(out: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    return (out - y).abs().mean(dim=1)


def _huber(out: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    return F.huber_loss(out, y, reduction="none", delta=1.0).mean(dim=1)


def _binary_log_loss(out: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    return F.binary_cross_entropy_with_logits(out[:, 0], y, reduction="none")


def _multinomial_log_loss(out: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    return F.cross_entropy(out, y, reduction="none")


_REGRESSION_LOSSES = {
    "mse": _squared_error,
    "squared_error": _squared_error,
    "mae": _absolute_error,
    "absolute_error": _absolute_error,
    "huber": _huber,
}


def _expected_failed_checks(estimator: BaseEstimator) -> dict[str, str]:
    """The scikit-learn estimator checks that ``estimator`` is expected to fail, with why.

    For ``parametrize_with_checks(..., expected_failed_checks=_expected_failed_checks)``.
    Full-batch training (``batch_size=None``) passes every check; with mini-batches the
    shuffled batches differ between a weighted data set and the same data with repeated
    rows, so the sample-weight equivalence checks cannot hold exactly.
    """
    if getattr(estimator, "batch_size", None) is None:
        return {}
    reason = ("mini-batch steps are stochastic: the batches of weighted data and of the same "
              "data with repeated rows differ, so the fits agree only in expectation")
    return {
        "check_sample_weight_equivalence_on_dense_data": reason,
        "check_sample_weight_equivalence_on_sparse_data": reason,
    }


class _Data:
    """Training (or validation) data as tensors; sparse ``X`` stays sparse until a batch."""

    def __init__(self, X, y: np.ndarray, w: np.ndarray, dtype: torch.dtype,
                 device: torch.device) -> None:
        self.n = X.shape[0]
        self.sparse = sp.issparse(X)
        self.dtype, self.device = dtype, device
        self.X = X.tocsr() if self.sparse else _tensor(X, dtype, device)
        self.y = _tensor(y, dtype if y.dtype.kind == "f" else torch.int64, device)
        self.w = _tensor(w, dtype, device)
        # Each step divides its weighted loss by (batch size x mean weight): the full batch
        # then gives the weighted mean exactly, a mini-batch an unbiased estimate of it.
        self.mean_w = float(w.sum()) / self.n
        self.chunk_rows = max(1, _DENSE_CHUNK // max(1, X.shape[1]))

    def batches(self, batch_size: int | None, rng: np.random.RandomState):
        """Index arrays of one epoch (reshuffled), or ``None`` for the whole data set."""
        if batch_size is None or batch_size >= self.n:
            yield None, self.n
            return
        order = rng.permutation(self.n)
        for start in range(0, self.n, batch_size):
            idx = order[start:start + batch_size]
            yield idx, len(idx)

    def chunks(self, idx: np.ndarray | None):
        """``(X, y, w)`` tensors of the rows ``idx``; sparse rows in dense pieces."""
        if not self.sparse:
            if idx is None:
                yield self.X, self.y, self.w
            else:
                t = torch.from_numpy(idx).to(self.device)
                # index_select: several times faster than X[t] for row gathers on the CPU
                yield self.X.index_select(0, t), self.y.index_select(0, t), self.w.index_select(0, t)
            return
        rows = np.arange(self.n) if idx is None else idx
        for start in range(0, len(rows), self.chunk_rows):
            r = rows[start:start + self.chunk_rows]
            t = torch.from_numpy(r).to(self.device)
            yield _tensor(self.X[r].toarray(), self.dtype, self.device), self.y[t], self.w[t]


def _growth(before: float, after: float) -> str:
    """``"rose by 12.0%"`` or, for large factors, ``"grew 35-fold"``."""
    if before <= 0:
        return f"rose by {after - before:.3g}"
    factor = after / before
    return f"grew {factor:.3g}-fold" if factor >= 2 else f"rose by {factor - 1:.1%}"


def _tensor(a: np.ndarray, dtype: torch.dtype, device: torch.device) -> torch.Tensor:
    a = np.ascontiguousarray(a)
    t = torch.from_numpy(a) if a.flags.writeable else torch.tensor(a)
    return t.to(device=device, dtype=dtype)


@contextlib.contextmanager
def _cpu_threads(device: torch.device, work: int):
    """Run a small problem's torch ops on one CPU thread (restored afterwards)."""
    old = torch.get_num_threads()
    if device.type != "cpu" or work >= _SMALL_WORK or old == 1:
        yield
        return
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(old)


def _device(value: Any) -> torch.device:
    if isinstance(value, str) and value.strip().lower() == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    try:
        dev = torch.device(value)
    except (RuntimeError, TypeError, ValueError):
        raise ValueError(f"The 'device' parameter must be 'cpu', 'cuda', 'cuda:N', 'mps' or "
                         f"'auto'; got {value!r} instead.") from None
    if dev.type == "cuda" and not torch.cuda.is_available():
        raise ValueError(f"device={value!r} asks for CUDA, but torch sees no CUDA device; "
                         f"use device='cpu' or 'auto'.")
    return dev


class _BaseGD(BaseEstimator):
    """What both estimators share: parameters, data handling and the epoch loop."""

    _parameter_constraints: dict = {
        "hidden_layer_sizes": ["array-like", Interval(Integral, 1, None, closed="left")],
        "activation": [StrOptions(set(ACTIVATIONS))],
        "optimizer": [StrOptions(set(optim.names()))],
        "lr": [Interval(Real, 0, None, closed="neither"), StrOptions({"auto"})],
        "schedule": [None, str, schedules.Schedule],
        "alpha": [Interval(Real, 0, None, closed="left")],
        "batch_size": [Interval(Integral, 1, None, closed="left"), None],
        "max_epochs": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left")],
        "n_iter_no_change": [Interval(Integral, 1, None, closed="left")],
        "early_stopping": ["boolean"],
        "validation_fraction": [Interval(Real, 0, 1, closed="neither")],
        "random_state": ["random_state"],
        "warm_start": ["boolean"],
        "verbose": ["verbose"],
        "device": [str, torch.device],
    }

    _task = ""  # "regression" or "classification"
    _metric = ""  # the validation score's name in history_: "r2" or "accuracy"

    def __init__(
        self,
        hidden_layer_sizes=(),
        activation="relu",
        loss=None,
        optimizer="adam",
        lr=1e-3,
        schedule=None,
        alpha=0.0,
        batch_size=32,
        max_epochs=200,
        tol=1e-4,
        n_iter_no_change=5,
        early_stopping=False,
        validation_fraction=0.1,
        random_state=None,
        warm_start=False,
        verbose=False,
        device="cpu",
    ):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.loss = loss
        self.optimizer = optimizer
        self.lr = lr
        self.schedule = schedule
        self.alpha = alpha
        self.batch_size = batch_size
        self.max_epochs = max_epochs
        self.tol = tol
        self.n_iter_no_change = n_iter_no_change
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.random_state = random_state
        self.warm_start = warm_start
        self.verbose = verbose
        self.device = device

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags

    # -- subclass hooks -----------------------------------------------------------------------

    def _validate_xy(self, X, y, reset: bool):
        raise NotImplementedError

    def _targets(self, y, sample_weight, *, partial: bool, continuing: bool, classes):
        """``(encoded targets, n_outputs)``; sets ``classes_`` / checks them."""
        raise NotImplementedError

    def _model_spec(self, n_outputs: int) -> tuple[str, dict]:
        raise NotImplementedError

    def _loss_fn(self):
        raise NotImplementedError

    def _score_outputs(self, out: np.ndarray, y: np.ndarray, w: np.ndarray) -> float:
        raise NotImplementedError

    # -- fitting ------------------------------------------------------------------------------

    def _fit(self, X, y, sample_weight, *, partial: bool, classes=None):
        schedule = self._checked_schedule()
        hidden = self._hidden_sizes()
        fitted = hasattr(self, "model_")
        continuing = fitted and (partial or self.warm_start)
        X, y = self._validate_xy(X, y, reset=not continuing)
        sample_weight = _check_sample_weight(sample_weight, X, dtype=X.dtype,
                                             ensure_non_negative=True)
        y_enc, n_outputs = self._targets(y, sample_weight, partial=partial,
                                         continuing=continuing, classes=classes)
        arch = (hidden, self.activation if hidden else None, n_outputs)
        if continuing and arch != self._arch:
            raise ValueError(
                f"{type(self).__name__} cannot continue training (warm_start=True or "
                f"partial_fit) with a different network: fitted with hidden_layer_sizes="
                f"{self._arch[0]}, activation={self._arch[1]!r}, {self._arch[2]} output(s); "
                f"now hidden_layer_sizes={hidden}, activation={arch[1]!r}, {n_outputs} "
                f"output(s). Set warm_start=False, or fit a new estimator."
            )

        rng = self._rng if (partial and fitted) else check_random_state(self.random_state)
        if not continuing:
            self._init_model(X, n_outputs, hidden, arch, rng)
            self.n_iter_, self.t_ = 0, 0
            self.loss_curve_ = []
            self.best_loss_ = np.inf
            self.validation_scores_ = None
            self.best_validation_score_ = None
            self.history_ = History(task=self._task, model=self.model_)
        self._rng = rng
        # A new fit (warm or not) starts a new optimizer and schedule, as scikit-learn's MLP
        # does; partial_fit keeps both from call to call (the schedule counts on).
        restart = not (partial and fitted)

        if partial:
            train = _Data(X, y_enc, sample_weight, self._dtype, self._device)
            with self._threads(train):
                if restart:
                    self._start_optimizer(train, schedule, rng)
                self._epochs(train, None, n_epochs=1, stop=False)
            self.validation_scores_ = None
            self.best_validation_score_ = None
            return self

        val = None
        if self.early_stopping:
            train, val = self._split(X, y, y_enc, sample_weight, rng)
            # Per fit, as the held-out split is (loss_curve_ runs on across warm starts).
            self.validation_scores_ = []
            self.best_validation_score_ = -np.inf
        else:
            train = _Data(X, y_enc, sample_weight, self._dtype, self._device)
            self.validation_scores_ = None
            self.best_validation_score_ = None
        with self._threads(train):
            self._start_optimizer(train, schedule, rng)
            self._epochs(train, val, n_epochs=self.max_epochs, stop=True)
        return self

    def _checked_schedule(self):
        """``self.schedule`` checked: ``None``, a lower-cased name or a ``Schedule``."""
        value = self.schedule
        if isinstance(value, schedules.Schedule):
            if self.lr == "auto":
                raise ValueError(
                    f"lr='auto' cannot be combined with schedule={value!r}: a schedule object "
                    f"sets every learning rate itself. Give a schedule name (lr='auto' then "
                    f"picks its base rate) or a number for lr.")
            return value
        if value is None:
            return None
        key = value.strip().lower()
        known = schedules.run_names()
        if key not in known:
            raise ValueError(
                f"The 'schedule' parameter of {type(self).__name__} must be None, a "
                f"descend.schedules.Schedule or one of {', '.join(map(repr, known))} "
                f"(sized to the fit from lr and max_epochs); got {value!r} instead."
                f"{did_you_mean(key, known)}")
        return key

    def _start_optimizer(self, train: _Data, schedule, rng) -> None:
        """A fresh optimizer at ``lr_`` (found by the range test for lr="auto") and the
        schedule that drives it, sized to ``max_epochs`` epochs over ``train``."""
        lr = self._find_lr(train, int(rng.randint(np.iinfo(np.int32).max))) \
            if self.lr == "auto" else float(self.lr)
        kwargs = {} if lr is None else {"lr": lr}
        self._optimizer = optim.create(self.optimizer, self.model_.parameters(), **kwargs)
        self.lr_ = float(self._optimizer.param_groups[0]["lr"])
        self.history_.plain_steps = takes_plain_steps(self._optimizer)  # for the doctor
        per_epoch = 1 if self.batch_size is None else -(-train.n // self.batch_size)
        self._schedule_total = self.max_epochs * per_epoch
        self._scheduler = self._attach_schedule(schedule)

    def _attach_schedule(self, schedule):
        """The adapter that sets ``_optimizer``'s rates from ``schedule`` (a checked name,
        sized from ``lr_`` and ``_schedule_total``, or an object), or ``None``."""
        if isinstance(schedule, schedules.Schedule):
            schedule = copy.deepcopy(schedule)  # a plateau's state is the fit's, not the user's
        self._optimizer.param_groups[0]["lr"] = self.lr_  # what a name is sized from
        return schedules.for_run(schedule, self._optimizer, self._schedule_total)

    def __getstate__(self):
        # Schedules are closures, which pickle cannot store: keep the adapter's state (its
        # update count) and attach a new one to the unpickled optimizer.
        state = super().__getstate__()
        scheduler = state.get("_scheduler")
        if scheduler is not None:
            state["_scheduler"] = None
            state["_scheduler_state"] = scheduler.state_dict()
        return state

    def __setstate__(self, state):
        saved = state.pop("_scheduler_state", None)
        super().__setstate__(state)
        if saved is not None:
            self._scheduler = self._attach_schedule(self._checked_schedule())
            self._scheduler.load_state_dict(saved)

    def _find_lr(self, train: _Data, seed: int) -> float | None:
        """lr="auto": :func:`descend.lr_find`'s suggestion (the rule ``descend.train`` uses)
        for this model, optimizer, batch size and weighted loss; ``None``, with a warning,
        when the range test gives none (the optimizer's default rate is then used)."""
        if train.sparse:
            rows = np.arange(train.n)
            if train.n > _FIND_ROWS:
                rows = np.sort(np.random.RandomState(seed).choice(train.n, _FIND_ROWS, False))
            X = _tensor(train.X[rows].toarray(), torch.float32, self._device)
            t = torch.from_numpy(rows).to(self._device)
            y, w = train.y[t], train.w[t]
        else:
            X, y, w = train.X, train.y, train.w
        # lr_find trains in float32 on (X, target) pairs: the sample weight rides along as the
        # target's last column, so that the range test minimises the same weighted loss.
        packed = torch.cat([y.reshape(len(y), -1).float(), w.reshape(-1, 1).float()], dim=1)
        loss_fn, flat, dtype = self._loss_fn(), train.y.ndim == 1, train.y.dtype
        mean_w = train.mean_w if train.mean_w > 0 else 1.0
        # The test takes the fit's own kind of step: full-batch ones for batch_size=None.
        batch = None if self.batch_size is None or self.batch_size >= len(X) else self.batch_size

        def weighted(out, target):
            yb = target[:, 0] if flat else target[:, :-1]
            return (loss_fn(out, yb.to(dtype)) * target[:, -1]).sum() / (len(target) * mean_w)

        # Pilot runs sized to the fit's largest budget (max_epochs; early stopping may end sooner).
        budget = self.max_epochs * (1 if batch is None else -(-len(X) // batch))
        found = lr_find(copy.deepcopy(self.model_).float(), (X.float(), packed), loss=weighted,
                        optimizer=self.optimizer, batch_size=batch, seed=seed,
                        device=self._device, budget=budget)
        if found.suggestion is None:
            warnings.warn(f"{type(self).__name__}(lr='auto'): the range test gave no "
                          f"suggestion ({found.reason}); using {self.optimizer}'s default "
                          f"learning rate", UserWarning, stacklevel=6)
        self.lr_finder_ = found
        return found.suggestion

    def _threads(self, train: _Data):
        rows = train.n if self.batch_size is None else min(self.batch_size, train.n)
        if train.sparse:
            rows = min(rows, train.chunk_rows)
        return _cpu_threads(self._device, rows * self._n_params)

    def _hidden_sizes(self) -> tuple[int, ...]:
        sizes = self.hidden_layer_sizes
        sizes = [sizes] if isinstance(sizes, Integral) else list(sizes)
        if not all(isinstance(s, Integral) and not isinstance(s, bool) and s > 0 for s in sizes):
            raise ValueError(
                f"The 'hidden_layer_sizes' parameter of {type(self).__name__} must hold "
                f"positive integers (one width per hidden layer; () for a linear model). Got "
                f"{self.hidden_layer_sizes!r} instead."
            )
        return tuple(int(s) for s in sizes)

    def _init_model(self, X, n_outputs: int, hidden, arch, rng) -> None:
        self._device = _device(self.device)
        self._dtype = torch.float32 if X.dtype == np.float32 else torch.float64
        name, options = self._model_spec(n_outputs)
        if hidden:
            name, options = "mlp", {"hidden": hidden, "activation": self.activation}
        seed = int(rng.randint(np.iinfo(np.int32).max))
        # torch's default initialisation draws from the global generator: seed a private
        # copy of it, so that fitting neither depends on nor disturbs the caller's torch RNG.
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(seed)
            model = build_model(name, X.shape[1], n_outputs, task=self._task, **options)
        self.model_ = model.to(device=self._device, dtype=self._dtype)
        self._penalized = [p for p in self.model_.parameters() if p.ndim >= 2]
        self._n_params = sum(p.numel() for p in self.model_.parameters())
        self._arch = arch

    def _split(self, X, y, y_enc, w, rng):
        idx = np.arange(X.shape[0])
        stratify = y if self._task == "classification" else None
        try:
            tr, va = train_test_split(idx, test_size=self.validation_fraction,
                                      random_state=rng, stratify=stratify)
        except ValueError as err:
            raise ValueError(
                f"early_stopping=True could not hold out validation_fraction="
                f"{self.validation_fraction} of {X.shape[0]} samples: {err}"
            ) from None
        make = lambda i: _Data(X[i], y_enc[i], w[i], self._dtype, self._device)  # noqa: E731
        return make(tr), make(va)

    def _epochs(self, train: _Data, val: _Data | None, *, n_epochs: int, stop: bool) -> None:
        model, opt, loss_fn = self.model_, self._optimizer, self._loss_fn()
        alpha = float(self.alpha)
        batch_size = self.batch_size
        history = self.history_
        no_improvement = 0
        best_state = None
        converged = False
        first_epoch = len(self.loss_curve_)
        for _ in range(n_epochs):
            started = time.perf_counter()
            epoch_loss = torch.zeros((), dtype=self._dtype, device=self._device)
            for idx, n_b in train.batches(batch_size, self._rng):
                scale = 1.0 / (n_b * train.mean_w) if train.mean_w > 0 else 0.0
                opt.zero_grad(set_to_none=True)
                total = None
                for xb, yb, wb in train.chunks(idx):
                    term = (loss_fn(model(xb), yb) * wb).sum() * scale
                    if total is None and alpha > 0:
                        term = term + 0.5 * alpha * sum(p.square().sum() for p in self._penalized)
                    term.backward()
                    total = term.detach() if total is None else total + term.detach()
                lrs = [g["lr"] for g in opt.param_groups]  # the rates this update uses
                opt.step()
                if self._scheduler is not None:
                    self._scheduler.step()
                epoch_loss += total * (n_b / train.n)
            loss = float(epoch_loss)
            self.n_iter_ += 1
            self.t_ += train.n
            self.loss_curve_.append(loss)
            if not np.isfinite(loss) or not self._weights_finite():
                raise ValueError(
                    f"{type(self).__name__}: the training loss became {loss} in epoch "
                    f"{self.n_iter_} (optimizer={self.optimizer!r}, lr={self.lr_:g}): gradient "
                    f"descent diverged. Lower lr, or standardize the features (e.g. with "
                    f"StandardScaler in a Pipeline)"
                    + (" and the targets." if self._task == "regression" else ".")
                )
            self.best_loss_ = min(self.best_loss_, loss)
            row = {"epoch": self.n_iter_ - 1, "loss": loss, "lr": [float(v) for v in lrs]}
            if val is not None:
                val_loss, score = self._evaluate(val, loss_fn)
                row.update({"val_loss": val_loss, f"val_{self._metric}": score})
                self.validation_scores_.append(score)
            if isinstance(getattr(self._scheduler, "schedule", None), schedules.Plateau):
                self._scheduler.observe(row["val_loss"] if val is not None else loss)
            row["seconds"] = time.perf_counter() - started
            history.append_epoch(**row)
            if self.verbose:
                extra = (f", validation {self._metric} = {self.validation_scores_[-1]:.6g}"
                         if val is not None else "")
                print(f"Epoch {self.n_iter_}, loss = {loss:.8g}{extra}")
            if not stop:
                continue
            # Stopping rules, as scikit-learn's MLP: n_iter_no_change epochs in a row without
            # an improvement of more than tol on the best so far.
            if val is not None:
                score = self.validation_scores_[-1]
                if not score > self.best_validation_score_ + self.tol:
                    no_improvement += 1
                else:
                    no_improvement = 0
                if score > self.best_validation_score_:
                    self.best_validation_score_ = score
                    history.best_epoch = self.n_iter_ - 1
                    best_state = {k: v.detach().clone()
                                  for k, v in model.state_dict().items()}
            else:
                if loss > (min(self.loss_curve_[:-1], default=np.inf) - self.tol):
                    no_improvement += 1
                else:
                    no_improvement = 0
                if loss <= self.best_loss_:
                    history.best_epoch = self.n_iter_ - 1
            if no_improvement >= self.n_iter_no_change:
                converged = True
                break
        if not stop:
            history.stopped_because = "partial_fit: one epoch over the data given"
            return
        if best_state is not None:
            model.load_state_dict(best_state)
        what = ("validation " + self._metric) if val is not None else "training loss"
        curve = self.loss_curve_[first_epoch:]
        if converged and val is None and self._rose(curve):
            # "No improvement" because the loss climbed away from its best is no convergence.
            history.converged = False
            history.stopped_because = (
                f"the training loss rose for n_iter_no_change={self.n_iter_no_change} epochs "
                f"instead of levelling off"
            )
            warnings.warn(self._divergence_message(curve), ConvergenceWarning, stacklevel=5)
        elif converged:
            history.converged = True
            history.stopped_because = (
                f"the {what} did not improve by more than tol={self.tol:g} for "
                f"n_iter_no_change={self.n_iter_no_change} epochs"
            )
        else:
            history.converged = False
            history.stopped_because = f"reached max_epochs={self.max_epochs}"
            warnings.warn(self._convergence_message(curve, val is not None),
                          ConvergenceWarning, stacklevel=5)

    def _rose(self, curve: list[float]) -> bool:
        """Did the loss end clearly above its best (by more than tol and 5%)?"""
        best = min(curve)
        return curve[-1] > best + max(self.tol, 0.05 * abs(best))

    def _weights_finite(self) -> bool:
        return all(bool(torch.isfinite(p).all()) for p in self.model_.parameters())

    @torch.no_grad()
    def _evaluate(self, val: _Data, loss_fn) -> tuple[float, float]:
        outs, loss_sum = [], 0.0
        for xb, yb, wb in val.chunks(None):
            out = self.model_(xb)
            loss_sum += float((loss_fn(out, yb) * wb).sum())
            outs.append(out)
        out = torch.cat(outs).cpu().numpy()
        w = val.w.cpu().numpy()
        w_sum = float(w.sum())
        val_loss = loss_sum / w_sum if w_sum > 0 else float("nan")
        return val_loss, float(self._score_outputs(out, val.y.cpu().numpy(), w))

    def _window(self, curve: list[float]) -> tuple[np.ndarray, int]:
        k = min(self.n_iter_no_change, len(curve) - 1)
        return np.asarray(curve[-(k + 1):]), k

    def _advice_lr_large(self) -> str:
        noisy = (", or use a larger batch_size (less mini-batch noise)"
                 if self.batch_size is not None else "")
        return f"lr (now {self.lr_:g}) is probably too large: lower it{noisy}."

    def _divergence_message(self, curve: list[float]) -> str:
        window, k = self._window(curve)
        best = min(curve)
        best_at = curve.index(best) + 1
        rises = int((np.diff(window) > 0).sum())
        return (
            f"{type(self).__name__} stopped after n_iter_no_change={self.n_iter_no_change} "
            f"epochs without improving on its best training loss ({best:.4g}, epoch "
            f"{best_at}), but the loss did not level off: it went up in {rises} of the last "
            f"{k} epochs and ended at {curve[-1]:.4g} ({_growth(best, curve[-1])} from that "
            f"best). " + self._advice_lr_large()
        )

    def _convergence_message(self, curve: list[float], early: bool) -> str:
        head = f"{type(self).__name__} stopped at max_epochs={self.max_epochs} before converging: "
        window, k = self._window(curve)
        if k < 1:
            return (head + f"one epoch cannot show convergence (training loss {curve[-1]:.4g}). "
                    f"Increase max_epochs.")
        rises = int((np.diff(window) > 0).sum())
        first, last = float(window[0]), float(window[-1])
        # Losses are >= 0: the mean relative change per epoch is geometric.
        rate = 1 - (last / first) ** (1 / k) if first > 0 and last > 0 else 0.0
        span = f"the last {k} epoch{'s' if k > 1 else ''}"
        if early:
            scores = self.validation_scores_
            best_at = int(np.argmax(scores)) + 1
            observed = (
                f"the validation {self._metric} was still improving by more than "
                f"tol={self.tol:g} (best {max(scores):.4g} at epoch {best_at} of "
                f"{len(scores)}, fewer than n_iter_no_change={self.n_iter_no_change} epochs "
                f"before the end), and the training loss "
            )
        else:
            observed = "the training loss "
        if last > first:
            return (head + observed + f"{_growth(first, last)} over {span} (it went up in "
                    f"{rises} of them): " + self._advice_lr_large())
        if rises > 0:
            return (head + observed + f"was oscillating: it went up in {rises} of {span} "
                    f"while falling by {rate:.2%} per epoch overall (tol={self.tol:g}). lr (now "
                    f"{self.lr_:g}) may be too large: lower it"
                    + (" or use a larger batch_size" if self.batch_size is not None else "")
                    + ", or increase max_epochs.")
        return (head + observed + f"was still falling by {rate:.2%} per epoch over {span} "
                f"(by {(first - last) / k:.3g} per epoch; tol={self.tol:g}). Increase "
                f"max_epochs, or raise lr (now {self.lr_:g}).")

    # -- prediction ---------------------------------------------------------------------------

    @torch.no_grad()
    def _forward(self, X) -> np.ndarray:
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, accept_sparse="csr",
                          dtype=(np.float64, np.float32))
        model = self.model_
        step = (max(1, _DENSE_CHUNK // max(1, X.shape[1])) if sp.issparse(X)
                else _PREDICT_ROWS)
        outs = []
        with _cpu_threads(self._device, min(step, X.shape[0]) * self._n_params):
            for start in range(0, X.shape[0], step):
                part = X[start:start + step]
                if sp.issparse(part):
                    part = part.toarray()
                outs.append(model(_tensor(part, self._dtype, self._device)).cpu().numpy())
        return np.concatenate(outs) if len(outs) > 1 else outs[0]

    def _linear_layer(self) -> torch.nn.Linear:
        check_is_fitted(self)
        if self._arch[0]:
            raise AttributeError(
                f"coef_ and intercept_ exist for the linear model only (hidden_layer_sizes=()); "
                f"this {type(self).__name__} has hidden layers {self._arch[0]}: see model_"
            )
        layers = [m for m in self.model_.modules() if isinstance(m, torch.nn.Linear)]
        return layers[-1]


class GDRegressor(RegressorMixin, _BaseGD):
    """Linear regression or an MLP regressor, trained by descend's gradient descent.

    Parameters
    ----------
    hidden_layer_sizes : tuple of int, default=()
        Widths of the hidden layers; ``()`` is linear regression.
    activation : {"relu", "tanh", "gelu", "sigmoid"}, default="relu"
        Hidden-layer activation.
    loss : {"mse", "mae", "huber"} or None, default=None
        Per-example loss (None: "mse"; "squared_error" and "absolute_error" are aliases).
        Multi-output targets average it over the outputs.
    optimizer : str, default="adam"
        Any name known to :func:`descend.optim.create` ("gd", "sgd", "momentum", "adam", ...).
    lr : float or "auto", default=1e-3
        Learning rate. "auto" runs :func:`descend.lr_find`'s range test (its suggestion is
        what ``descend.train(lr="auto")`` uses) on the training data at the start of each
        ``fit`` (on the first ``partial_fit``), with the same model, optimizer, kind of step
        (mini-batches of ``batch_size``, or full-batch) and weighted loss, seeded from
        ``random_state``; the rate found is ``lr_``. When the
        test finds none, a warning says why and the optimizer's default rate is used.
    schedule : str, descend.schedules.Schedule or None, default=None
        How the learning rate changes with each update (optimizer step). A name of
        ``descend.schedules.run_names()`` ("cosine", "warmup+cosine", "onecycle", ...) is sized
        to the fit as :func:`descend.schedules.for_run` says: base rate ``lr_``, horizon
        ``max_epochs`` epochs of updates. A ``Schedule`` object (e.g.
        ``descend.schedules.step_decay(0.1, step_size=100)``) sets every rate itself, and a
        ``descend.schedules.plateau`` one sees the training loss (with early stopping, the
        validation loss) after every epoch. Each ``fit`` restarts the schedule;
        ``partial_fit`` continues it from call to call (a name is then sized to
        ``max_epochs`` calls on data the size of the first call's).
    alpha : float, default=0.0
        L2 penalty ``alpha / 2 * ||W||^2`` on the weight matrices (not the biases), added to
        the loss, so it means the same for every optimizer. (Rules with their own decoupled
        decay, such as "adamw", keep that too.)
    batch_size : int or None, default=32
        Mini-batch size; None is full-batch gradient descent (one step per epoch).
    max_epochs : int, default=200
        Most passes over the training data per ``fit``.
    tol, n_iter_no_change : float, int, default=1e-4, 5
        ``fit`` stops when the training loss (or, with early stopping, the validation score)
        has not improved on its best by more than ``tol`` (absolute, as in scikit-learn's
        MLP) for ``n_iter_no_change`` epochs in a row. Stopping at ``max_epochs`` first, or
        with a loss that climbed away from its best, warns (``ConvergenceWarning``) with
        what the loss did and which setting to change.
    early_stopping : bool, default=False
        Hold out ``validation_fraction`` of the data, stop on its R², restore the best weights.
    validation_fraction : float, default=0.1
    random_state : int, RandomState or None, default=None
        Seeds the initial weights, the shuffling and the validation split.
    warm_start : bool, default=False
        ``fit`` continues from the fitted weights (with a fresh optimizer).
    verbose : bool, default=False
        Print the loss after each epoch.
    device : str, default="cpu"
        torch device: "cpu", "cuda", "cuda:N", "mps" or "auto".

    Attributes
    ----------
    model_ : torch.nn.Module
    coef_, intercept_ : ndarray
        Linear model only: ``coef_`` has shape (n_features,), or (n_targets, n_features)
        for 2-d ``y``.
    loss_curve_ : list of float
        Training objective (loss plus penalty) of each epoch.
    validation_scores_ : list of float or None
        R² on the held-out data after each epoch of the last ``fit`` (``early_stopping=True``
        only; ``partial_fit`` never holds data out).
    best_validation_score_ : float or None
    best_loss_ : float
        Lowest training objective seen.
    n_iter_ : int
        Epochs run (``partial_fit`` counts one per call; ``warm_start`` accumulates).
    lr_ : float
        The learning rate the fit started from: ``lr``, or what lr="auto" found.
    lr_finder_ : descend.LRFinderResult
        lr="auto" only: the range test (``lr_finder_.plot()`` draws it).
    t_ : int
        Training samples seen.
    history_ : descend.training.history.History
        Per-epoch record (``epochs["loss"]``, ``"lr"``: the rates of the epoch's last update,
        ``"val_loss"``, ``"val_r2"``, ``"seconds"``), ``stopped_because`` and ``converged``.
    n_features_in_, feature_names_in_

    Notes
    -----
    ``X`` may be a scipy sparse matrix: each batch is made dense a few rows at a time. Small
    problems run their torch ops on one CPU thread (faster than a thread pool there).

    Examples
    --------
    >>> import numpy as np
    >>> from descend import GDRegressor
    >>> rng = np.random.RandomState(0)
    >>> X = rng.normal(size=(200, 3))
    >>> y = X @ [1.0, -2.0, 0.5] + 3.0
    >>> reg = GDRegressor(optimizer="gd", lr=0.3, batch_size=None, max_epochs=300,
    ...                   random_state=0).fit(X, y)
    >>> np.round(reg.coef_, 3), round(reg.intercept_, 3)
    (array([ 1. , -2. ,  0.5]), 3.0)
    >>> auto = GDRegressor(lr="auto", schedule="cosine", max_epochs=30, random_state=0).fit(X, y)
    >>> bool(1e-4 < auto.lr_ < 10), round(auto.score(X, y), 3)
    (True, 1.0)
    """

    _parameter_constraints = {
        **_BaseGD._parameter_constraints,
        "loss": [StrOptions(set(_REGRESSION_LOSSES)), None],
    }
    _task, _metric = "regression", "r2"

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Fit to ``X``, ``y`` (optionally weighted); returns ``self``."""
        return self._fit(X, y, sample_weight, partial=False)

    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, sample_weight=None):
        """One epoch over ``X``, ``y``, continuing the weights, the optimizer's state and the
        schedule."""
        return self._fit(X, y, sample_weight, partial=True)

    def predict(self, X):
        """Predictions, shape (n_samples,) or (n_samples, n_targets) for 2-d ``y``."""
        out = self._forward(X)
        return out[:, 0] if self._y_1d else out

    @property
    def coef_(self):
        w = self._linear_layer().weight.detach().cpu().numpy().copy()
        return w[0] if self._y_1d else w

    @property
    def intercept_(self):
        b = self._linear_layer().bias.detach().cpu().numpy().copy()
        return float(b[0]) if self._y_1d else b

    def _validate_xy(self, X, y, reset):
        return validate_data(self, X, y, reset=reset, accept_sparse="csr",
                             dtype=(np.float64, np.float32), multi_output=True, y_numeric=True)

    def _targets(self, y, sample_weight, *, partial, continuing, classes):
        y_1d = y.ndim == 1
        y2 = y.reshape(-1, 1) if y_1d else y
        if continuing and y_1d != self._y_1d:
            raise ValueError(
                f"y is {'1-d' if y_1d else '2-d'} but {type(self).__name__} was fitted on "
                f"{'1-d' if self._y_1d else '2-d'} y; warm_start and partial_fit need the same "
                f"targets."
            )
        self._y_1d = y_1d
        self.n_outputs_ = y2.shape[1]
        return y2.astype(y2.dtype if y2.dtype.kind == "f" else np.float64), y2.shape[1]

    def _model_spec(self, n_outputs):
        return "linear", {}

    def _loss_fn(self):
        return _REGRESSION_LOSSES[self.loss or "mse"]

    def _score_outputs(self, out, y, w):
        return r2_score(y, out, sample_weight=w)


class GDClassifier(ClassifierMixin, _BaseGD):
    """Logistic / softmax regression or an MLP classifier, trained by descend's gradient
    descent.

    With ``hidden_layer_sizes=()`` two classes give binary logistic regression (one logit,
    sigmoid) and more classes softmax (multinomial) regression. The loss is the log-loss
    (binary or multinomial cross-entropy). Parameters, stopping rules and attributes are
    those of :class:`GDRegressor`, with the validation score being accuracy; ``loss`` may be
    None or "log_loss" ("cross_entropy" is an alias).

    Attributes
    ----------
    classes_ : ndarray
    coef_, intercept_ : ndarray
        Linear model only: shapes (1, n_features) and (1,) for two classes, (n_classes,
        n_features) and (n_classes,) for more.
    model_, loss_curve_, validation_scores_, best_validation_score_, best_loss_, n_iter_,
    t_, lr_, lr_finder_, history_, n_features_in_, feature_names_in_
        As in :class:`GDRegressor`.

    Examples
    --------
    >>> from descend import GDClassifier
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.preprocessing import StandardScaler
    >>> X, y = load_iris(return_X_y=True)
    >>> clf = make_pipeline(StandardScaler(), GDClassifier(lr=0.1, batch_size=None,
    ...                                                    max_epochs=500, random_state=0))
    >>> clf.fit(X, y).score(X, y) > 0.9
    True
    >>> clf[-1].n_iter_ < 500  # converged: no ConvergenceWarning
    True
    >>> print(clf.predict_proba(X[:1]).sum(axis=1))
    [1.]
    """

    _parameter_constraints = {
        **_BaseGD._parameter_constraints,
        "loss": [StrOptions({"log_loss", "cross_entropy"}), None],
    }
    _task, _metric = "classification", "accuracy"

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Fit to ``X``, ``y`` (optionally weighted); returns ``self``."""
        return self._fit(X, y, sample_weight, partial=False)

    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, classes=None, sample_weight=None):
        """One epoch over ``X``, ``y``, continuing the weights, the optimizer's state and the
        schedule.

        ``classes`` (all the labels ``y`` may ever hold) is required on the first call.
        """
        return self._fit(X, y, sample_weight, partial=True, classes=classes)

    def decision_function(self, X):
        """Logits: shape (n_samples,) for two classes (positive: ``classes_[1]``), else
        (n_samples, n_classes)."""
        out = self._forward(X)
        return out[:, 0] if len(self.classes_) == 2 else out

    def predict_proba(self, X):
        """Class probabilities, shape (n_samples, n_classes); rows sum to 1."""
        out = torch.from_numpy(self._forward(X))
        if len(self.classes_) == 2:
            p = torch.sigmoid(out[:, 0])
            return torch.stack([1 - p, p], dim=1).numpy()
        return torch.softmax(out, dim=1).numpy()

    def predict_log_proba(self, X):
        """Log of :meth:`predict_proba`, computed stably from the logits."""
        out = torch.from_numpy(self._forward(X))
        if len(self.classes_) == 2:
            z = out[:, 0]
            return torch.stack([F.logsigmoid(-z), F.logsigmoid(z)], dim=1).numpy()
        return torch.log_softmax(out, dim=1).numpy()

    def predict(self, X):
        """Predicted class labels."""
        out = self._forward(X)
        if len(self.classes_) == 2:
            return self.classes_[(out[:, 0] > 0).astype(int)]
        return self.classes_[out.argmax(axis=1)]

    @property
    def coef_(self):
        return self._linear_layer().weight.detach().cpu().numpy().copy()

    @property
    def intercept_(self):
        return self._linear_layer().bias.detach().cpu().numpy().copy()

    def _validate_xy(self, X, y, reset):
        return validate_data(self, X, y, reset=reset, accept_sparse="csr",
                             dtype=(np.float64, np.float32))

    def _targets(self, y, sample_weight, *, partial, continuing, classes):
        name = type(self).__name__
        check_classification_targets(y)
        if partial:
            if _check_partial_fit_first_call(self, classes) and len(self.classes_) < 2:
                del self.classes_
                raise ValueError(f"{name} needs at least 2 classes, got classes="
                                 f"{list(classes)}.")
            unknown = np.setdiff1d(np.unique(y), self.classes_)
            if unknown.size:
                raise ValueError(f"y holds labels {unknown.tolist()} that are not in classes "
                                 f"{self.classes_.tolist()} (given on the first partial_fit).")
        else:
            found = np.unique(y)
            if continuing and not np.array_equal(found, self.classes_):
                raise ValueError(
                    f"warm_start=True needs y with the same classes as the previous fit: "
                    f"fitted on {self.classes_.tolist()}, now y has {found.tolist()}. Set "
                    f"warm_start=False to fit the new classes."
                )
            weighted = np.unique(y[sample_weight > 0])
            if len(weighted) < 2:
                raise ValueError(
                    f"{name} needs samples of at least 2 classes (with positive "
                    f"sample_weight), but the data holds only one class: {weighted.tolist()}."
                )
            self.classes_ = found
        encoded = np.searchsorted(self.classes_, y)
        if len(self.classes_) == 2:
            return encoded.astype(np.float64), 1
        return encoded.astype(np.int64), len(self.classes_)

    def _model_spec(self, n_outputs):
        return ("logistic" if n_outputs == 1 else "softmax"), {}

    def _loss_fn(self):
        return _binary_log_loss if len(self.classes_) == 2 else _multinomial_log_loss

    def _score_outputs(self, out, y, w):
        pred = (out[:, 0] > 0).astype(np.int64) if out.shape[1] == 1 else out.argmax(axis=1)
        return accuracy_score(y.astype(np.int64), pred, sample_weight=w)
