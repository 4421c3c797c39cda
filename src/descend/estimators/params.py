"""Checking the estimators' parameters with scikit-learn's constraints, with the message a
user wants for a misspelt name: the allowed names in a stable order and the closest of them;
and a bool refused where a number is meant.

scikit-learn's ``StrOptions`` holds a set, so its message lists the names in an order that
changes from run to run, and it never suggests one. :class:`Names` lists them in the order
given, and says why it refuses a name it leaves out (``refused``); :func:`validate` adds that, or
``" Did you mean ...?"``, to scikit-learn's own
``InvalidParameterError`` (a ``ValueError``, as its estimator checks expect). scikit-learn's
``Interval(Integral, ...)`` and ``Interval(Real, ...)`` let ``True`` and ``False`` through (a
``bool`` is an ``int``): ``batch_size=True`` would train with batches of 1, so :func:`validate`
refuses a bool for every parameter that does not take one (``"boolean"``, ``"verbose"``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

# scikit-learn's parameter constraints have no public home (sklearn.utils._param_validation
# is what its own estimators and the developer guide use).
from sklearn.utils._param_validation import (
    InvalidParameterError,
    StrOptions,
    make_constraint,
    validate_parameter_constraints,
)

from .._names import did_you_mean

__all__ = ["Names", "validate"]


class Names(StrOptions):
    """scikit-learn's ``StrOptions``, listed in the order given rather than a set's order;
    ``refused``: names left out of them, each with why (said in the error in place of a suggestion).

    >>> str(Names(["relu", "tanh", "gelu"]))
    "a str among {'relu', 'tanh', 'gelu'}"
    >>> names = Names(["sgd", "adam", "sparse_adam"], refused={"sparse_adam": "It takes sparse gradients only."})
    >>> str(names), names.is_satisfied_by("sparse_adam")
    ("a str among {'sgd', 'adam'}", False)
    """

    def __init__(self, names: Iterable[str], refused: Mapping[str, str] | None = None) -> None:
        self.refused = dict(refused or {})
        self.ordered = tuple(name for name in names if name not in self.refused)
        super().__init__(set(self.ordered))

    def __str__(self) -> str:
        return f"a str among {{{', '.join(map(self._mark_if_deprecated, self.ordered))}}}"


def _suggestion(value: Any, constraints: list) -> str:
    """Why a refused name is (:class:`Names`' ``refused``), else ``" Did you mean 'x'?"`` for
    a string ``value`` close to a name some constraint allows."""
    if not isinstance(value, str):
        return ""
    known: list[str] = []
    for constraint in map(make_constraint, constraints):
        if isinstance(constraint, Names):
            if value in constraint.refused:
                return f" {constraint.refused[value]}"
            known += constraint.ordered
        elif isinstance(constraint, StrOptions):
            known += sorted(constraint.options)
    return did_you_mean(value.strip().lower(), known) if known else ""


def _takes_bool(constraints: list) -> bool:
    return any(c in ("boolean", "verbose") or c is bool for c in constraints)


def _allowed(constraints: list) -> str:
    """What ``constraints`` allow, in scikit-learn's words: ``"an int in the range [1, inf) or None"``."""
    shown = [str(c) for c in map(make_constraint, constraints) if not getattr(c, "hidden", False)]
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} or {shown[-1]}"


def validate(constraints: dict, params: dict, caller: str) -> None:
    """scikit-learn's check of ``params`` against ``constraints``, one parameter at a time
    in the order of ``params``, with a suggestion added to a misspelt name's error.

    >>> validate({"activation": [Names(["relu", "tanh"])]}, {"activation": "rlu"}, "Net")
    Traceback (most recent call last):
    sklearn.utils._param_validation.InvalidParameterError: The 'activation' parameter of Net must be a str among {'relu', 'tanh'}. Got 'rlu' instead. Did you mean 'relu'?
    >>> from numbers import Integral
    >>> from sklearn.utils._param_validation import Interval
    >>> validate({"max_epochs": [Interval(Integral, 1, None, closed="left")]}, {"max_epochs": True}, "Net")
    Traceback (most recent call last):
    sklearn.utils._param_validation.InvalidParameterError: The 'max_epochs' parameter of Net must be an int in the range [1, inf). Got True instead (a bool, not a number).
    """
    for name, value in params.items():
        if name not in constraints:
            continue
        try:
            validate_parameter_constraints({name: constraints[name]}, {name: value}, caller)
        except InvalidParameterError as error:
            hint = _suggestion(value, constraints[name])
            if not hint:
                raise
            raise InvalidParameterError(f"{error}{hint}") from None
        if isinstance(value, bool) and not _takes_bool(constraints[name]):  # let through as a number
            raise InvalidParameterError(
                f"The {name!r} parameter of {caller} must be {_allowed(constraints[name])}. Got {value!r} instead "
                "(a bool, not a number)."
            )
