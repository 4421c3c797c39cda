"""A pruning reason counts the epochs a trial trained as trials.csv's ``epochs`` column does:
until session 40 a trial pruned after its one epoch read "at epoch 0" (the run's 0-based epoch)
beside epochs=1 in trials.csv."""

from __future__ import annotations

import optuna

import descend as ds
from descend.tune.pruning import TrialPruning


class _AlwaysPrune(optuna.pruners.BasePruner):
    def prune(self, study, trial):
        return True


def test_a_trial_pruned_after_its_first_epoch_says_after_1_epoch():
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    pruning = TrialPruning(optuna.create_study(pruner=_AlwaysPrune()).ask(), "val_loss", doctor=False)
    ds.train("softmax", "iris", lr=0.1, epochs=3, progress=False, callbacks=[pruning])
    assert pruning.epochs == 1
    assert "after 1 epoch trails the other trials" in pruning.reason and "epoch 0" not in pruning.reason
