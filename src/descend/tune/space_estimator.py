"""The values an estimator's space searches, checked by the estimator's own parameter checks
before any trial: a choice or a range's end the estimator refuses (``alpha: {low: -1, high: 1}``,
``activation: [rlu, tanh]``, ``hidden_layer_sizes: [[0], [8]]``) is one error naming the
setting, the value and what is allowed, not a study that stops at whichever trial first draws
it (or, where the first trials never draw it, a study that looked sound).
"""

from __future__ import annotations

from typing import Any

from .._checks import InvalidArgument
from .space import Space, estimator_params
from .space_values import bounding_values

__all__ = ["check_estimator_values"]


def check_estimator_values(space: Space, estimator: Any) -> None:
    """Refuse a value of ``space`` (a fixed one, every choice, a range's two ends) that
    ``estimator`` refuses as a parameter: its ``_check_params`` (descend's estimators: every
    check ``fit`` makes before reading data), else scikit-learn's ``_validate_params``.

    >>> from descend import GDClassifier
    >>> check_estimator_values(Space.parse({"alpha": {"low": 0, "high": 1}}, ["alpha"]), GDClassifier())
    >>> check_estimator_values(Space.parse({"alpha": {"low": -1, "high": 1}}, ["alpha"]), GDClassifier())
    Traceback (most recent call last):
    descend._checks.InvalidArgument: space: alpha: low -1.0 cannot be fitted: The 'alpha' parameter of GDClassifier must be a float in the range [0.0, inf). Got -1.0 instead.
    """
    from sklearn.base import clone  # scikit-learn: for an estimator's study only

    values = [(name, [("value", value)]) for name, value in space.fixed.items()]
    values += [(name, bounding_values(dist, space.encoded.get(name))) for name, dist in space.distributions.items()]
    for name, bounds in values:
        for where, value in bounds:
            candidate = clone(estimator).set_params(**estimator_params({name: value}))
            check = getattr(candidate, "_check_params", None) or getattr(candidate, "_validate_params", None)
            try:
                if check is not None:
                    check()
            except (ValueError, TypeError) as err:  # scikit-learn's InvalidParameterError is a ValueError
                raise InvalidArgument(f"space: {name}: {where} {value!r} cannot be fitted: {err}") from None
