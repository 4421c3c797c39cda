"""descend: gradient descent on PyTorch — update rules, ``minimize``, and test functions.

>>> import descend as ds
>>> res = ds.minimize(ds.functions.rosenbrock, [-1.5, 2.0], optimizer="adam", lr=0.02, max_iter=5000)
>>> res.converged
True
"""

from . import functions, optim
from .estimators import GDClassifier, GDRegressor
from .minimize import Iterate, Result, Trace, minimize

__version__ = "0.1.0"

__all__ = ["optim", "functions", "minimize", "Result", "Trace", "Iterate", "GDRegressor",
           "GDClassifier", "__version__"]
