"""The fitted network's outputs on new rows, as the estimators' ``predict`` and ``coef_`` read
them: dense data in chunks of ``_PREDICT_ROWS`` rows, sparse data densified a chunk at a time."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
import torch
from sklearn.utils.validation import check_is_fitted, validate_data

from .data import cpu_threads, dense_rows, to_tensor
from .feature_scale import folded, standardized

__all__ = ["Prediction"]

# Predictions on dense data are computed this many rows at a time.
_PREDICT_ROWS = 1 << 16


class Prediction:
    """The prediction methods of :class:`~descend.estimators.base.BaseGD` (a mixin: the fitted
    state, ``model_``, ``_arch``, ``_dtype``, ``_device``, ``_n_params``, ``_x_moments``, is the
    estimator's own); with ``scale_features=True`` each chunk of ``X`` is standardized as in ``fit``."""

    @torch.no_grad()
    def _forward(self, X) -> np.ndarray:
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, accept_sparse="csr", dtype=(np.float64, np.float32))
        model = self.model_
        step = dense_rows(X.shape[1]) if sp.issparse(X) else _PREDICT_ROWS
        outs = []
        with cpu_threads(self._device, min(step, X.shape[0]) * self._n_params):
            for start in range(0, X.shape[0], step):
                part = X[start : start + step]
                if sp.issparse(part):
                    part = part.toarray()
                if self._x_moments is not None:
                    part = standardized(part, self._x_moments)
                outs.append(model(to_tensor(part, self._dtype, self._device)).cpu().numpy())
        return np.concatenate(outs) if len(outs) > 1 else outs[0]

    def _linear_params(self) -> tuple[np.ndarray, np.ndarray]:
        """The linear model's weights (n_outputs, n_features) and biases in the features' own units."""
        layer = self._linear_layer()
        W, b = (p.detach().cpu().numpy().copy() for p in (layer.weight, layer.bias))
        return folded(W, b, self._x_moments)

    def _linear_layer(self) -> torch.nn.Linear:
        check_is_fitted(self)
        if self._arch[0]:
            raise AttributeError(
                f"coef_ and intercept_ exist for the linear model only (hidden_layer_sizes=()); "
                f"this {type(self).__name__} has hidden layers {self._arch[0]}: see model_"
            )
        layers = [m for m in self.model_.modules() if isinstance(m, torch.nn.Linear)]
        return layers[-1]
