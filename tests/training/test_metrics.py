"""The recorded metrics equal scikit-learn's: R² as ``r2_score`` (per output column,
averaged), accuracy as ``accuracy_score``; over any number of batches, across a resume and
across data-parallel workers."""

import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest
import torch
from sklearn.metrics import accuracy_score, r2_score

import descend as ds
from descend.training import Callback
from descend.training.metrics import EpochTotals, metric_from_sums, metric_sums


def _multi_output(n, seed=0, k=3):
    """Inputs and targets of k columns on very different scales and offsets."""
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(n, 4, generator=g)
    W = torch.randn(4, k, generator=g)
    scale, shift = torch.tensor([1.0, 5.0, 0.1, 2.0])[:k], torch.tensor([0.0, 10.0, -3.0, 1.0])[:k]
    Y = (X @ W + 0.5 * torch.randn(n, k, generator=g)) * scale + shift
    return X, Y


def _predict(model, X):
    with torch.no_grad():
        return model(X).double().numpy()


def _at_best(h, key):
    """``key`` at the best epoch: the weights train() returns with validation data."""
    return h.epochs[key][h.epochs["epoch"].index(h.best_epoch)]


def _sums_over_batches(metric, out, y, size):
    return sum(metric_sums(metric, out[i : i + size], y[i : i + size]) for i in range(0, len(y), size))


@pytest.mark.parametrize("size", [1, 7, 50])
def test_r2_from_batch_sums_equals_sklearn_per_column_average(size):
    g = torch.Generator().manual_seed(1)
    scale, shift = torch.tensor([1.0, 100.0, 0.01]), torch.tensor([0.0, 1e3, 5.0])
    y = torch.randn(50, 3, generator=g) * scale + shift
    out = y + torch.randn(50, 3, generator=g) * torch.tensor([3.0, 10.0, 0.1])
    got = metric_from_sums("r2", _sums_over_batches("r2", out, y, size))
    assert got == pytest.approx(r2_score(y.double().numpy(), out.double().numpy()), rel=1e-9)
    # The old pooled formula (one SSE over one SST of all elements) gives another number.
    pooled = 1 - ((out - y).double() ** 2).sum() / ((y.double() - y.double().mean()) ** 2).sum()
    assert abs(got - float(pooled)) > 0.1


@pytest.mark.parametrize("shape", [(40,), (40, 1)])
def test_single_output_r2_equals_sklearn(shape):
    g = torch.Generator().manual_seed(2)
    y = torch.randn(*shape, generator=g) + 3.0
    out = y + 0.5 * torch.randn(*shape, generator=g)
    got = metric_from_sums("r2", _sums_over_batches("r2", out, y, 9))
    assert got == pytest.approx(r2_score(y.double().numpy(), out.double().numpy()), rel=1e-9)


def test_a_constant_column_scores_as_sklearn_does():
    # scikit-learn's force_finite: a constant target column scores 1 if predicted exactly,
    # else 0, and the average goes on; not NaN.
    y = torch.tensor([[0.1, 2.0, 0.0], [0.1, 3.0, 0.0], [0.1, 5.0, 0.0], [0.1, 4.0, 0.0]])
    for out in (y + torch.tensor([0.5, 0.3, 0.0]), y + torch.tensor([0.0, 0.3, 0.2])):
        got = metric_from_sums("r2", _sums_over_batches("r2", out, y, 3))
        want = r2_score(y.double().numpy(), out.double().numpy())
        assert got == pytest.approx(want, rel=1e-12)


def test_r2_of_one_example_is_nan_as_in_sklearn():
    y, out = torch.tensor([[1.0, 2.0]]), torch.tensor([[1.5, 2.0]])
    assert np.isnan(metric_from_sums("r2", metric_sums("r2", out, y)))


def test_accuracy_from_batch_sums_equals_sklearn():
    g = torch.Generator().manual_seed(3)
    out, y = torch.randn(61, 4, generator=g), torch.randint(0, 4, (61,), generator=g)
    got = metric_from_sums("accuracy", _sums_over_batches("accuracy", out, y, 8))
    assert got == accuracy_score(y.numpy(), out.argmax(1).numpy())


@pytest.mark.parametrize("batch_size", [16, None])
def test_train_records_sklearns_r2_for_multi_output_targets(batch_size):
    X, Y = _multi_output(200)
    Xv, Yv = _multi_output(60, seed=1)
    model = torch.nn.Linear(4, 3)
    h = ds.train(
        model,
        (X, Y),
        val_data=(Xv, Yv),
        optimizer="sgd",
        lr=0.01,
        batch_size=batch_size,
        epochs=3,
        tol=None,
        progress=False,
    )
    want = r2_score(Yv.double().numpy(), _predict(model, Xv))
    assert _at_best(h, "val_r2") == pytest.approx(want, rel=1e-9)


def test_train_records_sklearns_r2_for_a_single_output():
    X, Y = _multi_output(200, k=1)
    Xv, Yv = _multi_output(60, seed=1, k=1)
    model = torch.nn.Linear(4, 1)
    h = ds.train(
        model, (X, Y[:, 0]), val_data=(Xv, Yv[:, 0]), lr=0.05, batch_size=32, epochs=3, tol=None, progress=False
    )
    want = r2_score(Yv[:, 0].double().numpy(), _predict(model, Xv)[:, 0])
    assert _at_best(h, "val_r2") == pytest.approx(want, rel=1e-9)


def test_one_hot_float_targets_are_regression_with_a_finite_r2():
    # Float one-hot columns are a 3-output regression; each column sums to n over all
    # columns, which made the pooled R²'s total sum of squares 0: NaN every epoch.
    g = torch.Generator().manual_seed(4)
    X = torch.randn(150, 4, generator=g)
    Y = torch.nn.functional.one_hot((X[:, 0] > 0).long() + (X[:, 1] > 0.5).long(), 3).float()
    model = torch.nn.Linear(4, 3)
    h = ds.train(
        model,
        (X[:120], Y[:120]),
        val_data=(X[120:], Y[120:]),
        lr=0.05,
        batch_size=20,
        epochs=4,
        tol=None,
        progress=False,
    )
    assert h.task == "regression"
    assert all(np.isfinite(h.epochs["r2"])) and all(np.isfinite(h.epochs["val_r2"]))
    want = r2_score(Y[120:].double().numpy(), _predict(model, X[120:]))
    assert _at_best(h, "val_r2") == pytest.approx(want, rel=1e-9)


@pytest.mark.parametrize("binary", [True, False])
def test_train_records_sklearns_accuracy(binary):
    g = torch.Generator().manual_seed(5)
    X = torch.randn(160, 4, generator=g)
    y = (X[:, 0] > 0).long() + (0 if binary else (X[:, 1] > 0).long())
    model = torch.nn.Linear(4, 1 if binary else 3)
    h = ds.train(
        model,
        (X[:120], y[:120]),
        val_data=(X[120:], y[120:]),
        loss="bce" if binary else None,
        lr=0.05,
        batch_size=16,
        epochs=2,
        tol=None,
        progress=False,
    )
    out = torch.as_tensor(_predict(model, X[120:]))
    pred = (out[:, 0] > 0).long() if binary else out.argmax(1)
    assert _at_best(h, "val_accuracy") == accuracy_score(y[120:].numpy(), pred.numpy())


class _Crash(Callback):
    def on_step_end(self, run):
        if run.step == 12:  # mid-way through the second epoch of 8 steps
            raise RuntimeError("crash")


def test_multi_output_r2_is_the_same_after_a_resume_mid_epoch(tmp_path):
    X, Y = _multi_output(120)
    run = dict(
        model="linear", data=(X, Y), lr=0.05, batch_size=15, epochs=3, tol=None, progress=False, checkpoint_every=3
    )
    reference = ds.train(**run, checkpoint_dir=tmp_path / "reference")
    with pytest.raises(RuntimeError, match="crash"):
        ds.train(**run, checkpoint_dir=tmp_path / "ckpt", callbacks=[_Crash()])
    sums = torch.load(tmp_path / "ckpt" / "last.pt", weights_only=True)["epoch_totals"]["sums"]
    assert sums.shape == (4, 3)  # one column of sums per output
    resumed = ds.train(**run, checkpoint_dir=tmp_path / "ckpt", resume=True)
    assert resumed.epochs["r2"] == reference.epochs["r2"]


def test_sums_of_a_checkpoint_with_four_sums_still_load():
    totals = EpochTotals("r2")
    y = torch.tensor([1.0, 2.0, 4.0])
    old = metric_sums("r2", y + 0.5, y).reshape(4)  # the 1-D layout of earlier checkpoints
    totals.load_state_dict({"steps": 1, "loss_sum": 0.0, "seconds": 0.0, "grad_norms": [1.0], "sums": old})
    totals.add_batch(torch.tensor([[3.0]]), torch.tensor([[2.5]]))
    y_all, out_all = [1.0, 2.0, 4.0, 2.5], [1.5, 2.5, 4.5, 3.0]
    assert totals.metric_value() == pytest.approx(r2_score(y_all, out_all), rel=1e-12)


_WORKER = textwrap.dedent("""
    import json, os, sys
    import torch
    sys.path.insert(0, {tests!r})
    from test_metrics import _multi_output
    from descend import train

    args = json.loads(sys.argv[1])
    X, Y = _multi_output(103)
    Xv, Yv = _multi_output(31, seed=1)
    h = train(data=(X, Y), val_data=(Xv, Yv), strategy="ddp", **args["run"])
    if int(os.environ["RANK"]) == 0:
        with open(args["out"], "w") as f:
            json.dump({{"r2": h.epochs["r2"], "val_r2": h.epochs["val_r2"]}}, f)
""")

_DDP_RUN = dict(
    model="linear", optimizer="sgd", lr=0.05, batch_size=15, epochs=2, tol=None, progress=False, device="cpu", seed=3
)


@pytest.mark.slow
def test_two_workers_record_the_r2_of_one_process(tmp_path):
    script = tmp_path / "worker.py"
    script.write_text(_WORKER.format(tests=os.path.dirname(__file__)))
    out = tmp_path / "ddp.json"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "torch.distributed.run",
            "--standalone",
            "--nproc-per-node=2",
            "--max-restarts=0",
            str(script),
            json.dumps({"run": _DDP_RUN, "out": str(out)}),
        ],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env={**os.environ, "OMP_NUM_THREADS": "1"},
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    ddp = json.loads(out.read_text())
    X, Y = _multi_output(103)
    Xv, Yv = _multi_output(31, seed=1)
    one = ds.train(data=(X, Y), val_data=(Xv, Yv), **_DDP_RUN)
    assert ddp["r2"] == pytest.approx(one.epochs["r2"], rel=1e-6)
    assert ddp["val_r2"] == pytest.approx(one.epochs["val_r2"], rel=1e-6)
    assert r2_score(Yv.double().numpy(), _predict(one.model, Xv)) == pytest.approx(_at_best(one, "val_r2"), rel=1e-9)
