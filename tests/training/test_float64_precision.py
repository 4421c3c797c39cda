"""A float64 model on float64 data trains in float64 end to end: the data are read in the
model's dtype, not as float32 first (which kept float32's precision: 1.7e-8 off the fit below)."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

import descend as ds
from descend.training.data import prepare

RNG = np.random.default_rng(0)
X = RNG.normal(size=(40, 3))
Y = X @ np.array([0.7, -1.3, 2.1]) + 0.3 + 0.05 * RNG.normal(size=40)


@pytest.mark.parametrize("as_data", [lambda x, y: (x, y), lambda x, y: (torch.from_numpy(x), torch.from_numpy(y))])
def test_a_float64_least_squares_fit_reaches_the_closed_form(as_data):
    solution = np.linalg.lstsq(np.column_stack([X, np.ones(len(X))]), Y, rcond=None)[0]
    model = nn.Linear(3, 1).double()
    ds.train(model, as_data(X, Y), optimizer="sgd", lr=0.3, batch_size=None, epochs=300, tol=None, progress=False)
    fitted = np.append(model.weight.detach().numpy().ravel(), model.bias.item())
    assert np.abs(fitted - solution).max() < 1e-10  # inputs read as float32: about 2e-8


def test_lr_find_gives_a_float64_model_the_data_unrounded():
    class Seeing(nn.Linear):
        def forward(self, x):
            self.seen = x
            return super().forward(x)

    model = Seeing(3, 1).double()
    ds.lr_find(model, (X, Y), num=5)
    assert model.seen.dtype == torch.float64
    assert (model.seen - model.seen.float().double()).abs().max() > 0  # not rounded to float32


def _unrounded(p):
    for source in (p.train, p.val):
        x, y = source.head(source.n)
        assert (x.dtype, y.dtype) == (torch.float64, torch.float64)
        assert min((x - x.float().double()).abs().max(), (y - y.float().double()).abs().max()) > 0


@pytest.mark.parametrize("standardize", [False, True])
def test_prepare_reads_features_and_targets_in_the_dtype_asked(tmp_path, standardize):
    path = tmp_path / "data.csv"
    np.savetxt(path, np.column_stack([X, Y]), delimiter=",", header="a,b,c,y", comments="", fmt="%.17g")
    for data, kw in (((X, Y), {}), (str(path), {"target": "y"})):
        _unrounded(prepare(data, val_data="split", standardize=standardize, dtype=torch.float64, **kw))


def test_prepare_reads_a_loaders_in_memory_validation_data_in_the_dtype_asked():
    loader = DataLoader(TensorDataset(torch.from_numpy(X), torch.from_numpy(Y)), batch_size=len(X))
    _unrounded(prepare(loader, (X, Y), dtype=torch.float64))


def test_prepare_names_a_dtype_it_cannot_read_in():
    with pytest.raises(ValueError, match=r"dtype must be torch.float32 or torch.float64, got torch.float16"):
        prepare((X, Y), dtype=torch.float16)
