"""What the estimators minimise: a training loss of :mod:`descend.training.losses` (per
example, where sample weights scale it) plus an L2 penalty on the weight matrices, and the
``lr="auto"`` range test of :mod:`descend.training.range_test` on the estimator's own data and
module."""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
from torch import Tensor

from ..initial_curvature import initial_readings
from ..optim.default_rate import estimator_rate
from ..training import losses
from ..training.data.sources import WeightedSource
from ..training.range_test import LRFinderResult, range_test
from .data import ArrayData

__all__ = ["Objective", "find_lr"]

# lr="auto" runs the range test on at most this many rows of a sparse X (made dense a batch at a time).
_FIND_ROWS = 1 << 14


class Objective:
    """``loss(out, y, w)``: the mean of ``w * loss_i`` over the batch (``w`` normalised to mean
    1 over the data: the full batch gives the weighted mean exactly), or the plain mean without
    ``w``, plus ``alpha / 2 * sum ||W||^2`` over ``penalized`` (the weight matrices).

    >>> W = torch.nn.Parameter(torch.ones(1, 2))
    >>> f = Objective("mse", [W], alpha=1.0)
    >>> float(f(torch.zeros(2, 1), torch.ones(2, 1), torch.tensor([2.0, 0.0])).detach())  # 1 + 1
    2.0
    """

    def __init__(self, loss: str, penalized: list[Tensor], alpha: float) -> None:
        self.name, self.fn = loss, losses.get(loss)
        self.penalized, self.alpha = penalized, float(alpha)

    def __call__(self, out: Tensor, y: Tensor, w: Tensor | None = None) -> Tensor:
        value = self.fn(out, y) if w is None else (self.fn(out, y, reduction="none") * w).mean()
        if self.alpha > 0:
            value = value + 0.5 * self.alpha * sum(p.square().sum() for p in self.penalized)
        return value

    def weighted_sum(self, out: Tensor, y: Tensor, w: Tensor) -> float:
        """``sum_i w_i loss_i`` (no penalty): the validation loss's numerator."""
        return float((self.fn(out, y, reduction="none") * w).sum())


def find_lr(
    module: torch.nn.Module,
    data: ArrayData,
    objective: Objective,
    optimizer: str,
    batch_size: int | None,
    seed: int,
    budget: int,
    owner: str,
    **hyper: Any,
) -> LRFinderResult:
    """lr="auto": the range test (:func:`descend.training.range_test.range_test`, the rule
    ``descend.train(lr="auto")`` uses) of ``module`` on ``data``, with the fit's kind of step
    and weighted objective, pilot runs sized to ``budget`` updates; ``hyper``, the fit's options
    of the rule (L-BFGS's line search), build the readings' and the pilots' optimizers as the fit
    builds its own. Warns, naming ``owner``,
    when it gives no suggestion (the rate of lr="default" is then used:
    :func:`~descend.optim.default_rate.estimator_rate`).

    >>> import numpy as np
    >>> from descend.estimators.data import ArrayData
    >>> X = np.random.RandomState(0).normal(size=(64, 2))
    >>> data = ArrayData.of(X, X @ [[1.0], [-1.0]], np.ones(64), torch.float64, torch.device("cpu"))
    >>> model = torch.nn.Linear(2, 1).double()
    >>> found = find_lr(model, data, Objective("mse", [model.weight], 0.0), "sgd", None, 0, 100, "demo")
    >>> found.suggestion is not None
    True
    """
    X, y, w = data.X, data.y, data.w
    if data.sparse and data.n > _FIND_ROWS:
        rows = np.sort(np.random.RandomState(seed).choice(data.n, _FIND_ROWS, False))
        t = torch.from_numpy(rows).to(data.device)
        X, y, w = X[rows], y[t], w[t]
    # The range test reads (x, target) pairs: the weight rides along as the target's last
    # column, so that it minimises the same weighted objective.
    packed = torch.cat([y.reshape(len(y), -1).to(data.dtype), w.reshape(-1, 1).to(data.dtype)], dim=1)
    flat, dtype = y.ndim == 1, y.dtype

    def weighted(out: Tensor, target: Tensor) -> Tensor:
        yb = target[:, 0] if flat else target[:, :-1]
        return objective(out, yb.to(dtype), target[:, -1])

    batch = None if batch_size is None or batch_size >= len(y) else batch_size
    # Batches are standardized as they are taken (scale_features=True), a sparse X's made dense then
    # (a full batch: all its rows at once, which the range test steps on).
    source = (
        WeightedSource(X, packed, None, batch, batch is not None, seed, data.dense)
        if data.sparse
        else data.tensor_source(packed, batch, seed)
    )
    found = range_test(
        module,
        source,
        weighted,
        weighted,
        optimizer,
        device=data.device,
        seed=seed,
        budget=budget,
        **initial_readings(module, source, weighted, optimizer, **hyper),
        **hyper,
    )
    instead = f"lr='default', {estimator_rate('default', optimizer):g} for {optimizer}"
    found.warn_without_suggestion(f"{owner}(lr='auto')", optimizer, stacklevel=6, instead=instead)
    return found
