"""torch Datasets and DataLoaders as data: a loader is iterated as given and resumed by skipping,
its randomness left alone, its classes read from a targets attribute; a Dataset is split by index
and keeps its image shape; scalar examples become one feature."""

from __future__ import annotations

import torch
from _data import N, PairDataset, X, Y, epoch_batches, row_ids
from torch.utils.data import DataLoader, TensorDataset

from descend.training.data import prepare


def test_scalar_dataset_examples_become_one_feature():
    p = prepare(PairDataset(torch.arange(6.0), torch.arange(6) % 2), batch_size=4)
    assert p.input_shape == (1,)
    assert [tuple(xb.shape) for xb, _ in p.train.batches(0)] == [(4, 1), (2, 1)]


def test_loader_is_iterated_as_given_and_resumes_by_skipping():
    loader = DataLoader(TensorDataset(X, Y.float()), batch_size=4)
    p = prepare(loader)
    assert (p.name, p.task, p.n_outputs, p.train.n, len(p.train)) == ("loader", "regression", 1, N, 6)
    assert row_ids(epoch_batches(p.train, 0)) == [list(range(i, min(i + 4, N))) for i in range(0, N, 4)]
    assert row_ids(epoch_batches(p.train, 0, start=4)) == [[16, 17, 18, 19], [20, 21, 22]]


def test_preparing_a_shuffling_loader_leaves_its_randomness_alone():
    generator = torch.Generator().manual_seed(0)
    loader = DataLoader(PairDataset(X, Y), batch_size=4, shuffle=True, generator=generator)
    torch_state, gen_state = torch.get_rng_state(), generator.get_state()
    p = prepare(loader)
    assert p.n_outputs == 3 and p.train.shuffle
    assert torch.equal(torch_state, torch.get_rng_state())
    assert torch.equal(gen_state, generator.get_state())


def test_loader_labels_from_targets_attribute():
    dataset = PairDataset(X, Y)
    dataset.targets, dataset.classes = Y, ["a", "b", "c", "d"]
    p = prepare(DataLoader(dataset, batch_size=8))
    assert p.n_outputs == 4 and p.classes == ["a", "b", "c", "d"]


def test_dataset_split_and_image_inputs():
    images = torch.rand(20, 1, 8, 8)
    p = prepare(PairDataset(images, torch.arange(20) % 2), "split", batch_size=4)
    assert (p.train.n, p.val.n) == (16, 4)
    assert p.input_shape == (1, 8, 8) and p.image_shape == (1, 8, 8) and p.n_features == 64
    xb, _ = next(p.train.batches(0))
    assert xb.shape == (4, 1, 8, 8)
