"""A study killed mid-trial (SIGKILL) and resumed: no finished trial lost, none repeated, the
killed trial run again with its parameters."""

from __future__ import annotations

import csv
import signal

import optuna
import pytest
from _tuning import SLOW_TUNE_YAML, descend_process, finished_numbers, read_study, wait_for

import descend as ds
from descend.tune.outputs import write_trials
from descend.tune.storage import requeue

Complete, Running, Fail, Pruned = (
    optuna.trial.TrialState.COMPLETE,
    optuna.trial.TrialState.RUNNING,
    optuna.trial.TrialState.FAIL,
    optuna.trial.TrialState.PRUNED,
)


@pytest.mark.slow
def test_a_killed_study_resumes_without_losing_or_repeating_a_trial(tmp_path):
    config = tmp_path / "tune.yaml"
    config.write_text(SLOW_TUNE_YAML.format(trials=5))
    out = tmp_path / "study"
    url = f"sqlite:///{out / 'study.db'}"
    first = descend_process("tune", "--config", config, "--out", out, "--no-progress")
    try:
        wait_for(lambda: (out / "study.db").is_file(), what="the study's database")
        study = read_study(url, "study")

        def mid_trial():
            states = [t.state for t in study.get_trials()]
            return states.count(Complete) + states.count(Pruned) >= 2 and states[-1] == Running

        wait_for(mid_trial, what="two finished trials and a third one running")
        first.send_signal(signal.SIGKILL)
    finally:
        if first.poll() is None:
            first.kill()
        first.wait(timeout=60)
    assert first.returncode == -signal.SIGKILL
    before = {t.number: t for t in study.get_trials()}
    killed = [n for n, t in before.items() if t.state == Running]
    assert killed, "the kill came between two trials; the test wants one in the middle"

    second = descend_process("tune", "--config", config, "--out", out, "--resume", "--no-progress")
    assert second.wait(timeout=300) == 0
    after = {t.number: t for t in read_study(url, "study").get_trials()}
    # Finished trials are kept as they were, and not run again.
    for number, trial in before.items():
        if trial.state in (Complete, Pruned):
            assert after[number].state == trial.state and after[number].value == trial.value
            assert after[number].params == trial.params
    assert not [
        t
        for t in after.values()
        if t.user_attrs.get("retry_of") in before and before[t.user_attrs["retry_of"]].state in (Complete, Pruned)
    ]
    # The killed trial is marked failed and run again, with the same parameters.
    for number in killed:
        assert after[number].state == Fail
        (retry,) = [t for t in after.values() if t.user_attrs.get("retry_of") == number]
        # finished, with the parameters drawn before the kill (one killed between two draws
        # draws the rest anew)
        assert retry.state == Complete and before[number].params.items() <= retry.params.items()
    # The budget: exactly the 5 finished trials asked for.
    assert len(finished_numbers(read_study(url, "study"))) == 5
    assert (out / "best.yaml").is_file() and (out / "report.html").is_file()


def test_trials_csv_says_why_a_killed_trial_failed_and_which_trial_ran_it_again(tmp_path):
    """Was a FAIL row with every reason empty, and nothing that led to its retry."""
    study = optuna.create_study()
    study.ask({"x": optuna.distributions.FloatDistribution(0, 1)})  # left running by a killed process
    requeue(study, "its process ended while it ran (killed or interrupted); re-queued with the same parameters")
    study.optimize(lambda t: t.suggest_float("x", 0, 1) ** 2, n_trials=1)
    rows = list(csv.DictReader(write_trials(study, tmp_path / "trials.csv").open()))
    assert [r["state"] for r in rows] == ["FAIL", "COMPLETE"]
    assert rows[0]["stopped_because"] == (
        "its process ended while it ran (killed or interrupted); re-queued with the same parameters as trial 1"
    )


def test_a_trial_interrupted_by_ctrl_c_runs_again_when_the_study_resumes(tmp_path, monkeypatch):
    """Optuna marks a trial interrupted by Ctrl-C failed, and a failed trial is not run again:
    the study went on without it (the doctor's advised rate lost with it), and ``--resume``
    counted it as a trial. Now it is queued again as it is interrupted, advice and all."""
    from descend.tune import objective

    space = {"lr": {"low": 1e-4, "high": 1.0, "log": True}}
    calls = []
    train = objective.train

    def interrupted_second(*args, **kwargs):  # the trial after the defaults: the doctor's advice
        calls.append(kwargs["lr"])
        if len(calls) == 2:
            raise KeyboardInterrupt
        return train(*args, **kwargs)

    monkeypatch.setattr(objective, "train", interrupted_second)
    kwargs = dict(space=space, trials=3, epochs=2, out=tmp_path / "study", progress=False)
    with pytest.raises(KeyboardInterrupt):
        ds.tune("mlp", "digits", **kwargs)
    study = optuna.load_study(study_name="study", storage=f"sqlite:///{tmp_path / 'study' / 'study.db'}")
    stopped = study.trials[1]
    assert stopped.state == Fail and "advised_by" in stopped.user_attrs  # trial 0 is pruned, its advice queued
    (waiting,) = study.get_trials(states=(optuna.trial.TrialState.WAITING,))
    assert waiting.system_attrs["fixed_params"] == stopped.params
    assert waiting.user_attrs["advised_by"] == stopped.user_attrs["advised_by"]
    assert waiting.user_attrs["retry_of"] == 1

    result = ds.tune("mlp", "digits", resume=True, **kwargs)
    trials = result.study.trials
    assert calls[2] == calls[1]  # the interrupted trial, first to run on resume
    assert trials[2].user_attrs["retry_of"] == 1 and trials[2].state in (Complete, Pruned)
    assert len(finished_numbers(result.study)) == 3
    rows = list(csv.DictReader((tmp_path / "study" / "trials.csv").open()))
    assert rows[1]["stopped_because"] == (
        "interrupted (Ctrl-C) while it ran; re-queued with the same parameters as trial 2"
    )


def test_resuming_a_study_that_has_its_trials_warns_that_none_was_run(tmp_path):
    """``trials`` counts every trial of the study: resumed with trials=2 ("2 more", meant) a
    study of 2 ran nothing and said nothing."""
    kwargs = dict(space={"lr": [0.01, 0.1]}, epochs=1, out=tmp_path / "study", progress=False)
    ds.tune("softmax", "iris", trials=2, **kwargs)
    with pytest.warns(UserWarning) as caught:
        result = ds.tune("softmax", "iris", trials=2, resume=True, **kwargs)
    assert len(result.study.trials) == 2
    assert [str(w.message) for w in caught] == [
        "the study has 2 finished trials already and trials=2 counts them all: no trial was run; give trials=4 for "
        "2 more"
    ]


def test_a_resumed_study_draws_new_points_not_its_first_calls_again(tmp_path):
    """The sampler was seeded alike in every call: resumed, a study drew the first call's
    random points again, in order (lr 0.0443, 0.1398, then 0.0443, 0.1398: 4 trials, 2 points)."""
    space = {"lr": {"low": 1e-3, "high": 1.0, "log": True}}
    kwargs = dict(space=space, epochs=1, out=tmp_path / "study", progress=False, start_at_defaults=False)
    ds.tune("softmax", "iris", trials=2, **kwargs)
    result = ds.tune("softmax", "iris", trials=4, resume=True, **kwargs)
    rates = [t.params["lr"] for t in result.study.trials]
    assert len(rates) == 4 and len(set(rates)) == 4


def test_ctrl_c_mid_study_writes_the_files_of_the_trials_it_finished(tmp_path, monkeypatch):
    """Was: study.db alone, no trials.csv, best.yaml nor report.html for the trials finished
    before Ctrl-C (a resumed study's were those of its last call's end)."""
    from descend.tune import objective

    train, calls = objective.train, []

    def interrupted_third(*args, **kwargs):
        calls.append(kwargs["lr"])
        if len(calls) == 3:
            raise KeyboardInterrupt
        return train(*args, **kwargs)

    monkeypatch.setattr(objective, "train", interrupted_third)
    out = tmp_path / "study"
    space = {"lr": [0.05, 0.1, 0.2]}
    with pytest.raises(KeyboardInterrupt):
        ds.tune(
            "softmax",
            "iris",
            space=space,
            trials=4,
            epochs=2,
            pruner="none",
            doctor=False,  # nothing pruned: the two trials before Ctrl-C complete
            start_at_defaults=False,
            out=out,
            progress=False,
        )
    rows = list(csv.DictReader((out / "trials.csv").open()))
    assert [(r["number"], r["state"]) for r in rows] == [
        ("0", "COMPLETE"),
        ("1", "COMPLETE"),
        ("2", "FAIL"),
        ("3", "WAITING"),
    ]
    best = min(rows[:2], key=lambda r: float(r["value"]))
    assert f"# best trial {best['number']} of the study" in (out / "best.yaml").read_text()
    assert (out / "report.html").is_file()
