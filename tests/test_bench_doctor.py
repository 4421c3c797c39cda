"""The doctor bench's labels and metrics (bench/doctor.py) on hand-made records, without
training anything: the corpus itself is built by the bench, not by the tests."""

import importlib
import math

import pytest
import torch

from _bench import bench_on_path
from descend.training.findings import Diagnosis


@pytest.fixture(scope="module")
def bench():
    with bench_on_path():
        yield tuple(importlib.import_module(name) for name in ("doctor", "_doctor_corpus", "_doctor_tasks"))


def _record(lr, final, kinds="", task="t", half="tune"):
    # The stub doctor below reads the findings to give from the history's ``task`` field.
    return {"task": task, "half": half, "optimizer": "sgd", "lr": lr, "final": final, "history": {"task": kinds}}


def _stub_diagnose(history):
    changes = {"slow_progress": {"lr": 2.0}, "divergence": {"lr": 3.0}}
    return [Diagnosis(k, 1, "seen", "advice", changes.get(k, {})) for k in history.task.split(",") if k]


def test_labels_come_from_the_grid(bench):
    doctor, _, _ = bench
    records = [_record(1, 10.0), _record(2, 1.0), _record(3, 1.2), _record(4, 1.4), _record(5, math.inf)]
    assert [label for label, _, _ in doctor.labels(records)] == [
        "too_small",
        "healthy",
        "healthy",
        "ambiguous",
        "too_large",
    ]


def test_a_grid_where_no_rate_trained_has_no_healthy_run(bench):
    doctor, _, _ = bench

    def started(record, first):
        return record | {"history": {"task": "", "steps": {"loss": [first]}}}

    # Every rate ended above the loss it started from (1.0): the least-diverged run is no
    # reference, so nothing in that grid is labelled.
    stuck = [started(_record(lr, final, task="stuck"), 1.0) for lr, final in ((1, 5.0), (2, 2.0), (3, 9.0))]
    # The same finals below a start of 10: the grid trained, and the labels come from its best.
    trained = [started(_record(lr, final, task="ok"), 10.0) for lr, final in ((1, 5.0), (2, 2.0), (3, 9.0))]
    assert [label for label, _, _ in doctor.labels(stuck)] == ["ambiguous"] * 3
    assert [label for label, _, _ in doctor.labels(trained)] == ["too_small", "healthy", "too_large"]


def test_evaluate_counts_precision_recall_false_alarms_and_advice(bench):
    doctor, corpus, _ = bench
    records = [
        _record(1, 10.0, "slow_progress"),  # too small, found, advice helps
        _record(2, 1.0, "oscillation"),  # healthy: a false alarm
        _record(3, 1.2, "converged"),  # healthy, not an alarm
        _record(4, 1.4, "divergence"),  # ambiguous: left out
        _record(5, math.inf, "divergence"),  # too large, found, its rerun not trained yet
    ]
    reruns = {corpus.rerun_key(records[0], {"lr": 2.0}): {"final": 1.0}}
    metrics = doctor.evaluate(records, diagnose=_stub_diagnose, reruns=reruns)
    tune = metrics["halves"]["tune"]
    assert tune["false_alarms"] == 0.5
    assert (tune["precision_large"], tune["recall_large"]) == (0.5, 1.0)  # the healthy oscillation
    assert (tune["precision_small"], tune["recall_small"]) == (1.0, 1.0)
    assert (tune["advice_applied"], tune["advice_helped"]) == (1, 1.0)
    assert metrics["missing"] == [(4, {"lr": 3.0})]
    assert tune["confusion"]["healthy"] == {"quiet": 1, "too large": 1, "too small": 0, "both": 0, "other": 0}
    assert metrics["halves"]["held_out"]["false_alarms"] is None
    assert metrics["halves"]["fresh"]["runs"] == 0  # the third group, reported on its own


def test_a_healthy_runs_alarm_is_rerun_with_its_advice_and_counted_apart_from_the_targets(bench):
    doctor, corpus, _ = bench
    records = [
        _record(1, 10.0, "slow_progress"),  # too small
        _record(2, 1.0, "slow_progress"),  # healthy: a false alarm whose advice, followed, helps
        _record(3, 1.1, "divergence"),  # healthy: a false alarm whose advice, followed, hurts
        _record(4, 1.2, "slow_progress"),  # healthy: a false alarm whose rerun is not trained yet
    ]
    reruns = {
        corpus.rerun_key(records[1], {"lr": 2.0}): {"final": 0.8},
        corpus.rerun_key(records[2], {"lr": 3.0}): {"final": math.inf},
    }
    metrics = doctor.evaluate(records, diagnose=_stub_diagnose, reruns=reruns)
    tune = metrics["halves"]["tune"]
    assert tune["false_alarm_count"] == 3
    assert (tune["false_alarm_advice_applied"], tune["false_alarm_advice_helped"]) == (2, 1)
    assert tune["false_alarm_advice_hurt"] == 1
    assert (tune["advice_applied"], tune["advice_helped"]) == (0, None)  # healthy reruns are not the target's
    assert (3, {"lr": 2.0}) in metrics["missing"]


def test_a_run_cached_without_its_measured_start_is_given_its_tasks_data_start(bench):
    doctor, _, _ = bench
    seen = []

    def diagnose(history):
        seen.append(history.initial_data_loss)
        return []

    run = lambda opt, first, **more: {  # noqa: E731
        "task": "t",
        "half": "tune",
        "optimizer": opt,
        "lr": 1.0,
        "final": 1.0,
        "history": {"steps": {"loss": [first]}, **more},
    }
    records = [run("sgd", 0.7), run("gd", 1.1), run("adam", 0.5, initial_data_loss=0.9)]
    doctor.evaluate(records, diagnose=diagnose)
    assert seen == [1.1, 1.1, 0.9]  # the full-batch run's first loss; a recorded start kept


def _stub_rescale(history):
    found = _stub_diagnose(history)
    return [
        Diagnosis(d.kind, 1, "seen", "advice", {"standardize": True}) if d.kind == "unscaled_inputs" else d
        for d in found
    ]


def test_an_unscaled_inputs_finding_is_judged_by_its_rerun_on_standardised_features(bench):
    doctor, corpus, _ = bench
    records = [
        _record(1, 10.0, "unscaled_inputs"),  # too small; standardising helps: right, no rate call
        _record(2, 1.0, "unscaled_inputs"),  # healthy; standardising helps (0.8x): right, no false alarm
        _record(3, 1.2, "unscaled_inputs"),  # healthy; standardising barely helps: a false alarm
        _record(4, 1.1, "converged"),  # healthy, quiet
        _record(5, math.inf, "unscaled_inputs"),  # too large; its rerun not trained yet
    ]
    change = {"standardize": True}
    reruns = {
        corpus.rerun_key(records[0], change): {"final": 2.0},
        corpus.rerun_key(records[1], change): {"final": 0.8},
        corpus.rerun_key(records[2], change): {"final": 1.0},
    }
    metrics = doctor.evaluate(records, diagnose=_stub_rescale, reruns=reruns)
    tune = metrics["halves"]["tune"]
    assert (tune["rescale_said"], tune["rescale_right_count"]) == (3, 2)
    assert tune["false_alarm_count"] == 1 and tune["labels"]["healthy"] == 3
    assert tune["false_alarm_count_any"] == 2  # the old accounting: the right call on run 2 counted too
    assert tune["said_small"] == tune["said_large"] == 0  # it names no rate
    assert (tune["advice_applied"], tune["advice_helped"]) == (1, 1.0)  # the too-small run's change, applied
    assert metrics["missing"] == [(4, change)]
    assert [row["rescale_right"] for row in metrics["runs"]] == [True, True, False, None, None]


def _stub_joint(history):
    found = _stub_diagnose(history)
    return [
        Diagnosis(d.kind, 1, "seen", "advice", {"standardize": True, "lr": 100.0}) if d.kind == "unscaled_inputs" else d
        for d in found
    ]


def test_a_joint_change_is_rerun_whole_and_its_raise_is_a_too_small_call(bench):
    doctor, corpus, _ = bench
    records = [
        _record(1, 10.0, "unscaled_inputs"),  # too small; the joint rerun helps: right, a too-small hit
        _record(2, 1.0, "unscaled_inputs"),  # healthy; the joint rerun helps: right, no call on either side
        _record(3, 1.2, "unscaled_inputs"),  # healthy; barely helps: a false alarm and a missed too-small call
        _record(4, 1.1, "converged"),  # healthy, quiet
        _record(5, math.inf, "unscaled_inputs"),  # too large; raised: a wrong-direction too-small call
    ]
    joint = {"standardize": True, "lr": 100.0}  # above every run's rate: a raise
    reruns = {
        corpus.rerun_key(records[0], joint): {"final": 2.0},
        corpus.rerun_key(records[1], joint): {"final": 0.8},
        corpus.rerun_key(records[2], joint): {"final": 1.0},
        corpus.rerun_key(records[4], joint): {"final": 1.0},
    }
    metrics = doctor.evaluate(records, diagnose=_stub_joint, reruns=reruns)
    tune = metrics["halves"]["tune"]
    assert (tune["rescale_said"], tune["rescale_right_count"]) == (4, 3)
    assert tune["false_alarm_count"] == 1
    assert (tune["said_small"], tune["hits_small"], tune["said_large"]) == (3, 1, 0)
    assert [row["small"] for row in metrics["runs"]] == [True, False, True, False, True]
    assert metrics["missing"] == []


def _stub_other_rule(history):
    found = _stub_diagnose(history)
    change = {"standardize": True, "optimizer": "adam", "lr": 100.0}
    return [Diagnosis(d.kind, 1, "seen", "advice", change) if d.kind == "unscaled_inputs" else d for d in found]


def test_a_change_of_rule_is_rerun_whole_and_makes_no_rate_call(bench):
    doctor, corpus, _ = bench
    records = [
        _record(1, 10.0, "unscaled_inputs"),  # too small; the rerun helps: right, no rate call
        _record(2, 1.0, "unscaled_inputs"),  # healthy; the rerun helps: right, no false alarm
        _record(3, 1.2, "unscaled_inputs"),  # healthy; barely helps: a false alarm, still no rate call
        _record(4, 1.1, "converged"),  # healthy, quiet
    ]
    other = {"standardize": True, "optimizer": "adam", "lr": 100.0}
    reruns = {corpus.rerun_key(r, other): {"final": f} for r, f in zip(records, (2.0, 0.8, 1.0))}
    metrics = doctor.evaluate(records, diagnose=_stub_other_rule, reruns=reruns)
    tune = metrics["halves"]["tune"]
    assert (tune["rescale_said"], tune["rescale_right_count"]) == (3, 2)
    assert tune["false_alarm_count"] == 1
    assert (tune["said_small"], tune["said_large"]) == (0, 0)
    assert metrics["runs"][0]["change"] == other  # the advice carries the optimizer
    assert metrics["runs"][0]["helped"] and metrics["missing"] == []  # the advice is rerun as the finding is


def test_the_bench_standardises_the_features_alone(bench):
    _, corpus, _ = bench
    import torch

    X = torch.tensor([[1000.0, 5.0, 1.0], [3000.0, 5.0, 2.0], [2000.0, 5.0, 3.0]])
    Z = corpus.standardised_features(X)
    assert torch.allclose(Z.mean(0), torch.zeros(3), atol=1e-6)
    assert torch.allclose(Z.std(0), torch.tensor([1.0, 0.0, 1.0]))  # a constant column stays put


def test_a_task_may_name_full_batch_momentum_and_adam_grids(bench):
    # Session 24's fresh47 trains momentum and Adam on the whole training set; a task naming no
    # optimizers keeps the corpus's four, and its cache key is the one it had before.
    _, corpus, tasks = bench
    full = tasks.Task("f", "fresh47", "regression", lambda: (torch.zeros(40, 2), torch.zeros(40)), "mlp", "mse",
                      optimizers=("momentum_full", "adam_full"))  # fmt: skip
    plain = tasks.Task("p", "tune", "regression", lambda: (torch.zeros(40, 2), torch.zeros(40)), "mlp", "mse")
    assert corpus.optimizers_of(full) == ("momentum_full", "adam_full")
    assert corpus.optimizers_of(plain) == corpus.OPTIMIZERS
    settings = corpus.train_kwargs(full, "adam_full", 0.01)
    assert (settings["optimizer"], settings["batch_size"], settings["epochs"]) == ("adam", None, corpus.STEPS)
    settings = corpus.train_kwargs(plain, "adam", 0.01)
    assert (settings["optimizer"], settings["batch_size"], settings["epochs"]) == ("adam", 32, corpus.STEPS // 2)
    assert corpus._task_key(plain) == ["p", "tune", "mlp", "mse", "{}"]
    assert corpus._task_key(full)[-1] == ["momentum_full", "adam_full"]
    settings = corpus.train_kwargs(full, "momentum99_full", 0.01)  # fresh48: heavy ball at β = 0.99
    assert (settings["optimizer"], settings["batch_size"], settings["momentum"]) == ("momentum", None, 0.99)
    assert "momentum" not in corpus.train_kwargs(full, "momentum_full", 0.01)


def test_a_task_may_plan_its_own_number_of_updates(bench):
    # Session 33's fresh59 plans short Adam runs (Task.steps); a task naming no steps keeps the
    # corpus's STEPS, and its cache key is the one it had before.
    _, corpus, tasks = bench
    data = lambda: (torch.zeros(384, 2), torch.zeros(384))  # noqa: E731  (12 batches of 32)
    full = tasks.Task("f", "fresh59", "regression", data, "mlp", "mse", optimizers=("adam_full",), steps=10)
    mini = tasks.Task("m", "fresh59", "regression", data, "mlp", "mse", optimizers=("adam",), steps=24)
    plain = tasks.Task("p", "tune", "regression", data, "mlp", "mse")
    assert corpus.steps_of(full) == 10 and corpus.steps_of(plain) == corpus.STEPS
    assert (
        corpus.train_kwargs(full, "adam_full", 0.01)["epochs"],
        corpus.train_kwargs(full, "adam_full", 0.01)["batch_size"],
    ) == (10, None)
    assert (
        corpus.train_kwargs(mini, "adam", 0.01)["epochs"],
        corpus.train_kwargs(mini, "adam", 0.01)["batch_size"],
    ) == (2, 32)
    assert corpus._task_key(plain) == ["p", "tune", "mlp", "mse", "{}"]
    assert corpus._task_key(full)[-2:] == [["adam_full"], {"steps": 10}]


def test_every_task_has_its_own_name(bench):
    # The corpus cache keys runs by task name: a new task named like an old one would be read as
    # cached and never trained (session 19's fresh34 repeated fresh25's "damped wave tanh mlp").
    _, _, groups = bench
    names = [t.name for t in groups.TASKS]
    assert len(names) == len(set(names)), sorted(n for n in set(names) if names.count(n) > 1)


def test_halves_are_split_by_task_and_each_mixes_the_kinds_of_task(bench):
    _, _, groups = bench
    for half in groups.GROUPS:
        tasks = [t for t in groups.TASKS if t.half == half]
        if half in groups.AIMED:  # aimed at one regime (MLPs, most on raw inputs; fresh43 has ordinary models beside)
            imaged = half == "fresh54"  # thrown runs: one small CNN beside five MLPs (doctor24)
            assert (
                tasks
                and (imaged or not any(t.image for t in tasks))
                and 2 * sum(t.model == "mlp" for t in tasks) > len(tasks)
            )
            continue
        assert {t.kind for t in tasks} == {"classification", "regression"}
        assert any(t.image for t in tasks) and not all(t.image for t in tasks)
        assert sum(t.badly_scaled for t in tasks) == 1


def test_only_the_groups_asked_for_are_trained_and_a_changed_task_is_trained_again(bench, tmp_path, monkeypatch):
    _, corpus, tasks = bench
    a, b, c = (
        tasks.Task(name, half, "regression", lambda: None, "mlp", "mse")
        for name, half in (("a", "tune"), ("b", "tune"), ("c", "fresh2"))
    )
    trained = []

    def fake_build(verbose=True, chosen=()):
        trained.extend(t.name for t in chosen)
        records = [{"task": t.name, "half": t.half, "optimizer": "sgd", "lr": 0.1, "final": 1.0} for t in chosen]
        return {
            "key": corpus.settings_key(chosen),
            "code": "x",
            "built": "now",
            "build_seconds": 0.0,
            "records": records,
            "reruns": {},
        }

    monkeypatch.setattr(corpus, "build", fake_build)
    monkeypatch.setattr(corpus, "CACHE", tmp_path / "corpus.pt")
    monkeypatch.setattr(corpus, "TASKS", (a, b, c))
    monkeypatch.setattr(corpus, "code_hash", lambda: "x")
    assert [r["task"] for r in corpus.load(verbose=False, groups=("tune",))["records"]] == ["a", "b"]
    got = corpus.load(verbose=False, groups=("tune", "fresh2"))  # only c is new
    assert trained == ["a", "b", "c"] and [r["task"] for r in got["records"]] == ["a", "b", "c"]
    changed = tasks.Task(
        "b", "tune", "regression", lambda: None, "mlp", "huber"
    )  # b's loss changed since it was trained
    monkeypatch.setattr(corpus, "TASKS", (a, changed, c))
    got = corpus.load(verbose=False)
    assert trained == ["a", "b", "c", "b"] and sorted(r["task"] for r in got["records"]) == ["a", "b", "c"]
    monkeypatch.setattr(corpus, "STEPS", corpus.STEPS + 1)  # the runs' settings changed: all trained again
    corpus.load(verbose=False)
    assert trained[4:] == ["a", "b", "c"]


def test_the_corpus_cache_path_can_be_set_by_the_environment(bench, tmp_path, monkeypatch):
    _, corpus, _ = bench
    monkeypatch.delenv(corpus.CACHE_ENV, raising=False)
    assert corpus.cache_path() == corpus.DEFAULT_CACHE
    assert corpus.DEFAULT_CACHE.parts[-3:] == ("bench", "results", "doctor_corpus.pt")
    monkeypatch.setenv(corpus.CACHE_ENV, "")  # set but empty: the default
    assert corpus.cache_path() == corpus.DEFAULT_CACHE
    monkeypatch.setenv(corpus.CACHE_ENV, str(tmp_path / "kept" / "corpus.pt"))
    assert corpus.cache_path() == tmp_path / "kept" / "corpus.pt"
