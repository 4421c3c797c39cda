"""The overfitting finding on a record whose rows do not all hold a validation loss (a loop
that validates every few epochs, or a watched loop that logged ``val_loss`` only sometimes):
it is read on the rows that hold one, not switched off."""

import math

import torch
from tests._built_history import built_history
from torch.nn import functional as F

import descend as ds

TRAIN = [1.0, 0.8, 0.6, 0.5, 0.4, 0.3, 0.25, 0.2, 0.15, 0.1]
# Validated every second epoch: best at epoch 3, then rising 40% by epoch 9.
EVERY_SECOND = [math.nan, 0.9, math.nan, 0.5, math.nan, 0.55, math.nan, 0.62, math.nan, 0.7]


def _overfitting(history):
    return [d for d in ds.diagnose(history) if d.kind == "overfitting"]


def test_validation_every_second_epoch_is_read_on_the_epochs_it_was_taken():
    (d,) = _overfitting(built_history(TRAIN, lr=0.01, val_loss=EVERY_SECOND))
    assert "from 0.5 (epoch 3, its best) to 0.7 (epoch 9)" in d.evidence
    assert "training loss fell from 0.5 to 0.1" in d.evidence
    assert d.change == {"epochs": 4} and d.step == 4
    # Fewer than four validated epochs, or a best among the last two validated: quiet, as with
    # validation every epoch.
    three = [math.nan] * 4 + [0.5, math.nan, 0.6, math.nan, 0.7, math.nan]
    assert _overfitting(built_history(TRAIN, lr=0.01, val_loss=three)) == []
    late_best = [math.nan, 0.9, math.nan, 0.8, math.nan, 0.7, math.nan, 0.5, math.nan, 0.6]
    assert _overfitting(built_history(TRAIN, lr=0.01, val_loss=late_best)) == []


def test_a_last_epoch_without_validation_reads_the_last_one_validated():
    val = EVERY_SECOND[:-1] + [math.nan]  # epoch 9 not validated: epoch 7 (0.62) is the last read
    (d,) = _overfitting(built_history(TRAIN, lr=0.01, val_loss=val))
    assert "to 0.62 (epoch 7)" in d.evidence and "fell from 0.5 to 0.2" in d.evidence


def test_a_watched_loop_that_logged_val_loss_only_some_epochs_is_told_its_overfitting():
    torch.manual_seed(0)
    x = torch.randn(64, 4)
    y = x @ torch.randn(4, 1)
    model = torch.nn.Linear(4, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    monitor = ds.watch(model, opt, print_findings=False)
    for epoch in range(10):
        opt.zero_grad()
        loss = F.mse_loss(model(x), y)
        loss.backward()
        opt.step()
        monitor.log(loss, **({"val_loss": EVERY_SECOND[epoch]} if epoch % 2 else {}))
        monitor.epoch_end()
    (d,) = [d for d in monitor.close() if d.kind == "overfitting"]
    assert "(epoch 3, its best) to 0.7 (epoch 9)" in d.evidence and d.change == {"epochs": 4}
