"""What :class:`~descend.estimators.GDRegressor` and :class:`~descend.estimators.GDClassifier`
share: their parameters and how they are checked, the model, and fitting through the training
engine (:class:`descend.training.engine.Engine`, the loop of ``descend.train``; the epochs
themselves in :mod:`descend.estimators.engine_fit`).

The objective is the sample-weighted mean of the per-example loss plus an L2 penalty on the
weight matrices (not the biases)::

    sum_i w_i * loss_i / sum_i w_i  +  alpha / 2 * sum ||W||^2

With ``batch_size=None`` every epoch is one full-batch step on exactly that objective; with
mini-batches each step is an unbiased estimate of it.
"""

from __future__ import annotations

import inspect
import warnings
from numbers import Integral, Real

import numpy as np
import torch
from sklearn.base import BaseEstimator
from sklearn.utils import check_random_state

# scikit-learn's parameter constraints have no public home (sklearn.utils._param_validation
# is what its own estimators and the developer guide use).
from sklearn.utils._param_validation import Interval, StrOptions

from .. import optim, schedules
from .._plural import counted
from ..instruments.batch_size import PROBE_EXAMPLES
from ..training.data.default_batch import default_batch
from ..training.data.index_labels import index_labels
from ..training.history import History
from ..training.models import ACTIVATIONS, build_model
from .data import ArrayData, cpu_threads, device_of, sample_weights, split
from .engine_fit import EngineFit
from .failed_checks import expected_failed_checks
from .moments import weighted_moments
from .objective import Objective
from .optimizer_setup import FitOptimizer
from .params import Names, validate
from .prediction import Prediction
from .unknown_parameters import InitSignature, check_keywords, sklearn_advice

__all__ = ["BaseGD", "expected_failed_checks"]


def _sparse_rules() -> dict[str, str]:
    """The optimizer names an estimator refuses, each with why: the rules that take sparse
    gradients only (SparseAdam), which an estimator's model of linear layers never gets (torch's
    "SparseAdam does not support dense gradients" came from inside the first step)."""
    return {
        name: f"{optim.rule_class(name).__name__} takes sparse gradients only (an nn.Embedding(sparse=True)'s, in "
        "descend.train), and the estimator's linear layers get dense ones: give optimizer='adam', the same rule on "
        "every coordinate."
        for name in optim.names()
        if optim.sparse_only(name)
    }


class BaseGD(Prediction, FitOptimizer, EngineFit, BaseEstimator):
    r"""What both estimators share: parameters, data handling and fitting through the engine,
    which minimises :math:`\sum_i w_i \ell_i / \sum_i w_i + \tfrac{\alpha}{2} \sum \|W\|^2`.

    >>> import numpy as np
    >>> from descend import GDClassifier, GDRegressor
    >>> issubclass(GDRegressor, BaseGD), issubclass(GDClassifier, BaseGD)
    (True, True)
    >>> X = np.linspace(-1, 1, 20).reshape(-1, 1)
    >>> reg = GDRegressor(optimizer="gd", lr=0.5, batch_size=None, random_state=0).fit(X, 2 * X[:, 0] + 1)
    >>> reg.n_iter_, round(reg.score(X, 2 * X[:, 0] + 1), 4), reg.history_.stopped_because
    (7, 1.0, 'the training loss did not improve by more than tol=0.0001 for n_iter_no_change=5 epochs')
    """

    _parameter_constraints: dict = {
        "hidden_layer_sizes": ["array-like", Interval(Integral, 1, None, closed="left")],
        "activation": [Names(ACTIVATIONS)],
        "optimizer": [Names(optim.names(), refused=_sparse_rules())],
        "lr": [Interval(Real, 0, None, closed="neither"), Names(["default", "auto"])],
        "schedule": [None, str, schedules.Schedule],
        "alpha": [Interval(Real, 0, None, closed="left")],
        "batch_size": [Interval(Integral, 1, None, closed="left"), None, StrOptions({"auto", "default"})],
        "max_epochs": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left")],
        "n_iter_no_change": [Interval(Integral, 1, None, closed="left")],
        "early_stopping": ["boolean"],
        "validation_fraction": [Interval(Real, 0, 1, closed="neither")],
        "random_state": ["random_state"],
        "warm_start": ["boolean"],
        "verbose": ["verbose"],
        "device": [str, torch.device],
        "track_examples": ["boolean"],
        "scale_features": ["boolean"],
    }

    __signature__ = InitSignature()  # __init__'s, not __new__'s (*args, **kwargs)

    def __new__(cls, *args, **kwargs):
        # Checked before __init__, which scikit-learn wants free of **kwargs: a scikit-learn
        # name (max_iter, solver...) gets descend's, not Python's error naming BaseGD.__init__.
        # A subclass whose own __init__ takes **kwargs passes them on: Python's error is then its.
        parameters = inspect.signature(cls).parameters
        if not any(p.kind is p.VAR_KEYWORD for p in parameters.values()):
            check_keywords(cls, kwargs, parameters)
        return super().__new__(cls)

    _x_moments = None  # (mean, sd) per feature of a fit with scale_features=True; None: raw features
    _task = ""  # "regression" or "classification"
    _metric = ""  # the validation score's name in history_: "r2" or "accuracy"

    def __init__(
        self,
        hidden_layer_sizes=(),
        activation="relu",
        loss=None,
        optimizer="adam",
        lr="default",
        schedule=None,
        alpha=0.0,
        batch_size="default",
        max_epochs=200,
        tol=1e-4,
        n_iter_no_change=5,
        early_stopping=False,
        validation_fraction=0.1,
        random_state=None,
        warm_start=False,
        verbose=False,
        device="cpu",
        track_examples=False,
        scale_features=True,
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
        self.track_examples = track_examples
        self.scale_features = scale_features

    def __setstate__(self, state):
        state.setdefault("scale_features", False)  # an estimator pickled before the option fitted raw features
        super().__setstate__(state)
        record, labels = getattr(self, "examples_record_", None), getattr(self, "examples_index_", None)
        # Pickled before the record kept X's index labels, they were the estimator's alone.
        if record is not None and labels is not None and record.index_labels is None and len(labels) == record.n_rows:
            record.index_labels = np.asarray(labels)

    def set_params(self, **params):
        """scikit-learn's ``set_params``; a scikit-learn name (``max_iter``, ``solver``...) is
        refused with descend's (as in ``GridSearchCV(param_grid={"max_iter": ...})``)."""
        try:
            return super().set_params(**params)
        except ValueError as error:
            hint = "".join(sklearn_advice(name) for name in params if name not in self.get_params(deep=False))
            if not hint:
                raise
            raise ValueError(f"{error}{hint}") from None

    def _validate_params(self):
        # scikit-learn's check, with the allowed names in order and the closest suggested.
        validate(self._parameter_constraints, self.get_params(deep=False), type(self).__name__)

    def _check_params(self) -> None:
        """Every check ``fit`` makes of the parameters alone, before it reads any data."""
        self._validate_params()
        self._checked_schedule()
        self._hidden_sizes()

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

    def _loss_name(self) -> str:
        """The name of the training loss in :mod:`descend.training.losses`."""
        raise NotImplementedError

    def _score_outputs(self, out: np.ndarray, y: np.ndarray, w: np.ndarray) -> float:
        raise NotImplementedError

    # -- fitting ------------------------------------------------------------------------------

    def _fit(self, X, y, sample_weight, *, partial: bool, classes=None):
        schedule = self._checked_schedule()
        hidden = self._hidden_sizes()
        fitted = hasattr(self, "model_")
        continuing = fitted and (partial or self.warm_start)
        if continuing and (self._x_moments is not None) != bool(self.scale_features):
            raise ValueError(
                f"{type(self).__name__} cannot continue training (warm_start=True or partial_fit) with another "
                f"scale_features: fitted with scale_features={not self.scale_features}, now {self.scale_features}. "
                f"Set it back, or set warm_start=False (or fit a new estimator) to fit afresh."
            )
        self.examples_index_ = index_labels(X, y) if self.track_examples else None  # the record's rows, by label
        X, y = self._validate_xy(X, y, reset=not continuing)
        sample_weight = sample_weights(sample_weight, X)
        if not continuing:
            if self.scale_features:
                _warn_few_rows(type(self).__name__, "partial_fit" if partial else "fit", sample_weight)
            self._x_moments = weighted_moments(X, sample_weight) if self.scale_features else None
        y_enc, n_outputs = self._targets(y, sample_weight, partial=partial, continuing=continuing, classes=classes)
        arch = (hidden, self.activation if hidden else None, n_outputs)
        if continuing and arch != self._arch:
            raise ValueError(
                f"{type(self).__name__} cannot continue training (warm_start=True or "
                f"partial_fit) with a different network: fitted with hidden_layer_sizes="
                f"{self._arch[0]}, activation={self._arch[1]!r}, {counted(self._arch[2], 'output')}; "
                f"now hidden_layer_sizes={hidden}, activation={arch[1]!r}, "
                f"{counted(n_outputs, 'output')}. Set warm_start=False, or fit a new estimator."
            )
        rng = self._rng if (partial and fitted) else check_random_state(self.random_state)
        if not continuing:
            self._init_model(X, n_outputs, hidden, arch, rng)
            self.n_iter_, self.t_ = 0, 0
            self.loss_curve_ = []
            self.best_loss_ = np.inf
            self.history_ = History(task=self._task, model=self.model_)
        self._rng = rng
        self.validation_scores_ = None
        self.best_validation_score_ = None

        def make(rows=None):
            # rows=None: all of them, X itself (a sparse X[:] would be a copy of it)
            part = (X, y_enc, sample_weight) if rows is None else (X[rows], y_enc[rows], sample_weight[rows])
            return ArrayData.of(*part, self._dtype, self._device, self._x_moments)

        # The per-example record is keyed by the rows of X: (training rows, n, labels).
        self._tracked = (np.arange(len(y_enc)), len(y_enc), y_enc) if self.track_examples else None
        if partial:
            train = make()
            with self._threads(train):
                # partial_fit keeps the optimizer and the schedule from call to call.
                if not fitted:
                    self._start_optimizer(train, schedule, rng)
                self._run(train, None, n_epochs=1, stop=False)
            return self
        val = None
        if self.early_stopping:
            tr, va = split(y, self.validation_fraction, rng, self._task == "classification")
            train, val = make(tr), make(va)
            if self._tracked is not None:
                self._tracked = (np.asarray(tr), *self._tracked[1:])
        else:
            train = make()
        # A new fit (warm or not) starts a new optimizer and schedule, as scikit-learn's MLP.
        with self._threads(train):
            self._start_optimizer(train, schedule, rng)
            self._run(train, val, n_epochs=self.max_epochs, stop=True)
        return self

    def _objective(self) -> Objective:
        return Objective(self._loss_name(), self._penalized, self.alpha)

    def _threads(self, train: ArrayData):
        batch = default_batch(self.batch_size, self.optimizer)
        if batch == "auto":
            batch = getattr(self, "batch_size_", PROBE_EXAMPLES)
        rows = train.n if batch is None else min(batch, train.n)
        if train.sparse:
            rows = min(rows, train.chunk_rows)
        return cpu_threads(self._device, rows * self._n_params)

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
        self._device = device_of(self.device)
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


def _warn_few_rows(estimator: str, call: str, sample_weight: np.ndarray) -> None:
    """Warn where fewer than 2 rows of positive weight set the standardization: their sd is 0,
    so every column gets sd 1 (and the one row's values as mean), kept by later chunks."""
    rows = int(np.count_nonzero(sample_weight > 0))
    if rows < 2:
        warnings.warn(
            f"{estimator}.{call} learns the standardization (scale_features=True) from its first call's rows, "
            f"and this one has {counted(rows, 'row')} of positive weight: every column gets sd 1 and is centred on "
            f"that row, for every later partial_fit too. Give the first call at least 2 rows, or set "
            f"scale_features=False.",
            UserWarning,
            stacklevel=5,  # the caller of fit / partial_fit (through sklearn's fit_context)
        )
