"""The replay of a run at a lower rate (descend.instruments.LowerReplay): a run with it is bit for
bit the run without it, the reading is saved with the run, and bad settings are refused."""

from __future__ import annotations

import pytest
import torch

import descend as ds
from descend._checks import InvalidArgument
from descend.instruments import LowerReplay
from descend.training.data import prepare
from descend.training.losses import get


def _data():
    g = torch.Generator().manual_seed(0)
    X = torch.randn(96, 4, generator=g)
    return X, torch.sin(X @ torch.randn(4, generator=g)) + 0.1 * torch.randn(96, generator=g)


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
def test_a_replayed_run_is_bit_for_bit_the_run_without_it(optimizer):
    X, y = _data()
    probe = (X[:64], y[:64])
    runs = []
    for replayed in (False, True):
        callbacks = [LowerReplay(probe, get("mse"), 32)] if replayed else []
        h = ds.train(
            "mlp",
            (X, y),
            loss="mse",
            optimizer=optimizer,
            lr=0.05,
            epochs=3,
            batch_size=32,
            callbacks=callbacks,
            instruments=False,
            progress=False,
            seed=0,
        )
        runs.append(h)
    plain, replayed = runs
    assert plain.lower_replay is None and replayed.lower_replay is not None
    assert replayed.loss == plain.loss and replayed.steps["loss"] == plain.steps["loss"]
    for a, b in zip(plain.model.state_dict().values(), replayed.model.state_dict().values(), strict=True):
        assert torch.equal(a, b)
    reading = replayed.lower_replay
    assert reading["updates"] == len(reading["at_lower"]) == len(plain.steps["loss"]) == 9
    assert reading["factor"] == pytest.approx(10**0.5)


def test_the_reading_is_saved_with_the_run(tmp_path):
    X, y = _data()
    probe = (X[:64], y[:64])
    h = ds.train(
        "mlp",
        (X, y),
        loss="mse",
        lr=0.05,
        epochs=2,
        batch_size=32,
        callbacks=[LowerReplay(probe, get("mse"), 32)],
        instruments=False,
        progress=False,
        log_dir=tmp_path,
    )
    assert ds.History.load(tmp_path).lower_replay == h.lower_replay


def test_it_is_taken_only_where_wanted():
    X, y = _data()
    probe = (X[:64], y[:64])
    h = ds.train(
        "mlp",
        (X, y),
        loss="mse",
        lr=0.05,
        epochs=2,
        batch_size=32,
        callbacks=[LowerReplay(probe, get("mse"), 32, wanted=lambda history: False)],
        instruments=False,
        progress=False,
    )
    assert h.lower_replay is None


def test_bad_settings_are_refused():
    probe = prepare("iris", seed=0).train.head(32)
    with pytest.raises(InvalidArgument, match="factor"):
        LowerReplay(probe, get("cross_entropy"), 32, factor=0.5)
    with pytest.raises(InvalidArgument, match="factor"):
        LowerReplay(probe, get("cross_entropy"), 32, factor=float("nan"))


def test_a_lazy_model_trains_and_takes_no_replay():
    X, y = _data()
    model = torch.nn.Sequential(torch.nn.LazyLinear(8), torch.nn.Tanh(), torch.nn.Linear(8, 1))
    probe = (X[:64], y[:64])
    h = ds.train(
        model,
        (X, y),
        loss="mse",
        lr=0.05,
        epochs=2,
        batch_size=32,
        callbacks=[LowerReplay(probe, get("mse"), 32)],
        instruments=False,
        progress=False,
    )
    assert h.lower_replay is None and len(h.loss) == 2
