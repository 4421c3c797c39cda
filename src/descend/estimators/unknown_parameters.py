"""The error for a keyword the estimators do not take, with descend's name for the parameter
that scikit-learn's ``MLPClassifier``, ``SGDClassifier`` or ``LogisticRegression`` calls so.

A scikit-learn user writes ``GDClassifier(max_iter=500)`` or ``solver="lbfgs"`` from habit;
Python's own error names ``BaseGD.__init__`` and says nothing of ``max_epochs``.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable

from .._names import did_you_mean

__all__ = ["SKLEARN_NAMES", "InitSignature", "check_keywords", "sklearn_advice"]

# scikit-learn's parameter name -> what to do here instead.
SKLEARN_NAMES = {
    "max_iter": "use max_epochs (epochs over the data, as MLP's max_iter for 'sgd' and 'adam')",
    "learning_rate_init": "use lr",
    "eta0": "use lr",
    "solver": "use optimizer (e.g. optimizer='lbfgs', 'sgd' or 'adam')",
    "learning_rate": "use schedule for how the rate changes (e.g. schedule='invscaling'), lr for the rate itself",
    "power_t": "use schedule (a descend.schedules.Schedule object sets every rate itself)",
    "momentum": "use optimizer='momentum' (or 'nesterov')",
    "nesterovs_momentum": "use optimizer='nesterov'",
    "penalty": "use alpha (an L2 penalty on the weights; no L1)",
    "C": "use alpha (the same L2 penalty on the mean loss at alpha = 1 / (C * n_samples))",
    "class_weight": "pass sample_weight to fit, e.g. sample_weight=compute_sample_weight('balanced', y) "
    "(sklearn.utils.class_weight)",
    "shuffle": "leave it out: mini-batches are always shuffled, seeded by random_state",
    "n_jobs": "leave it out: torch uses the machine's threads (device= picks a GPU)",
}


def sklearn_advice(name: str) -> str:
    """``" For scikit-learn's NAME, ..."``: what to do here for scikit-learn's parameter
    ``name``, or ``""`` for a name that is not one of :data:`SKLEARN_NAMES`.

    >>> sklearn_advice("solver")
    " For scikit-learn's solver, use optimizer (e.g. optimizer='lbfgs', 'sgd' or 'adam')."
    """
    return f" For scikit-learn's {name}, {SKLEARN_NAMES[name]}." if name in SKLEARN_NAMES else ""


def check_keywords(cls: type, given: Iterable[str], allowed: Iterable[str]) -> None:
    """Raise a ``TypeError`` naming the first of ``given`` that is not ``allowed`` and what to
    write instead (descend's name for scikit-learn's, or the closest allowed name).

    >>> check_keywords(type("GDClassifier", (), {}), ["lr", "max_iter"], ["lr", "max_epochs"])
    Traceback (most recent call last):
    ...
    TypeError: GDClassifier() got an unexpected keyword argument 'max_iter'. For scikit-learn's max_iter, use max_epochs (epochs over the data, as MLP's max_iter for 'sgd' and 'adam').
    """
    allowed = list(allowed)
    for name in given:
        if name not in allowed:
            hint = sklearn_advice(name) or f"{did_you_mean(name, allowed)} Its parameters: {', '.join(allowed)}."
            raise TypeError(f"{cls.__name__}() got an unexpected keyword argument {name!r}.{hint}")


class InitSignature:
    """A class's ``__signature__``: its ``__init__``'s parameters, without ``self``. A class
    that checks its keywords in ``__new__(cls, *args, **kwargs)`` would otherwise show
    ``(*args, **kwargs)`` to ``inspect.signature`` (and to scikit-learn's checks, and ``help``).

    >>> class Net:
    ...     __signature__ = InitSignature()
    ...     def __new__(cls, *args, **kwargs):
    ...         return super().__new__(cls)
    ...     def __init__(self, width=3):
    ...         self.width = width
    >>> inspect.signature(Net)
    <Signature (width=3)>
    """

    def __get__(self, instance, owner) -> inspect.Signature:
        if instance is not None:
            raise AttributeError("__signature__")  # an instance is not callable
        signature = inspect.signature(owner.__init__)
        return signature.replace(parameters=list(signature.parameters.values())[1:])
