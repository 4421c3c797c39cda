"""The doctor's structured advice: each finding's ``change`` agrees with its text and is
accepted by ``train`` / ``minimize`` (and helps); ``History.advice()`` merges them."""

import re

import pytest
import torch

import descend as ds
from _built_history import CRAWLING, DIVERGING, ZIGZAG
from _built_history import built_history as _history
from _built_history import row as _row
from _deep_nets import deep_relu
from _findings import data as _data
from descend import functions as F
from descend.doctor import KINDS
from descend.training.findings import ADVISORY, merged_change


def _deep_sigmoid():
    torch.manual_seed(0)
    blocks = [m for _ in range(12) for m in (torch.nn.Linear(16, 16), torch.nn.Sigmoid())]
    return torch.nn.Sequential(torch.nn.Linear(5, 16), torch.nn.Sigmoid(), *blocks, torch.nn.Linear(16, 1))


def _raw_tanh_run():
    """A one-hidden-layer tanh MLP on raw features about 20000 (sd 8000) and 600 (sd 150): its
    first layer saturated (tests/doctor/_raw_inputs.py has the same data and model)."""
    g = torch.Generator().manual_seed(0)
    X = torch.randn(96, 3, generator=g) * torch.tensor([8000.0, 15.0, 150.0]) + torch.tensor([20000.0, 60.0, 600.0])
    y = torch.tanh((X[:, 0] - 20000.0) / 8000.0) + (X[:, 2] - 600.0) / 300.0
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(3, 16), torch.nn.Tanh(), torch.nn.Linear(16, 1))
    return ds.train(model, (X, (y - y.mean()) / y.std()), optimizer="adam", lr=0.01, epochs=20, progress=False)


quad = F.quadratic(10.0)


start = torch.tensor([1.0, 1.0], dtype=torch.float64)


# One run per kind of finding (and per branch of the advice), each as quick as it can be.
RUNS = {
    "divergence, minimize": lambda: ds.minimize(quad, quad.start, lr=0.5),
    "slow progress, curvature": lambda: ds.minimize(quad, start, lr=1e-3, max_iter=300),
    "slow progress, near the limit": lambda: ds.minimize(F.rosenbrock, [-1.2, 1.0], lr=2e-3, max_iter=300),
    "slow progress, adam": lambda: ds.minimize(quad, start, optimizer="adam", lr=1e-4, max_iter=300),
    "oscillation, momentum": lambda: ds.minimize(
        quad, start, optimizer="momentum", momentum=0.99, lr=0.03, max_iter=300
    ),
    "converged": lambda: ds.minimize(F.booth, [0.0, 0.0], lr=0.05),
    "unbounded": lambda: ds.minimize(lambda x: -x.sum(), [0.0, 0.0], lr=0.1, max_iter=50),
    "divergence before any update": lambda: ds.train(
        "linear", (_data(64, 3)[0] * 1e20, _data(64, 3)[1]), optimizer="sgd", lr=0.1, epochs=2, progress=False
    ),
    "vanishing": lambda: ds.train(
        _deep_sigmoid(), _data(), optimizer="sgd", lr=0.01, epochs=3, tol=None, progress=False
    ),
    "unscaled inputs": _raw_tanh_run,
    "exploding": lambda: ds.train(
        deep_relu(gain=4.0), _data(64, 8), optimizer="sgd", lr=1e-9, epochs=2, batch_size=16, tol=None, progress=False
    ),
    "overfitting, built": lambda: ds.diagnose(
        _history([1.0, 0.8, 0.6, 0.4, 0.3, 0.2], val_loss=[1.0, 0.8, 0.7, 0.9, 1.1, 1.3], plain_steps=True)
    ),
    "divergence, measured": lambda: ds.diagnose(_history(DIVERGING, instruments=[_row(2, 85.0, 20.0)])),
    "oscillation, measured": lambda: ds.diagnose(_history(ZIGZAG, instruments=[_row(10, 34.0, 20.0)])),
    "slow progress, measured": lambda: ds.diagnose(_history(CRAWLING, instruments=[_row(20, 0.2, 20.0)])),
}


def _findings(name):
    run = RUNS[name]()
    return run if isinstance(run, list) else run.diagnoses


def _named(text):
    """The ``key=number`` (or ``key=True``) settings a text names, e.g. ``try lr=0.05`` ->
    ``{"lr": 0.05}``."""
    found = re.findall(r"\b([a-z_]+)=([-+]?[0-9][0-9.e+-]*|True|False)\b", text)
    return {k: v == "True" if v in ("True", "False") else float(v) for k, v in found}


@pytest.mark.parametrize("name", list(RUNS))
def test_each_findings_change_is_the_setting_its_advice_names(name):
    found = _findings(name)
    assert found, name
    for d in found:
        named = _named(d.advice)
        for key, value in d.change.items():
            same = (
                named.get(key) is value if isinstance(value, bool) else named.get(key) == pytest.approx(value, rel=1e-9)
            )
            assert key in named and same, (name, str(d), d.change)
        if not d.change:
            assert "try lr" not in d.advice, (name, str(d))


def test_the_runs_cover_every_kind_of_finding():
    kinds = {d.kind for name in RUNS for d in _findings(name)}
    assert set(KINDS) - set(ADVISORY) <= kinds  # the advisory ones have tests of their own


def test_changes_in_detail():
    (d,) = _findings("divergence, minimize")
    assert d.change == {"lr": 0.1}  # measured λ_max = L = 10: the rate at half the threshold, 1/L
    (d,) = _findings("slow progress, near the limit")
    assert d.change == {"max_iter": 600} and "max_iter=600" in d.advice
    (d,) = _findings("oscillation, momentum")
    # momentum 0.99: λ_max = 10 is 0.075 x the threshold (2+2β)/lr, stable (minimize's
    # gradients are exact: no noise gain), so the swings are the momentum's: half the rate
    assert d.change == {"lr": 0.015} and "lower momentum" in d.advice
    for name in ("converged", "unbounded", "divergence before any update", "vanishing"):
        assert all(d.change == {} for d in _findings(name) if d.kind != "exploding_gradients"), name
    (d,) = [d for d in _findings("exploding") if d.kind == "exploding_gradients"]
    assert d.change == {"clip_grad_norm": 1.0, "lr": 1e-10}
    (d,) = _findings("overfitting, built")
    assert d.change == {"epochs": 3} and "epoch 2, its best" in d.evidence


def test_minimize_takes_the_change_and_it_helps():
    quad = F.quadratic(10.0)
    res = ds.minimize(quad, quad.start, lr=0.5)
    fixed = ds.minimize(quad, quad.start, **res.advice())
    assert res.advice() == {"lr": 0.1} and fixed.converged
    slow = ds.minimize(F.rosenbrock, [-1.2, 1.0], lr=2e-3, max_iter=300)
    longer = ds.minimize(F.rosenbrock, [-1.2, 1.0], lr=2e-3, **slow.advice())
    assert longer.nit == 600 and longer.fun < slow.fun


def test_train_takes_the_change_and_it_helps():
    X, _ = _data(64, 3)
    y = X @ torch.tensor([1.5, -2.0, 0.5])
    kw = dict(optimizer="sgd", batch_size=16, epochs=30, tol=None, progress=False)
    h = ds.train("linear", (X * 1e3, y), lr=2e-3, instruments=1, **kw)
    assert h.diagnoses[0].kind == "divergence"
    change = h.advice()
    # the measured sharpness of inputs scaled by 1e3 asks for far less than the curve's lr / 10
    assert set(change) == {"lr", "clip_grad_norm"} and change["lr"] < 2e-4
    assert "× the stability threshold 2/lr" in h.diagnoses[0].evidence
    fixed = ds.train("linear", (X * 1e3, y), **{**kw, "lr": 2e-3, **change})
    assert fixed.non_finite_step is None and all(d.kind != "divergence" for d in fixed.diagnoses)
    # an overfitting finding's change (epochs) and a slow-progress one's (lr) are train's settings too
    ds.train("linear", (X, y), **{**kw, "lr": 0.01, "epochs": 3})


def test_advice_merges_the_findings_the_cautious_rate_winning():
    found = [
        ds.Diagnosis("exploding_gradients", 4, "e", "a", {"clip_grad_norm": 1.0, "lr": 1e-3}),
        ds.Diagnosis("overfitting", 6, "e", "a", {"epochs": 3}),
        ds.Diagnosis("slow_progress", 9, "e", "a", {"lr": 0.03, "epochs": 20}),
        ds.Diagnosis("converged", 9, "e", "nothing to change"),
    ]
    assert ds.History(diagnoses=found).advice() == {"clip_grad_norm": 1.0, "lr": 1e-3, "epochs": 3}
    assert merged_change(found[2:]) == {"lr": 0.03, "epochs": 20}
    assert ds.History().advice() == {}
    # a batch size and the rate scaled with it stay together, and yield to a fault's rate
    batch = ds.Diagnosis("batch_size", 7, "e", "a", {"batch_size": 2, "lr": 6.25e-9})
    slow = ds.Diagnosis("slow_progress", 90, "e", "a", {"lr": 0.348})
    assert merged_change([slow, batch]) == {"lr": 0.348}
    assert merged_change([ds.Diagnosis("converged", 9, "e", "a"), batch]) == {"batch_size": 2, "lr": 6.25e-9}
    # a fault's change overlapping in other settings than the cautious ones is left out whole
    more = ds.Diagnosis("slow_progress", 9, "e", "a", {"epochs": 80, "lr": 1e-4})
    assert merged_change([found[1], more]) == {"epochs": 3}
