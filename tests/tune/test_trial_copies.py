"""Each trial of a study on a module trains its own copy of it, from the weights it was given
(the module is left as given, in one process, several, or a resumed study), and runs its own
copy of the user's callbacks beside the study's pruning; the settings it sets per trial
(``log_dir``, ``checkpoint_dir``) are refused."""

from __future__ import annotations

import copy
import csv
import threading

import pytest
import torch
import yaml
from _tuning import SMALL

import descend as ds
import descend.tune.objective as objective
from descend._checks import InvalidArgument
from descend.training import Callback

LR = {"lr": {"low": 1e-3, "high": 1e-1, "log": True}}


def _net() -> torch.nn.Module:
    torch.manual_seed(0)
    return torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.Linear(8, 3))


def _same(a: torch.nn.Module, b: torch.nn.Module) -> bool:
    return all(torch.equal(x, y) for x, y in zip(a.state_dict().values(), b.state_dict().values(), strict=True))


def _first_losses(folder) -> list[float]:
    """The loss of each trial's first step (the first batch, at the weights it started from)."""
    losses = []
    for steps in sorted((folder / "trials").glob("*/steps.csv")):
        with steps.open() as f:
            losses.append(float(next(csv.DictReader(f))["loss"]))
    return losses


@pytest.fixture
def started(monkeypatch) -> list[torch.nn.Module]:
    """A copy of the model each trial's run is handed, taken as the run starts."""
    models = []
    train = objective.train

    def recording(model, *args, **kwargs):
        models.append(copy.deepcopy(model))
        return train(model, *args, **kwargs)

    monkeypatch.setattr(objective, "train", recording)
    return models


def test_every_trial_starts_from_the_module_as_given_and_leaves_it_unchanged(started):
    net, given = _net(), _net()
    result = ds.tune(net, "iris", space=LR, trials=3, progress=False, **SMALL)
    assert len(started) == 3 and all(_same(model, given) for model in started)
    assert _same(net, given)
    # so the best trial is trained again on the module itself, as best_settings promises
    again = ds.train(net, progress=False, **result.best_settings)
    assert min(again.val_loss) == pytest.approx(result.best_value)


@pytest.mark.slow  # compiles the module in every trial
def test_every_trial_starts_from_a_compiled_module_as_given(started):
    net, given = _net(), _net()
    ds.tune(torch.compile(net), "iris", space=LR, trials=2, progress=False, epochs=2)
    assert len(started) == 2 and all(_same(model, given) for model in started)
    assert _same(net, given)


def test_a_resumed_study_starts_its_trials_from_the_module_as_given(tmp_path):
    net = _net()
    ds.tune(net, "iris", space=LR, trials=2, out=tmp_path / "s", progress=False, epochs=2)
    ds.tune(net, "iris", space=LR, trials=3, out=tmp_path / "s", resume=True, progress=False, epochs=2)
    first = _first_losses(tmp_path / "s")
    assert len(first) == 3 and len(set(first)) == 1, first
    assert _same(net, _net())


@pytest.mark.slow  # compiles the module
def test_a_study_resumes_on_the_module_compiled_but_not_on_other_weights(tmp_path):
    net = _net()
    ds.tune(net, "iris", space=LR, trials=1, out=tmp_path / "s", progress=False, epochs=1)
    ds.tune(torch.compile(net), "iris", space=LR, trials=2, out=tmp_path / "s", resume=True, progress=False, epochs=1)
    ds.train(net, "iris", epochs=1, progress=False)  # trained since: its trials would start elsewhere
    with pytest.raises(InvalidArgument, match=r"model was \"Sequential \(weights \w+\)\", is \"Sequential \(weights "):
        ds.tune(net, "iris", space=LR, trials=3, out=tmp_path / "s", resume=True, progress=False, epochs=1)


@pytest.mark.slow
def test_trials_in_worker_processes_start_from_the_module_as_given(tmp_path):
    net = _net()
    ds.tune(net, "iris", space=LR, trials=4, workers=2, out=tmp_path / "s", progress=False, epochs=2)
    first = _first_losses(tmp_path / "s")
    assert len(first) == 4 and len(set(first)) == 1, first
    assert _same(net, _net())


class EpochsSeen(Callback):
    """Counts the epochs it saw, and notes at each run's start how many it had seen before."""

    before: list[int] = []  # class-wide: every trial's copy adds

    def __init__(self) -> None:
        self.epochs = 0

    def on_train_begin(self, run) -> None:
        EpochsSeen.before.append(self.epochs)

    def on_epoch_end(self, run) -> None:
        self.epochs += 1


def test_the_users_callbacks_run_in_every_trial_each_its_own_copy(tmp_path):
    seen = EpochsSeen()
    EpochsSeen.before = []
    result = ds.tune("mlp", "iris", space=LR, trials=3, out=tmp_path / "s", progress=False, epochs=2, callbacks=[seen])
    assert EpochsSeen.before == [0, 0, 0]  # each trial ran a fresh copy
    assert seen.epochs == 0  # the callback given is left as it was
    assert result.best_settings["callbacks"] == [seen]
    best = (tmp_path / "s" / "best.yaml").read_text()
    assert "callbacks" not in yaml.safe_load(best) and "pass them again (callbacks=[...])" in best
    # the callbacks do not name the study: it resumes with new ones
    ds.tune(
        "mlp",
        "iris",
        space=LR,
        trials=4,
        out=tmp_path / "s",
        resume=True,
        progress=False,
        epochs=2,
        callbacks=[EpochsSeen()],
    )


def test_bad_callbacks_are_one_error_before_the_study():
    with pytest.raises(InvalidArgument, match="callbacks must be a list or tuple"):
        ds.tune("mlp", "iris", space=LR, trials=2, progress=False, callbacks=EpochsSeen())


class HoldsALock(Callback):
    def __init__(self) -> None:
        self.lock = threading.Lock()


def test_a_callback_that_cannot_be_copied_is_one_error_before_the_study(tmp_path):
    with pytest.raises(InvalidArgument, match=r"callbacks\[1\] \(HoldsALock\) cannot be copied \(.*_thread.lock.*\)"):
        ds.tune(
            "mlp",
            "iris",
            space=LR,
            trials=2,
            out=tmp_path / "s",
            progress=False,
            callbacks=[EpochsSeen(), HoldsALock()],
        )
    assert not (tmp_path / "s").exists()


@pytest.mark.parametrize("name", ["log_dir", "checkpoint_dir"])
def test_a_setting_the_study_sets_per_trial_is_refused(tmp_path, name):
    with pytest.raises(InvalidArgument, match=rf"{name} .*: .*(study logs each trial|every trial would write)"):
        ds.tune("mlp", "iris", space=LR, trials=2, progress=False, **{name: tmp_path / "x"})
    assert not (tmp_path / "x").exists()
