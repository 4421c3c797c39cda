"""The doctor's overfitting finding: it names the best epoch and the weights to keep."""

import pytest
import torch

import descend as ds
from _findings import data as _data


@pytest.mark.slow
def test_overfitting_names_the_best_epoch():
    X, y = _data()
    Xv, yv = _data(seed=1)
    torch.manual_seed(0)  # the weights this test was written on, whatever ran before it
    model = torch.nn.Sequential(torch.nn.Linear(5, 128), torch.nn.ReLU(), torch.nn.Linear(128, 1))
    h = ds.train(model, (X, y), val_data=(Xv, yv), lr=0.01, epochs=150, tol=None, patience=1000, progress=False)
    (d,) = [d for d in h.diagnoses if d.kind == "overfitting"]
    best = min(range(len(h.val_loss)), key=h.val_loss.__getitem__)
    assert f"epoch {best}, its best" in d.evidence and f"keep the weights of epoch {best}" in d.advice
    assert d.step == best + 1  # full batch: one step per epoch
