"""descend: gradient descent on PyTorch — update rules, ``minimize``, ``train``, estimators,
and a convergence doctor.

>>> import descend as ds
>>> res = ds.minimize(ds.functions.rosenbrock, [-1.5, 2.0], optimizer="adam", lr=0.02, max_iter=5000)
>>> res.converged
True
"""

import importlib

from . import functions, landscape, optim, plots, report, schedules
from ._version import __version__
from .doctor import Diagnosis, diagnose
from .examples import examples, find_label_issues
from .instruments import Instruments
from .lr_find import LRFinderResult, lr_find
from .minimize import Iterate, Result, Trace, minimize
from .train import train
from .training import History
from .watch import watch

__all__ = [
    "optim",
    "functions",
    "schedules",
    "plots",
    "landscape",
    "report",
    "lr_find",
    "LRFinderResult",
    "minimize",
    "Result",
    "Trace",
    "Iterate",
    "train",
    "tune",
    "watch",
    "History",
    "Instruments",
    "GDRegressor",
    "GDClassifier",
    "diagnose",
    "Diagnosis",
    "examples",
    "find_label_issues",
    "__version__",
]


def __getattr__(name: str):
    """``descend.tune`` and the estimators are imported on first use: they bring Optuna and
    scikit-learn, which ``import descend`` does not (``descend.tune`` is a callable module:
    ``descend.tune(model, data, ...)``)."""
    if name == "tune":
        return importlib.import_module(".tune", __name__)
    if name in ("GDClassifier", "GDRegressor"):
        return getattr(importlib.import_module(".estimators", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
