"""A model's floating dtype decides the data's: a .double() model is given float64 batches."""

from __future__ import annotations

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

import descend as ds

X = torch.randn(24, 3, dtype=torch.float64, generator=torch.Generator().manual_seed(0))
Y = X.sum(1)


def test_double_model_trains_on_arrays_and_loaders_with_lr_auto():
    """Was torch's 'mat1 and mat2 must have the same dtype, but got Float and Double' (the data
    are read as float32 whatever their dtype)."""
    for data in ((X, Y), DataLoader(TensorDataset(X, Y), batch_size=8)):
        model = nn.Linear(3, 1).double()
        history = ds.train(model, data, val_data=data, lr="auto", epochs=2, progress=False)
        assert model.weight.dtype == torch.float64
        assert history.epochs["loss"][-1] < history.epochs["loss"][0]


def test_source_in_dtype_keeps_class_labels_int64():
    source = ds.training.data.prepare((X, (X[:, 0] > 0).long()), batch_size=4).train.in_dtype(torch.float64)
    x, y = next(iter(source.batches(0)))
    assert (x.dtype, y.dtype) == (torch.float64, torch.int64)
