"""Trials Optuna fails for their value (NaN), raising nothing: they count toward the study's
trials, so that a study whose every trial fails ends, and tune says how many failed and why."""

from __future__ import annotations

import csv

import pytest
import torch
from _tuning import LR_SPACE, SMALL
from click.testing import CliRunner
from sklearn.datasets import load_iris

import descend as ds
from descend.cli import app
from descend.tune.objective import TrainObjective


def _nan_trials(monkeypatch, failing: int, at_most: int) -> list[int]:
    """Trials valued NaN for the first ``failing`` calls, then as usual; a call past ``at_most``
    fails the test (the study ran on past its trials) rather than hanging it."""
    calls: list[int] = []
    real = TrainObjective.__call__

    def valued(self, trial):
        calls.append(trial.number)
        assert len(calls) <= at_most, f"trial {trial.number}: the study ran past its {at_most} trials"
        return float("nan") if len(calls) <= failing else real(self, trial)

    monkeypatch.setattr(TrainObjective, "__call__", valued)
    return calls


def test_a_study_whose_every_trial_fails_ends_says_why_and_keeps_its_files(monkeypatch, tmp_path):
    calls = _nan_trials(monkeypatch, failing=3, at_most=3)
    out = tmp_path / "study"
    with pytest.warns(RuntimeWarning) as warned:
        result = ds.tune("softmax", "iris", space=LR_SPACE, trials=3, out=out, progress=False, **SMALL)
    assert calls == [0, 1, 2]
    assert result.best_value is None and result.best_params == {}
    message = (
        "3 of the study's 3 trials failed (they count toward trials=3); the first, trial 0: its val_loss came out "
        "nan. trials.csv and the report say why each stopped"
    )
    assert [str(w.message) for w in warned if w.category is RuntimeWarning] == [message]
    rows = list(csv.DictReader((out / "trials.csv").open()))
    assert [(r["state"], r["stopped_because"]) for r in rows] == [("FAIL", "its val_loss came out nan")] * 3
    assert (out / "study.db").is_file() and (out / "report.html").is_file()


def test_a_failed_trial_counts_toward_the_trials(monkeypatch):
    calls = _nan_trials(monkeypatch, failing=1, at_most=3)
    with pytest.warns(RuntimeWarning, match=r"^1 of the study's 3 trials failed .* the first, trial 0: its val_loss"):
        result = ds.tune("softmax", "iris", space=LR_SPACE, trials=3, progress=False, **SMALL)
    assert len(calls) == 3
    assert [t.state.name for t in result.study.trials][0] == "FAIL"
    assert len(result.study.trials) == 3 and result.best_value is not None


def test_descend_tune_ends_and_counts_the_failed_trials(monkeypatch, tmp_path):
    _nan_trials(monkeypatch, failing=2, at_most=2)
    out = tmp_path / "study"
    args = ["tune", "--data", "iris", "--model", "softmax", "--epochs", 2, "--trials", 2, "--out", out, "--no-progress"]
    ran = CliRunner().invoke(app, [str(a) for a in args], prog_name="descend")
    assert ran.exit_code == 0, ran.output
    assert "2 (0 pruned, 2 failed)" in ran.stdout
    assert "2 of the study's 2 trials failed" in ran.output


def test_a_trial_whose_run_is_too_short_for_its_warm_up_fails_alone_and_the_study_goes_on(tmp_path):
    # one update per run (a full batch, one epoch): a warm-up needs two; the constant rate trains
    X = torch.linspace(-1, 1, 32).unsqueeze(1)
    space = {"lr": [0.1, 0.5], "schedule": ["constant", "warmup+cosine"]}
    out = tmp_path / "study"
    with pytest.warns(RuntimeWarning, match=r"^2 of the study's 4 trials failed .* schedule='warmup\+cosine' needs"):
        result = ds.tune(
            "linear", (X, 2 * X + 1), space=space, trials=4, metric="loss", optimizer="sgd", batch_size=None,
            epochs=1, start_at_defaults=False, out=out, progress=False,
        )  # fmt: skip
    rows = list(csv.DictReader((out / "trials.csv").open()))
    assert [(r["param_schedule"], r["state"]) for r in rows] == [
        ("constant", "COMPLETE"),
        ("warmup+cosine", "FAIL"),
        ("constant", "COMPLETE"),
        ("warmup+cosine", "FAIL"),
    ]
    reason = (
        "schedule='warmup+cosine' needs a run of at least 2 updates (a warm-up, then 'cosine'), got 1 update: "
        "give it more: more epochs (train) or max_epochs (an estimator), smaller batches, or max_iter >= 2 (minimize)"
    )
    assert {r["stopped_because"] for r in rows if r["state"] == "FAIL"} == {reason}
    assert result.best_params["schedule"] == "constant"


def test_an_estimator_trial_whose_fits_are_too_short_for_its_warm_up_fails_alone():
    X, y = load_iris(return_X_y=True)
    estimator = ds.GDClassifier(max_epochs=1, batch_size=None, random_state=0)  # one update a fit
    space = {"schedule": ["constant", "warmup+cosine"], "lr": [0.01, 0.1]}
    with pytest.warns(RuntimeWarning, match=r"^3 of the study's 4 trials failed .* schedule='warmup\+cosine' needs"):
        result = ds.tune(estimator, X, y, cv=2, space=space, trials=4, start_at_defaults=False, progress=False)
    states = {(t.params["schedule"], t.state.name) for t in result.study.trials}
    assert states == {("warmup+cosine", "FAIL"), ("constant", "COMPLETE")}
    assert result.best_params["schedule"] == "constant"
