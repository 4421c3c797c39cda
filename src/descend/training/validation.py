"""The validation pass of a training run: the model (and a schedule-free optimizer) in
evaluation mode, no gradients, the loss and metric over the validation source."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import torch

from .loss_modules import decision_threshold
from .metrics import EpochTotals
from .precision import Precision

__all__ = ["evaluating", "optimizer_mode", "validation_row"]


def optimizer_mode(optimizer: torch.optim.Optimizer, mode: str) -> None:
    """Schedule-free optimizers evaluate at another point than they train at (``eval()``
    swaps the averaged weights in); other optimizers have no modes.

    >>> import descend as ds
    >>> opt = ds.optim.ScheduleFreeAdamW([torch.nn.Parameter(torch.zeros(1))])
    >>> optimizer_mode(opt, "eval"); opt.param_groups[0]["train_mode"]
    False
    """
    switch = getattr(optimizer, mode, None)
    if callable(switch):
        switch()


@contextlib.contextmanager
def evaluating(model: torch.nn.Module, optimizer: torch.optim.Optimizer, precision: Precision) -> Iterator[None]:
    """Evaluation mode for ``model`` and ``optimizer`` and no gradients, under the run's
    autocast; training mode again afterwards.

    >>> model = torch.nn.Dropout(0.5)
    >>> opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))])
    >>> with evaluating(model, opt, Precision("fp32", torch.device("cpu"))):
    ...     model.training
    False
    >>> model.training
    True
    """
    model.eval()
    optimizer_mode(optimizer, "eval")
    try:
        with torch.no_grad(), precision.autocast():
            yield
    finally:
        model.train()
        optimizer_mode(optimizer, "train")


def validation_row(model: torch.nn.Module, source, loss_fn, metric: str | None) -> dict[str, float]:
    """``val_loss``, the example-weighted mean of ``loss_fn`` over ``source``'s batches, and
    ``val_<metric>`` (accuracy or R²) when the task has one; call it inside :func:`evaluating`.

    >>> from descend.training.data.sources import TensorSource
    >>> model = torch.nn.Linear(1, 1, bias=False)
    >>> _ = torch.nn.init.zeros_(model.weight)
    >>> source = TensorSource(torch.ones(4, 1), torch.full((4, 1), 2.0), batch_size=2, shuffle=False, seed=0)
    >>> validation_row(model, source, torch.nn.functional.mse_loss, None)
    {'val_loss': 4.0}
    """
    loss_sum, n = 0.0, 0
    totals = EpochTotals(metric, decision_threshold(loss_fn))
    for xb, yb, *extra in source.batches(0):
        out = model(xb)
        loss_sum += loss_fn(out, yb, *extra).item() * len(yb)
        n += len(yb)
        totals.add_batch(out, yb)
    row = {"val_loss": loss_sum / n}
    if metric:
        row[f"val_{metric}"] = totals.metric_value()
    return row
