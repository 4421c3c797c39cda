"""Epoch metrics from running sums: accuracy and R² (as scikit-learn's ``accuracy_score`` and
``r2_score``) over any number of batches, workers and resumes, and the per-step record that
is reduced in batches, not at every step."""

from __future__ import annotations

import math
from typing import Any

import torch
from torch import Tensor

from .._plural import counted
from .distributed import Workers

__all__ = ["RATIO_EVERY", "EpochTotals"]


def metric_name(task: str) -> str | None:
    if task == "classification":
        return "accuracy"
    return "r2" if task == "regression" else None


# Update-to-weight ratios need a copy of the weights before the step: the engine and watch take
# one every this many updates (and at the first), so that their cost stays below a percent.
RATIO_EVERY = 100


class EpochTotals:
    """One epoch's running record, cheap per step.

    A step only keeps references to tensors it already has: the norm of each parameter's
    gradient, the batch's (detached) outputs and targets. Reductions and device-to-host
    copies happen in batches, in :meth:`settle`: at the end of the epoch, before a
    checkpoint, or when the kept outputs grow past ``PENDING_LIMIT`` elements.

    >>> totals = EpochTotals(None)
    >>> totals.add_step(2.0, (torch.tensor(3.0), torch.tensor(4.0)), examples=4)  # two parameters' norms
    >>> totals.add_step(1.0, (torch.tensor(0.0), torch.tensor(1.0)), examples=2)
    >>> totals.settle()  # each step's global norm, sqrt(3² + 4²) and 1; no non-finite one
    ([5.0, 1.0], None)
    >>> totals.loss_sum / totals.examples  # the epoch's loss: (2 * 4 + 1 * 2) / 6
    1.6666666666666667
    """

    def __init__(self, metric: str | None, threshold: float = 0.0) -> None:
        self.metric = metric
        self.threshold = threshold  # a one-output classifier's: 0 for a logit, 1/2 for a probability
        self.steps, self.loss_sum, self.seconds = 0, 0.0, 0.0
        self.examples = 0  # of the updates so far: the epoch's loss is their example-weighted mean
        self.grad_norms: list[float] = []
        self.pending_norms: list[tuple[Tensor, ...]] = []
        self.pending: list[tuple[Tensor, Tensor]] = []
        self.pending_size = 0
        # See metric_sums: (4, k), one column of zeros until the first batch sets k.
        self.sums = torch.zeros(4, 1, dtype=torch.float64)

    def add_step(self, loss: float, param_norms: tuple[Tensor, ...], examples: int) -> None:
        """An update's mean ``loss`` over its ``examples`` and its gradient's norms."""
        self.steps += 1
        self.loss_sum += loss * examples
        self.examples += examples
        self.pending_norms.append(param_norms)

    def add_batch(self, out: Tensor, y: Tensor) -> None:
        if self.metric is not None:
            self.pending.append((out.detach(), y))
            self.pending_size += out.numel()
            if self.pending_size > PENDING_LIMIT:
                self._settle_metric()

    def settle(self) -> tuple[list[float], tuple[int, int] | None]:
        """Reduce what is pending. Returns the new global gradient norms, one per step, and
        ``(i, j)`` for the first non-finite one: its index in that list and the parameter."""
        self._settle_metric()
        if not self.pending_norms:
            return [], None
        widths = {len(n) for n in self.pending_norms}
        if len(widths) == 1 and 0 not in widths:  # one stack for all the steps, not one each
            per_param = torch.stack([t for n in self.pending_norms for t in n]).double().view(-1, widths.pop())
            new = torch.linalg.vector_norm(per_param, dim=1).tolist()
        else:  # the set of parameters with a gradient changed between steps
            per_param = [
                torch.stack(n).double() if n else torch.zeros(1, dtype=torch.float64) for n in self.pending_norms
            ]
            new = [float(torch.linalg.vector_norm(n)) for n in per_param]
        self.pending_norms.clear()
        self.grad_norms.extend(new)
        bad = next((i for i, v in enumerate(new) if not math.isfinite(v)), None)
        if bad is None:
            return new, None
        return new, (bad, int((~torch.isfinite(per_param[bad])).nonzero()[0]))

    def _settle_metric(self) -> None:
        if self.pending:
            out = torch.cat([o for o, _ in self.pending])
            y = torch.cat([t for _, t in self.pending])
            sums = metric_sums(self.metric, out, y, self.threshold).cpu()
            if self.sums.shape != sums.shape:
                if self.sums.any():  # only sums loaded from a checkpoint can disagree
                    raise ValueError(
                        f"the epoch's {self.metric} so far was kept for "
                        f"{counted(self.sums.shape[1], 'output column')}, but the outputs "
                        f"now have {sums.shape[1]}"
                    )
                self.sums = torch.zeros_like(sums)
            self.sums += sums
            self.pending.clear()
            self.pending_size = 0

    def metric_value(self, workers: Workers | None = None) -> float:
        """The epoch's metric, over every worker's share of the batches."""
        return metric_from_sums(self.metric, self._total_sums(workers))

    def _total_sums(self, workers: Workers | None) -> Tensor:
        self._settle_metric()
        return self.sums if workers is None else workers.sum_(self.sums.clone())

    def state_dict(self, workers: Workers | None = None) -> dict[str, Any]:
        self.settle()
        return {
            "steps": self.steps,
            "loss_sum": self.loss_sum,
            "examples": self.examples,
            "seconds": self.seconds,
            "grad_norms": self.grad_norms,
            "sums": self._total_sums(workers),
        }

    def load_state_dict(self, state: dict[str, Any], workers: Workers | None = None) -> None:
        """Loss and gradient norms are the same on every worker; the metric's sums are each
        worker's own, so the saved total goes to worker 0 alone."""
        self.steps, self.loss_sum, self.seconds = state["steps"], state["loss_sum"], state["seconds"]
        # Earlier checkpoints summed the updates' mean losses, each weighing 1.
        self.examples = state.get("examples", self.steps)
        self.grad_norms = state["grad_norms"]
        self.sums = state["sums"].reshape(4, -1)  # earlier checkpoints hold 4 sums, 1-D
        if workers is not None and not workers.is_main:
            self.sums = torch.zeros_like(self.sums)


PENDING_LIMIT = 1 << 22  # output elements kept for the metric before they are reduced


def metric_sums(metric: str, out: Tensor, y: Tensor, threshold: float = 0.0) -> Tensor:
    """The sums from which accuracy or R² over any number of batches follows exactly: a
    ``(4, k)`` float64 tensor, added batch by batch (and worker by worker).

    Accuracy: one column ``[hits, n, 0, 0]``; a one-output model predicts class 1 where its
    output is above ``threshold`` (0 for a logit, 1/2 for a probability). R²: for each output
    column ``j`` (a target of shape ``(n, ...)`` counts as ``k`` columns)
    ``[Σ (out_j - y_j)², n, Σ y_j, Σ y_j²]``.
    """
    if metric == "accuracy":
        pred = out.argmax(1) if out.ndim == 2 and out.shape[1] > 1 else out.reshape(y.shape) > threshold
        hits = (pred == y).sum().double()
        n = torch.tensor(float(len(y)), dtype=torch.float64, device=y.device)
        zero = torch.zeros((), dtype=torch.float64, device=y.device)
        return torch.stack([hits, n, zero, zero])[:, None]
    y = y.double().reshape(len(y), math.prod(y.shape[1:]))  # not -1: a share may have 0 rows
    residual = out.double().reshape(y.shape) - y
    n = torch.full((y.shape[1],), float(len(y)), dtype=torch.float64, device=y.device)
    return torch.stack([residual.square().sum(0), n, y.sum(0), y.square().sum(0)])


def metric_from_sums(metric: str | None, sums: Tensor) -> float:
    """Accuracy as ``sklearn.metrics.accuracy_score``; R² as ``r2_score`` with its defaults:
    each output column's R², averaged (``multioutput="uniform_average"``); a constant column
    scores 1 where predicted exactly and 0 otherwise (``force_finite=True``); NaN below two
    examples."""
    sums = sums.reshape(4, -1)
    n = float(sums[1, 0])
    if metric is None or n == 0:
        return math.nan
    if metric == "accuracy":
        return float(sums[0, 0]) / n
    if n < 2:
        return math.nan
    sse, _, sy, syy = sums
    sst = syy - sy * sy / n
    # Where a column is constant, Σy² - (Σy)²/n is a rounding error of Σy², not exactly 0.
    constant = sst <= _CONSTANT_RTOL * syy
    r2 = torch.where(constant, (sse == 0).double(), 1.0 - sse / torch.where(constant, 1.0, sst))
    return float(r2.mean())


_CONSTANT_RTOL = 1e-12  # a column's variance this small a part of its mean square is rounding


def record_update_ratios(
    history: Any,
    step: int,
    names: list[str],
    params: list[Tensor],
    before: list[Tensor],
    grad_norms: tuple[Tensor, ...],
) -> None:
    """``||Δθ|| / ||θ||`` and ``||∇θ|| / ||θ||`` per parameter tensor at update ``step``, from the
    weights ``before`` it and the gradient norms, into ``history``'s sampled ratios."""
    count = len(before)
    with torch.no_grad():
        deltas = torch._foreach_sub([p.detach() for p in params], before)
        # One stack and one host copy for the weights', the updates' and the gradients' norms:
        # the ratios are sampled at any loop's pace, and each kernel launch costs a small model's step.
        with_grads = len(grad_norms) == count
        norms = torch.stack([*torch._foreach_norm([*before, *deltas]), *(grad_norms if with_grads else ())]).tolist()
    # A tensor at zero (a zero-initialised layer) has no scale to compare with: NaN.
    weight = [w if w > 0 else math.nan for w in norms[:count]]
    updates = [d / w for d, w in zip(norms[count : 2 * count], weight)]
    grads = [g / w for g, w in zip(norms[2 * count :], weight)] if with_grads else None
    history.update_ratios.append({"step": step, **dict(zip(names, updates))})
    if grads is not None:
        # Weights only: a bias or a norm layer's scale may start at (or near) zero, and its
        # gradient-to-weight ratio then says nothing about the gradient's health.
        history.layer_grad_ratios.append(
            {"step": step, **{n: r for n, r, p in zip(names, grads, params) if p.ndim >= 2}}
        )
