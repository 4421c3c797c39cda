"""The counterfactual probe of a larger rate (descend.instruments.rate_probe): it reads what
the larger rate gains, and a run with the probe is bit for bit the run without it."""

from __future__ import annotations

import math
import sys

import pytest
import torch

import descend as ds
from descend._checks import InvalidArgument
from descend.instruments.rate_probe import RateProbe, probe_batches, rate_gain


def _mse(out, t):
    return ((out.squeeze(-1) - t) ** 2).mean()


def _data(n=96, seed=0):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, 4, generator=g)
    return x, torch.sin(x @ torch.randn(4, generator=g)) + 0.1 * torch.randn(n, generator=g)


def _model():
    torch.manual_seed(1)
    return torch.nn.Sequential(
        torch.nn.Linear(4, 16), torch.nn.BatchNorm1d(16), torch.nn.Tanh(), torch.nn.Dropout(0.2), torch.nn.Linear(16, 1)
    )


OPTIMIZERS = {
    "sgd": lambda p: torch.optim.SGD(p, lr=0.05),
    "momentum": lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9, nesterov=True),
    "adam": lambda p: torch.optim.Adam(p, lr=0.01),
    "rmsprop": lambda p: torch.optim.RMSprop(p, lr=0.01),
}


def _steps(model, opt, x, y, steps, start):
    for i in range(start, start + steps):
        batch = slice((i * 16) % len(x), (i * 16) % len(x) + 16)
        opt.zero_grad()
        _mse(model(x[batch]), y[batch]).backward()
        opt.step()


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_a_probed_run_is_bit_for_bit_the_run_without_the_probe(name):
    x, y = _data()
    runs = []
    for probed in (False, True):
        model = _model()
        opt = OPTIMIZERS[name](model.parameters())
        torch.manual_seed(2)
        _steps(model, opt, x, y, 10, 0)
        if probed:
            rng = torch.get_rng_state()
            found = rate_gain(model, _mse, opt, probe_batches((x, y), 16), (x, y))
            assert len(found.at_rate) == len(found.at_factor) == 8 and math.isfinite(found.start)
            assert torch.equal(torch.get_rng_state(), rng)  # the dropout masks ahead are the same
            assert model.training  # its mode as it was
        _steps(model, opt, x, y, 10, 10)
        runs.append((model, opt))
    (a, opt_a), (b, opt_b) = runs
    for pa, pb in zip(a.state_dict().values(), b.state_dict().values(), strict=True):
        assert torch.equal(pa, pb)  # weights and BatchNorm's running statistics
    for p, q in zip(a.parameters(), b.parameters(), strict=True):
        assert torch.equal(p.grad, q.grad)
        for key, value in opt_a.state[p].items():
            assert torch.equal(torch.as_tensor(value), torch.as_tensor(opt_b.state[q][key]))
    assert opt_a.param_groups[0]["lr"] == opt_b.param_groups[0]["lr"]


def test_a_train_run_with_the_probe_ends_with_the_same_weights_and_records_the_reading():
    x, y = _data(120)
    kept = {}
    for probed in (False, True):
        probe = RateProbe((x, y), lambda out, t: _mse(out, t), 32) if probed else None
        h = ds.train(
            "mlp", (x, y), loss="mse", optimizer="adam", lr=1e-3, epochs=3, batch_size=32,
            callbacks=[probe] if probed else [], instruments=False, progress=False, seed=0,
        )  # fmt: skip
        kept[probed] = h
    assert kept[False].rate_probe is None and kept[True].rate_probe["steps"] == 8
    for pa, pb in zip(kept[False].model.parameters(), kept[True].model.parameters(), strict=True):
        assert torch.equal(pa, pb)
    assert kept[False].steps["loss"] == kept[True].steps["loss"]


def test_train_with_instruments_takes_the_probe():
    x, y = _data(120)
    h = ds.train("mlp", (x, y), loss="mse", optimizer="sgd", lr=1e-4, epochs=2, batch_size=32, progress=False)
    assert h.rate_probe is not None and h.rate_probe["factor"] == pytest.approx(math.sqrt(10))
    assert ds.train("mlp", (x, y), loss="mse", lr=1e-4, epochs=1, instruments=False, progress=False).rate_probe is None


def test_train_takes_the_probe_only_where_the_doctor_would_call_the_rate_too_small(monkeypatch, tmp_path):
    x, y = _data(120)
    settings = dict(loss="mse", optimizer="sgd", epochs=4, batch_size=32, progress=False, seed=0)
    fine = ds.train("mlp", (x, y), lr=0.05, **settings)
    assert fine.rate_probe is None and not any(d.kind == "slow_progress" for d in fine.diagnoses)
    crawl = ds.train("mlp", (x, y), lr=1e-5, log_dir=tmp_path, **settings)
    assert crawl.rate_probe is not None and ds.History.load(tmp_path).rate_probe == crawl.rate_probe
    train_module = sys.modules["descend.train"]
    monkeypatch.setattr(train_module, "wants_rate_probe", lambda history: True)  # the probe on every run
    for lr, run in ((0.05, fine), (1e-5, crawl)):
        always = ds.train("mlp", (x, y), lr=lr, **settings)
        assert always.rate_probe is not None
        assert [(d.kind, d.evidence) for d in always.diagnoses] == [(d.kind, d.evidence) for d in run.diagnoses]
        assert always.steps["loss"] == run.steps["loss"]


def test_the_saved_probe_keeps_its_non_finite_losses(tmp_path):
    h = ds.History(rate_probe={"start": 1.0, "at_rate": [0.5, float("nan")], "at_factor": [float("inf")] * 2,
                               "factor": 3.0, "steps": 2})  # fmt: skip
    loaded = ds.History()
    loaded._load_json_state(h.json_state(), tmp_path / "history.json")
    assert loaded.rate_probe["at_factor"] == [math.inf, math.inf] and math.isnan(loaded.rate_probe["at_rate"][1])


def test_the_probe_reads_the_factor_on_a_rate_held_run_and_no_gain_at_the_noise_floor():
    g = torch.Generator().manual_seed(0)
    x = torch.randn(256, 3, generator=g)
    y = x @ torch.tensor([1.0, -2.0, 0.5]) + 1.0 * torch.randn(256, generator=g)
    mse = _mse
    model = torch.nn.Linear(3, 1, bias=False)
    opt = torch.optim.SGD(model.parameters(), lr=1e-3)  # far too small: the loss falls in proportion to the rate
    held = rate_gain(model, mse, opt, probe_batches((x, y), 8), (x, y))
    assert held.speedup == pytest.approx(held.factor, rel=0.05)
    with torch.no_grad():  # at the least-squares minimum: a larger rate only adds noise
        model.weight.copy_(torch.linalg.lstsq(x, y.unsqueeze(1)).solution.T)
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    floor = rate_gain(model, mse, opt, probe_batches((x, y), 8), (x, y))
    assert floor.speedup < 1


def test_the_probe_refuses_a_factor_not_above_one_and_no_batches():
    model = torch.nn.Linear(2, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    x, y = torch.randn(8, 2), torch.randn(8)
    with pytest.raises(InvalidArgument):
        rate_gain(model, _mse, opt, [(x, y)], (x, y), factor=1.0)
    with pytest.raises(InvalidArgument):
        rate_gain(model, _mse, opt, [], (x, y))


def test_reading_only_each_branchs_end_gives_the_same_speedup():
    x, y = _data(96)
    model = _model()
    opt = OPTIMIZERS["adam"](model.parameters())
    batches = probe_batches((x, y), 16, 8)
    every = rate_gain(model, _mse, opt, batches, (x, y))
    ends = rate_gain(model, _mse, opt, batches, (x, y), each=False)
    assert ends.at_rate == every.at_rate[-1:] and ends.at_factor == every.at_factor[-1:]
    assert ends.speedup == every.speedup and ends.steps == every.steps == 8
