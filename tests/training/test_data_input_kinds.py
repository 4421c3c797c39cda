"""prepare() gives the same batches whatever form the data comes in: tensors, NumPy arrays (float32
or float64), lists, a TensorDataset or Dataset, a CSV file by Path or by str."""

from __future__ import annotations

import pytest
import torch
from _data import INPUT_KINDS, D, X, Y, epoch_batches

from descend.training.data import prepare


@pytest.mark.parametrize("kind", list(INPUT_KINDS))
@pytest.mark.parametrize("batch_size", [None, 1, 5])
def test_every_input_kind_gives_the_same_batches(kind, batch_size, tmp_path):
    data, options = INPUT_KINDS[kind](tmp_path)
    reference = prepare((X, Y), batch_size=batch_size, seed=3)
    prepared = prepare(data, batch_size=batch_size, seed=3, **options)
    assert (prepared.task, prepared.n_features, prepared.n_outputs) == ("classification", 3, 3)
    assert prepared.input_shape == (D,)
    for epoch in (0, 1):
        got, want = epoch_batches(prepared.train, epoch), epoch_batches(reference.train, epoch)
        assert len(got) == len(want)
        for (xg, yg), (xw, yw) in zip(got, want):
            assert xg.dtype == torch.float32 and yg.dtype == torch.int64
            torch.testing.assert_close(xg, xw)
            assert torch.equal(yg, yw)
