"""A NaN in one row of a DataLoader's data: train's loss turns NaN at that row's batch with no
blow-up before it, and its stop reason names the batch beside the rate, as the doctor's advice
and descend.watch's warning do (descend.training.non_finite.not_grown_words); a loss that blew
up first, and a full batch, are told the rate alone."""

import math

import torch
from _small_runs import linear_data
from torch.utils.data import DataLoader, TensorDataset

from descend import train

BOTH = "Check that step's batch and the loss for NaN or inf: the loss had not blown up before it (at most "


def _run(lr):
    X, y = linear_data(n=64)
    X[50, 1] = math.nan  # the fourth batch of 16: step 4's
    loader = DataLoader(TensorDataset(X, y), batch_size=16, shuffle=False)
    h = train("linear", loader, optimizer="sgd", lr=lr, epochs=2, tol=None, progress=False, instruments=False)
    assert h.non_finite_step == 4 and len(h.steps["loss"]) == 3
    return h


def test_a_nan_row_is_told_as_that_steps_batch_beside_the_rate():
    # Was "... training stopped before applying that step. Try a smaller learning rate.", and at a
    # smaller rate the same NaN.
    said = _run(lr=0.01).stopped_because
    assert said.startswith("the loss became nan at step 4 (epoch 0, batch 3) with lr=0.01; ")
    assert BOTH in said and said.endswith(" at the start); else try a smaller learning rate.")


def test_a_blow_up_is_told_the_rate_alone():
    h = _run(lr=100.0)  # the same NaN row, after a loss that grew on its way (a rate too large)
    assert max(h.steps["loss"]) > 3 * h.steps["loss"][0]
    assert h.stopped_because.endswith("training stopped before applying that step. Try a smaller learning rate.")


def test_a_full_batch_is_told_the_rate_alone():
    # Its loss is exact: a calm one that turns NaN is not read as a batch's NaN (as the doctor reads it).
    calls = []

    def nan_at_step_3(out, target):
        if torch.is_grad_enabled():  # a training step's (train measures its start without gradients)
            calls.append(1)
        value = torch.nn.functional.mse_loss(out.squeeze(-1), target)
        return value * math.nan if len(calls) == 3 else value

    X, y = linear_data(n=64)
    h = train(
        "linear",
        (X, y),
        loss=nan_at_step_3,
        optimizer="sgd",
        lr=0.01,
        batch_size=64,
        epochs=5,
        tol=None,
        progress=False,
        instruments=False,
    )
    assert h.non_finite_step == 3 and len(h.steps["loss"]) == 2
    assert BOTH not in h.stopped_because and h.stopped_because.endswith("Try a smaller learning rate.")
