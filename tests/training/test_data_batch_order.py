"""Batch order: the same seed gives the same order, another seed or epoch another; every example once
an epoch, the batch count, the last partial batch kept; resuming mid-epoch gives the tail; example
indices name each batch's rows; torch's and a loader's generators are left alone; moving to a
device keeps the order."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from _data import INPUT_KINDS, N, PairDataset, X, Y, epoch_batches, row_ids
from torch.utils.data import DataLoader

from descend.training.data import prepare
from descend.training.data.sources import DatasetSource, LoaderSource, TensorSource, WeightedSource


def test_same_seed_same_order_other_seed_or_epoch_other_order():
    a = prepare((X, Y), batch_size=4, seed=7).train
    b = prepare((X, Y), batch_size=4, seed=7).train
    c = prepare((X, Y), batch_size=4, seed=8).train
    assert row_ids(epoch_batches(a, 0)) == row_ids(epoch_batches(b, 0))
    assert row_ids(epoch_batches(a, 0)) != row_ids(epoch_batches(c, 0))
    orders = {tuple(sum(row_ids(epoch_batches(a, e)), [])) for e in range(5)}
    assert len(orders) == 5


@pytest.mark.parametrize("batch_size", [1, 4, N])
def test_every_example_once_per_epoch(batch_size):
    source = prepare((X, Y), batch_size=batch_size).train
    for epoch in range(3):
        assert sorted(sum(row_ids(epoch_batches(source, epoch)), [])) == list(range(N))


@pytest.mark.parametrize("batch_size, n_batches", [(None, 1), (1, N), (5, 5), (N, 1)])
def test_number_of_batches(batch_size, n_batches):
    source = prepare((X, Y), batch_size=batch_size).train
    assert len(source) == n_batches == len(epoch_batches(source, 0))
    assert source.n == N and source.batch_size == batch_size


def test_full_batch_is_the_whole_set_in_order():
    ((xb, yb),) = prepare((X, Y)).train.batches(4)
    assert torch.equal(xb, X) and torch.equal(yb, Y)


def test_last_partial_batch_is_kept():
    sizes = [len(y) for _, y in prepare((X, Y), batch_size=5).train.batches(0)]
    assert sizes == [5, 5, 5, 5, 3]


@pytest.mark.parametrize("kind", ["tensors", "dataset"])
@pytest.mark.parametrize("start", [0, 1, 3, 5])
def test_resume_mid_epoch_gives_the_tail(kind, start, tmp_path):
    data, _ = INPUT_KINDS[kind](tmp_path)
    source = prepare(data, batch_size=5, seed=1).train
    full = epoch_batches(source, 2)
    tail = epoch_batches(source, 2, start=start)
    assert row_ids(tail) == row_ids(full[start:])


def _every_source_kind():
    loader = DataLoader(PairDataset(X, Y), batch_size=5, shuffle=True, generator=torch.Generator().manual_seed(0))
    for batch_size in (None, 1, 5):
        for shuffle in (False, True):  # shuffle with one full batch too: the order must still agree
            yield TensorSource(X, Y, batch_size, shuffle, seed=4)
            yield WeightedSource(X, Y, torch.ones(N), batch_size, shuffle, seed=4)
            yield DatasetSource(PairDataset(X, Y), np.arange(N), batch_size, shuffle, seed=4, task="classification")
    yield LoaderSource(loader, N, task="classification")


@pytest.mark.parametrize("source", list(_every_source_kind()), ids=repr)
@pytest.mark.parametrize("part", [(0, 1), (1, 2)])
def test_example_indices_name_the_rows_each_batch_holds(source, part):
    # One ordering rule per source: the indices are those the batch was drawn with.
    for epoch, start in ((0, 0), (1, len(source) - 1)):
        for idx, (xb, *_) in source.example_batches(epoch, start, reuse=True, part=part):
            assert xb[:, 0].long().tolist() == idx.tolist()


def test_global_rng_is_untouched():
    source = prepare((X, Y), batch_size=4).train
    state = torch.get_rng_state()
    epoch_batches(source, 0)
    assert torch.equal(state, torch.get_rng_state())


@pytest.mark.parametrize("own", [False, True], ids=["global-generator", "own-generator"])
def test_a_loaders_first_batch_is_read_with_its_generators_put_back(own):
    # train checks a user's loader's first batch before the run: reading it must leave the
    # run's order (drawn from torch's generator, or the loader's own) as it was.
    generator = torch.Generator().manual_seed(7) if own else None
    loader = DataLoader(PairDataset(X, Y), batch_size=5, shuffle=True, generator=generator)
    source = LoaderSource(loader, N, task="classification")
    torch.manual_seed(0)
    state = generator.get_state() if own else None
    first = source.first_batch()
    read_after = [xb[:, 0].tolist() for xb, _ in source.batches(0)]
    torch.manual_seed(0)
    if own:
        generator.set_state(state)
    plain = [xb[:, 0].tolist() for xb, _ in source.batches(0)]
    assert read_after == plain and first[0][:, 0].tolist() == plain[0]


def test_to_device_keeps_the_order():
    source = prepare((X, Y), batch_size=4, seed=2).train
    moved = source.to("cpu")
    assert row_ids(epoch_batches(moved, 1)) == row_ids(epoch_batches(source, 1))


@pytest.mark.cuda
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_to_cuda_keeps_the_order_and_moves_every_batch():
    source = prepare((X, Y), batch_size=4, seed=2).train
    moved = epoch_batches(source.to("cuda"), 1)
    assert all(xb.is_cuda and yb.is_cuda for xb, yb in moved)
    assert row_ids(moved) == row_ids(epoch_batches(source, 1))
