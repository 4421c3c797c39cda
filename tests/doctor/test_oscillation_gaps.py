"""The oscillation finding of a mini-batch run read on its validation loss, where the rows do
not all hold one (validation every few epochs): read on the rows that hold one, not switched
off."""

import math

from tests._built_history import built_history

import descend as ds

# Two updates an epoch, a training loss falling steadily, validated every second epoch.
TRAIN = [1.0 - 0.02 * i for i in range(40)]
SWINGS = [0.8, 0.5, 0.9, 0.45, 0.85, 0.5, 0.9, 0.5, 0.88, 0.47]


def _oscillation(val_loss):
    h = built_history(TRAIN, lr=0.3, val_loss=val_loss, batches=2)
    return [d for d in ds.diagnose(h) if d.kind == "oscillation"]


def test_a_validation_loss_swinging_between_evaluations_every_second_epoch_is_found():
    every_second = [v for value in SWINGS for v in (math.nan, value)]
    (d,) = _oscillation(every_second)
    assert d.evidence.startswith("the validation loss rose in 44% of the last 9 evaluations")
    assert d.change == {"lr": 0.15}
    (every_epoch,) = _oscillation(SWINGS * 2)  # validated every epoch: read as before, in epochs
    assert every_epoch.evidence.startswith("the validation loss rose in 47% of the last 19 epochs")
