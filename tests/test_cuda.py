"""On a CUDA device, descend measures and trains as it does on the CPU: ``train`` with its
default instruments and per-example record, ``watch`` on a user's loop, the instruments
themselves, ``minimize``, the range test, the estimators and ``tune``.

Each test runs the same thing on the CPU and on the GPU and compares what both measured, so a
tensor left on the wrong device, a reading that stays a CUDA tensor, or a value that differs
beyond float32 rounding fails here. CI has no GPU: these are skipped there; run them where
there is one with ``pytest -m cuda``. (The update rules against torch.optim's CUDA kernels:
tests/optim; checkpoints, data and mixed precision on CUDA: tests/training; the command line
on CUDA: tests/cli/test_cli_train.py.)
"""

from __future__ import annotations

import json
import math
import warnings

import numpy as np
import pytest
import torch
from torch import nn
from torch.nn import functional as F

import _watched_loop as watched_loop
import descend as ds
from descend.training import prepare

pytestmark = [pytest.mark.cuda, pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")]

GPU = "cuda"


def _digits_run(device: str, epochs: int = 3, **settings):
    return ds.train(
        "mlp",
        "digits",
        optimizer="adam",
        lr=1e-3,
        batch_size=32,
        epochs=epochs,
        tol=None,
        progress=False,
        device=device,
        **settings,
    )


def test_train_measures_on_the_gpu_what_it_measures_on_the_cpu(tmp_path):
    cpu, gpu = _digits_run("cpu"), _digits_run(GPU, log_dir=tmp_path)
    assert next(gpu.model.parameters()).device.type == "cuda"
    # Same initial weights and batches: the first step's loss agrees to float32 rounding.
    assert gpu.steps["loss"][0] == pytest.approx(cpu.steps["loss"][0], rel=1e-5)
    assert gpu.epochs["val_loss"][-1] == pytest.approx(cpu.epochs["val_loss"][-1], rel=0.05)
    # The instruments read at the same steps, plain Python numbers, and the first reading (one
    # update in) sees the same curvature and noise.
    assert [r["step"] for r in gpu.instruments] == [r["step"] for r in cpu.instruments]
    json.dumps(gpu.instruments)  # floats, not CUDA tensors
    first_cpu, first_gpu = cpu.instruments[0], gpu.instruments[0]
    for key in ("sharpness", "stability", "noise_scale", "probe_loss"):
        assert math.isfinite(first_gpu[key]), key
        assert first_gpu[key] == pytest.approx(first_cpu[key], rel=0.02), key
    # The per-example record is on the host, the same shape, the same labels.
    record_cpu, record_gpu = cpu.examples, gpu.examples
    assert record_gpu.n == record_cpu.n and np.array_equal(record_gpu.epochs, record_cpu.epochs)
    assert np.array_equal(record_gpu.labels, record_cpu.labels)
    assert isinstance(record_gpu.loss, np.ndarray)
    assert np.mean(record_gpu.predicted[-1] == record_cpu.predicted[-1]) > 0.97
    # The doctor reads the GPU run as it reads the CPU run, and the run folder is complete.
    assert {d.kind for d in gpu.diagnoses} == {d.kind for d in cpu.diagnoses}
    assert {d.kind for d in ds.diagnose(tmp_path)} == {d.kind for d in gpu.diagnoses}
    assert (tmp_path / "diagnosis.json").is_file() and (tmp_path / "examples.npz").is_file()


def test_label_issues_from_a_gpu_run_are_those_of_the_cpu_run():
    cpu, gpu = _digits_run("cpu", epochs=8), _digits_run(GPU, epochs=8)
    flagged_cpu = set(np.asarray(ds.find_label_issues(cpu).indices).tolist())
    flagged_gpu = set(np.asarray(ds.find_label_issues(gpu).indices).tolist())
    both, either = len(flagged_cpu & flagged_gpu), len(flagged_cpu | flagged_gpu)
    assert either == 0 or both / either > 0.8
    table = ds.examples(gpu)
    assert len(table.top(5, by="aum")) == 5


def _probe(n=64, seed=0):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, 8, generator=g)
    return x, (x[:, :1] * x[:, 1:2]).tanh() + 0.1 * torch.randn(n, 1, generator=g)


def _tanh_mlp(seed=0):
    """Smooth activations: a Hessian the CPU and the GPU read alike."""
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(8, 32), nn.Tanh(), nn.Linear(32, 32), nn.Tanh(), nn.Linear(32, 1))


def test_the_instruments_read_the_same_values_on_the_gpu():
    x, y = _probe()
    readings = {}
    for device in ("cpu", GPU):
        model = _tanh_mlp().to(device)
        xd, yd = x.to(device), y.to(device)
        readings[device] = (
            ds.instruments.sharpness(model, F.mse_loss, xd, yd, iterations=50, tol=1e-6).value,
            ds.instruments.gradient_noise_scale(model, F.mse_loss, xd, yd).b_simple,
            ds.instruments.example_noise_scale(model, F.mse_loss, xd, yd).b_simple,
        )
    for ours, reference in zip(readings[GPU], readings["cpu"]):
        assert math.isfinite(ours) and ours == pytest.approx(reference, rel=1e-3)


def test_watch_on_a_gpu_loop_changes_no_weight_and_writes_its_run_folder(tmp_path):
    x, y = (t.to(GPU) for t in watched_loop.data(256))
    weights = []
    for watched in (False, True):
        model = watched_loop.mlp().to(GPU)
        opt = torch.optim.Adam(model.parameters(), lr=1e-2)
        torch.manual_seed(1)
        monitor = (
            ds.watch(model, opt, loss_fn=F.mse_loss, probe=(x[:32], y[:32]), log_dir=tmp_path, print_findings=False)
            if watched
            else None
        )
        watched_loop.loop(model, opt, x, y, epochs=2, batch=16, monitor=monitor)
        if monitor is not None:
            found = monitor.close()
            assert monitor.history.instruments and all(
                math.isfinite(r["sharpness"]) for r in monitor.history.instruments
            )
            json.dumps(monitor.history.instruments)
            assert [d.kind for d in ds.diagnose(tmp_path)] == [d.kind for d in found]
        weights.append([p.detach().clone() for p in model.parameters()])
    assert all(torch.equal(a, b) for a, b in zip(*weights))


def test_watch_names_the_layer_whose_gradient_went_non_finite_on_the_gpu():
    x, y = (t.to(GPU) for t in watched_loop.data(128))
    model = watched_loop.mlp().to(GPU)
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    monitor = ds.watch(model, opt, print_findings=False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for step in range(1, 5):
            opt.zero_grad()
            loss = F.mse_loss(model(x[step * 16 : step * 16 + 16]), y[step * 16 : step * 16 + 16])
            loss.backward()
            if step == 3:
                model[3].weight.grad[0, 0] = math.nan
            opt.step()
            monitor.log(loss)
    assert "the gradient became non-finite at step 3: first in layer '3.weight'" in str(caught[0].message)
    monitor.close()
    assert monitor.history.non_finite_layer == (3, "3.weight")


def test_a_landscape_of_a_gpu_model_is_drawn_and_leaves_it_as_it_was(tmp_path):
    x, y = (t.to(GPU) for t in _probe())
    model = _tanh_mlp().to(GPU)
    before = [p.detach().clone() for p in model.parameters()]
    written = ds.landscape.draw(model, "mse", (x, y), tmp_path, points=5)
    assert written and all(path.is_file() for path in written)
    assert all(p.device.type == "cuda" and torch.equal(p, q) for p, q in zip(model.parameters(), before))


@pytest.mark.parametrize("method", [None, "lbfgs"])
def test_minimize_on_the_gpu_finds_a_known_minimum(method):
    target = torch.arange(1.0, 6.0, device=GPU)
    scales = torch.logspace(0, 2, 5, device=GPU)

    def f(v):
        return (scales * (v - target) ** 2).sum()

    result = ds.minimize(f, torch.zeros(5, device=GPU), method=method, lr="auto" if method is None else None)
    assert result.x.device.type == "cuda"
    torch.testing.assert_close(result.x, target, rtol=0, atol=1e-3)


def test_the_range_test_on_the_gpu_suggests_the_cpus_rate():
    found = {d: ds.lr_find("mlp", "digits", optimizer="adam", device=d) for d in ("cpu", GPU)}
    assert found[GPU].suggestion is not None
    assert found[GPU].suggestion == pytest.approx(found["cpu"].suggestion, rel=0.5)


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")  # 20 epochs: a short fit
def test_an_estimator_fits_on_the_gpu_as_on_the_cpu():
    data = prepare("breast_cancer", seed=0)
    X, y = data.train.X.numpy(), data.train.y.numpy()
    scores = {}
    for device in ("cpu", GPU):
        clf = ds.GDClassifier(hidden_layer_sizes=(16,), max_epochs=20, random_state=0, device=device).fit(X, y)
        assert isinstance(clf.predict(X), np.ndarray) and isinstance(clf.predict_proba(X), np.ndarray)
        scores[device] = clf.score(X, y)
    assert scores[GPU] == pytest.approx(scores["cpu"], abs=0.02)


def test_tune_trains_its_trials_on_the_gpu(tmp_path):
    result = ds.tune("mlp", "digits", trials=3, epochs=2, device=GPU, out=tmp_path, progress=False)
    assert math.isfinite(result.best_value)
    assert (tmp_path / "trials.csv").is_file() and (tmp_path / "best.yaml").is_file()
    assert "device: cuda" in (tmp_path / "best.yaml").read_text()
