"""descend: gradient descent on PyTorch — update rules, ``minimize``, ``train``, estimators,
and a convergence doctor.

>>> import descend as ds
>>> res = ds.minimize(ds.functions.rosenbrock, [-1.5, 2.0], optimizer="adam", lr=0.02, max_iter=5000)
>>> res.converged
True
"""

from . import functions, landscape, optim, plots, report, schedules
from ._version import __version__
from .doctor import Diagnosis, diagnose
from .estimators import GDClassifier, GDRegressor
from .instruments import Instruments
from .lr_find import LRFinderResult, lr_find
from .minimize import Iterate, Result, Trace, minimize
from .train import train
from .training import History

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
    "History",
    "Instruments",
    "GDRegressor",
    "GDClassifier",
    "diagnose",
    "Diagnosis",
    "__version__",
]
