"""What a study of a scikit-learn estimator (``GDClassifier``, ``GDRegressor``) adds to a train
study: its default space, the parameters its first trial starts from, and scikit-learn's checks
of ``cv`` and ``scoring`` before any trial. scikit-learn is imported inside these functions: a
train study does not need it.
"""

from __future__ import annotations

import hashlib
import inspect
import math
from typing import Any

import numpy as np

from .._checks import InvalidArgument
from .._names import did_you_mean
from ..optim.default_rate import estimator_rate
from ..training.data.default_batch import default_batch
from .batch_sizes import fit_batches

__all__ = [
    "ESTIMATOR_SPACE",
    "check_cross_validation",
    "estimator_space",
    "estimator_defaults",
    "fit_rows",
    "stored_form",
]

ESTIMATOR_SPACE = {
    "lr": {"low": 1e-4, "high": 1.0, "log": True},
    "alpha": {"low": 1e-7, "high": 1e-1, "log": True},
    "batch_size": [16, 32, 64, 128],  # those under a fold's rows, and "full" for the others: estimator_space
}


def check_cross_validation(estimator: Any, X: Any, y: Any, cv: Any, scoring: Any) -> None:
    """scikit-learn's checks of ``cv`` (its first split of ``X, y`` included: more folds than
    rows) and ``scoring``, each error naming the argument, before the study starts.

    >>> import numpy as np
    >>> from descend.estimators import GDClassifier
    >>> check_cross_validation(GDClassifier(), np.zeros((6, 2)), np.array([0, 1] * 3), 10, None)
    Traceback (most recent call last):
    ...
    descend._checks.InvalidArgument: cv=10: Cannot have number of splits n_splits=10 greater than the number of samples: n_samples=6.
    """
    from sklearn.base import is_classifier  # scikit-learn: for an estimator's study only
    from sklearn.metrics import check_scoring, get_scorer_names
    from sklearn.model_selection import check_cv

    if cv is None or isinstance(cv, int) or hasattr(cv, "split"):  # an iterable of splits is read once, by the trials
        try:
            next(iter(check_cv(cv, y, classifier=is_classifier(estimator)).split(X, y)))
        except (ValueError, TypeError) as err:
            raise InvalidArgument(f"cv={cv!r}: {err}") from None
    if isinstance(scoring, str) and scoring not in get_scorer_names():  # scikit-learn lists them unordered
        raise InvalidArgument(
            f"scoring={scoring!r}: not a scikit-learn scorer.{did_you_mean(scoring, get_scorer_names())} "
            f"Known: {', '.join(get_scorer_names())}."
        )
    if not (scoring is None or isinstance(scoring, str) or callable(scoring)):  # a study maximises one score
        raise InvalidArgument(
            f"scoring={scoring!r}: a study ranks its trials by one score; give a scikit-learn scorer's "
            "name (a string), a callable scorer(estimator, X, y) or None (the estimator's own score)"
        )
    try:
        check_scoring(estimator, scoring=scoring)
    except (ValueError, TypeError) as err:
        raise InvalidArgument(f"scoring={scoring!r}: {err}") from None


def estimator_space(estimator: Any, known: tuple[str, ...], rows: int | None = None) -> dict[str, Any]:
    """The default space of ``estimator`` (its ``known`` parameters): the settings of
    :data:`ESTIMATOR_SPACE` it has and left at their defaults (one set on it is the user's,
    fixed, as a train study's default space leaves out what its settings fix), and no batch size
    where it fits with the full batch (lbfgs and rprop at the default batch). Its batch sizes are
    those under the ``rows`` a trial's fit trains on (:func:`fit_rows`), and one full batch
    (``"full"``) in place of the others, which would each fit full-batch (and warn so): on folds
    of 75 rows, ``[16, 32, 64, "full"]``.

    >>> from descend.estimators import GDClassifier
    >>> sorted(estimator_space(GDClassifier(optimizer="lbfgs"), ("lr", "alpha", "batch_size")))  # no batch: full
    ['alpha', 'lr']
    >>> estimator_space(GDClassifier(), ("lr", "alpha", "batch_size"), rows=75)["batch_size"]
    [16, 32, 64, 'full']
    """
    params = estimator.get_params(deep=False)
    defaults = inspect.signature(type(estimator).__init__).parameters
    space = {
        k: v
        for k, v in ESTIMATOR_SPACE.items()
        if k in known and k in defaults and repr(params[k]) == repr(defaults[k].default)
    }
    if "batch_size" in space and default_batch(params["batch_size"], params.get("optimizer")) is None:
        del space["batch_size"]
    # a batch of all the rows is the full batch itself: kept as "full" alone
    return space if rows is None else fit_batches(space, rows - 1)


def fit_rows(estimator: Any, X: Any, y: Any, cv: Any) -> int | None:
    """The fewest rows a trial's fit trains on: the smallest training fold of ``cv``'s splits
    of ``X, y``, less the validation rows ``early_stopping`` holds out of it (scikit-learn's
    ``train_test_split``: ``ceil(validation_fraction * rows)``); ``None`` for splits given as an
    iterable, which the trials read once.

    >>> import numpy as np
    >>> from descend.estimators import GDClassifier
    >>> X, y = np.zeros((150, 2)), np.arange(150) % 3
    >>> fit_rows(GDClassifier(), X, y, 2), fit_rows(GDClassifier(early_stopping=True), X, y, 2)
    (75, 67)
    """
    from sklearn.base import is_classifier  # scikit-learn: for an estimator's study only
    from sklearn.model_selection import check_cv

    if not (cv is None or isinstance(cv, int) or hasattr(cv, "split")):
        return None
    rows = min(len(train) for train, _ in check_cv(cv, y, classifier=is_classifier(estimator)).split(X, y))
    params = estimator.get_params(deep=False)
    if params.get("early_stopping"):
        rows -= math.ceil(params["validation_fraction"] * rows)
    return rows


def estimator_defaults(estimator: Any) -> dict[str, Any]:
    """``estimator``'s parameters, its batch_size="default" read as the batch it fits with (32,
    or the full batch for lbfgs and rprop) and its lr="default" as the rate it fits with (the
    rule's own, at least 1e-3; 3e-3 for Adam), so that a searched batch or rate starts there.

    >>> from descend.estimators import GDClassifier
    >>> estimator_defaults(GDClassifier())["batch_size"], estimator_defaults(GDClassifier(optimizer="lbfgs"))["batch_size"]
    (32, None)
    >>> estimator_defaults(GDClassifier())["lr"], estimator_defaults(GDClassifier(optimizer="lbfgs"))["lr"]
    (0.003, 1.0)
    """
    params = estimator.get_params(deep=False)
    if "batch_size" in params:
        params["batch_size"] = default_batch(params["batch_size"], params.get("optimizer"))
    if "lr" in params:
        params["lr"] = estimator_rate(params["lr"], params.get("optimizer"))
    return params


def stored_form(value: Any, *, folds: bool = True) -> Any:
    """``cv`` or ``scoring`` as a study stores it, so that its folder tells how its values were
    computed and a resume with others is refused: a number, a name or ``None`` as given; a
    scikit-learn splitter or scorer by its repr; a function by its qualified name; folds given as
    a list (where ``folds``: a ``cv``, not a ``scoring``) by their count and a digest of their
    rows; any other object (a generator of folds, read once) by its type, since its repr may
    hold its address, new at each call.

    >>> from sklearn.model_selection import KFold
    >>> stored_form(5), stored_form("f1_macro"), stored_form(KFold(3, shuffle=True, random_state=0))
    (5, 'f1_macro', 'KFold(n_splits=3, random_state=0, shuffle=True)')
    >>> stored_form([([0, 1], [2]), ([2], [0, 1])]), stored_form(KFold(2).split([[0], [1]]))
    ('2 folds given (rows d64cb6253e52)', 'generator')
    >>> stored_form(["accuracy", "f1"], folds=False)  # not folds: as its repr
    "['accuracy', 'f1']"
    """
    if value is None or isinstance(value, (int, str)):
        return value
    if folds and isinstance(value, (list, tuple)):
        digest = hashlib.sha256()
        for fold in value:
            for rows in fold:
                digest.update(np.asarray(rows, dtype=np.int64).tobytes() + b"|")
        return f"{len(value)} folds given (rows {digest.hexdigest()[:12]})"
    if callable(value) and hasattr(value, "__qualname__"):  # a function; a scorer object has none
        return f"{value.__module__}.{value.__qualname__}"
    text = repr(value)
    return type(value).__qualname__ if " at 0x" in text else text
