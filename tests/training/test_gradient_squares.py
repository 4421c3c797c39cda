"""The data-parallel gradient norms of the noise scale, on hand-made buckets: what each worker
keeps of an update (its share of the examples and the loss scale undone), what it sends into
the collective, and the columns recorded once the workers' sums come back. The hook on real
workers is tested in test_distributed_gradient_norms.py."""

from __future__ import annotations

import math

import pytest
import torch

from descend.training.gradient_squares import COLUMNS, GradientSquares, pad_columns


def _sq(v: torch.Tensor) -> float:
    return float(v.double().pow(2).sum())


class _Scaler:  # fp16's GradScaler, as far as the norms need it
    def __init__(self, scale: float) -> None:
        self.scale = scale

    def get_scale(self) -> float:
        return self.scale


def _worker(buckets: list[torch.Tensor], averaged: list[torch.Tensor]) -> GradientSquares:
    """One of 2 workers' hook state after a synchronised backward pass over these buckets."""
    squares = GradientSquares(world=2)
    squares.local = [torch.tensor(_sq(b), dtype=torch.float64) for b in buckets]
    squares.averaged = [torch.tensor(_sq(a), dtype=torch.float64) for a in averaged]
    return squares


def test_the_workers_norms_become_each_ones_mean_gradient_and_the_averaged_one():
    g0, g1 = torch.tensor([1.0, -2.0, 0.5]).double(), torch.tensor([3.0, 1.0, -1.0]).double()  # G_r: mean over n_r rows
    n, N, world, scale = (3, 4), 7, 2, 8.0
    g_big = (n[0] * g0 + n[1] * g1) / N
    # What the engine backpropagates: each worker's loss weighted by w n_r / N, times the loss
    # scale; DDP's buckets split the 3 values as [2] + [1].
    sent = [world * n[r] / N * scale * g for r, g in enumerate((g0, g1))]
    average = (sent[0] + sent[1]) / world
    steps = {"step": [1, 2, 3], "loss": [0.0] * 3}  # steps 1, 2 trained by one process
    workers = [_worker([s[:2], s[2:]], [average[:2], average[2:]]) for s in sent]
    rows = []
    for r, squares in enumerate(workers):
        squares.add_update(n[r], N, _Scaler(scale))
        rows.append(squares.to_reduce(torch.tensor([float(n[r])])))
    summed = rows[0] + rows[1]  # what the collective returns

    workers[0].record(steps, torch.tensor([float(N)]), summed)

    assert set(COLUMNS) <= set(steps)
    assert all(math.isnan(v) for name in COLUMNS for v in steps[name][:2])
    assert steps["grad_sq_local"][2] == pytest.approx((_sq(g0) + _sq(g1)) / 2, rel=1e-12)
    assert steps["grad_sq_global"][2] == pytest.approx(_sq(g_big), rel=1e-12)
    assert steps["batch_local"][2] == pytest.approx(2 / (1 / 3 + 1 / 4), rel=1e-12)
    assert steps["batch_global"][2] == N
    assert not workers[0].pending and not workers[0].local  # nothing left to settle


def test_a_worker_without_examples_leaves_no_local_norm():
    g = torch.tensor([0.5, 1.5])
    alone, idle = _worker([2 * g], [g]), _worker([torch.zeros(2)], [g])  # 1 row, on worker 0
    alone.add_update(1, 1)
    idle.add_update(0, 1)
    summed = alone.to_reduce(torch.tensor([1.0])) + idle.to_reduce(torch.tensor([0.0]))
    steps = {"step": [1]}
    alone.record(steps, torch.tensor([1.0]), summed)
    assert math.isnan(steps["grad_sq_local"][0])  # one small batch is the big one: no estimate
    assert steps["batch_local"] == [1.0] and steps["grad_sq_global"] == pytest.approx([_sq(g)])


def test_a_loader_without_batch_sizes_weighs_the_buckets_as_they_are():
    g = torch.tensor([2.0, 0.0])
    squares = _worker([g], [g / 2])
    squares.add_update(5, None)
    assert squares.to_reduce(torch.tensor([5.0]))[0].tolist() == [4.0, 1.0, 0.2]


def test_take_sums_the_buckets_and_starts_anew():
    squares = _worker([torch.tensor([3.0]), torch.tensor([4.0])], [torch.tensor([1.0]), torch.tensor([2.0])])
    assert squares.take().tolist() == [25.0, 5.0]
    assert all(math.isnan(v) for v in squares.take().tolist())


def test_padding_keeps_the_columns_aligned_with_the_steps():
    steps = {"step": [1, 2], "grad_sq_local": [0.1]}
    pad_columns(steps)
    assert len(steps["grad_sq_local"]) == 2 and "batch_global" not in steps
    pad_columns(steps, create=True)
    assert all(len(steps[name]) == 2 for name in COLUMNS)
