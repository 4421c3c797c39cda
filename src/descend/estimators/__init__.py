"""scikit-learn estimators trained by descend's gradient descent: :class:`GDRegressor` and
:class:`GDClassifier`.

Both fit a linear model (``hidden_layer_sizes=()``: linear regression, logistic regression,
softmax regression) or a multi-layer perceptron, with any update rule of
:func:`descend.optim.create`, through the training engine of ``descend.train``
(:class:`descend.training.engine.Engine`) with the training losses of
:mod:`descend.training.losses`. They follow scikit-learn's conventions: parameters are stored
unchanged by ``__init__`` and validated by ``fit``, learned state ends in ``_``, and the
estimators work in ``Pipeline``, ``GridSearchCV`` and ``clone``.

Where each part lives: ``base`` (parameters, the model, fitting through the engine),
``engine_fit`` (a fit's epochs in the engine: stopping, validation score, per-example record),
``regressor`` and ``classifier`` (targets, outputs, scores), ``data`` (arrays, sparse input
and sample weights as the engine's sources), ``objective`` (loss plus penalty, ``lr="auto"``),
``stopping`` (the stopping rule as an engine callback, the ``ConvergenceWarning`` messages),
``finite_input`` (scikit-learn's check of ``X`` and ``y``, its NaN/infinity test made from row
sums), ``labels`` (a classifier's labels counted, not hashed).
"""

from .classifier import GDClassifier
from .regressor import GDRegressor

__all__ = ["GDRegressor", "GDClassifier"]
