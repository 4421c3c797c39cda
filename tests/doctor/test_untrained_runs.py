"""The doctor bench's session-7 label rule for grids that did not train, the start it measures
them from (session 26: the data's loss at the initial weights, a full-batch run's first loss) and
the run behind it: a sigmoid MLP on XOR that left its plateau at the grid's best rate is not told
its rate is too small."""

from __future__ import annotations

import copy

import numpy as np
import pytest
import torch
from _corpus_runs import corpus_run

import descend as ds
from _bench import bench_module
from descend.training.callbacks import Callback


def _xor():
    """The tuning half's XOR task: a sigmoid MLP starts on a plateau at chance (log 2)."""
    rng = np.random.default_rng(3)
    X = rng.uniform(-1.0, 1.0, (400, 2))
    return torch.as_tensor(X, dtype=torch.float32), torch.as_tensor((X[:, 0] * X[:, 1] > 0).astype(np.int64))


def _train_xor(lr):
    return corpus_run(_xor(), "cross_entropy", lr, 15, hidden=(16,), activation="sigmoid")


def test_a_run_that_left_the_plateau_gets_no_finding():
    h = _train_xor(3.16)  # the grid's best rate: the loss falls to a tenth of log 2
    assert float(h.steps["loss"][-1]) < 0.3
    assert not [d for d in h.diagnoses if d.kind == "slow_progress"]


@pytest.fixture(scope="module")
def bench_doctor():
    return bench_module("doctor")


@pytest.fixture(scope="module")
def bench_labels():
    return bench_module("_doctor_labels")


def _grid(finals, start=1.0):
    return [
        {
            "task": "t",
            "half": "tune",
            "optimizer": "sgd",
            "lr": lr,
            "final": final,
            "history": {"steps": {"loss": [start]}},
        }
        for lr, final in zip((0.01, 0.1, 1.0), finals)
    ]


def test_a_grid_whose_best_run_took_less_than_a_fifth_off_its_start_is_ambiguous(bench_doctor):
    barely = _grid((2.0, 0.85, 0.9))  # the best ended at 0.85x its start: no rate trained
    assert bench_doctor.TRAINED_BELOW == 0.8
    assert [label for label, *_ in bench_doctor.labels(barely)] == ["ambiguous"] * 3
    # session 6's rule (no lower than the start) labels the same grid from its best
    assert [label for label, *_ in bench_doctor.labels(barely, trained_below=1.0)] == [
        "too_small",
        "healthy",
        "healthy",
    ]
    trained = _grid((2.0, 0.75, 0.9))  # a quarter off: the grid trained
    assert [label for label, *_ in bench_doctor.labels(trained)] == ["too_small", "healthy", "healthy"]


def test_a_grid_is_measured_from_the_datas_loss_at_the_initial_weights_not_its_first_batch(bench_doctor, bench_labels):
    # sgd's first mini-batch read 2.0; the data's loss at the same initial weights (the task's
    # full-batch gd run's first loss) is 1.0: sgd's best run took 15% off it, not 57%.
    records = _grid((2.0, 0.85, 0.9), start=2.0) + [
        {
            "task": "t",
            "half": "tune",
            "optimizer": "gd",
            "lr": lr,
            "final": final,
            "history": {"steps": {"loss": [1.0]}},
        }
        for lr, final in zip((0.01, 0.1, 1.0), (0.9, 0.5, 0.45))
    ]
    assert [label for label, *_ in bench_doctor.labels(records)] == ["ambiguous"] * 3 + [
        "too_small",
        "healthy",
        "healthy",
    ]
    assert bench_labels.data_starts(records) == {"t": 1.0}
    # measured from each best run's own first loss (the rule before session 26), sgd's grid trained
    assert [label for label, *_ in bench_doctor.labels(records, starts={})] == ["too_small", "healthy", "healthy"] * 2


def test_a_task_without_a_full_batch_run_is_measured_from_its_best_runs_first_loss(bench_doctor, bench_labels):
    assert bench_labels.data_starts(_grid((2.0, 0.75, 0.9), start=2.0)) == {}
    assert [label for label, *_ in bench_doctor.labels(_grid((2.0, 0.85, 0.9), start=2.0))] == [
        "too_small",
        "healthy",
        "healthy",
    ]


class _InitialWeights(Callback):
    def on_train_begin(self, run):
        self.model = copy.deepcopy(run.model)


def test_the_full_batch_loss_is_the_datas_loss_at_the_weights_every_run_starts_from():
    """The premise of the labels' start: an sgd run and a gd run of the same model and seed start
    from the same weights, and gd's first recorded loss is the loss over the whole training set
    there (sgd's is one mini-batch's)."""
    data = _xor()
    starts = {}
    for optimizer, batch in (("gd", None), ("sgd", 32)):
        grab = _InitialWeights()
        h = ds.train(
            "mlp",
            data,
            loss="cross_entropy",
            optimizer=optimizer,
            lr=0.1,
            batch_size=batch,
            epochs=1,
            model_options={"hidden": (16,), "activation": "sigmoid"},
            progress=False,
            device="cpu",
            seed=0,
            callbacks=[grab],
        )
        starts[optimizer] = (grab.model, float(h.steps["loss"][0]))
    (gd_model, gd_first), (sgd_model, sgd_first) = starts["gd"], starts["sgd"]
    assert all(torch.equal(a, b) for a, b in zip(gd_model.state_dict().values(), sgd_model.state_dict().values()))
    with torch.no_grad():
        data_loss = float(torch.nn.functional.cross_entropy(gd_model.eval()(data[0]), data[1]))
    assert gd_first == pytest.approx(data_loss, rel=1e-6)
    assert abs(sgd_first - data_loss) > 1e-4
