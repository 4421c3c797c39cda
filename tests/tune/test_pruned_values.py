"""A pruned trial's row in ``trials.csv`` holds its metric at the last epoch it trained: the
doctor prunes before the epoch's value reaches Optuna, so a trial it pruned had no value there
(pruned in its first epoch) or the epoch before's."""

from __future__ import annotations

import csv
import math

from descend.training.history import History
from descend.tune import tune


def test_a_trial_the_doctor_prunes_shows_its_last_measured_val_loss_in_trials_csv(tmp_path):
    out = tmp_path / "study"
    space = {"lr": [1e3, 2e3]}  # SGD diverges at once: the doctor prunes the first epoch
    result = tune(
        "mlp",
        "iris",
        space=space,
        trials=1,
        epochs=4,
        optimizer="sgd",
        start_at_defaults=False,
        out=out,
        progress=False,
    )
    (trial,) = result.study.trials
    assert trial.state.name == "PRUNED" and trial.user_attrs["pruned_because"].startswith("the doctor: divergence")
    assert trial.user_attrs["epochs"] == 1
    measured = History.load(out / "trials" / "0000").epochs["val_loss"]
    (row,) = csv.DictReader((out / "trials.csv").open())
    assert row["value"] != "" and math.isclose(float(row["value"]), measured[-1])
