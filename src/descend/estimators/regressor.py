"""``GDRegressor``: linear regression or an MLP regressor, fitted by descend's gradient descent
through the training engine, with a scikit-learn interface."""

from __future__ import annotations

import numpy as np
from sklearn.base import RegressorMixin

# No public route to scikit-learn's parameter validation (with nested validation skipped):
# _fit_context is what its own estimators use.
from sklearn.base import _fit_context as fit_context
from sklearn.metrics import r2_score

from ..training.data.standardize import standardize
from .base import BaseGD
from .finite_input import validate_xy
from .moments import weighted_moments
from .params import Names

__all__ = ["GDRegressor"]

# The estimator's loss names (scikit-learn's among them) and the training losses they are.
_LOSSES = {"mse": "mse", "squared_error": "mse", "mae": "mae", "absolute_error": "mae", "huber": "huber"}


class GDRegressor(RegressorMixin, BaseGD):
    """Linear regression or an MLP regressor, trained by descend's gradient descent.

    Parameters
    ----------
    hidden_layer_sizes : tuple of int, default=()
        Widths of the hidden layers; ``()`` is linear regression.
    activation : {"relu", "tanh", "gelu", "sigmoid"}, default="relu"
        Hidden-layer activation.
    loss : {"mse", "mae", "huber"} or None, default=None
        Per-example loss (None: "mse"; "squared_error" and "absolute_error" are aliases).
        Multi-output targets average it over the outputs. With ``scale_targets=True`` it is
        taken on the standardized targets: "huber"'s threshold 1 is then one standard
        deviation of each target.
    optimizer : str, default="adam"
        Any name known to :func:`descend.optim.create` ("gd", "sgd", "momentum", "adam", ...).
    lr : float, "default" or "auto", default="default"
        Learning rate. "default" is 3e-3 for "adam" (the default optimizer; its own 1e-3 left
        200 epochs still falling: raw iris CV accuracy 0.76, 0.95 at 3e-3, features raw; see
        :mod:`descend.optim.default_rate`), else the optimizer's own default rate, at least 1e-3: 1 for
        "lbfgs", "adadelta", "prodigy" and "lars"; 0.01 for "adagrad", "rmsprop", "asgd",
        "rprop" and "adafactor"; 0.0025 for "schedulefree_adamw", 0.002 for "nadam" and
        "adamax"; 1e-3 for the others ("sgd", "adamw", "lion"...; see
        :func:`descend.optim.default_rate.estimator_rate`). The rate used is ``lr_``; a number
        given is kept for every rule. "auto" runs the range test of ``descend.train(lr="auto")``
        (:func:`descend.training.range_test.range_test`) on the training data at the start of each
        ``fit`` (on the first ``partial_fit``), with the same model, optimizer, kind of step
        (mini-batches of ``batch_size``, or full-batch) and weighted loss, seeded from
        ``random_state``; the rate found is ``lr_``. When the
        test finds none, a warning says why and the rate of "default" is used.
    schedule : str, descend.schedules.Schedule or None, default=None
        How the learning rate changes with each update (optimizer step). A name of
        ``descend.schedules.run_names()`` ("cosine", "warmup+cosine", "onecycle", ...) is sized
        to the fit as :func:`descend.schedules.for_run` says: base rate ``lr_``, horizon
        ``max_epochs`` epochs of updates. A ``Schedule`` object (e.g.
        ``descend.schedules.step_decay(0.1, step_size=100)``) sets every rate itself (a
        numeric ``lr`` other than its first rate, or "auto", is refused), and a
        ``descend.schedules.plateau`` one sees the training loss (with early stopping, the
        validation loss) after every epoch. Each ``fit`` restarts the schedule;
        ``partial_fit`` continues it from call to call (a name is then sized to
        ``max_epochs`` calls on data the size of the first call's).
    alpha : float, default=0.0
        L2 penalty ``alpha / 2 * ||W||^2`` on the weight matrices (not the biases), added to
        the loss, so it means the same for every optimizer. (Rules with their own decoupled
        decay, such as "adamw", keep that too.) This is the ``alpha`` of scikit-learn's
        ``SGDClassifier`` / ``SGDRegressor`` with ``penalty="l2"``; scikit-learn's MLP divides
        its ``alpha`` by each batch's sample-weight sum, so ``MLPClassifier(alpha=a,
        batch_size=b)`` penalises as ``alpha=a / b`` does here. (With ``scale_targets=True``
        the weights it penalises fit the standardized targets; for the linear model with "mse"
        the minimiser is the same, loss and penalty both divided by the target's variance. With
        ``scale_features=True`` they are the standardized features' weights, as with a
        ``StandardScaler`` in a ``Pipeline``.)
    batch_size : int, None, "default" or "auto", default="default"
        Mini-batch size; None is full-batch gradient descent (one step per epoch), as is a
        batch of the training set's size or more (scikit-learn's MLP clips it so too; a number
        given warns, as MLP's does, where it is more than the fit's rows: a small
        cross-validation fold, a partial_fit chunk);
        "default" is 32, or the full batch for "lbfgs" and "rprop", rules for full-batch
        gradients (as ``descend.train``'s default; a number given is kept for every rule); "auto"
        picks it at the start of each ``fit`` from the gradient noise scale B_simple read
        after a warm-up of 5% of the fit at batch 32 on a discarded copy, as ``descend.train``
        does (the largest power of two at most B_simple, at least 32, within the data size
        and a memory limit; see :mod:`descend.instruments.batch_size`) and scales
        ``lr``, taken as the rate for batch 32, to it (for SGD-family optimizers by
        (1 + B_simple/32)/(1 + B_simple/B), by sqrt(B/32) for adaptive ones; with lr="auto"
        the range test runs at that batch). The batch used is ``batch_size_``. (scikit-learn's
        MLP's "auto" is ``min(200, n_samples)``: for that, give ``batch_size=200``.)
    max_epochs : int, default=200
        Most passes over the training data per ``fit`` (scikit-learn's MLP and SGD models call
        it ``max_iter``). With ``optimizer="lbfgs"`` an epoch is one full-batch L-BFGS step
        of up to 20 iterations (:class:`descend.optim.lbfgs.LBFGS`'s ``max_iter``), whereas
        scikit-learn's MLP counts each L-BFGS iteration against its ``max_iter``; as there,
        each iteration searches its step's length (strong Wolfe; ``lr`` the first step tried).
    tol, n_iter_no_change : float, int, default=1e-4, 5
        ``fit`` stops when the training loss (or, with early stopping, the validation score)
        has not improved on its best by more than ``tol`` (absolute, as in scikit-learn's
        MLP) for ``n_iter_no_change`` epochs in a row. Stopping at ``max_epochs`` first, or
        with a loss that climbed away from its best, warns (``ConvergenceWarning``) with
        what the loss did and which setting to change. (scikit-learn's MLP waits
        ``n_iter_no_change=10`` epochs by default, its SGD models 5.)
    early_stopping : bool, default=False
        Hold out ``validation_fraction`` of the data, stop on its R², restore the best weights.
    validation_fraction : float, default=0.1
    random_state : int, RandomState or None, default=None
        Seeds the initial weights, the shuffling and the validation split.
    warm_start : bool, default=False
        ``fit`` continues from the fitted weights (with a fresh optimizer) and the first fit's
        standardization of the features and targets (``scale_features``, ``scale_targets``).
    verbose : bool, default=False
        Print the loss after each epoch.
    device : str, default="cpu"
        torch device: "cpu", "cuda", "cuda:N" or "auto" (as ``descend.train``).
    track_examples : bool, default=False
        Record every training row's loss (classifiers: also the probability of its label,
        its margin and the predicted class) in each epoch, from the training steps' own
        forward passes, into ``examples_record_`` (see ``descend.train(track_examples=)``).
    scale_features : bool, default=True
        Fit the features standardized, ``(x - mean) / sd`` per column, as a ``StandardScaler`` in
        a ``Pipeline`` would but inside the estimator (see Notes): ``predict`` and ``score`` take
        raw ``X``, and ``coef_``, ``intercept_`` are in its units. A column 1000 times larger
        than the others then fits as the rest. ``False`` fits raw ``X`` (the default before
        session 39's round on the regressor's defaults).
    scale_targets : bool, default=True
        Fit the targets standardized, ``(y - mean) / sd`` per output, and map the predictions
        back (see Notes): targets far from 0 or of any scale are then as quick to fit as
        standardized ones. ``False`` fits raw ``y`` (the default before that round); with raw
        features of large magnitude, keep the two on or off together (see Notes).

    Attributes
    ----------
    model_ : torch.nn.Module
    coef_, intercept_ : ndarray
        Linear model only: ``coef_`` has shape (n_features,), or (n_targets, n_features)
        for 2-d ``y``.
    loss_curve_ : list of float
        Training objective (loss plus penalty) of each epoch; with ``scale_targets=True`` on
        the standardized targets: for "mse", the mean squared error over the targets'
        variance (1 - R² on the training data, where it has one output and no penalty).
    validation_scores_ : list of float or None
        R² on the held-out data after each epoch of the last ``fit`` (``early_stopping=True``
        only; ``partial_fit`` never holds data out).
    best_validation_score_ : float or None
    best_loss_ : float
        Lowest training objective seen.
    n_iter_ : int
        Epochs run (``partial_fit`` counts one per call; ``warm_start`` accumulates). With
        ``optimizer="lbfgs"``, L-BFGS steps, not its inner iterations (see ``max_epochs``).
    lr_ : float
        The learning rate the fit started from: ``lr`` (lr="default" read for the optimizer),
        what lr="auto" found, or ``lr`` scaled to the batch that batch_size="auto" chose.
    batch_size_ : int or None
        The batch size of the fit: ``batch_size`` (32 or None for "default"), or the one
        batch_size="auto" chose (the measurement is in ``history_.batch_choice``).
    lr_finder_ : descend.LRFinderResult
        lr="auto" only: the range test (``lr_finder_.plot()`` draws it).
    t_ : int
        Training samples seen.
    history_ : descend.training.history.History
        Per-epoch record (``epochs["loss"]``, ``"lr"``: the rates of the epoch's last update,
        ``"val_loss"``, ``"val_r2"``, ``"seconds"``), ``stopped_because`` and ``converged``.
    examples_record_ : descend.training.ExampleRecord or None
        ``track_examples=True`` only (else ``None``): the per-example record of the last call
        that trained, ``fit`` or ``partial_fit``, over that call's epochs only, keyed by the
        rows of that call's ``X`` (rows held out by ``early_stopping`` are never seen: NaN).
        Each call may take other rows (a stream's next chunk), so the records of several calls
        are not joined, unlike ``loss_curve_`` and ``history_``, which run on over
        ``partial_fit`` calls and ``warm_start`` refits; its ``epochs`` are the model's epoch
        numbers (a ``warm_start`` refit after 3 epochs records epochs 3, 4, ...; the n-th
        ``partial_fit`` call, epoch n - 1 alone). For a record over many epochs, fit once with
        ``max_epochs`` epochs.
        For a classifier, labels and predictions are indices into ``classes_`` (its
        ``class_names``; the tables and pictures of ``descend.examples`` show the names).
    examples_index_ : ndarray or None
        ``track_examples=True`` only: where ``X`` (else ``y``) was a pandas DataFrame (or Series)
        whose index is not its rows' positions, each row's index label (also the record's
        ``index_labels``); the tables of ``descend.examples`` then add the column ``index_label``
        beside ``index`` (the row's position in ``X``), so ``df.loc[table["index_label"]]`` reads
        the examples, as ``descend.train`` on a DataFrame does. ``None`` otherwise.
    n_features_in_, feature_names_in_

    Notes
    -----
    An Adam step moves each weight by about ``lr``, so on raw targets an output of mean 152
    (diabetes) is ~50,000 steps of the default rate away: raw features and raw targets (the
    defaults before session 39) scored a 5-fold CV R² of -3.37 on standardized diabetes features
    (``Ridge()`` 0.49). ``scale_targets=True`` fits ``(y - mean) / sd`` per output instead, with the
    training rows' weighted mean and standard deviation (in float64; 1 for a constant target),
    learned by the first ``fit`` or ``partial_fit`` (a stream's first chunk) and kept by
    ``warm_start`` and later ``partial_fit`` calls; ``predict``, ``coef_`` and ``intercept_`` are
    mapped back to the targets' units, and ``score`` is R² on them, while ``model_``'s outputs, ``loss_curve_``, ``best_loss_``,
    ``history_`` and the per-example record are in standardized units. ``scale_features=True``
    standardizes each column with the training rows' weighted mean and standard deviation
    (sd 1 for a constant column; a sparse ``X`` stays sparse, each batch standardized as it is
    made dense), learned and kept as the targets' are;
    ``coef_`` and ``intercept_`` are folded back, ``W / sd`` and ``b - W @ (mean / sd)``;
    ``model_`` sees standardized features.

    The two go together. Alone, ``scale_targets=True`` multiplies each step's effect on a
    prediction by sd(y), so features of large magnitude left raw fit worse (session 38,
    ``bench/estimator_targets_s38_prereg.md``: linnerud raw -128 -> -662, make_regression with one
    column x1000 0.68 -> -11); alone, ``scale_features=True`` needs coefficients the size of sd(y)
    (session 39, ``bench/estimator_features_s39_prereg.md``: make_regression raw 0.87 -> 0.22).
    Both together won every one of that round's 12 cells, and then, read once on a fresh group of
    18 (``bench/estimator_regressor_defaults_s39_prereg.md``), lost none beyond the old defaults'
    seed spread: clipped mean R² 0.25 -> 0.78 (sparse_uncorrelated with y x100 + 1000: -8.55 ->
    0.90; friedman3 with a column x1000: -11773 -> 0.52); hence the defaults. With ``alpha > 0``
    the penalty is then on the standardized features' weights fitted to standardized targets, as
    with ``StandardScaler`` on ``X`` and ``y``: a given ``alpha`` is not the raw fit's penalty.

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
        **BaseGD._parameter_constraints,
        "loss": [Names(_LOSSES), None],
        "scale_targets": ["boolean"],
    }
    _task, _metric = "regression", "r2"
    _y_moments = None  # (mean, sd) per output of a fit with scale_targets=True; None: raw targets

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
        scale_targets=True,
    ):
        super().__init__(
            hidden_layer_sizes=hidden_layer_sizes,
            activation=activation,
            loss=loss,
            optimizer=optimizer,
            lr=lr,
            schedule=schedule,
            alpha=alpha,
            batch_size=batch_size,
            max_epochs=max_epochs,
            tol=tol,
            n_iter_no_change=n_iter_no_change,
            early_stopping=early_stopping,
            validation_fraction=validation_fraction,
            random_state=random_state,
            warm_start=warm_start,
            verbose=verbose,
            device=device,
            track_examples=track_examples,
            scale_features=scale_features,
        )
        self.scale_targets = scale_targets

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags

    @fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Fit to ``X``, ``y`` (optionally weighted); returns ``self``."""
        return self._fit(X, y, sample_weight, partial=False)

    @fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, sample_weight=None):
        """One epoch over ``X``, ``y``, continuing the weights, the optimizer's state, the
        schedule and the first call's standardization of the features (``scale_features=True``)
        and targets (``scale_targets=True``): a later chunk is read in the first chunk's units."""
        return self._fit(X, y, sample_weight, partial=True)

    def predict(self, X):
        """Predictions, shape (n_samples,) or (n_samples, n_targets) for 2-d ``y``."""
        out = self._in_target_units(self._forward(X))
        return out[:, 0] if self._y_1d else out

    @property
    def coef_(self):
        w = self._linear_params()[0]
        if self._y_moments is not None:
            w = (w * self._y_moments[1][:, None]).astype(w.dtype, copy=False)
        return w[0] if self._y_1d else w

    @property
    def intercept_(self):
        b = self._in_target_units(self._linear_params()[1])
        return float(b[0]) if self._y_1d else b

    def _in_target_units(self, out: np.ndarray) -> np.ndarray:
        """The network's outputs (or biases), fitted to standardized targets, in the targets' units."""
        if self._y_moments is None:
            return out
        shift, scale = self._y_moments
        return (out * scale + shift).astype(out.dtype, copy=False)

    def _validate_xy(self, X, y, reset):
        return validate_xy(
            self,
            X,
            y,
            reset=reset,
            accept_sparse="csr",
            dtype=(np.float64, np.float32),
            multi_output=True,
            y_numeric=True,
        )

    def _targets(self, y, sample_weight, *, partial, continuing, classes):
        if y.dtype.kind not in "biuf":
            # scikit-learn's y_numeric converts only object arrays: text would reach astype
            # below, which reads "1.5" as a number and fails on "a" without saying why.
            raise ValueError(
                f"{type(self).__name__} needs numeric targets y (bool, integer or float); y "
                f"has dtype {y.dtype} with values such as {y.flat[0].item()!r}. For class labels use "
                f"GDClassifier."
            )
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
        y2 = y2.astype(y2.dtype if y2.dtype.kind == "f" else np.float64)
        if not continuing:
            self._y_moments = weighted_moments(y2, sample_weight) if self.scale_targets else None
        if self._y_moments is None:
            return y2, y2.shape[1]
        return standardize(y2, *self._y_moments).astype(y2.dtype), y2.shape[1]

    def __setstate__(self, state):
        # A regressor pickled before the option fitted raw targets (and, by BaseGD's, raw features),
        # whatever today's defaults say.
        state.setdefault("scale_targets", False)
        super().__setstate__(state)

    def _diverged_advice(self) -> str:
        features = super()._diverged_advice()
        if self.scale_targets:
            return features
        targets = "scale_targets=True, the default"
        return f"{features} and the targets ({targets})" if features else f", or {targets}"

    def _model_spec(self, n_outputs):
        return "linear", {}

    def _loss_name(self):
        return _LOSSES[self.loss or "mse"]

    def _score_outputs(self, out, y, w):
        return r2_score(y, out, sample_weight=w)
