"""``GDClassifier``: logistic / softmax regression or an MLP classifier, fitted by descend's
gradient descent through the training engine, with a scikit-learn interface."""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from sklearn.base import ClassifierMixin

# No public route to scikit-learn's parameter validation (with nested validation skipped):
# _fit_context is what its own estimators use.
from sklearn.base import _fit_context as fit_context
from sklearn.metrics import accuracy_score

from .base import BaseGD
from .finite_input import validate_xy
from .labels import check_labels, encoded_labels, sorted_labels
from .params import Names

__all__ = ["GDClassifier", "first_partial_fit"]


# Where an estimator's classes_ came from, as its errors say it.
_FROM_FIT = "from fit's y"
_FROM_PARTIAL_FIT = "given as classes= on the first partial_fit"


def first_partial_fit(estimator, classes) -> bool:
    """Whether ``estimator`` has no classes yet (neither ``fit`` nor an earlier ``partial_fit``
    set them): then ``classes`` is required and becomes ``classes_``; else it must be ``None``
    or the classes ``classes_`` holds.
    (scikit-learn's ``_check_partial_fit_first_call`` is private.)

    >>> from types import SimpleNamespace
    >>> est = SimpleNamespace()
    >>> first_partial_fit(est, [0, 1]), est.classes_
    (True, array([0, 1]))
    >>> first_partial_fit(est, None)
    False
    >>> first_partial_fit(est, [0, 2])
    Traceback (most recent call last):
    ...
    ValueError: classes=[0, 2] is not the classes [0, 1] the estimator trains on (given as classes= on the first partial_fit); give those, or none (classes=None), to go on training, or fit a new estimator to train on others.
    >>> first_partial_fit(SimpleNamespace(), "ab")
    Traceback (most recent call last):
    ...
    ValueError: classes must be a 1-D array-like of every label y may hold (e.g. classes=np.unique(y)); got classes='ab'.
    """
    if getattr(estimator, "classes_", None) is None and classes is None:
        raise ValueError("classes must be passed on the first call to partial_fit.")
    if classes is None:
        return False
    if isinstance(classes, str) or np.ndim(classes) != 1:
        raise ValueError(
            f"classes must be a 1-D array-like of every label y may hold (e.g. "
            f"classes=np.unique(y)); got classes={classes!r}."
        )
    given = sorted_labels(np.asarray(classes), "classes")
    if getattr(estimator, "classes_", None) is not None:
        if not np.array_equal(estimator.classes_, given):
            # tolist(): plain values, not numpy 2's reprs such as np.int64(1)
            raise ValueError(
                f"classes={np.asarray(classes).tolist()} is not the classes {estimator.classes_.tolist()} the estimator "
                f"trains on ({getattr(estimator, '_classes_from', _FROM_PARTIAL_FIT)}); give those, or none "
                "(classes=None), to go on training, or fit a new estimator to train on others."
            )
        return False
    estimator.classes_ = given
    estimator._classes_from = _FROM_PARTIAL_FIT
    return True


class GDClassifier(ClassifierMixin, BaseGD):
    """Logistic / softmax regression or an MLP classifier, trained by descend's gradient
    descent.

    With ``hidden_layer_sizes=()`` two classes give binary logistic regression (one logit,
    sigmoid) and more classes softmax (multinomial) regression. The loss is the log-loss
    (binary or multinomial cross-entropy). Parameters, stopping rules and attributes are
    those of :class:`GDRegressor`, with the validation score being accuracy; ``loss`` may be
    None or "log_loss" ("cross_entropy" is an alias), and ``scale_features`` is True by default.

    ``scale_features=True`` (the default) fits on the features standardized inside ``fit`` (see
    :class:`GDRegressor`), so raw features of any scale need no ``StandardScaler``; ``coef_``
    and ``intercept_`` are in the raw features' units, and ``alpha`` penalises the standardized
    features' weights. Session 39 measured it (``bench/estimator_features_s39_prereg.md``, noise
    from the raw fit's seed spread): 5-fold CV accuracy with one column x1000, iris 0.38 -> 0.92,
    wine 0.63 -> 0.98; raw wine 0.92 -> 0.98, raw breast_cancer 0.92 -> 0.98; no task worse
    beyond the raw fit's noise (raw iris 0.95 -> 0.92, the closest). ``scale_features=False``
    fits the raw ``X``, as before.

    Attributes
    ----------
    classes_ : ndarray
    coef_, intercept_ : ndarray
        Linear model only: shapes (1, n_features) and (1,) for two classes, (n_classes,
        n_features) and (n_classes,) for more.
    model_, loss_curve_, validation_scores_, best_validation_score_, best_loss_, n_iter_,
    t_, lr_, lr_finder_, history_, examples_record_, examples_index_, n_features_in_, feature_names_in_
        As in :class:`GDRegressor`.

    Examples
    --------
    >>> from descend import GDClassifier
    >>> from sklearn.datasets import load_iris
    >>> X, y = load_iris(return_X_y=True)
    >>> clf = GDClassifier(lr=0.1, batch_size=None, max_epochs=500, random_state=0)  # standardizes X itself
    >>> clf.fit(X, y).score(X, y) > 0.9
    True
    >>> clf.n_iter_ < 500  # converged: no ConvergenceWarning
    True
    >>> print(clf.predict_proba(X[:1]).sum(axis=1))
    [1.]
    >>> X_mm = X * [10, 1, 1, 1]  # one column in mm, not cm: the same fit, coef_ in the raw units
    >>> GDClassifier(lr=0.1, batch_size=None, max_epochs=500, random_state=0).fit(X_mm, y).score(X_mm, y) > 0.9
    True
    """

    _parameter_constraints = {
        **BaseGD._parameter_constraints,
        "loss": [Names(("log_loss", "cross_entropy")), None],
    }
    _task, _metric = "classification", "accuracy"
    _classes_from = "from the first fit or partial_fit"  # an estimator pickled before it was kept

    @fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Fit to ``X``, ``y`` (optionally weighted); returns ``self``."""
        return self._fit(X, y, sample_weight, partial=False)

    @fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, classes=None, sample_weight=None):
        """One epoch over ``X``, ``y``, continuing the weights, the optimizer's state, the
        schedule and the first call's standardization of the features (``scale_features=True``):
        a later chunk is read in the first chunk's units (a first chunk of fewer than 2 rows is
        warned of: it gives every column sd 1).

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
        return self._linear_params()[0]

    @property
    def intercept_(self):
        return self._linear_params()[1]

    def _validate_xy(self, X, y, reset):
        return validate_xy(self, X, y, reset=reset, accept_sparse="csr", dtype=(np.float64, np.float32))

    def _targets(self, y, sample_weight, *, partial, continuing, classes):
        name = type(self).__name__
        known = check_labels(y)  # y's sorted labels, where the check needed them
        if partial:
            if first_partial_fit(self, classes) and len(self.classes_) < 2:
                del self.classes_
                # tolist(): plain values, not numpy 2's reprs such as np.int64(1)
                raise ValueError(
                    f"{name} needs at least 2 distinct classes, got classes={np.asarray(classes).tolist()}."
                )
            unknown = np.setdiff1d(sorted_labels(y) if known is None else known, self.classes_)
            if unknown.size:
                raise ValueError(
                    f"y holds labels {unknown.tolist()} that are not in classes {self.classes_.tolist()} "
                    f"({self._classes_from}), the outputs partial_fit trains; to train on them, fit on y holding every "
                    "label, or give every label as classes= on a new estimator's first partial_fit."
                )
        else:
            found = sorted_labels(y) if known is None else known
            if continuing and not np.array_equal(found, self.classes_):
                raise ValueError(
                    f"warm_start=True needs y with the same classes as the previous fit: "
                    f"fitted on {self.classes_.tolist()}, now y has {found.tolist()}. Set "
                    f"warm_start=False to fit the new classes."
                )
            positive = sample_weight > 0
            weighted = found if positive.all() else sorted_labels(y[positive])
            if len(weighted) < 2:
                raise ValueError(
                    f"{name} needs samples of at least 2 classes (with positive "
                    f"sample_weight), but the data holds only one class: {weighted.tolist()}."
                )
            self.classes_, self._classes_from = found, _FROM_FIT
        encoded = encoded_labels(self.classes_, y)
        if len(self.classes_) == 2:
            return encoded.astype(np.float64), 1
        return encoded.astype(np.int64), len(self.classes_)

    def _model_spec(self, n_outputs):
        return ("logistic" if n_outputs == 1 else "softmax"), {}

    def _loss_name(self):
        return "bce" if len(self.classes_) == 2 else "cross_entropy"

    def _score_outputs(self, out, y, w):
        pred = (out[:, 0] > 0).astype(np.int64) if out.shape[1] == 1 else out.argmax(axis=1)
        return accuracy_score(y.astype(np.int64), pred, sample_weight=w)
