"""The squared gradient norms of data-parallel training, for the gradient noise scale at no
extra backward pass.

Under DDP each worker r backpropagates its own share of the update's examples (n_r of the
N), and the all-reduce averages the workers' gradients into the update's. A communication
hook sees both: the bucket before the all-reduce holds worker r's gradient, after it the
average. With G_r the mean gradient over worker r's examples and G_B the mean over all N,

    E|G_r|² = |G|² + tr(Σ)/n_r,    E|G_B|² = |G|² + tr(Σ)/N,

two batch sizes of one update, whose difference gives tr(Σ) and |G|² (McCandlish et al.
2018, "An Empirical Model of Large-Batch Training", Appendix A; crowsonkb/k-diffusion,
``k_diffusion/gns.py``, measures the same two norms in a DDP hook). Each update records, in
``History.steps`` (:data:`COLUMNS`):

- ``grad_sq_local``: the mean over the workers of |G_r|² (NaN when fewer than two workers
  had examples in the update);
- ``grad_sq_global``: |G_B|², the squared norm of the averaged gradient (before clipping);
- ``batch_local``: n_r, the examples per worker (the harmonic mean of the shares when they
  differ: the mean of tr(Σ)/n_r is tr(Σ) over it);
- ``batch_global``: N, the examples of the update.

The workers' norms are summed in the collective that already sums the updates' losses (once
per epoch and before a checkpoint), not in one per update.
:func:`descend.instruments.noise_scale_from_steps` turns the columns into B_simple.
"""

from __future__ import annotations

import math
from typing import Any

import torch
from torch import Tensor
from torch.distributed.algorithms.ddp_comm_hooks.default_hooks import allreduce_hook

__all__ = ["GradientSquares", "COLUMNS", "pad_columns"]

COLUMNS = ("grad_sq_local", "grad_sq_global", "batch_local", "batch_global")


class GradientSquares:
    """A DDP communication hook that measures, at each synchronised backward pass, this
    worker's squared gradient norm before the all-reduce and the averaged gradient's after it
    (summed over DDP's buckets), averaging the buckets as DDP's default hook does
    (``allreduce_hook``); and the updates' values until they are summed over the workers.

    The hook sees the gradients as backpropagated: the engine weights each worker's loss by
    ``w n_r / N`` (its share of the update) and, under fp16, by the loss scale S, so worker
    r's bucket holds (w n_r / N) S G_r, for ``world`` = w workers. :meth:`add_update` undoes
    both.

    >>> squares = GradientSquares(world=2)
    >>> squares.take().tolist()  # no synchronised backward pass yet
    [nan, nan]
    """

    def __init__(self, world: int) -> None:
        self.world = world
        self.local: list[Tensor] = []
        self.averaged: list[Tensor] = []
        self.pending: list[Tensor] = []  # per update: [local, averaged] as the hook saw them
        self.factors: list[tuple[float, float]] = []  # per update: what makes them G_r, G_B
        self.averaged_pending = torch.zeros(0, dtype=torch.float64)  # |G_B|² of to_reduce's rows
        self.whole = False  # a backward pass's buckets all seen since the last take()

    def hook(self, bucket):  # no annotations: DDP compares them with its own types
        """DDP's ``comm_hook(state, bucket)``: the bucket's squared norm, the average, the
        average's squared norm (no host copy: the norms stay tensors until settled). Only the
        first synchronised backward pass of an update counts: an optimizer's closure (LBFGS,
        SAM) that evaluates again backpropagates at other weights or another batch."""
        if self.whole:
            return allreduce_hook(None, bucket)
        self.whole = bucket.is_last()
        self.local.append(torch.linalg.vector_norm(bucket.buffer()).double().square())

        def averaged(fut):
            buffer = fut.value()
            self.averaged.append(torch.linalg.vector_norm(buffer).double().square())
            return buffer

        return allreduce_hook(None, bucket).then(averaged)

    def take(self) -> Tensor:
        """``[local, averaged]`` squared norms over the buckets since the last call (NaN for
        none), and start anew."""
        if not self.local or len(self.averaged) != len(self.local):
            sums = torch.full((2,), math.nan, dtype=torch.float64)
        else:
            sums = torch.stack([torch.stack(self.local).sum(), torch.stack(self.averaged).sum()])
        self.local.clear()
        self.averaged.clear()
        self.whole = False
        return sums

    def add_update(self, examples: int, update_examples: int | None, scaler: Any = None) -> None:
        """Keep the norms of the update just backpropagated: this worker had ``examples`` of
        the ``update_examples`` N (``None`` where a loader does not say its batches' sizes and
        each batch weighed the same: then no share to undo); ``scaler`` is fp16's
        ``GradScaler``, whose scale S the gradients carry until its next update."""
        share = self.world * examples / update_examples if update_examples and examples else 1.0
        loss_scale = scaler.get_scale() if scaler is not None else 1.0
        self.pending.append(self.take())
        self.factors.append((1.0 / (share * loss_scale) ** 2, 1.0 / loss_scale**2))

    def to_reduce(self, examples: Tensor) -> Tensor:
        """The columns to sum over the workers, one row per pending update, given this
        worker's ``examples`` per update: ``[|G_r|² if it had examples, 1 if it had, 1/n_r]``."""
        sq = torch.stack(self.pending).to("cpu", torch.float64) * torch.tensor(self.factors, dtype=torch.float64)
        self.averaged_pending = sq[:, 1]
        had = (examples > 0).double()
        local = torch.where(had > 0, sq[:, 0], 0.0)  # a worker without examples has no G_r
        self.pending.clear()
        self.factors.clear()
        return torch.stack([local, had, had / examples.clamp(min=1)], 1)

    def record(self, steps: dict[str, list[Any]], update_examples: Tensor, summed: Tensor) -> None:
        """Append the settled updates' :data:`COLUMNS` to ``steps`` (the history's per-step
        columns, whose last rows are these updates), from ``summed``, the columns of
        :meth:`to_reduce` summed over the workers, and the updates' examples N."""
        k = len(summed)
        pad_columns(steps, create=True, upto=len(steps["step"]) - k)
        local_sum, workers, inverse_examples = summed.unbind(1)
        nan = torch.full_like(local_sum, math.nan)
        local = torch.where(workers >= 2, local_sum / workers.clamp(min=1), nan)
        batch_local = torch.where(workers > 0, workers / inverse_examples.clamp(min=1e-300), nan)
        for name, column in zip(COLUMNS, (local, self.averaged_pending, batch_local, update_examples), strict=True):
            steps[name].extend(column.tolist())


def pad_columns(steps: dict[str, list[Any]], create: bool = False, upto: int | None = None) -> None:
    """Fill :data:`COLUMNS` with NaN up to ``upto`` rows (all of ``steps["step"]``'s), so that
    they stay aligned with the steps across a resume between one process and several
    workers; ``create`` adds them where missing (else only existing ones are padded).

    >>> steps = {"step": [1, 2, 3], "grad_sq_local": [0.5]}
    >>> pad_columns(steps); steps["grad_sq_local"]
    [0.5, nan, nan]
    """
    n = len(steps["step"]) if upto is None else upto
    for name in COLUMNS:
        if name in steps or create:
            column = steps.setdefault(name, [])
            column.extend([math.nan] * (n - len(column)))
