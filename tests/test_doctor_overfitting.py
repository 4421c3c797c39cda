"""The doctor's overfitting finding: it names the best epoch and the weights to keep; a rise that
early stopping ended is no alarm."""

import pytest
import torch

import descend as ds
from _built_history import built_history as _history
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


def test_overfitting_that_early_stopping_ended_is_not_an_alarm():
    # The same rise in the validation loss: an alarm where the run went on to its epoch limit,
    # nothing more than the converged finding where early stopping ended the run at it (the
    # rise is its patience window, and the best epoch's weights are restored).
    loss, val = [1.0, 0.8, 0.6, 0.4, 0.3, 0.2], [1.0, 0.8, 0.7, 0.9, 1.1, 1.3]
    assert [d.kind for d in ds.diagnose(_history(loss, val_loss=val, plain_steps=True))] == ["overfitting"]
    stopped = _history(loss, val_loss=val, plain_steps=True, converged=True)
    stopped.stopped_because = "early stopping: the validation loss has not improved for 3 epochs (best 0.7 at epoch 2)"
    assert [d.kind for d in ds.diagnose(stopped)] == ["converged"]
