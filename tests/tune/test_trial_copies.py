"""Each trial of a study on a module trains its own copy of it, from the weights it was given
(the module is left as given, in one process, several, or a resumed study)."""

from __future__ import annotations

import copy
import csv

import pytest
import torch
from _tuning import SMALL

import descend as ds
import descend.tune.objective as objective

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


def test_every_trial_starts_from_the_module_as_given_and_leaves_it_unchanged(monkeypatch):
    net, given = _net(), _net()
    started = []

    def recording(model, *args, **kwargs):
        started.append(copy.deepcopy(model))
        return train(model, *args, **kwargs)

    train = objective.train
    monkeypatch.setattr(objective, "train", recording)
    result = ds.tune(net, "iris", space=LR, trials=3, progress=False, **SMALL)
    assert len(started) == 3 and all(_same(model, given) for model in started)
    assert _same(net, given)
    # so the best trial is trained again on the module itself, as best_settings promises
    again = ds.train(net, progress=False, **result.best_settings)
    assert min(again.val_loss) == pytest.approx(result.best_value)


def test_a_resumed_study_starts_its_trials_from_the_module_as_given(tmp_path):
    net = _net()
    ds.tune(net, "iris", space=LR, trials=2, out=tmp_path / "s", progress=False, epochs=2)
    ds.tune(net, "iris", space=LR, trials=3, out=tmp_path / "s", resume=True, progress=False, epochs=2)
    first = _first_losses(tmp_path / "s")
    assert len(first) == 3 and len(set(first)) == 1, first
    assert _same(net, _net())


@pytest.mark.slow
def test_trials_in_worker_processes_start_from_the_module_as_given(tmp_path):
    net = _net()
    ds.tune(net, "iris", space=LR, trials=4, workers=2, out=tmp_path / "s", progress=False, epochs=2)
    first = _first_losses(tmp_path / "s")
    assert len(first) == 4 and len(set(first)) == 1, first
    assert _same(net, _net())
