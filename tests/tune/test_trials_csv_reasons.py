"""trials.csv says why a pruned trial stopped once: until session 40 its stopped_because column
repeated pruned_because after "pruned by " (the run's own words for being pruned), so each of
the doctor's findings, a paragraph, was written twice in every pruned row."""

from __future__ import annotations

import csv

import optuna

from descend.tune.outputs import write_trials


def test_a_pruned_trial_says_why_once_and_a_run_that_stopped_otherwise_keeps_its_words(tmp_path):
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.create_study()
    reason = "the doctor: divergence at step 4: try lr=0.0287"
    study.enqueue_trial({}, user_attrs={"pruned_because": reason, "stopped_because": f"pruned by {reason}"})
    study.enqueue_trial({}, user_attrs={"pruned_because": reason, "stopped_because": "time budget of 1 s spent"})
    study.enqueue_trial({}, user_attrs={"stopped_because": "reached the maximum of 4 epochs"})

    def objective(trial):
        if "pruned_because" in trial.user_attrs:
            raise optuna.TrialPruned()
        return 1.0

    study.optimize(objective, n_trials=3)
    with open(write_trials(study, tmp_path / "trials.csv"), newline="") as file:
        rows = list(csv.DictReader(file))
    assert [(r["pruned_because"], r["stopped_because"]) for r in rows] == [
        (reason, ""),
        (reason, "time budget of 1 s spent"),
        ("", "reached the maximum of 4 epochs"),
    ]
