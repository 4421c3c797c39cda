"""``train``'s default batch (session 33): 32, as ``lr_find`` and the estimators take, so that the
first run a new user makes trains; a training set smaller than that is one full batch, silently;
``batch_size=None`` stays full-batch gradient descent."""

from __future__ import annotations

import inspect
import math
import warnings

import pytest
import torch
from torch.utils.data import DataLoader, TensorDataset

import descend as ds


def _tiny(n: int = 20) -> tuple[torch.Tensor, torch.Tensor]:
    X = torch.linspace(-1, 1, 3 * n).reshape(n, 3)
    return X, (X[:, 0] > 0).long()


def test_the_default_batch_is_32():
    assert inspect.signature(ds.train).parameters["batch_size"].default == 32


def test_digits_with_every_default_trains():
    # Before session 33 (the full batch: 10 Adam updates at 1e-3) this run ended at 2.079, chance
    # being log 10 = 2.30; at batch 32 it ends at 0.093.
    history = ds.train("mlp", "digits", progress=False)
    assert history.batch_choice["batch_size"] == 32
    assert len(history.steps["loss"]) == 10 * math.ceil(1437 / 32)
    assert history.epochs["loss"][-1] < 0.5
    assert history.epochs["val_loss"][-1] < 0.5


def test_data_smaller_than_the_default_batch_trains_silently_as_one_full_batch():
    X, y = _tiny(20)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        history = ds.train("softmax", (X, y), epochs=3, progress=False)
    assert history.batch_choice["batch_size"] is None
    assert len(history.steps["loss"]) == 3  # one update per epoch
    full = ds.train("softmax", (X, y), epochs=3, batch_size=None, progress=False)
    assert history.epochs["loss"] == full.epochs["loss"]  # the full batch itself, bit for bit


def test_a_dataset_smaller_than_the_default_batch_is_one_full_batch_too():
    X, y = _tiny(20)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        history = ds.train("softmax", TensorDataset(X, y), epochs=2, progress=False)
    assert history.batch_choice["batch_size"] is None
    assert len(history.steps["loss"]) == 2


def test_a_batch_chosen_larger_than_the_data_is_still_an_error():
    with pytest.raises(ValueError, match=r"batch_size=32 is larger than the 20 training examples"):
        ds.train("softmax", _tiny(20), epochs=1, batch_size=32, progress=False)


def test_batch_size_none_is_still_the_full_batch():
    history = ds.train("softmax", "iris", epochs=2, batch_size=None, progress=False)
    assert history.batch_choice["batch_size"] is None
    assert len(history.steps["loss"]) == 2


def test_a_dataloader_keeps_its_own_batches_under_the_default():
    X, y = _tiny(20)
    history = ds.train("softmax", DataLoader(TensorDataset(X, y), batch_size=4), epochs=2, progress=False)
    assert history.batch_choice["batch_size"] is None  # as before: the loader's, not train's
    assert len(history.steps["loss"]) == 2 * 5


def test_a_resume_under_the_default_keeps_the_batch(tmp_path):
    X, y = _tiny(20)
    ds.train("softmax", (X, y), epochs=2, checkpoint_dir=tmp_path, progress=False)
    history = ds.train("softmax", (X, y), epochs=4, checkpoint_dir=tmp_path, resume=True, progress=False)
    assert history.batch_choice["batch_size"] is None
    assert len(history.steps["loss"]) == 4


@pytest.mark.parametrize(
    "optimizer",
    ["lbfgs", "rprop", "LBFGS", ds.optim.LBFGS, torch.optim.Rprop],
    ids=["lbfgs", "rprop", "LBFGS", "ds.optim.LBFGS", "torch.optim.Rprop"],
)
def test_rules_for_full_batch_gradients_take_the_full_batch_under_the_default(optimizer):
    # At batch 32 L-BFGS's line search ended iris at loss 2.25e3 (the full batch: 1.6e-8) and
    # Rprop ended digits at 5.87 (the full batch: 0.098). A class, as a name, was given batch 32.
    history = ds.train("softmax", "iris", optimizer=optimizer, epochs=2, progress=False)
    assert history.batch_choice["batch_size"] is None
    assert len(history.steps["loss"]) == 2


def test_an_lbfgs_instance_takes_the_full_batch_and_a_chosen_batch_is_kept():
    model = torch.nn.Linear(4, 3)
    history = ds.train(model, "iris", optimizer=torch.optim.LBFGS(model.parameters()), epochs=1, progress=False)
    assert history.batch_choice["batch_size"] is None
    chosen = ds.train("softmax", "iris", optimizer="rprop", batch_size=32, epochs=1, progress=False)
    assert chosen.batch_choice["batch_size"] == 32
    assert ds.optim.full_batch_rule(torch.optim.Rprop(model.parameters())) and not ds.optim.full_batch_rule("sgd")
